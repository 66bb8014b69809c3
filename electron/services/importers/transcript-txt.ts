import type { Instant, LocalDateTime } from '../util/time.ts';
import { instantFromLocal, isValidLocal } from '../util/time.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportContext, ImportResult, Importer, ParsedMessage } from './types.ts';

/**
 * A plain chat transcript, one message per line starting with an ISO-like time: `2025-08-27 08:01 Name: text`,
 * `2025-08-27 08:01 — Name: text`, `[2025-08-27 08:01:12] Name: text`, `2025/08/27 08:01 - Name: text`, or
 * with an offset (`2025-08-27T08:01:00+08:00 Name: text`). Lines without a time continue the message
 * above. A line with no `Name:` is a system line. Times without an offset are read in the case's zone.
 */

const FORMAT = 'transcript-txt';
const LABEL = 'Chat transcript (TXT)';

// [1] y [2] m [3] d [4] h [5] min [6] s [7] offset, then the rest.
const START_RE =
  /^\[?(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?\]?(?:\s+[—–-])?(?:\s+|$)/;
const MAX_SENDER_LENGTH = 80;

export function isTranscript(head: string): boolean {
  const text = head.replace(/^\ufeff/, '');
  for (const line of text.split(/\r?\n/, 50)) {
    if (line.trim() === '') continue;
    const m = START_RE.exec(line);
    // A CSV row starting with a time is a table, not a transcript.
    return m !== null && !/^[^,]*,[^,]*,/.test(line.slice(m[0].length));
  }
  return false;
}

function offsetOf(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const m = /([+-])(\d{2}):?(\d{2})/.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

export function splitSender(rest: string): { sender: string; text: string; isSystem: boolean } {
  const colon = rest.search(/[:：]/);
  const name = colon > 0 ? rest.slice(0, colon).trim() : '';
  if (name === '' || colon > MAX_SENDER_LENGTH || name.includes('"')) {
    return { sender: '', text: rest.trim(), isSystem: true };
  }
  return { sender: name, text: rest.slice(colon + 1).replace(/^ /, ''), isSystem: false };
}

export function parseTranscript(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const resolve = zoneResolver(usableZone(ctx.timeZone, result.problems));
  const lines = decodeText(bytes).split(/\r\n|\n|\r/);
  let current: ParsedMessage | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = START_RE.exec(line);
    if (!m) {
      if (current) current.text += `\n${line}`;
      else if (line.trim() !== '')
        result.problems.push({ line: i + 1, error: 'text before the first message' });
      continue;
    }
    const t: LocalDateTime = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? 0),
    };
    if (!isValidLocal(t)) {
      current = null;
      result.problems.push({ line: i + 1, error: `impossible date or time in "${line.slice(0, 120)}"` });
      continue;
    }
    const instant: Instant = m[7] ? instantFromLocal(t, offsetOf(m[7])) : resolve(t);
    const { sender, text, isSystem } = splitSender(line.slice(m[0].length));
    current = { ...instant, sender, text, attachments: [], isSystem, line: i + 1, chat: '' };
    result.messages.push(current);
  }
  for (const message of result.messages) message.text = message.text.replace(/\s+$/, '');
  return result;
}

export const transcriptTxtImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isTranscript(decodeHead(head)),
  parse: (bytes, ctx) => parseTranscript(bytes, ctx),
};
