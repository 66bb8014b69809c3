import type { ParsedMail } from 'mailparser';
import type { Instant } from '../util/time.ts';
import { instantFromMs } from '../util/time.ts';
import { decodeEntities } from './ofx.ts';
import type {
  DocumentFacts,
  EmbeddedFile,
  FileTime,
  ImportProblem,
  ImportResult,
  Importer,
  ParsedMessage,
} from './types.ts';

/**
 * E-mail as `.eml` (one RFC 5322 message, possibly preceded by an mbox `From ` line) or `.mbox` (several,
 * each starting with a `From ` line at the start of the file or after a blank line; mboxrd `>From `
 * quoting undone). Parsing is mailparser's `simpleParser`; HTML-only bodies come back as text converted
 * from the HTML, and the HTML itself is never kept, so nothing active reaches the viewer.
 *
 * Each message is a `ParsedMessage` (sender, subject + body, attachment names); a lone message also fills
 * `document` (title = subject, occurredAt = Date header with its offset as written). Every attachment is an
 * `EmbeddedFile` whose name is sanitised: it is data, never a path.
 */

const FORMAT = 'email';
const LABEL = 'E-mail (EML / MBOX)';

const HEADER_NAME_RE = /^[!-9;-~]+:/;
const KNOWN_HEADER_RE =
  /^(?:from|to|cc|subject|date|message-id|mime-version|content-type|received|return-path|delivered-to|reply-to|sender|in-reply-to|references|content-transfer-encoding|content-disposition|dkim-signature|x-[\w-]+):/i;
const CORE_HEADER_RE = /^(?:from|to|subject|date|message-id|mime-version|received|return-path):/i;
const FROM_LINE_RE = /^From \S/;
const MAX_HEADER_LINES = 300;

/** True when the head starts with an RFC 5322 header block (optionally after an mbox `From ` line). */
export function isEmail(head: string): boolean {
  const lines = head.replace(/^\ufeff/, '').split(/\r?\n/, MAX_HEADER_LINES);
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  if (FROM_LINE_RE.test(lines[i] ?? '')) i++;
  let known = 0;
  let core = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    if (!HEADER_NAME_RE.test(line)) return false;
    if (KNOWN_HEADER_RE.test(line)) known++;
    if (CORE_HEADER_RE.test(line)) core++;
  }
  return known >= 2 && core >= 1;
}

type Part = { bytes: Buffer; line: number; fromLine?: string };

/** Splits an mbox into messages by `From ` separator lines; a file without them is one message. */
export function splitMbox(bytes: Buffer): Part[] {
  const text = bytes.toString('latin1');
  const starts: { at: number; line: number }[] = [];
  let at = 0;
  let line = 1;
  let isPreviousBlank = true;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (isPreviousBlank && text.startsWith('From ', at) && FROM_LINE_RE.test(text.slice(at, at + 7))) {
      starts.push({ at, line });
    }
    isPreviousBlank = end === at || (end === at + 1 && text.charCodeAt(at) === 13);
    at = end + 1;
    line++;
  }
  // Only a file that opens with a separator is an mbox; an .eml body may contain "From " after a blank line.
  if (starts.length === 0 || text.slice(0, starts[0]?.at).trim() !== '') return [{ bytes, line: 1 }];
  const parts: Part[] = [];
  starts.forEach((start, k) => {
    const end = starts[k + 1]?.at ?? bytes.length;
    const firstLineEnd = text.indexOf('\n', start.at);
    const bodyStart = firstLineEnd < 0 || firstLineEnd > end ? end : firstLineEnd + 1;
    parts.push({
      bytes: unquoteFrom(bytes.subarray(bodyStart, end)),
      line: start.line,
      fromLine: text.slice(start.at, bodyStart).trim(),
    });
  });
  return parts;
}

const QUOTED_FROM_RE = /^>(>*From )/gm;

/** mboxrd: `>From ` in a body was `From ` before it was stored; one `>` is removed. */
function unquoteFrom(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  if (!text.includes('>From ')) return bytes;
  return Buffer.from(text.replace(QUOTED_FROM_RE, '$1'), 'latin1');
}

