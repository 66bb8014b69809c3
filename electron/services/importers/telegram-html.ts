import type { Instant, LocalDateTime } from '../util/time.ts';
import { instantFromLocal, isValidLocal } from '../util/time.ts';
import { htmlToPlainText } from './email.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { decodeHead, decodeText } from './text.ts';
import type {
  ChatState,
  EmbeddedFile,
  ImportContext,
  ImportResult,
  Importer,
  ParsedMessage,
} from './types.ts';
import { baseName, DEFAULT_ZIP_LIMITS, readZip } from './zip.ts';
import { zipNamesInHead } from './whatsapp-zip.ts';

/**
 * Telegram Desktop "Export chat history" as HTML: `messages.html`, then `messages2.html`, `messages3.html` …
 * (1,000 messages a page), beside `css/`, `js/`, `images/` and the media folders (`photos/`, `files/`,
 * `video_files/`, `voice_messages/` …). The chat's name is in the page header; each message is a
 * `<div class="message default …" id="messageN">` whose date is the `title` of its `date details` block
 * (`05.03.2025 14:02:11 UTC+01:00`; older exports write no offset, read in the case's zone). A `joined`
 * message continues the sender of the one above. `message service` entries are kept as system lines (those
 * with a negative id are only the day separators, left out); they carry no time and take the time of the
 * message before them (or after, at the top of a page).
 *
 * A single page is read as it is; an export folder zipped whole is read as one conversation, its pages in
 * order and its media filed as items linked to it. Given as a plain folder, each page is filed as its own
 * item, in page order, each going on from where the page before it left off (`ImportContext.chatContinues`):
 * the sender of a `joined` message at the top of a page, the time of service entries above its first
 * message, the chat's name.
 */

const FORMAT = 'telegram-html';
const LABEL = 'Telegram chat export (HTML)';
const ZIP_FORMAT = 'telegram-html-zip';
const ZIP_LABEL = 'Telegram chat export (HTML, ZIP)';

const MESSAGE_OPEN = '<div class="message ';
const PAGE_RE = /^messages(\d*)\.html$/i;
/** The export's own page furniture, not evidence. */
const FURNITURE_RE = /(?:^|\/)(?:css|js|images)\/[^/]+$/;

export function isTelegramHtml(head: string): boolean {
  return (
    head.includes('<div class="page_header">') &&
    (head.includes('class="history"') || head.includes(MESSAGE_OPEN)) &&
    /<title>\s*Exported Data\s*<\/title>/.test(head)
  );
}

// `05.03.2025 14:02:11 UTC+01:00` — [1] day [2] month [3] year [4] h [5] m [6] s [7] sign [8] hh [9] mm
const DATE_TITLE_RE = /(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-])(\d{2}):(\d{2}))?/;

const attr = (block: string, re: RegExp) => re.exec(block)?.[1] ?? '';

/** The inner HTML of the first `<div class="…cls…">` at or after `from`, up to its matching `</div>`. */
function divContent(block: string, cls: string, from = 0): { html: string; at: number } | null {
  const open = block.indexOf(`<div class="${cls}"`, from);
  if (open < 0) return null;
  const start = block.indexOf('>', open) + 1;
  let depth = 1;
  let at = start;
  while (depth > 0) {
    const nextOpen = block.indexOf('<div', at);
    const nextClose = block.indexOf('</div>', at);
    if (nextClose < 0) return { html: block.slice(start), at: open };
    if (nextOpen >= 0 && nextOpen < nextClose) {
      depth++;
      at = nextOpen + 4;
    } else {
      depth--;
      at = nextClose + 6;
    }
  }
  return { html: block.slice(start, at - 6), at: open };
}

const textOf = (html: string) => htmlToPlainText(html).trim();

type Page = {
  messages: ParsedMessage[];
  chat: string;
  problems: { line: number; error: string }[];
  /** Where the page left off, for the next one. */
  end: ChatState;
};

