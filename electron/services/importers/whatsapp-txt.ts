import type { LocalDateTime } from '../util/time.ts';
import { instantFromLocal, instantFromZoned, isValidLocal, isValidTimeZone } from '../util/time.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportProblem, ImportResult, Importer, ParsedMessage } from './types.ts';

/**
 * WhatsApp "Export chat" .txt, Android (`30/01/2019, 20:49 - Name: text`) and iOS
 * (`[30/01/2019, 20:49:12] Name: text`) in any locale's date order and clock. The file carries no time
 * zone, so times are read in `ctx.timeZone`. Day/month order is decided once for the whole file, because
 * a single line such as `01/02/2019` cannot tell.
 */

const FORMAT = 'whatsapp-txt';
const LABEL = 'WhatsApp chat export (TXT)';

const SPACE = '[ \\u00a0\\u202f]';
// [1] `[` (iOS) · [2] first [3] separator [4] second [5] third date field · [6] hour [7] minute [8] second
// · [9] a/p of a 12-hour clock (`PM`, `p. m.`) · [10] Arabic `ص` (AM) / `م` (PM) · [11] `]` (iOS) or `-` (Android),
// or in some locales `:` after a dotted date (`13.06.18 21.25.15: Name: text`) or nothing after a date written
// with `. ` (Hungarian `13. 6. 2018. 21:25:15 Name: text`); Finnish puts `klo` before the time.
const START_RE = new RegExp(
  `^[\\u200e\\u200f\\u202a-\\u202e\\ufeff]*(\\[)?(\\d{1,4})([./-])${SPACE}*(\\d{1,2})\\3${SPACE}*(\\d{2,4})\\.?,?${SPACE}+` +
    `(?:klo${SPACE}+)?(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:${SPACE}*(?:([aApP])\\.?${SPACE}*[mM]\\.?|([\\u0635\\u0645])))?` +
    `(\\]|${SPACE}+-|:|(?=${SPACE}))${SPACE}?`,
);
/** How far into a line a message's date and time can reach. */
const LEAD_CHARS = 64;
const LINE_BREAK_RE = /\r\n|\n|\r/;
const MARKS_RE = /^[\u200e\u200f\u202a-\u202e\ufeff]+/;
const FILE_ATTACHED_RE =
  /^(.+?) \((?:file attached|archivo adjunto|arquivo anexado|Datei angehängt|fichier joint|file allegato|bestand bijgevoegd)\)$/;
const ATTACHED_RE = /<(?:attached|adjunto|anexo|Anhang|allegato|pièce jointe|bijlage): ([^>]+)>/g;
const OMITTED_RE =
  /^(?:<Media omitted>|<Multimedia omitido>|<Mídia oculta>|<Medien ausgeschlossen>|<Médias omis>|<Media weggelaten>|<Media omessi>|<الوسائط غير مدرجة>|(?:image|video|audio|sticker|GIF|document) omitted|(?:Bild|Video|Audio|Sticker|GIF|Dokument) weggelassen)$/;
const CHAT_NAME_RE = /^WhatsApp Chat (?:with|-|mit|con|avec|com|met) (.+)\.txt$/i;
const MAX_SENDER_LENGTH = 80;

type Start = {
  line: number;
  fields: [string, string, string];
  hour: number;
  minute: number;
  second: number;
  meridiem: 'a' | 'p' | null;
  rest: string;
};

type Entry = { start: Start; body: string[] };

type DateOrder = 'dmy' | 'mdy';

/**
 * The start of a line with Arabic-Indic digits made ASCII, the Arabic comma made `,` and the direction marks
 * and BOMs that Arabic and German iOS exports scatter through the date dropped — with, for each character
 * kept, where it was, so the message text after the date is taken from the line as written.
 */
