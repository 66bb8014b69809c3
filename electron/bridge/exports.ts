import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSummary, ParsedInput } from '../ipc/contract.ts';
import { runExport } from '../services/calls/export.ts';
import type { Locker } from '../services/locker.ts';

export type ExportFile = { file: string; name: string; contentType: string; size: number };

const DOWNLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * Packets written for the browser: each export goes into its own folder under a per-run folder inside the
 * locker (`exports/run-…/`), and each written file gets a random download id. The page downloads by that
 * id only; the id → file map lives in this process, so no request can name a path.
 */
export class ExportDownloads {
  private readonly files = new Map<string, { file: string; name: string }>();
  private hasSwept = false;
  readonly root: string;

  constructor(private readonly locker: Locker) {
    this.root = path.join(locker.dir, 'exports', `run-${randomBytes(8).toString('hex')}`);
  }

  async run(input: ParsedInput<'export:run'>): Promise<ExportSummary> {
    if (!this.hasSwept) await this.sweep();
    const dir = path.join(this.root, randomBytes(8).toString('hex'));
    // 0700: the packet holds the case's evidence; other users on the machine have no business reading it.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const summary = await runExport(this.locker, input, path.join(dir, 'evidence-packet.pdf'), (file) => {
      const id = randomBytes(16).toString('hex');
      this.files.set(id, { file, name: path.basename(file) });
      return id;
    });
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
    try {
      const info = await stat(entry.file);
      return info.isFile() ? { ...entry, contentType, size: info.size } : null;
    } catch {
      return null;
    }
  }

  /** Registers a file written into this run's folder (a backup) as a download; returns its id. */
  track(file: string, name = path.basename(file)): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { file, name });
    return id;
  }

  /** A fresh folder inside this run's folder for one more file to hand over. */
  async folder(): Promise<string> {
    if (!this.hasSwept) await this.sweep();
    const dir = path.join(this.root, randomBytes(8).toString('hex'));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** A run that ended without closing (a crash, a kill) leaves its folder; a day later it goes. */
  private async sweep(): Promise<void> {
    this.hasSwept = true;
    const parent = path.dirname(this.root);
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith('run-') || path.join(parent, name) === this.root) continue;
      const info = await stat(path.join(parent, name)).catch(() => null);
      if (info?.isDirectory() && Date.now() - info.mtimeMs > 86_400_000) {
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