/** `before`: where the page before this one of the export left off (its last sender and time). */
function parsePage(html: string, resolve: (t: LocalDateTime) => Instant, before?: ChatState): Page {
  const page: Page = { messages: [], chat: '', problems: [], end: { chat: '', sender: '', time: null } };
  const header = divContent(html, 'page_header');
  if (header) page.chat = textOf(divContent(header.html, 'text bold')?.html ?? '');
  page.chat ||= before?.chat ?? '';
  let line = 1;
  let lineAt = 0;
  const lineOf = (offset: number) => {
    for (; lineAt < offset; lineAt++) if (html.charCodeAt(lineAt) === 10) line++;
    return line;
  };
  let sender = before?.sender ?? '';
  const untimed: ParsedMessage[] = [];
  let lastTime: Instant | null = before?.time ?? null;
  for (let at = html.indexOf(MESSAGE_OPEN); at >= 0;) {
    const next = html.indexOf(MESSAGE_OPEN, at + MESSAGE_OPEN.length);
    const block = html.slice(at, next < 0 ? html.length : next);
    const messageLine = lineOf(at);
    at = next;
    const classes = attr(block, /^<div class="([^"]*)"/);
    const id = attr(block, /^<div class="[^"]*" id="message(-?\d+)"/);
    if (classes.includes('service')) {
      if (id.startsWith('-')) continue;
      const text = textOf(divContent(block, 'body details')?.html ?? '');
      const message: ParsedMessage = {
        utc: lastTime?.utc ?? '',
        offset: lastTime?.offset ?? 0,
        sender: '',
        text,
        attachments: [],
        isSystem: true,
        line: messageLine,
        chat: page.chat,
      };
      if (!lastTime) untimed.push(message);
      page.messages.push(message);
      continue;
    }
    const title = attr(block, /<div class="pull_right date details" title="([^"]*)"/);
    const m = DATE_TITLE_RE.exec(title);
    const t: LocalDateTime | null = m
      ? {
          year: Number(m[3]),
          month: Number(m[2]),
          day: Number(m[1]),
          hour: Number(m[4]),
          minute: Number(m[5]),
          second: Number(m[6]),
        }
      : null;
    if (!t || !isValidLocal(t)) {
      page.problems.push({ line: messageLine, error: `unreadable date "${title}"` });
      continue;
    }
    const instant = m?.[7]
      ? instantFromLocal(t, (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])))
      : resolve(t);
    const forwardedAt = block.indexOf('<div class="forwarded body">');
    const fromName = divContent(block, 'from_name');
    if (fromName && (forwardedAt < 0 || fromName.at < forwardedAt)) {
      // The name, without the `via @bot` or date span some exports add inside it.
      sender = textOf(fromName.html.replace(/<span[\s\S]*$/, ''));
    } else if (!classes.includes('joined')) {
      sender = '';
    }
    const parts: string[] = [];
    if (forwardedAt >= 0) {
      const forwarded = block.slice(forwardedAt);
      const who = textOf((divContent(forwarded, 'from_name')?.html ?? '').replace(/<span[\s\S]*$/, ''));
      const words = textOf(divContent(forwarded, 'text')?.html ?? '');
      parts.push(`Forwarded from ${who}${words ? `: ${words}` : ''}`);
    }
    const own = divContent(block.slice(0, forwardedAt < 0 ? block.length : forwardedAt), 'text');
    if (own) parts.unshift(textOf(own.html));
    const reply = attr(block, /<a href="#go_to_message(\d+)"/);
    const attachments = mediaOf(block);
    const text = [reply ? `[In reply to message ${reply}]` : '', ...parts].filter((p) => p !== '').join('\n');
    const message: ParsedMessage = {
      ...instant,
      sender,
      text: text || attachments.join(', '),
      attachments,
      isSystem: false,
      line: messageLine,
      chat: page.chat,
    };
    for (const u of untimed.splice(0)) Object.assign(u, { utc: instant.utc, offset: instant.offset });
    lastTime = instant;
    page.messages.push(message);
  }
  // Service entries on a page with no dated message at all have no time to take.
  if (untimed.length) {
    page.messages = page.messages.filter((msg) => !untimed.includes(msg));
    for (const u of untimed) page.problems.push({ line: u.line, error: `no time for "${u.text}"` });
  }
  page.end = { chat: page.chat, sender, time: lastTime };
  return page;
}

const MEDIA_LINK_RE =
  /<a class="[^"]*(?:photo_wrap|video_file_wrap|media_file|media_voice_message|media_audio_file|media_video|sticker_wrap|animated_wrap|media_photo|media_contact|media_location)[^"]*" href="([^"]+)"/g;

