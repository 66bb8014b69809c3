import { createWriteStream } from 'node:fs';
import { chmod, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { configure, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { fsyncDir, fsyncFile } from '../object-store.ts';
import type { Exhibit } from './prepare.ts';

configure({ useWebWorkers: false });

/** `E007-Screenshot_2025.png`: exhibit number first (so the archive lists in packet order), then a safe name. */
export function archiveName(ex: Exhibit, redacted: boolean): string {
  const n = `E${String(ex.number).padStart(3, '0')}`;
  const original = ex.evidence.originalName.normalize('NFC');
  const dot = original.lastIndexOf('.');
  const stem = dot > 0 ? original.slice(0, dot) : original;
  const ext = dot > 0 ? original.slice(dot + 1) : '';
  // Letters (any script), digits, dot, dash and underscore survive; anything a shell or a file system
  // could trip on (spaces, slashes, quotes, control characters) becomes "_".
  const safe = (s: string) =>
    s
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^[._]+/, '')
      .slice(0, 80) || 'file';
  if (redacted) return `${n}-${safe(stem)}.redacted.jpg`;
  return `${n}-${safe(stem)}${ext ? `.${safe(ext)}` : ''}`;
}

/**
 * An entry's bytes: in memory, made when the entry's turn comes (`make`: held only while it is written), or
 * streamed from `open` (an original, decrypted on the way if need be).
 */
export type ArchiveEntry = {
  name: string;
  open?: () => Readable;
  make?: () => Promise<Buffer>;
  bytes?: Buffer;
  compress: boolean;
};

/**
 * Writes the ZIP in the order given, every entry stamped with the same time and no extra fields, so the
 * same inputs give the same bytes.
 */
export async function writeZip(target: string, entries: ArchiveEntry[], stamp: Date): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  try {
    const zip = new ZipWriter(Writable.toWeb(out) as WritableStream<Uint8Array>, {
      lastModDate: stamp,
      extendedTimestamp: false,
      keepOrder: true,
      useWebWorkers: false,
    });
    for (const e of entries) {
      const reader = e.open
        ? (Readable.toWeb(e.open()) as ReadableStream<Uint8Array>)
        : new Uint8ArrayReader(e.bytes ?? (await e.make!()));
      await zip.add(e.name, reader, { level: e.compress ? 6 : 0, lastModDate: stamp });
    }
    await zip.close();
    if (!out.writableFinished) await finished(out);
    // Flushed before it takes its name, and the name flushed after: a power cut never leaves a short archive.
    // Owner-only like the packet, even over a stale temp of the same name that kept an older mode.
    await chmod(tmp, 0o600);
    await fsyncFile(tmp);
    await rename(tmp, target);
    await fsyncDir(path.dirname(target));
  } catch (error) {
    out.destroy();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
