import type { EmbeddedFile, ImportContext, ImportResult, Importer } from './types.ts';
import { parseWhatsappTxt } from './whatsapp-txt.ts';
import { baseName, DEFAULT_ZIP_LIMITS, readZip, type RangeSource, type ZipLimits } from './zip.ts';

/**
 * WhatsApp "Export chat → Attach media" .zip: the chat as `_chat.txt` (iOS) or `WhatsApp Chat with X.txt`
 * (Android) beside the media files. The chat goes through the WhatsApp text reader; every other file is
 * filed as `media`, named by its base name only (entry names are data: `../x.jpg` never becomes a path).
 *
 * Nothing is extracted to disk: the chat is read at once, each media file only when it is filed (one at a
 * time), and a large export is read from its file in slices (a Blob) instead of being held whole. A zip whose entries declare more than 1 GiB in
 * total is refused whole; an entry compressed more than 200:1, or inflating past the size its header
 * declares, is refused alone — the usual shapes of a zip bomb.
 */

const FORMAT = 'whatsapp-zip';
const LABEL = 'WhatsApp chat export with media (ZIP)';

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CHAT_RE = /^(?:_chat\.txt|WhatsApp[ -]Chat.*\.txt)$/i;
const MEDIA_RE = /^(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4}|^\d{8}-(?:PHOTO|VIDEO|AUDIO|STICKER)-/;

/** Names of the zip entries whose local headers lie inside `head`. */
export function zipNamesInHead(head: Uint8Array): string[] {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const names: string[] = [];
  let at = buf.length >= 4 && buf.subarray(0, 4).equals(LOCAL_HEADER) ? 0 : -1;
  while (at >= 0 && at + 30 <= buf.length) {
    const compressedSize = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extraLength = buf.readUInt16LE(at + 28);
    names.push(buf.toString('utf8', at + 30, Math.min(buf.length, at + 30 + nameLength)));
    const dataStart = at + 30 + nameLength + extraLength;
    const known = compressedSize > 0 ? dataStart + compressedSize : -1;
    at =
      known >= 0 && buf.subarray(known, known + 4).equals(LOCAL_HEADER)
        ? known
        : buf.indexOf(LOCAL_HEADER, dataStart);
  }
  return names;
}

export function isWhatsappZip(head: Uint8Array): boolean {
  const names = zipNamesInHead(head).map(baseName);
  if (names.some((n) => n.startsWith('xl/') || n === '[Content_Types].xml')) return false;
  return names.some((n) => CHAT_RE.test(n) || MEDIA_RE.test(n));
}

export async function parseWhatsappZip(
  bytes: Uint8Array | Blob | RangeSource,
  ctx: ImportContext,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ImportResult> {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  // The chat is read now; media are read one at a time as each is filed, so a 200 MB export never sits in
  // memory twice over (the archive plus every picture and video taken out of it).
  const zip = await readZip(bytes, { limits, lazy: (name) => !name.toLowerCase().endsWith('.txt') });
  result.problems.push(...zip.problems.map((error) => ({ line: 0, error })));
  // Nothing could be read at all (damaged, or refused whole): that is the one thing to say.
  if (zip.problems.length && !zip.files.length && !zip.later.length) return result;
  if (zip.password) {
    result.problems.push({ line: 0, error: 'the zip is password-protected; WhatsApp exports are not' });
    return result;
  }
  const texts = zip.files.filter((f) => f.name.toLowerCase().endsWith('.txt'));
  const chat = zip.files.find((f) => CHAT_RE.test(f.name)) ?? (texts.length === 1 ? texts[0] : undefined);
  const files: EmbeddedFile[] = [];
  for (const f of zip.files) {
    if (f === chat) {
      const chatName = CHAT_RE.test(baseName(ctx.fileName.replace(/\.zip$/i, '.txt')))
        ? ctx.fileName.replace(/\.zip$/i, '.txt')
        : f.name;
      const parsed = parseWhatsappTxt(f.bytes, { fileName: chatName, timeZone: ctx.timeZone });
      result.messages = parsed.messages;
      result.problems.push(...parsed.problems);
    } else {
      files.push({ name: f.name, bytes: f.bytes, role: 'media' });
    }
  }
  for (const f of zip.later) files.push({ name: f.name, open: f.open, role: 'media' });
  if (!chat)
    result.problems.push({ line: 0, error: 'no chat text (_chat.txt or WhatsApp Chat … .txt) in the zip' });
  if (files.length > 0) result.files = files;
  result.document = { details: { chatFile: chat?.path ?? '', mediaCount: files.length } };
  return result;
}

export const whatsappZipImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isWhatsappZip(head),
  parse: (bytes, ctx) => parseWhatsappZip(bytes, ctx),
};