function normalizeLead(line: string): { text: string; origin: (k: number) => number } {
  const limit = Math.min(line.length, LEAD_CHARS);
  let lead = '';
  const at: number[] = [];
  for (let i = 0; i < limit; i++) {
    const c = line.charCodeAt(i);
    let ch = line[i]!;
    if (c >= 0x660 && c <= 0x669) ch = String(c - 0x660);
    else if (c >= 0x6f0 && c <= 0x6f9) ch = String(c - 0x6f0);
    else if (c === 0x60c) ch = ',';
    else if (c === 0xfeff || c === 0x200e || c === 0x200f || c === 0x61c || (c >= 0x202a && c <= 0x202e))
      ch = '';
    if (ch !== '') {
      lead += ch;
      at.push(i);
    }
  }
  return {
    text: lead + line.slice(limit),
    origin: (k) => (k < at.length ? at[k]! : limit + (k - at.length)),
  };
}

function matchStart(raw: string, line: number): Start | null {
  const { text, origin } = normalizeLead(raw);
  const m = START_RE.exec(text);
  if (!m) return null;
  const isBracketed = m[1] === '[';
  if (isBracketed !== (m[11] === ']')) return null;
  // The colon and the bare space end a message's stamp only after the dotted dates of the locales that use them.
  if (m[11] === ':' && m[3] !== '.') return null;
  if (m[11] === '' && !/^\D*\d{1,4}\.\s/.test(m[0])) return null;
  const meridiem = m[10] === '\u0635' ? 'a' : m[10] === '\u0645' ? 'p' : m[9]?.toLowerCase();
  return {
    line,
    fields: [m[2] ?? '', m[4] ?? '', m[5] ?? ''],
    hour: Number(m[6]),
    minute: Number(m[7]),
    second: Number(m[8] ?? 0),
    meridiem: meridiem === 'a' || meridiem === 'p' ? meridiem : null,
    rest: raw.slice(origin(m[0].length)),
  };
}

function toMs(start: Start, order: DateOrder): number {
  const t = wallClock(start, order);
  return t ? Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) : NaN;
}

/** Counts steps back in time; a chat is chronological, so the right reading has (almost) none. */
function countBackSteps(starts: readonly Start[], order: DateOrder): number {
  let count = 0;
  let previous = -Infinity;
  for (const s of starts) {
    const ms = toMs(s, order);
    if (Number.isNaN(ms)) {
      count++;
      continue;
    }
    if (ms < previous) count++;
    previous = ms;
  }
  return count;
}

/** Any first field above 12 makes it the day; any second field above 12 makes it the day; else chronology decides. */
function decideOrder(starts: readonly Start[]): DateOrder {
  let firstOver12 = false;
  let secondOver12 = false;
  for (const s of starts) {
    if (s.fields[0].length > 2) continue;
    if (Number(s.fields[0]) > 12) firstOver12 = true;
    if (Number(s.fields[1]) > 12) secondOver12 = true;
  }
  if (firstOver12) return 'dmy';
  if (secondOver12) return 'mdy';
  return countBackSteps(starts, 'mdy') < countBackSteps(starts, 'dmy') ? 'mdy' : 'dmy';
}

function wallClock(start: Start, order: DateOrder): LocalDateTime | null {
  const [a, b, c] = start.fields;
  let year: number;
  let month: number;
  let day: number;
  if (a.length === 4) {
    [year, month, day] = [Number(a), Number(b), Number(c)];
  } else {
    if (c.length !== 2 && c.length !== 4) return null;
    year = c.length === 2 ? 2000 + Number(c) : Number(c);
    [day, month] = order === 'dmy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  }
  let hour = start.hour;
  if (start.meridiem !== null) {
    if (hour > 12) return null;
    if (start.meridiem === 'a' && hour === 12) hour = 0;
    if (start.meridiem === 'p' && hour < 12) hour += 12;
  }
  const t: LocalDateTime = { year, month, day, hour, minute: start.minute, second: start.second };
  return isValidLocal(t) ? t : null;
}

function attachmentsOf(lines: readonly string[]): string[] {
  const found: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(MARKS_RE, '').trim();
    const file = FILE_ATTACHED_RE.exec(line);
    if (file?.[1]) found.push(file[1]);
    for (const m of line.matchAll(ATTACHED_RE)) if (m[1]) found.push(m[1].trim());
    if (OMITTED_RE.test(line)) found.push(line);
  }
  return found;
}

function chatNameOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return CHAT_NAME_RE.exec(base)?.[1]?.trim() ?? '';
}

