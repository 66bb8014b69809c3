import type { Entry, FileEntry } from '@zip.js/zip.js';
import { BlobReader, Reader, Uint8ArrayReader, Writer, ZipReader } from '@zip.js/zip.js';
import { sanitizeFileName } from './email.ts';

/**
 * Reading ZIP archives in memory, never to disk: entry names are data (only a sanitised base name is ever
 * kept, never used as a path), and the usual zip-bomb shapes are refused — a declared total over the limit
 * refuses the whole archive; an entry compressed beyond the ratio, or inflating past its declared size, or
 * sharing compressed bytes with another (the overlapping-entry bomb), is refused alone.
 */

export type ZipLimits = { maxTotalBytes: number; maxRatio: number; maxEntries?: number };

/**
 * Every entry read becomes an evidence item of its own, so the count is capped too: WhatsApp exports at most
 * 10,000 messages with media, and no bill archive comes near; 12,000 one-byte entries would otherwise make
 * 12,000 items (minutes of filing) from a 1 MB file.
 */
export const MAX_ZIP_ENTRIES = 10_001;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 ** 3,
  maxRatio: 200,
  maxEntries: MAX_ZIP_ENTRIES,
};

export const baseName = (name: string) =>
  name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/** Collects an entry's bytes and stops as soon as it grows past the size its header declared. */
export class LimitedWriter extends Writer<Uint8Array> {
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

/** zip.js's terse errors, said so that a person can tell a damaged archive from a hostile one. */
const READER_MESSAGES: Record<string, string> = {
  'Ambiguous archive':
    'it shares its compressed bytes with another entry (an overlapping-entry zip bomb); refused',
  'Invalid uncompressed size': 'it unpacks to more than the size its header declares; refused',
  'Invalid CRC32': 'its checksum does not match its content: the archive is damaged',
  'inflates past its declared size': 'it unpacks to more than the size its header declares; refused',
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An entry's name as its maker meant it: zips from Chinese Windows tools and from Alipay carry GBK names
 * without the UTF-8 flag, which a reader following the spec would show as CP437 mojibake.
 */
export function entryName(entry: Entry): string {
  if (entry.filenameUTF8) return entry.filename;
  const raw = entry.rawFilename;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('gbk').decode(raw);
  }
}

export type ZipFile = { name: string; path: string; bytes: Buffer };

/**
 * What macOS adds when it zips a folder: `__MACOSX/…/._name` AppleDouble files (a resource fork and Finder
 * attributes of the file beside it) and `.DS_Store` folder settings. They are never evidence, only clutter
 * that would double every item; the archive itself, filed whole, still holds them.
 */
export function isMacClutter(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return parts.includes('__MACOSX') || parts[parts.length - 1] === '.DS_Store';
}

export type ZipReadResult = {
  files: ZipFile[];
  /** Entries left to be read later (see `lazy`), each read when `open` is called, within the same limits. */
  later: { name: string; path: string; open: () => Promise<Buffer> }[];
  problems: string[];
  /** Set when entries are encrypted and no password, or a wrong one, was given: nothing encrypted was read. */
  password: 'needed' | 'wrong' | null;
  encrypted: boolean;
  /** Entries left out as macOS clutter (`__MACOSX/…`, `.DS_Store`), by their path in the archive. */
  skipped: string[];
};

/** Bytes read by position, like a Blob: a file kept sealed until filed (see sealed-file.ts). */
export type RangeSource = { size: number; readRange(position: number, length: number): Promise<Uint8Array> };

class RangeReader extends Reader<RangeSource> {
  constructor(private readonly source: RangeSource) {
    super(source);
    this.size = source.size;
  }

  override readUint8Array(index: number, length: number): Promise<Uint8Array> {
    return this.source.readRange(index, length);
  }
}

/** Reads every file entry (decrypting AES or ZipCrypto entries with `password`), within `limits`. */
export async function readZip(
  bytes: Uint8Array | Blob | RangeSource,
  options: {
    password?: string;
    limits?: ZipLimits;
    /** Entries (by base name) not to read now, but return in `later`: the caller reads them one at a time. */
    lazy?: (name: string) => boolean;
  } = {},
): Promise<ZipReadResult> {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const out: ZipReadResult = {
    files: [],
    later: [],
    problems: [],
    password: null,
    encrypted: false,
    skipped: [],
  };
  // A Blob (a file opened with fs.openAsBlob) is read in slices: the archive itself never sits in memory.
  const source =
    bytes instanceof Blob
      ? new BlobReader(bytes)
      : bytes instanceof Uint8Array
        ? new Uint8ArrayReader(bytes)
        : new RangeReader(bytes);
  const reader = new ZipReader(source, { useWebWorkers: false });
  try {
    let entries: FileEntry[];
    try {
      // Tolerant: a `../x.pdf` entry is still a file to keep; only its base name is used, never as a path.
      entries = (await reader.getEntries({ filenameValidation: 'tolerant' })).filter(isFile);
      entries = entries.filter((e) => {
        const isClutter = isMacClutter(entryName(e));
        if (isClutter) out.skipped.push(entryName(e));
        return !isClutter;
      });
    } catch (error) {
      out.problems.push(`not a readable zip: ${messageOf(error)}`);
      return out;
    }
    const maxEntries = limits.maxEntries ?? MAX_ZIP_ENTRIES;
    if (entries.length > maxEntries) {
      out.problems.push(
        `the zip holds ${entries.length} files, over the ${maxEntries}-file limit; nothing was read`,
      );
      return out;
    }
    const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (total > limits.maxTotalBytes) {
      out.problems.push(
        `the zip would unpack to ${total} bytes, over the ${limits.maxTotalBytes}-byte limit; nothing was read`,
      );
      return out;
    }
    out.encrypted = entries.some((e) => e.encrypted);
    if (out.encrypted && !options.password) {
      out.password = 'needed';
      return out;
    }
    for (const entry of entries) {
      const path = entryName(entry);
      const name = sanitizeFileName(baseName(path), `file-${out.files.length + 1}`);
      // A compressed size of 0 with content is itself a lie; treat it as 1 so the ratio still bites.
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxRatio && entry.uncompressedSize > 1024 * 1024) {
        out.problems.push(`"${name}" is compressed ${Math.round(ratio)}:1; refused`);
        continue;
      }
      if (options.lazy?.(name) && !entry.encrypted) {
        out.later.push({
          name,
          path,
          open: async () => {
            try {
              const data = await entry.getData(new LimitedWriter(entry.uncompressedSize), {
                checkCrc32: true,
                checkOverlappingEntry: true,
              });
              return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
            } catch (error) {
              const message = messageOf(error);
              throw new Error(
                `could not be read from the archive: ${Object.hasOwn(READER_MESSAGES, message) ? READER_MESSAGES[message] : message}`,
                { cause: error },
              );
            }
          },
        });
        continue;
      }
      try {
        const data = await entry.getData(new LimitedWriter(entry.uncompressedSize), {
          checkCrc32: true,
          checkOverlappingEntry: true,
          ...(entry.encrypted && options.password ? { password: options.password } : {}),
        });
        out.files.push({ name, path, bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
      } catch (error) {
        const message = messageOf(error);
        if (/invalid password/i.test(message)) {
          out.password = 'wrong';
          out.files = [];
          return out;
        }
        out.problems.push(
          `"${name}" could not be read: ${Object.hasOwn(READER_MESSAGES, message) ? READER_MESSAGES[message] : message}`,
        );
      }
    }
    return out;
  } finally {
    // Entries left for later still read through this reader (it holds no file, only `bytes`).
    if (!out.later.length) await reader.close().catch(() => undefined);
  }
}