/** The files a message shows: its media links' names, or the title of media the export left out. */
function mediaOf(block: string): string[] {
  const found: string[] = [];
  for (const m of block.matchAll(MEDIA_LINK_RE)) {
    const href = m[1] ?? '';
    if (href.startsWith('#') || /^[a-z]+:/i.test(href)) continue;
    found.push(baseName(decodeURIComponent(href.replace(/\?.*$/, ''))));
  }
  if (found.length === 0 && block.includes('media_wrap')) {
    const title = textOf(divContent(block, 'title bold')?.html ?? '');
    if (title) found.push(title);
  }
  return found;
}

export function parseTelegramHtml(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const resolve = zoneResolver(usableZone(ctx.timeZone, result.problems));
  const before = ctx.chatContinues;
  const page = parsePage(decodeText(bytes), resolve, before);
  result.messages = page.messages;
  result.problems.push(...page.problems);
  // A page of an export given as a folder goes on from the page before it: one chat across the pages.
  const number = Number(PAGE_RE.exec(baseName(ctx.fileName))?.[1] || 1);
  result.document = {
    ...(page.chat ? { title: page.chat } : {}),
    details: { chat: page.chat, pages: 1, ...(before ? { page: number } : {}) },
  };
  result.chatState = page.end;
  return result;
}

/** A zipped export folder: `messages.html`, `messages2.html` … beside `css/`, `js/` and the media. */
export function isTelegramHtmlZip(head: Uint8Array): boolean {
  const names = zipNamesInHead(head);
  return (
    names.some((n) => PAGE_RE.test(baseName(n))) &&
    names.some((n) => /(?:^|\/)(?:css\/style\.css|js\/script\.js|images\/back\.png)$/.test(n))
  );
}

export async function parseTelegramHtmlZip(bytes: Uint8Array, ctx: ImportContext): Promise<ImportResult> {
  const result: ImportResult = {
    format: ZIP_FORMAT,
    label: ZIP_LABEL,
    transactions: [],
    messages: [],
    problems: [],
  };
  const zip = await readZip(bytes, { limits: DEFAULT_ZIP_LIMITS });
  result.problems.push(...zip.problems.map((error) => ({ line: 0, error })));
  if (zip.password) {
    result.problems.push({ line: 0, error: 'the zip is password-protected; Telegram exports are not' });
    return result;
  }
  const resolve = zoneResolver(usableZone(ctx.timeZone, result.problems));
  const pageNumber = (name: string) => Number(PAGE_RE.exec(baseName(name))?.[1] || 1);
  const pages = zip.files
    .filter((f) => PAGE_RE.test(baseName(f.path)))
    .sort((a, b) => pageNumber(a.path) - pageNumber(b.path));
  const files: EmbeddedFile[] = [];
  let chat = '';
  for (const f of zip.files) {
    if (pages.includes(f) || FURNITURE_RE.test(f.path)) continue;
    files.push({ name: f.name, bytes: f.bytes, role: 'media' });
  }
  // Lines count through the pages as if they were one file, in page order: `pages` says where each begins.
  const firstLines: { path: string; firstLine: number }[] = [];
  let before = 0;
  let end: ChatState | undefined;
  for (const f of pages) {
    const text = decodeText(f.bytes);
    const page = parsePage(text, resolve, end);
    end = page.end;
    chat ||= page.chat;
    firstLines.push({ path: f.path, firstLine: before + 1 });
    for (const m of page.messages) m.line += before;
    result.messages.push(...page.messages);
    result.problems.push(
      ...page.problems.map((p) => ({ line: p.line + before, error: `${f.name}: ${p.error}` })),
    );
    before += text.split('\n').length;
  }
  if (!pages.length) result.problems.push({ line: 0, error: 'no messages.html in the zip' });
  if (files.length) result.files = files;
  result.document = {
    ...(chat ? { title: chat } : {}),
    details: { chat, pages: firstLines, mediaCount: files.length },
  };
  return result;
}

export const telegramHtmlImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isTelegramHtml(decodeHead(head)),
  parse: (bytes, ctx) => parseTelegramHtml(bytes, ctx),
};

export const telegramHtmlZipImporter: Importer = {
  format: ZIP_FORMAT,
  label: ZIP_LABEL,
  detect: (head) => isTelegramHtmlZip(head),
  parse: (bytes, ctx) => parseTelegramHtmlZip(bytes, ctx),
};
