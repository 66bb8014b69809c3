import { instantFromMs, instantFromZoned, isValidLocal, zoneOffsetAt } from './util/time.ts';
import type { Instant, LocalDateTime } from './util/time.ts';

/**
 * The moment phones and apps write into the names of the files they create. A screenshot forwarded through
 * WeChat loses its EXIF but often keeps its name, so the name can be the only witness of when it was taken.
 */
export type NameTime = { instant: Instant; pattern: string; hasSeconds: boolean };

type Rule = {
  pattern: string;
  re: RegExp;
  /** The clock the name was written in: the phone's local time (most), UTC (Pixel), or epoch milliseconds. */
  clock: 'local' | 'utc' | 'epoch';
};

// Building blocks; each captures named groups read by `readFields`.
const YMD = '(?<y>\\d{4})(?<mo>\\d{2})(?<d>\\d{2})';
const HMS = '(?<h>\\d{2})(?<mi>\\d{2})(?<s>\\d{2})';
const Y_M_D = '(?<y>\\d{4})-(?<mo>\\d{2})-(?<d>\\d{2})';
const DOTTED_12H =
  '(?<ampmZh>上午|下午)?(?<h>\\d{1,2})\\.(?<mi>\\d{2})\\.(?<s>\\d{2})(?:[ \\u00A0\\u202F]?(?<ampm>AM|PM))?';
const END = '(?!\\d)';

const rule = (pattern: string, source: string, clock: Rule['clock'] = 'local', flags = 'i'): Rule => ({
  pattern,
  re: new RegExp(`^${source}`, flags),
  clock,
});

const RULES: readonly Rule[] = [
  rule('wechat-export', `mmexport(?<epoch>\\d{13})${END}`, 'epoch'),
  rule('wechat-camera', `wx_camera_(?<epoch>\\d{13})${END}`, 'epoch'),
  rule('wechat-micromsg', `microMsg\\.(?<epoch>\\d{13})${END}`, 'epoch'),
  rule('android-screenshot', `Screenshot_${YMD}[-_]${HMS}${END}`),
  rule(
    'miui-screenshot',
    `Screenshot_${Y_M_D}-(?<h>\\d{2})-(?<mi>\\d{2})-(?<s>\\d{2})(?:-(?<ms>\\d{3}))?${END}`,
  ),
  rule(
    'miui-screen-recording',
    `Screenrecorder-${Y_M_D}-(?<h>\\d{2})-(?<mi>\\d{2})-(?<s>\\d{2})(?:-(?<ms>\\d{3}))?${END}`,
  ),
  // The trailing `_123` some phones add is a burst counter, not milliseconds.
  rule('android-camera', `(?:IMG|VID|PANO|MVIMG)_${YMD}_${HMS}${END}`),
  rule('android-camera', `(?:IMG|VID)${YMD}${HMS}${END}`),
  // Pixel Camera writes UTC into its names (PXL_20230526_200122948 was taken at 22:01:22+02:00).
  rule('pixel-camera', `PXL_${YMD}_${HMS}(?<ms>\\d{3})${END}`, 'utc'),
  rule('samsung-camera', `${YMD}_${HMS}${END}`),
  rule('wechat-image', `微信图片_${YMD}${HMS}${END}`),
  rule('wechat-image', `微信图片_${Y_M_D}_${HMS}${END}`),
  rule('qq-screenshot', `QQ截图${YMD}${HMS}${END}`),
  rule('qq-image', `QQ图片${YMD}${HMS}${END}`),
  rule('macos-screenshot', `(?:Screenshot|Screen Shot|截屏|屏幕快照) ?${Y_M_D} (?:at )?${DOTTED_12H}`),
  rule('macos-screen-recording', `(?:Screen Recording|录屏) ?${Y_M_D} (?:at )?${DOTTED_12H}`),
  rule('windows-screenshot', `(?:Screenshot|屏幕截图) ${Y_M_D} ${HMS}${END}`),
  rule('whatsapp', `WhatsApp (?:Image|Video|Audio|Ptt) ${Y_M_D} at ${DOTTED_12H}`),
  rule('snipaste', `Snipaste_${Y_M_D}_(?<h>\\d{2})-(?<mi>\\d{2})-(?<s>\\d{2})${END}`),
  rule('telegram-desktop', `(?:photo|video)_${Y_M_D}_(?<h>\\d{2})-(?<mi>\\d{2})-(?<s>\\d{2})${END}`),
  rule('camera-upload', `${Y_M_D} (?<h>\\d{2})\\.(?<mi>\\d{2})\\.(?<s>\\d{2})${END}`),
];

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2101, 0, 1);

const baseName = (fileName: string) => fileName.split(/[\\/]/).pop() ?? '';

/**
 * The instant encoded in a file name, local times read in `timeZone` (IANA). Null when the name follows no
 * known pattern, or names an impossible time or a year outside 2000–2100. Throws RangeError for an unknown
 * zone.
 */
export function guessTimeFromFileName(fileName: string, timeZone: string): NameTime | null {
  const name = baseName(fileName);
  for (const { pattern, re, clock } of RULES) {
    const groups = re.exec(name)?.groups;
    if (!groups) continue;
    const instant = clock === 'epoch' ? readEpoch(groups, timeZone) : readFields(groups, clock, timeZone);
    // A name that fits a pattern but holds an impossible time is not evidence of any time.
    if (!instant) return null;
    return { instant, pattern, hasSeconds: groups.s !== undefined || clock === 'epoch' };
  }
  return null;
}

function readEpoch(groups: Record<string, string | undefined>, timeZone: string): Instant | null {
  const ms = Number(groups.epoch);
  if (!Number.isSafeInteger(ms) || ms < MIN_MS || ms >= MAX_MS) return null;
  return instantFromMs(ms, zoneOffsetAt(timeZone, ms));
}

function readFields(
  groups: Record<string, string | undefined>,
  clock: 'local' | 'utc',
  timeZone: string,
): Instant | null {
  const t: LocalDateTime = {
    year: Number(groups.y),
    month: Number(groups.mo),
    day: Number(groups.d),
    hour: Number(groups.h),
    minute: Number(groups.mi),
    second: Number(groups.s ?? 0),
    millisecond: Number(groups.ms ?? 0),
  };
  const meridiem = groups.ampm?.toUpperCase() ?? (groups.ampmZh === '下午' ? 'PM' : groups.ampmZh && 'AM');
  if (meridiem) {
    if (t.hour < 1 || t.hour > 12) return null;
    t.hour = (t.hour % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  // isValidLocal allows a leap second; no phone names a file 08:01:60.
  if (!isValidLocal(t) || t.second > 59 || t.year < 2000 || t.year > 2100) return null;
  if (clock === 'local') return instantFromZoned(t, timeZone);
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  return instantFromMs(ms, zoneOffsetAt(timeZone, ms));
}

const SCREENSHOT_RE =
  /screen ?shot|screencap|screen[_ -]?capture|snipaste|截屏|截图|屏幕快照|スクリーンショット|bildschirmfoto|capture d.écran/i;

/** True for names screenshot tools give (`Screenshot_…`, `Screen Shot …`, `截屏…`, `QQ截图…`, `Snipaste_…`). */
export function isScreenshotName(fileName: string): boolean {
  return SCREENSHOT_RE.test(baseName(fileName));
}