// Control characters, path separators, and the bidirectional controls that make `invoice\u202Egpj.exe` show
// as `invoiceexe.jpg`: a name from inside a file is data, and must read as what it is.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name.
const UNSAFE_NAME_RE = /[\u0000-\u001f\u007f-\u009f/\\\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME_LENGTH = 200;

/** `Kontoutskrift for 1506.14.90466\nBedriftskonto.pdf` → `Kontoutskrift for 1506.14.90466_Bedriftskonto.pdf`. */
export function sanitizeFileName(name: string | undefined, fallback: string): string {
  let clean = (name ?? '').replace(UNSAFE_NAME_RE, '_').trim();
  // A name made only of dots would still mean "this folder" or "the parent" to a careless caller.
  if (/^\.*$/.test(clean)) clean = '';
  if (clean.length > MAX_NAME_LENGTH) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return clean === '' ? fallback : clean;
}

const NAMED_ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};
const OFFSET_RE = /([+-])(\d{2})(\d{2})\s*(?:\([^)]*\))?\s*$/;
const NAMED_ZONE_RE = /\b([A-Z]{1,3})\s*(?:\([^)]*\))?\s*$/;

/** The UTC offset (minutes) the Date header was written in: `+0200` → 120, `EST` → −300, none → 0. */
export function offsetOfDateHeader(value: string): number {
  const m = OFFSET_RE.exec(value);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return minutes > 18 * 60 ? 0 : (m[1] === '-' ? -1 : 1) * minutes;
  }
  return NAMED_ZONES[NAMED_ZONE_RE.exec(value)?.[1] ?? ''] ?? 0;
}

const BLOCK_END_RE = /<(?:br|hr|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|\/blockquote)\b[^>]*>/gi;
const TAG_RE = /<[^>]*>/g;

/** Drops every `<name …>…</name>` block (script, style, head) with indexOf, so the pass stays linear. */
function dropBlocks(html: string, name: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  for (;;) {
    const open = lower.indexOf(`<${name}`, at);
    if (open < 0) break;
    out += html.slice(at, open);
    const close = lower.indexOf(`</${name}`, open);
    if (close < 0) return out;
    const end = lower.indexOf('>', close);
    at = end < 0 ? html.length : end + 1;
  }
  return out + html.slice(at);
}

/**
 * Plain text of an HTML body, for mail whose only body is HTML (mailparser converts only some layouts).
 * Scripts, styles and markup are dropped, never rendered: the result is inert text.
 */
