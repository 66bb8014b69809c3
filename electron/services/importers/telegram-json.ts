import { instantFromMs, zoneOffsetAt } from '../util/time.ts';
import { isoResolver, usableZone } from './local-time.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportContext, ImportResult, Importer, ParsedMessage } from './types.ts';

/**
 * Telegram Desktop "Export chat history" in JSON (`result.json`): one chat (`{name, type, id, messages}`)
 * or a whole account (`chats.list[]`, plus `left_chats.list[]`). `text` is a string or an array of strings
 * and entities (`{type: 'bold', text}`), joined. `date_unixtime` is the instant (its offset is the case
 * zone's at that instant); older exports only have `date`, local time read in the case's zone. Service
 * messages (`type: 'service'`) are kept as system lines; photos and files become attachment names.
 *
 * JSON carries no line numbers, so each message's line is found by scanning forward from its chat's
 * `"messages"` key for the next `"date_unixtime"` (or `"date"`) key — best effort, 0 when not found.
 */

const FORMAT = 'telegram-json';
const LABEL = 'Telegram chat export (JSON)';

export function isTelegramJson(head: string): boolean {
  const text = head.replace(/^\ufeff/, '').trimStart();
  if (!text.startsWith('{')) return false;
  return /"messages"\s*:\s*\[/.test(text) && /"(?:date_unixtime|date)"\s*:/.test(text);
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: Json | undefined): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** `"hi"`, or `["Link: ", {type: 'link', text: 'https://…'}]` → one string. */
export function telegramText(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .map((part) => (typeof part === 'string' ? part : isObject(part) ? str(part.text) : ''))
    .join('');
}

const NOT_INCLUDED_RE = /^\(File (?:not included|exceeds maximum size)/;

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function attachmentsOf(message: JsonObject): string[] {
  const found: string[] = [];
  const fileName = str(message.file_name);
  for (const field of ['photo', 'file'] as const) {
    const value = str(message[field]);
    if (value === '') continue;
    if (NOT_INCLUDED_RE.test(value)) found.push(field === 'file' && fileName !== '' ? fileName : field);
    else found.push(field === 'file' && fileName !== '' ? fileName : baseName(value));
  }
  return found;
}

/** Finds message lines by scanning forward; one pass over the text in total. */
function lineFinder(text: string): { startChat: () => void; next: (hasUnixtime: boolean) => number } {
  let cursor = 0;
  let line = 1;
  let lineAt = 0;
  const lineOf = (offset: number) => {
    for (; lineAt < offset; lineAt++) if (text.charCodeAt(lineAt) === 10) line++;
    return line;
  };
  return {
    startChat: () => {
      const at = text.indexOf('"messages"', cursor);
      if (at >= 0) cursor = at;
    },
    next: (hasUnixtime) => {
      const at = text.indexOf(hasUnixtime ? '"date_unixtime"' : '"date"', cursor);
      if (at < 0) return 0;
      cursor = at + 1;
      return lineOf(at);
    },
  };
}

const chatName = (chat: JsonObject) => str(chat.name) || str(chat.title);

function chatsOf(root: JsonObject): JsonObject[] {
  if (Array.isArray(root.messages)) return [root];
  const chats: JsonObject[] = [];
  for (const key of ['chats', 'left_chats']) {
    const section = root[key];
    const list = isObject(section) ? section.list : undefined;
    if (Array.isArray(list)) for (const chat of list) if (isObject(chat)) chats.push(chat);
  }
  return chats;
}

const names = (value: Json | undefined): string =>
  Array.isArray(value)
    ? value
        .map((v) => str(v))
        .filter((v) => v !== '')
        .join(', ')
    : '';

/**
 * A service entry in words, as Telegram shows it (`Anna joined Telegram`, `Anna invited Ben`), not its
 * action code (`joined_telegram`). Unknown actions are spelled out from their code.
 */
export function serviceText(item: { [key: string]: Json }): string {
  const actor = str(item.actor) || str(item.from) || 'Someone';
  const action = str(item.action);
  const title = str(item.title);
  const members = names(item.members);
  switch (action) {
    case 'joined_telegram':
      return `${actor} joined Telegram`;
    case 'create_group':
      return `${actor} created the group «${title}»${members ? ` with ${members}` : ''}`;
    case 'create_channel':
      return `${actor} created the channel «${title}»`;
    case 'invite_members':
      return `${actor} invited ${members || 'members'}`;
    case 'remove_members':
      return `${actor} removed ${members || 'members'}`;
    case 'join_group_by_link':
      return `${actor} joined the group via an invite link${str(item.inviter) ? ` from ${str(item.inviter)}` : ''}`;
    case 'join_group_by_request':
      return `${actor} was accepted into the group`;
    case 'edit_group_title':
      return `${actor} changed the group name to «${title}»`;
    case 'edit_group_photo':
      return `${actor} changed the group photo`;
    case 'delete_group_photo':
      return `${actor} removed the group photo`;
    case 'pin_message':
      return `${actor} pinned a message`;
    case 'clear_history':
      return `${actor} cleared the history`;
    case 'migrate_to_supergroup':
    case 'migrate_from_group':
      return `${actor} converted the group to a supergroup`;
    case 'phone_call': {
      const seconds = str(item.duration_seconds);
      const reason = str(item.discard_reason);
      const parts = [seconds ? `${seconds} s` : '', reason && reason !== 'hangup' ? reason : ''].filter(
        Boolean,
      );
      return `${actor} called${parts.length ? ` (${parts.join(', ')})` : ''}`;
    }
    case 'group_call':
      return `${actor} started a voice chat`;
    case 'send_payment':
      return `${actor} sent a payment of ${str(item.amount)} ${str(item.currency)}`.trim();
    case 'set_messages_ttl':
      return `${actor} set messages to disappear after ${str(item.period) || str(item.period_seconds)} s`;
    case 'score_in_game':
      return `${actor} scored ${str(item.score)}`;
    case 'contact_sign_up':
      return `${actor} joined Telegram`;
    default: {
      const words = action.replace(/_/g, ' ').trim();
      return [words ? `${actor} ${words}` : actor, title].filter((t) => t !== '').join(': ');
    }
  }
}

export function parseTelegramJson(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const text = decodeText(bytes);
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (error) {
    result.problems.push({
      line: 0,
      error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    });
    return result;
  }
  if (!isObject(root)) {
    result.problems.push({ line: 0, error: 'not a Telegram export (no top-level object)' });
    return result;
  }
  const zone = usableZone(ctx.timeZone, result.problems);
  const parseDate = isoResolver(zone);
  const hourOffsets = new Map<number, number>();
  const offsetAt = (ms: number) => {
    // Zone offsets change on the hour almost everywhere, so one Intl call per hour suffices.
    const hour = Math.floor(ms / 3_600_000);
    let offset = hourOffsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetAt(zone, ms);
      hourOffsets.set(hour, offset);
    }
    return offset;
  };
  const lines = lineFinder(text);
  const chats = chatsOf(root);
  if (chats.length === 0) result.problems.push({ line: 0, error: 'no chats with messages found' });
  const messages: ParsedMessage[] = result.messages;
  for (const chat of chats) {
    const name = chatName(chat);
    lines.startChat();
    const list = Array.isArray(chat.messages) ? chat.messages : [];
    for (const item of list) {
      if (!isObject(item)) continue;
      const unixtime = str(item.date_unixtime);
      const line = lines.next(unixtime !== '');
      let instant: { utc: string; offset: number } | null;
      if (/^\d{1,12}$/.test(unixtime)) {
        const ms = Number(unixtime) * 1000;
        instant = instantFromMs(ms, offsetAt(ms));
      } else {
        instant = parseDate(str(item.date));
      }
      if (!instant) {
        result.problems.push({ line, error: `unreadable date "${unixtime || str(item.date)}"` });
        continue;
      }
      const isSystem = str(item.type) === 'service';
      let body = telegramText(item.text);
      if (isSystem && body === '') body = serviceText(item);
      messages.push({
        utc: instant.utc,
        offset: instant.offset,
        sender: str(item.from) || str(item.actor),
        text: body,
        attachments: attachmentsOf(item),
        isSystem,
        line,
        chat: name,
      });
    }
  }
  const single = Array.isArray(root.messages);
  result.document = {
    ...(single && chatName(root) !== '' ? { title: chatName(root) } : {}),
    details: { chats: chats.map((c) => chatName(c)), type: single ? str(root.type) : 'account' },
  };
  return result;
}

export const telegramJsonImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isTelegramJson(decodeHead(head)),
  parse: (bytes, ctx) => parseTelegramJson(bytes, ctx),
};
