import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, LockerInputError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import type { ObjectCipher } from '../services/crypto/object-cipher.ts';
import { ephemeralCipher, SealedFile, sealingStream } from '../services/sealed-file.ts';
import { sanitiseFileName } from '../security.ts';
import type { ImportSummary } from './contract.ts';
import { importPaths } from '../services/calls/imports.ts';

/** `source` is the staged path, or in an encrypted locker the sealed file at that path. */
type StagedFile = { file: string; source: string | SealedFile; name: string; index: number };
type Batch = { caseId: string; dir: string; files: StagedFile[]; pending: number; timer: NodeJS.Timeout };
export type StagingOptions = {
  maxFileBytes?: number;
  maxFiles?: number;
  /** A batch never committed is discarded after this long. */
  ttlMs?: number;
  tmpRoot?: string;
};

export class UploadTooLargeError extends LockerInputError {}

/**
 * Uploaded bytes become files the intake can read: each one is streamed into a private folder (0700) in the
 * locker's `staging/`
 * under a sanitised name (names are data, never paths), filed with `addPaths`, and removed afterwards.
 * Used by the loopback bridge for every import and by Electron for pasted screenshots, which have no path.
 * In an encrypted locker the bytes are sealed on their way to disk under a key only this process holds
 * (sealed-file.ts): an upload is never in clear on disk, not even while it is being filed or after a kill.
 */
export class UploadStaging {
  private readonly batches = new Map<string, Batch>();
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly ttlMs: number;
  private readonly tmpRoot: string;
  /** Seals staged bytes in an encrypted locker; null in a plain one (whose originals are plain too). */
  private readonly cipher: ObjectCipher | null;

  constructor(
    private readonly locker: Locker,
    options: StagingOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? 2 * 1024 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 10_000;
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    // Inside the locker, not the system temp folder: swept at the next open after a kill, removed before a
    // conversion to encryption, and never readable by other users (the locker folder is 0700).
    this.tmpRoot = options.tmpRoot ?? locker.objects.stagingDir;
    this.cipher = locker.objects.encrypted ? ephemeralCipher() : null;
  }

  async begin(caseId: string): Promise<{ batchId: string }> {
    const c = this.locker.getCase(caseId);
    if (c.id !== caseId) throw new NotFoundError('case', caseId);
    // mkdtemp creates the folder 0700: other users on the machine cannot read what is being filed.
    await mkdir(this.tmpRoot, { recursive: true, mode: 0o700 });
    const dir = await mkdtemp(path.join(this.tmpRoot, 'locker-upload-'));
    const batchId = randomBytes(16).toString('hex');
    const timer = setTimeout(() => void this.discard(batchId), this.ttlMs);
    timer.unref();
    this.batches.set(batchId, { caseId, dir, files: [], pending: 0, timer });
    return { batchId };
  }

  /** Streams one file into the batch, refusing it past `maxFileBytes`. */
  async receive(
    batchId: string,
    rawName: unknown,
    lastModified: number | null,
    source: NodeJS.ReadableStream | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<void> {
    const batch = this.batches.get(batchId);
    if (!batch) throw new NotFoundError('upload-batch', batchId);
    if (batch.files.length + batch.pending >= this.maxFiles) {
      throw new LockerInputError('upload.too-many', { max: this.maxFiles });
    }
    const index = batch.files.length + batch.pending;
    batch.pending += 1;
    try {
      const name = sanitiseFileName(rawName);
      // One folder per file: two uploads called `image.png` must not overwrite each other.
      const dir = path.join(batch.dir, String(index));
      await mkdir(dir, { mode: 0o700 });
      // In an encrypted locker the staged copy's name says nothing either: the upload's name is only a label.
      const file = path.join(dir, name);
      const written = this.cipher ? path.join(dir, 'sealed') : file;
      let size = 0;
      const limit = this.maxFileBytes;
      const guard = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > limit) done(new UploadTooLargeError('upload.too-large', { name }));
          else done(null, chunk);
        },
      });
      const sink = createWriteStream(written, { flags: 'wx', mode: 0o600 });
      if (this.cipher) await pipeline(source, guard, sealingStream(this.cipher), sink);
      else await pipeline(source, guard, sink);
      // The browser knows when the file was last modified; keep it, as it is a fallback time for the item.
      const hasTime = lastModified !== null && Number.isFinite(lastModified) && lastModified > 0;
      if (hasTime && !this.cipher) {
        const when = new Date(lastModified);
        await utimes(file, when, when).catch(() => undefined);
      }
      const staged = this.cipher
        ? new SealedFile(written, this.cipher, size, hasTime ? lastModified : Date.now(), file)
        : file;
      batch.files.push({ file, source: staged, name, index });
    } finally {
      batch.pending -= 1;
    }
  }

  async commit(batchId: string, method = 'upload'): Promise<ImportSummary> {
    const batch = this.batches.get(batchId);
    if (!batch) throw new NotFoundError('upload-batch', batchId);
    if (batch.pending) throw new LockerInputError('upload.still-receiving');
    this.batches.delete(batchId);
    clearTimeout(batch.timer);
    try {
      // Filed in the order the files were chosen, whatever order their uploads finished in.
      batch.files.sort((a, b) => a.index - b.index);
      const names = new Map(batch.files.map((f) => [f.file, f.name]));
      // A locked archive is filed like any file: its item waits for the password (opened from the store).
      const summary = await importPaths(
        this.locker,
        batch.caseId,
        batch.files.map((f) => f.source),
        method,
        (file) => names.get(file) ?? path.basename(file),
        // The staged copy is not where the file came from: the custody log says it arrived as an upload.
        (file) => `${method}: ${names.get(file) ?? path.basename(file)}`,
      );
      return summary;
    } finally {
      await rm(batch.dir, { recursive: true, force: true });
    }
  }

  /** Files bytes already in memory (pasted screenshots) through the same staging. */
  async fileBytes(
    caseId: string,
    files: { name: string; lastModified?: number | undefined; bytes: Uint8Array }[],
    method: string,
  ): Promise<ImportSummary> {
    const { batchId } = await this.begin(caseId);
    try {
      for (const f of files) {
        await this.receive(batchId, f.name, f.lastModified ?? null, [f.bytes]);
      }
    } catch (error) {
      await this.discard(batchId);
      throw error;
    }
    return this.commit(batchId, method);
  }

  async discard(batchId: string): Promise<void> {
    const batch = this.batches.get(batchId);
    if (!batch) return;
    this.batches.delete(batchId);
    clearTimeout(batch.timer);
    await rm(batch.dir, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.batches.keys()].map((id) => this.discard(id)));
  }
}
