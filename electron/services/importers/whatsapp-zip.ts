import type { Entry, FileEntry } from '@zip.js/zip.js';
import { Uint8ArrayReader, Writer, ZipReader } from '@zip.js/zip.js';
import { sanitizeFileName } from './email.ts';
import type { EmbeddedFile, ImportContext, ImportResult, Importer } from './types.ts';
import { parseWhatsappTxt } from './whatsapp-txt.ts';

/**
 * WhatsApp "Export chat → Attach media" .zip: the chat as `_chat.txt` (iOS) or `WhatsApp Chat with X.txt`
 * (Android) beside the media files. The chat goes through the WhatsApp text reader; every other file is
 * filed as `media`, named by its base name only (entry names are data: `../x.jpg` never becomes a path).
 *
 * Everything stays in memory, nothing is extracted to disk. A zip whose entries declare more than 1 GiB in
 * total is refused whole; an entry compressed more than 200:1, or inflating past the size its header
 * declares, is refused alone — the usual shapes of a zip bomb.
 */

const FORMAT = 'whatsapp-zip';
const LABEL = 'WhatsApp chat export with media (ZIP)';

export type ZipLimits = { maxTotalBytes: number; maxRatio: number };

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 1024 ** 3, maxRatio: 200 };

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CHAT_RE = /^(?:_chat\.txt|WhatsApp[ -]Chat.*\.txt)$/i;
const MEDIA_RE = /^(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4}|^\d{8}-(?:PHOTO|VIDEO|AUDIO|STICKER)-/;

const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

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

/** Collects an entry's bytes and stops as soon as it grows past the size its header declared. */
class LimitedWriter extends Writer<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private written = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override writeUint8Array(array: Uint8Array): Promise<void> {
    this.written += array.length;
    if (this.written > this.limit) return Promise.reject(new Error('inflates past its declared size'));
    this.chunks.push(array.slice());
    return Promise.resolve();
  }

  override getData(): Promise<Uint8Array> {
    return Promise.resolve(Buffer.concat(this.chunks));
  }
}

const isFile = (entry: Entry): entry is FileEntry => !entry.directory;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function parseWhatsappZip(
  bytes: Uint8Array,
  ctx: ImportContext,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ImportResult> {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const reader = new ZipReader(new Uint8ArrayReader(bytes), { useWebWorkers: false });
  try {
    let entries: FileEntry[];
    try {
      // Tolerant: a `../x.jpg` entry is still media to file; only its base name is ever used, never as a path.
      entries = (await reader.getEntries({ filenameValidation: 'tolerant' })).filter(isFile);
    } catch (error) {
      result.problems.push({ line: 0, error: `not a readable zip: ${messageOf(error)}` });
      return result;
    }
    const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (total > limits.maxTotalBytes) {
      result.problems.push({
        line: 0,
        error: `the zip would unpack to ${total} bytes, over the ${limits.maxTotalBytes}-byte limit; nothing was read`,
      });
      return result;
    }
    const chat =
      entries.find((e) => CHAT_RE.test(baseName(e.filename))) ??
      (entries.filter((e) => e.filename.toLowerCase().endsWith('.txt')).length === 1
        ? entries.find((e) => e.filename.toLowerCase().endsWith('.txt'))
        : undefined);
    const files: EmbeddedFile[] = [];
    for (const entry of entries) {
      const name = sanitizeFileName(baseName(entry.filename), `media-${files.length + 1}`);
      // A compressed size of 0 with content is itself a lie; treat it as 1 so the ratio still bites.
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxRatio) {
        result.problems.push({ line: 0, error: `"${name}" is compressed ${Math.round(ratio)}:1; refused` });
        continue;
      }
      if (entry.encrypted) {
        result.problems.push({ line: 0, error: `"${name}" is encrypted; refused` });
        continue;
      }
      let data: Uint8Array;
      try {
        data = await entry.getData(new LimitedWriter(entry.uncompressedSize), {
          checkCrc32: true,
          // Entries sharing compressed bytes are the overlapping-zip bomb; refuse the second reader of them.
          checkOverlappingEntry: true,
        });
      } catch (error) {
        result.problems.push({ line: 0, error: `"${name}" could not be read: ${messageOf(error)}` });
        continue;
      }
      const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      if (entry === chat) {
        const chatName = CHAT_RE.test(baseName(ctx.fileName.replace(/\.zip$/i, '.txt')))
          ? ctx.fileName.replace(/\.zip$/i, '.txt')
          : baseName(entry.filename);
        const parsed = parseWhatsappTxt(buffer, { fileName: chatName, timeZone: ctx.timeZone });
        result.messages = parsed.messages;
        result.problems.push(...parsed.problems);
      } else {
        files.push({ name, bytes: buffer, role: 'media' });
      }
    }
    if (!chat)
      result.problems.push({ line: 0, error: 'no chat text (_chat.txt or WhatsApp Chat … .txt) in the zip' });
    if (files.length > 0) result.files = files;
    result.document = { details: { chatFile: chat?.filename ?? '', mediaCount: files.length } };
    return result;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

export const whatsappZipImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isWhatsappZip(head),
  parse: (bytes, ctx) => parseWhatsappZip(bytes, ctx),
};
