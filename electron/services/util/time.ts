/**
 * Instants are kept as a UTC ISO string plus the UTC offset (minutes) of the source that gave them, so a
 * time can be sorted exactly and still be shown the way its source wrote it.
 */
export type Instant = { utc: string; offset: number };

export type LocalDateTime = {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
};

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** True when the fields name a real calendar time (no 31 February, no 25:00). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

// Called once or twice per row of every bill (100,000 times for a big one): plain comparisons, no arrays
// or Date objects.
export function isValidLocal(t: LocalDateTime): boolean {
  const { year, month, day, hour, minute, second } = t;
  if (
    !Number.isInteger(year) ||
    !Number.isInteger(month) ||
    !Number.isInteger(day) ||
    !Number.isInteger(hour) ||
    !Number.isInteger(minute) ||
    !Number.isInteger(second)
  )
    return false;
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return false;
  if (minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  // As Date.UTC counts them: years 0–99 are 1900–1999 there.
  const y = year >= 0 && year <= 99 ? year + 1900 : year;
  const isLeap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return day <= (month === 2 && isLeap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function localAsUtcMs(t: LocalDateTime): number {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond ?? 0);
  if (t.year < 0 || t.year > 99) return ms;
  // Date.UTC maps years 0–99 to 1900–1999; set the year explicitly.
  const d = new Date(ms);
  d.setUTCFullYear(t.year);
  return d.getTime();
}

/** A local wall-clock time at a fixed UTC offset (minutes east of UTC). */
export const CLOCK_RE = /^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/;

/** `t` at the clock time `text` gives (`08:01`, `08:01:12`, full-width colons too); `t` itself when there is none. */
export function withClock(t: LocalDateTime, text: string): LocalDateTime {
  const clock = CLOCK_RE.exec(text.trim());
  if (!clock) return t;
  const timed = { ...t, hour: Number(clock[1]), minute: Number(clock[2]), second: Number(clock[3] ?? 0) };
  return isValidLocal(timed) ? timed : t;
}

export function instantFromLocal(t: LocalDateTime, offset: number): Instant {
  return { utc: new Date(localAsUtcMs(t) - offset * 60_000).toISOString(), offset };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset, in minutes, of an IANA time zone at a UTC instant. Throws RangeError for an unknown zone. */
export function zoneOffsetAt(timeZone: string, utcMs: number): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, fmt);
  }
  const name = fmt.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    zoneOffsetAt(timeZone, Date.now());
    return true;
  } catch {
    return false;
  }
}

/** A local wall-clock time in an IANA zone (e.g. `Asia/Shanghai`), resolved to an instant with that zone's offset. */
export function instantFromZoned(t: LocalDateTime, timeZone: string): Instant {
  const asUtc = localAsUtcMs(t);
  // Two passes settle the offset except inside a DST gap, where the later offset wins.
  let offset = zoneOffsetAt(timeZone, asUtc);
  offset = zoneOffsetAt(timeZone, asUtc - offset * 60_000);
  return instantFromLocal(t, offset);
}

export function instantFromMs(utcMs: number, offset: number): Instant {
  return { utc: new Date(utcMs).toISOString(), offset };
}

/** `2018-07-25T16:34:23+02:00` — the instant as its source's clock showed it. Milliseconds only when non-zero. */
export function formatInstant(i: Instant): string {
  const local = new Date(Date.parse(i.utc) + i.offset * 60_000);
  const ms = local.getUTCMilliseconds();
  const sign = i.offset < 0 ? '-' : '+';
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    `${sign}${pad(Math.abs(i.offset) / 60)}:${pad(Math.abs(i.offset) % 60)}`
  );
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses `2025-08-27`, `2025-08-27 08:01`, `2025-08-27T08:01:12+08:00`, `…Z`. Without an offset the time is
 * read in `timeZone`. Returns null when the text is not such a time or names an impossible date.
 */
export function parseIsoInstant(text: string, timeZone: string): Instant | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const t: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (!isValidLocal(t)) return null;
  const zone = m[8];
  if (!zone) return instantFromZoned(t, timeZone);
  if (zone.toUpperCase() === 'Z') return instantFromLocal(t, 0);
  const z = /([+-])(\d{2}):?(\d{2})/.exec(zone);
  if (!z) return null;
  const offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  if (Math.abs(offset) > 18 * 60) return null;
  return instantFromLocal(t, offset);
}

/** China Standard Time: Alipay, WeChat Pay and Chinese bank exports write local times with no offset. */
export const CHINA_OFFSET = 480;

/**
 * A time zone in the reader's words: `China Standard Time (UTC+08:00)` / `中国标准时间（UTC+08:00）`, never the
 * raw `Asia/Shanghai`. A zone that changes its clocks in the year (summer time) is named without an offset (each
 * time printed beside it carries its own). An unknown zone is returned as given.
 */
export function zoneInWords(timeZone: string, lang: 'zh-CN' | 'en'): string {
  if (!isValidTimeZone(timeZone)) return timeZone;
  const name =
    new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date(Date.UTC(2025, 0, 1)))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const winter = zoneOffsetAt(timeZone, Date.UTC(2025, 0, 15));
  const summer = zoneOffsetAt(timeZone, Date.UTC(2025, 6, 15));
  if (winter !== summer) return name;
  const sign = winter < 0 ? '-' : '+';
  const abs = Math.abs(winter);
  const offset = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  if (/^GMT[+-]/.test(name)) return offset;
  return lang === 'zh-CN' ? `${name}（${offset}）` : `${name} (${offset})`;
}