export function htmlToPlainText(html: string): string {
  let text = html;
  for (const name of ['script', 'style', 'head']) text = dropBlocks(text, name);
  text = text
    .replace(BLOCK_END_RE, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(TAG_RE, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const addressText = (value: ParsedMail['to']): string =>
  value === undefined ? '' : Array.isArray(value) ? value.map((a) => a.text).join(', ') : value.text;

function rawHeader(mail: ParsedMail, key: string): string {
  const found = mail.headerLines.find((h) => h.key === key);
  if (!found) return '';
  return found.line
    .slice(found.line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

type ReadMail = { message: ParsedMessage | null; document: DocumentFacts; files: EmbeddedFile[] };

const ASCTIME_RE =
  /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) +(\d{2}):(\d{2}):(\d{2}) +(\d{4})/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The date of an mbox `From sender Wed Mar  5 10:15:00 2025` separator line (UTC, as mail stores write it). */
export function fromLineTime(fromLine: string): Instant | null {
  const m = ASCTIME_RE.exec(fromLine);
  if (!m) return null;
  const ms = Date.UTC(
    Number(m[6]),
    MONTHS.indexOf(m[1]!),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
  );
  return Number.isFinite(ms) ? instantFromMs(ms, 0) : null;
}

/**
 * The time the first (topmost, so the last) server stamped in its `Received:` header: after the `;`, an
 * RFC 5322 date with its offset. The nearest account of when the mail arrived, for mail with no `Date`.
 */
export function receivedTime(mail: ParsedMail): Instant | null {
  const first = mail.headerLines.find((h) => h.key === 'received');
  if (!first) return null;
  const value = first.line.slice(first.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
  const date = value.slice(value.lastIndexOf(';') + 1).trim();
  if (date === '' || !value.includes(';')) return null;
  const ms = Date.parse(date.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isFinite(ms) ? instantFromMs(ms, offsetOfDateHeader(date)) : null;
}

type Fallback = { instant: Instant; source: FileTime['source'] | 'content'; said: string } | null;

function readMail(
  mail: ParsedMail,
  part: Part,
  problems: ImportProblem[],
  warnings: string[],
  fileIndex: number,
  fileTime: FileTime | undefined,
): ReadMail {
  const line = part.line;
  const subject = (mail.subject ?? '').trim();
  const dateHeader = rawHeader(mail, 'date');
  let occurredAt: Instant | undefined;
  let occurredSource: FileTime['source'] | undefined;
  const ms = mail.date?.getTime();
  if (ms !== undefined && Number.isFinite(ms) && dateHeader !== '') {
    occurredAt = instantFromMs(ms, offsetOfDateHeader(dateHeader));
  } else {
    // No Date (or one that cannot be read): the receiving server's stamp, the mbox separator's date, or the file's.
    const received = receivedTime(mail);
    const separator = part.fromLine ? fromLineTime(part.fromLine) : null;
    const fallback: Fallback = received
      ? { instant: received, source: 'content', said: 'the time in its first Received header' }
      : separator
        ? { instant: separator, source: 'content', said: 'the date on its mbox "From " line' }
        : fileTime
          ? {
              instant: { utc: fileTime.utc, offset: fileTime.offset },
              source: fileTime.source,
              said: fileTime.said,
            }
          : null;
    const missing = dateHeader === '' ? 'no Date header' : `unreadable Date "${dateHeader}"`;
    if (fallback) {
      occurredAt = fallback.instant;
      if (fallback.source !== 'content') occurredSource = fallback.source;
      warnings.push(`${subject ? `"${subject}": ` : ''}${missing}; its time is ${fallback.said}`);
    } else {
      problems.push({ line, error: `${missing}; the e-mail has no time` });
    }
  }
  const files: EmbeddedFile[] = mail.attachments.map((a, k) => ({
    name: sanitizeFileName(a.filename, `attachment-${fileIndex + k + 1}`),
    bytes: a.content,
    role: 'attachment',
  }));
  const plain = mail.text ?? '';
  const html = typeof mail.html === 'string' ? mail.html : '';
  const body = (plain.trim() === '' && html !== '' ? htmlToPlainText(html) : plain)
    .replace(/^(?:[ \t]*\r?\n)+/, '')
    .replace(/\s+$/, '');
  const from = mail.from?.text ?? '';
  const details: Record<string, unknown> = {
    from,
    to: addressText(mail.to),
    cc: addressText(mail.cc),
    subject,
    date: dateHeader,
    messageId: mail.messageId ?? '',
  };
  const document: DocumentFacts = {
    ...(subject !== '' ? { title: subject } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    ...(occurredSource ? { occurredSource } : {}),
    text: body,
    details,
  };
  if (!occurredAt) return { message: null, document, files };
  const message: ParsedMessage = {
    utc: occurredAt.utc,
    offset: occurredAt.offset,
    sender: from,
    text: subject === '' ? body : body === '' ? subject : `${subject}\n\n${body}`,
    attachments: files.map((f) => f.name),
    isSystem: false,
    line,
    chat: subject.replace(/^(?:(?:re|fwd?|aw|wg|sv|回复|转发)\s*[:：]\s*)+/i, ''),
  };
  return { message, document, files };
}

export async function parseEmail(bytes: Buffer, fileTime?: FileTime): Promise<ImportResult> {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const warnings: string[] = [];
  const parts = splitMbox(bytes);
  const files: EmbeddedFile[] = [];
  const documents: DocumentFacts[] = [];
  for (const part of parts) {
    let mail: ParsedMail;
    try {
      // Loaded on the first e-mail only (a tenth of a second that a bill or a chat never needs).
      const { simpleParser } = await import('mailparser');
      mail = await simpleParser(part.bytes, {
        skipImageLinks: true,
        keepCidLinks: true,
        skipTextToHtml: true,
        skipTextLinks: true,
        checksumAlgo: false,
      });
    } catch (error) {
      result.problems.push({
        line: part.line,
        error: `unreadable e-mail: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const read = readMail(mail, part, result.problems, warnings, files.length, fileTime);
    if (read.message) result.messages.push(read.message);
    files.push(...read.files);
    documents.push(read.document);
  }
  if (files.length > 0) result.files = files;
  if (warnings.length > 0) result.warnings = warnings;
  if (documents.length === 1) result.document = documents[0];
  else if (documents.length > 1) {
    result.document = {
      title: `${documents.length} e-mails`,
      details: { count: documents.length, subjects: documents.map((d) => d.title ?? '') },
    };
  }
  return result;
}

export const emailImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isEmail(head.toString('latin1')),
  parse: (bytes, ctx) => parseEmail(bytes, ctx.fileTime),
};
