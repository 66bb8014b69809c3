import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectCipher } from '../services/crypto/object-cipher.ts';
import { ephemeralCipher, SealedFile, sealingStream } from '../services/sealed-file.ts';
import type { ExportSummary, ParsedInput } from '../ipc/contract.ts';
import { runExport } from '../services/calls/export.ts';
import { exportInChild } from '../services/export/child.ts';
import type { Locker } from '../services/locker.ts';

export type ExportFile = {
  file: string;
  name: string;
  contentType: string;
  /** The size of what `open` streams (the packet itself, also when it waits sealed). */
  size: number;
  open: () => Readable;
};

type Entry = { file: string; name: string; sealed: SealedFile | null };

const DOWNLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * Packets written for the browser: each export goes into its own folder under a per-run folder inside the
 * locker (`exports/run-…/`), and each written file gets a random download id. The page downloads by that
 * id only; the id → file map lives in this process, so no request can name a path.
 *
 * In an encrypted locker a packet and its archive are sealed the moment they are written, under a key only
 * this process holds, and decrypted as they stream to the browser: they do not wait in clear in `exports/`.
 */
export class ExportDownloads {
  private readonly files = new Map<string, Entry>();
  private hasSwept = false;
  private readonly cipher: ObjectCipher | null;
  readonly root: string;

  constructor(private readonly locker: Locker) {
    this.root = path.join(locker.dir, 'exports', `run-${randomBytes(8).toString('hex')}`);
    this.cipher = locker.objects.encrypted ? ephemeralCipher() : null;
  }

  async run(input: ParsedInput<'export:run'>): Promise<ExportSummary> {
    if (!this.hasSwept) await this.sweep();
    const dir = path.join(this.root, randomBytes(8).toString('hex'));
    // 0700: the packet holds the case's evidence; other users on the machine have no business reading it.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const written: Entry[] = [];
    let summary: ExportSummary;
    try {
      summary = await runExport(
        this.locker,
        input,
        path.join(dir, 'evidence-packet.pdf'),
        (file) => {
          const id = randomBytes(16).toString('hex');
          const entry: Entry = { file, name: path.basename(file), sealed: null };
          this.files.set(id, entry);
          written.push(entry);
          return id;
        },
        // In a process of its own: the bridge keeps answering the page while pdfkit lays out the pages.
        exportInChild,
      );
      for (const entry of written) await this.seal(entry);
    } catch (error) {
      // Nothing half-written (or left in clear) stays behind a failed export.
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    // The download carries the packet reference the officer will quote: `EL-20251125-ABCD1234.pdf`.
    for (const f of summary.files) {
      const name = f.name.replace(/^evidence-packet/, summary.reference);
      f.name = name;
      const entry = f.downloadId ? this.files.get(f.downloadId) : undefined;
      if (entry) entry.name = name;
    }
    return summary;
  }

  async find(id: string): Promise<ExportFile | null> {
    if (!DOWNLOAD_ID.test(id)) return null;
    const entry = this.files.get(id);
    if (!entry) return null;
    const lower = entry.file.toLowerCase();
    const contentType =
      lower.endsWith('.zip') || lower.endsWith('.backup') ? 'application/zip' : 'application/pdf';
    const sealed = entry.sealed;
    try {
      const info = await stat(sealed ? sealed.path : entry.file);
      if (!info.isFile()) return null;
      return {
        file: entry.file,
        name: entry.name,
        contentType,
        size: sealed ? sealed.size : info.size,
        open: sealed ? () => sealed.stream() : () => createReadStream(entry.file),
      };
    } catch {
      return null;
    }
  }

  /** In an encrypted locker: the written file is replaced by its sealed copy before anyone can download it. */
  private async seal(entry: Entry): Promise<void> {
    if (!this.cipher) return;
    const target = `${entry.file}.sealed`;
    const { size } = await stat(entry.file);
    await pipeline(
      createReadStream(entry.file),
      sealingStream(this.cipher),
      createWriteStream(target, { flags: 'wx', mode: 0o600 }),
    );
    await unlink(entry.file);
    entry.sealed = new SealedFile(target, this.cipher, size, Date.now());
  }

  /** Registers a file written into this run's folder (a backup) as a download; returns its id. */
  track(file: string, name = path.basename(file)): string {
    const id = randomBytes(16).toString('hex');
    // A backup of an encrypted locker is encrypted already; it is handed over as it is.
    this.files.set(id, { file, name, sealed: null });
    return id;
  }

  /** A fresh folder inside this run's folder for one more file to hand over. */
  async folder(): Promise<string> {
    if (!this.hasSwept) await this.sweep();
    const dir = path.join(this.root, randomBytes(8).toString('hex'));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /**
   * A run that ended without closing (a crash, a kill) leaves its folder; a day later it goes. In an encrypted
   * locker it goes once ten minutes old (no export takes longer to write): what it holds was either sealed under
   * a key that died with that run, or a packet a kill cut off before it was sealed — in clear, so not kept.
   */
  async sweep(now = Date.now()): Promise<void> {
    this.hasSwept = true;
    const parent = path.dirname(this.root);
    const names = await readdir(parent).catch(() => [] as string[]);
    const maxAge = this.cipher ? 10 * 60_000 : 86_400_000;
    for (const name of names) {
      if (!name.startsWith('run-') || path.join(parent, name) === this.root) continue;
      const info = await stat(path.join(parent, name)).catch(() => null);
      if (info?.isDirectory() && now - info.mtimeMs > maxAge) {
        await rm(path.join(parent, name), { recursive: true, force: true });
      }
    }
  }

  /** The packets were handed over as downloads; the run's copies go when the bridge stops. */
  async close(): Promise<void> {
    this.files.clear();
    await rm(this.root, { recursive: true, force: true });
  }
}

/** `attachment` with an ASCII fallback and the exact name in RFC 5987 form. */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
