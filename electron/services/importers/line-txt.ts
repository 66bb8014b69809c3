import type { LocalDateTime } from '../util/time.ts';
import { isValidLocal } from '../util/time.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportContext, ImportResult, Importer, ParsedMessage } from './types.ts';

/**
 * LINE "Send chat history" .txt: a `[LINE] Chat history with X` (or `[LINE] Xとのトーク履歴`, `[LINE] 與X的聊天記錄`)
 * title, a `Saved on:` line, then per day a date line (`2024/01/05(Fri)`, `2024.01.05 Friday`,
 * `Fri, 01/05/2024`) and messages `HH:MM<TAB>Name<TAB>Text` (also `PM 09:15`, `午後9:15`). A message
 * quoted with `"` may span lines; any line that is neither a date nor a message continues the one above.
 * A time line with no name column is a system line. Times are read in the case's zone. Month/day order of
 * the `Fri, 01/05/2024` form is decided for the whole file (any first field > 12 ⇒ day first, else month first).
 */

const FORMAT = 'line-txt';
const LABEL = 'LINE chat history (TXT)';

const TITLE_RE = /^\ufeff?\[LINE\]\s*(.*)$/;
const CHAT_NAME_RES = [
  /^Chat history (?:with|in) (.+)$/i,
  /^(.+?)とのトーク履歴$/,
  /^(.+?)のトーク履歴$/,
  /^與(.+?)的聊天記錄$/,
  /^与(.+?)的聊天记录$/,
  /^(.+?)님과의 대화$/,
];
// The weekday is ignored: exports have been seen with the wrong one (`2024/01/06(月)` for a Saturday).
const YMD_DATE_RE =
  /^\ufeff?(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\s*(?:[(（][^)）]*[)）]|[A-Za-z]+\.?|星期[一二三四五六日天]|[週周][一二三四五六日]|[月火水木金土日](?:曜日?)?|[월화수목금토일]요일)?\s*$/;
const WEEKDAY_AB_DATE_RE = /^[A-Za-z]{3,9}\.?,?\s+(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;
// [1] meridiem before [2] h [3] m [4] meridiem after, then TAB.
const MESSAGE_RE = /^(AM|PM|午前|午後|上午|下午|오전|오후)?\s?(\d{1,2}):(\d{2})\s?(AM|PM)?\t/i;

const MEDIA_RE =
  /^\[(?:Photo|Video|File|Sticker|Voice message|Albums?|写真|動画|ファイル|スタンプ|ボイスメッセージ|照片|图片|影片|檔案|貼圖|語音訊息)\]$/;

type Day = { year: number; month: number; day: number };

export function isLineChat(head: string): boolean {
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  return TITLE_RE.test(first);
}

function hourOf(hour: number, meridiem: string): number | null {
  if (meridiem === '') return hour;
  if (hour > 12) return null;
  const isPm = /^(?:pm|午後|下午|오후)$/i.test(meridiem);
  if (hour === 12) return isPm ? 12 : 0;
  return isPm ? hour + 12 : hour;
}

export function parseLineChat(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const resolve = zoneResolver(usableZone(ctx.timeZone, result.problems));
  const lines = decodeText(bytes).split(/\r\n|\n|\r/);
  const title = TITLE_RE.exec(lines[0] ?? '')?.[1]?.trim() ?? '';
  let chat = '';
  for (const re of CHAT_NAME_RES) chat ||= re.exec(title)?.[1]?.trim() ?? '';
  const isDayFirst = lines.some((l) => Number(WEEKDAY_AB_DATE_RE.exec(l)?.[1] ?? 0) > 12);

  let day: Day | null = null;
  let current: ParsedMessage | null = null;
  let isQuoted = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isQuoted && current) {
      // Inside a quoted multi-line message everything, even a time-like line, is text.
      const ends = line.endsWith('"');
      current.text += `\n${ends ? line.slice(0, -1) : line}`;
      if (ends) isQuoted = false;
      continue;
    }
    const ymd = YMD_DATE_RE.exec(line);
    const ab = ymd ? null : WEEKDAY_AB_DATE_RE.exec(line);
    if (ymd || ab) {
      const [a, b, c] = ymd ? [ymd[1], ymd[2], ymd[3]] : [ab?.[3], ab?.[1], ab?.[2]];
      const year = Number(a);
      const [month, date] = ymd || !isDayFirst ? [Number(b), Number(c)] : [Number(c), Number(b)];
      const candidate = { year, month, day: date, hour: 0, minute: 0, second: 0 };
      day = isValidLocal(candidate) ? { year, month, day: date } : null;
      if (!day) result.problems.push({ line: i + 1, error: `impossible date "${line}"` });
      current = null;
      continue;
    }
    const m = MESSAGE_RE.exec(line);
    if (!m) {
      if (current) current.text += `\n${line}`;
      continue;
    }
    if (!day) {
      result.problems.push({ line: i + 1, error: 'message before any date line' });
      current = null;
      continue;
    }
    const hour = hourOf(Number(m[2]), m[1] ?? m[4] ?? '');
    const t: LocalDateTime = { ...day, hour: hour ?? -1, minute: Number(m[3]), second: 0 };
    if (hour === null || !isValidLocal(t)) {
      result.problems.push({ line: i + 1, error: `impossible time in "${line.slice(0, 120)}"` });
      current = null;
      continue;
    }
    const columns = line.slice(m[0].length).split('\t');
    const isSystem = columns.length < 2;
    let text = isSystem ? (columns[0] ?? '') : columns.slice(1).join('\t');
    if (text.startsWith('"') && !(text.length > 1 && text.endsWith('"'))) {
      isQuoted = true;
      text = text.slice(1);
    }
    const instant = resolve(t);
    current = {
      ...instant,
      sender: isSystem ? '' : (columns[0] ?? ''),
      text,
      attachments: MEDIA_RE.test(text) ? [text] : [],
      isSystem,
      line: i + 1,
      chat,
    };
    result.messages.push(current);
  }
  for (const message of result.messages) message.text = message.text.replace(/\s+$/, '');
  result.document = { ...(title !== '' ? { title: `[LINE] ${title}` } : {}), details: { chat } };
  return result;
}

export const lineTxtImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isLineChat(decodeHead(head)),
  parse: (bytes, ctx) => parseLineChat(bytes, ctx),
};