/** `Name: text` → sender and text; a line without a plausible `Name:` is a system line. */
function splitSender(rest: string): { sender: string; text: string; isSystem: boolean } {
  const colon = rest.indexOf(':');
  const name = colon > 0 ? rest.slice(0, colon).replace(MARKS_RE, '').trim() : '';
  // A quote before the colon means a system line quoting a name (`X changed the subject to "a: b"`).
  if (name === '' || colon > MAX_SENDER_LENGTH || name.includes('"')) {
    return { sender: '', text: rest.replace(MARKS_RE, ''), isSystem: true };
  }
  const after = rest.slice(colon + 1);
  const text = after.startsWith(' ') ? after.slice(1) : after;
  // iOS writes system events as "<chat name>: \u200e<event>"; attachments start with the same mark.
  const isIosEvent =
    text.startsWith('\u200e') && !text.includes('<') && !OMITTED_RE.test(text.replace(MARKS_RE, ''));
  return { sender: name, text: text.replace(MARKS_RE, ''), isSystem: isIosEvent };
}

/** Resolves wall-clock times in one zone, asking Intl once per local hour instead of once per message. */
function zoneResolver(timeZone: string): (t: LocalDateTime) => { utc: string; offset: number } {
  const offsets = new Map<number, number>();
  return (t) => {
    const key = ((t.year * 13 + t.month) * 32 + t.day) * 24 + t.hour;
    const known = offsets.get(key);
    if (known !== undefined) return instantFromLocal(t, known);
    const instant = instantFromZoned(t, timeZone);
    offsets.set(key, instant.offset);
    return instant;
  };
}

export function parseWhatsappTxt(
  bytes: Uint8Array,
  ctx: { fileName: string; timeZone: string },
): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const problems: ImportProblem[] = result.problems;
  let timeZone = ctx.timeZone;
  if (!isValidTimeZone(timeZone)) {
    problems.push({ line: 0, error: `unknown time zone "${timeZone}"; times read as UTC` });
    timeZone = 'UTC';
  }
  const lines = decodeText(bytes).split(LINE_BREAK_RE);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const entries: Entry[] = [];
  let current: Entry | null = null;
  for (let i = 0; i < lines.length; i++) {
    // German iOS exports start every line, continuation lines too, with a BOM.
    const text = (lines[i] ?? '').replace(/^\ufeff+/, '');
    const start = matchStart(text, i + 1);
    if (start) {
      current = { start, body: [] };
      entries.push(current);
    } else if (current) {
      current.body.push(text);
    } else if (text.trim() !== '') {
      problems.push({ line: i + 1, error: 'text before the first message' });
    }
  }

  const order = decideOrder(entries.map((e) => e.start));
  const resolve = zoneResolver(timeZone);
  const chat = chatNameOf(ctx.fileName);
  const messages: ParsedMessage[] = result.messages;
  for (const { start, body } of entries) {
    const t = wallClock(start, order);
    if (!t) {
      problems.push({
        line: start.line,
        error: `impossible date or time (${order}) in "${(lines[start.line - 1] ?? '').slice(0, 120)}"`,
      });
      continue;
    }
    const { sender, text, isSystem } = splitSender(start.rest);
    const bodyLines = body.length === 0 ? [text] : [text, ...body];
    const instant = resolve(t);
    messages.push({
      utc: instant.utc,
      offset: instant.offset,
      sender,
      text: bodyLines.join('\n'),
      attachments: isSystem ? [] : attachmentsOf(bodyLines),
      isSystem,
      line: start.line,
      chat,
    });
  }
  return result;
}

export const whatsappTxtImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => {
    const text = decodeHead(head);
    let at = 0;
    // The first non-blank line must open a message; a chat export has nothing above it.
    while (at < text.length) {
      const next = text.indexOf('\n', at);
      const line = text.slice(at, next < 0 ? text.length : next).replace(/\r$/, '');
      if (line.trim() !== '') return matchStart(line, 1) !== null;
      if (next < 0) break;
      at = next + 1;
    }
    return false;
  },
  parse: (bytes, ctx) => parseWhatsappTxt(bytes, ctx),
};
