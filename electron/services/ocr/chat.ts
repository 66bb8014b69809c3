import { buildLines, unionBox, type Box, type OcrPage } from './text.ts';

/**
 * A screenshot of a chat read as its bubbles. Chat apps and support windows put the other side's bubbles on
 * the left and the user's own on the right; the window's title, the times between bubbles and notes such as
 * "已为您转接人工客服" sit in the middle. OCR gives each line with its box, so each line's place across the
 * page says whose it is, and lines of one side that follow each other closely are one bubble.
 */

export type ChatSide = 'me' | 'them' | 'middle';

export type ChatBubble = {
  side: ChatSide;
  text: string;
  /** The time shown above the bubble (`10:15`, `09-05 10:15`, `2025-09-05 10:15`), as read; '' when none. */
  shownAt: string;
  box: Box;
};

export type ChatReading = {
  /** The window's title (`元保在线客服`), when the page shows one at its top. */
  title: string;
  bubbles: ChatBubble[];
  /**
   * Rows of a form or settings page: a label on the left and its value on the right at one height (read as
   * two lines or as one line across the page). Bubbles never share a row, so a page of these is no chat.
   */
  formRows: number;
};

/** A line that is only a time, as chats show between bubbles. */
const TIME_LINE =
  /^(?:(?:(\d{4})\s?[-/.年]\s?)?(\d{1,2})\s?[-/.月]\s?(\d{1,2})\s?日?\s*)?(?:(上午|下午|昨天|今天)\s*)?(\d{1,2})\s?[:：]\s?(\d{2})$/u;

/** Words a support chat shows (Alipay's and WeChat's service windows, a merchant's in-app chat). */
export const SUPPORT_CHAT_RE =
  /客服|人工服务|在线咨询|转人工|您好[，,]?\s*请问|很高兴为您服务|亲[，,]|发送|聊天/u;

/** Where a line sits across the page: hugging the left, hugging the right, or centred. */
function sideOf(box: Box, width: number): ChatSide {
  const left = box.x0 / width;
  const right = (width - box.x1) / width;
  if (left < 0.2 && right >= left) return 'them';
  if (right < 0.2 && left > right) return 'me';
  if (Math.abs(left - right) < 0.08) return 'middle';
  return left < right ? 'them' : 'me';
}

export function isTimeLine(text: string): boolean {
  return TIME_LINE.test(text.replace(/\s+/gu, ' ').trim());
}

/**
 * The bubbles of one page. The phone's status bar (the top 4 %) and its keyboard row (the bottom 6 %) are
 * left out; a centred line at the top is the window's title; a centred time is the time of what follows.
 */
export function readChatPage(page: OcrPage): ChatReading {
  const lines = buildLines(page.words)
    .map((l) => ({ text: l.text.trim(), box: unionBox(l.words.map((w) => w.bbox)) }))
    .filter((l): l is { text: string; box: Box } => l.box !== null && l.text.length > 0)
    .filter((l) => l.box.y1 > page.height * 0.04 && l.box.y0 < page.height * 0.94);
  const overlaps = (a: Box, b: Box) =>
    Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0) &&
    (a.x1 <= b.x0 || b.x1 <= a.x0);
  // A bubble keeps clear of both edges (the avatar's side and the other side's); a label and its value joined
  // into one line run from edge to edge with a gap (a space) between them.
  const isAcross = (b: Box) => b.x0 / page.width < 0.1 && (page.width - b.x1) / page.width < 0.1;
  const inRow = lines.map((l, i) => lines.some((o, j) => j !== i && overlaps(l.box, o.box)));
  let formRows = 0;
  let title = '';
  let shownAt = '';
  const bubbles: ChatBubble[] = [];
  let lastHeight = 0;
  for (const [i, line] of lines.entries()) {
    if (inRow[i] || (isAcross(line.box) && line.text.includes(' '))) {
      // Counted once per row: the piece further left stands for it.
      if (!inRow[i] || !lines.some((o, j) => j !== i && overlaps(line.box, o.box) && o.box.x0 < line.box.x0))
        formRows += 1;
      continue;
    }
    const side = sideOf(line.box, page.width);
    const height = line.box.y1 - line.box.y0;
    if (side === 'middle' && isTimeLine(line.text)) {
      shownAt = line.text.replace(/\s+/gu, ' ').trim();
      continue;
    }
    if (side === 'middle' && i === 0 && !title && line.box.y0 < page.height * 0.2) {
      title = line.text;
      continue;
    }
    const prev = bubbles.at(-1);
    // The next line of the same bubble: same side, starting under the last with less than a line between.
    if (
      prev &&
      prev.side === side &&
      side !== 'middle' &&
      line.box.y0 - prev.box.y1 < Math.max(height, lastHeight) * 0.9
    ) {
      prev.text += (/[\p{Script=Han}，。！？]$/u.test(prev.text) ? '' : ' ') + line.text;
      prev.box = unionBox([prev.box, line.box])!;
    } else {
      bubbles.push({ side, text: line.text, shownAt, box: line.box });
    }
    lastHeight = height;
  }
  return { title, bubbles, formRows };
}

/**
 * Whether a page reads as a chat: a support chat's words with at least two bubbles, or bubbles on both sides
 * taking turns (at least three, the side changing at least twice) — never a page of label/value rows.
 */
export function looksLikeChat(reading: ChatReading, text: string): boolean {
  if (reading.formRows >= 2) return false;
  const spoken = reading.bubbles.filter((b) => b.side !== 'middle');
  if (SUPPORT_CHAT_RE.test(text.replace(/\s+/gu, '')) && spoken.length >= 2) return true;
  let turns = 0;
  for (let i = 1; i < spoken.length; i++) if (spoken[i]!.side !== spoken[i - 1]!.side) turns += 1;
  return spoken.length >= 3 && turns >= 2;
}

/** `10:15`, `09-05 10:15`, `2025-09-05 10:15` read on the day `date` (YYYY-MM-DD) the picture is from. */
export function localTimeOf(
  shownAt: string,
  date: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } | null {
  const m = TIME_LINE.exec(shownAt);
  if (!m) return null;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  let hour = Number(m[5]);
  if (m[4] === '下午' && hour < 12) hour += 12;
  if (m[4] === '上午' && hour === 12) hour = 0;
  const month = m[2] ? Number(m[2]) : mo;
  const day = m[3] ? Number(m[3]) : d;
  const year = m[1] ? Number(m[1]) : y;
  // 昨天 10:15: the day before the picture's.
  const at = { year, month, day, hour, minute: Number(m[6]), second: 0 };
  if (m[4] === '昨天') {
    const prev = new Date(Date.UTC(year, month - 1, day - 1));
    return { ...at, year: prev.getUTCFullYear(), month: prev.getUTCMonth() + 1, day: prev.getUTCDate() };
  }
  if (hour > 23 || at.minute > 59 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return at;
}
