import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ObjectCipher } from './crypto/object-cipher.ts';

/** Hex SHA-256 and length of bytes that arrive in chunks (a file, an original being decrypted). */
export async function hashChunks(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Hex SHA-256 of a file, streamed (memory stays flat whatever the size). */
export function hashFile(file: string | Buffer): Promise<{ sha256: string; size: number }> {
  return hashChunks(createReadStream(file, { highWaterMark: 1 << 20 }));
}

const SHA_RE = /^[0-9a-f]{64}$/;

/**
 * The file of the original stored under `name` (its SHA-256, or in an encrypted store the keyed hash of it)
 * in a folder laid out as objects/ is: `ab/abcdef…`. Turning encryption on builds the keyed folder with it.
 */
export function objectFile(objectsDir: string, name: string): string {
  if (!SHA_RE.test(name)) throw new Error(`not an object name: ${name}`);
  return path.join(objectsDir, name.slice(0, 2), name);
}

export class FileChangedWhileReadingError extends Error {
  constructor(file: string) {
    super(
      `${path.basename(file)} changed while it was being filed; nothing was stored. Try again once it is saved.`,
    );
    this.name = 'FileChangedWhileReadingError';
  }
}

/**
 * The content-addressed store of originals: `objects/ab/abcdef…` named by SHA-256, read-only on disk.
 * A file appears under its final name only complete and flushed (temp → fsync → rename → directory fsync),
 * so a crash leaves either nothing or the whole original, never a partial one.
 *
 * In an encrypted locker every original and thumbnail is sealed with `ObjectCipher` on its way in (the temp
 * file already holds ciphertext) and named by an HMAC of its hash; callers see only plaintext, through
 * `read`, `stream` and `readThumb`, and never need to know which kind of store they have.
 */
export class ObjectStore {
  readonly objectsDir: string;
  readonly tmpDir: string;
  readonly thumbsDir: string;
  /** Originals no row refers to, moved aside by `sweep` instead of being deleted. */
  readonly orphansDir: string;
  /** Uploads being received before they are filed (ipc/uploads.ts): never needed after the run that made them. */
  readonly stagingDir: string;
  /** Prefix folders this process has seen made durable in objects/ (fsynced after they appeared). */
  private readonly durablePrefixes = new Set<string>();

  constructor(
    readonly root: string,
    private readonly cipher: ObjectCipher | null = null,
  ) {
    this.objectsDir = path.join(root, 'objects');
    this.tmpDir = path.join(root, 'tmp');
    this.thumbsDir = path.join(root, 'thumbs');
    this.orphansDir = path.join(root, 'orphans');
    this.stagingDir = path.join(root, 'staging');
  }

  get encrypted(): boolean {
    return this.cipher !== null;
  }

  async init(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true, mode: 0o700 });
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(this.thumbsDir, { recursive: true, mode: 0o700 });
  }

  /** The file name an original is kept under: its SHA-256, or in an encrypted store an HMAC of it. */
  nameFor(sha256: string): string {
    // The name is always derived from our own hash; refuse anything else so no caller can point outside the store.
    if (!SHA_RE.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return this.cipher ? this.cipher.nameFor(sha256) : sha256;
  }

  /**
   * Where the stored file is: the one way from an original's SHA-256 to its file, which every reader (read,
   * stream, verify, backup, export, the duplicate check of an import) goes through. Its bytes are ciphertext
   * in an encrypted store: read through `read`/`stream`.
   */
  pathFor(sha256: string): string {
    return objectFile(this.objectsDir, this.nameFor(sha256));
  }

  thumbPathFor(sha256: string): string {
    return path.join(this.thumbsDir, `${this.nameFor(sha256)}${this.cipher ? '.enc' : '.webp'}`);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathFor(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** The original as filed, whole. For large files prefer `stream`. */
  async read(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.pathFor(sha256));
    return this.cipher ? this.cipher.decryptBuffer(bytes) : bytes;
  }

  /** The original as filed, streamed; an encrypted one is authenticated chunk by chunk as it is read. */
  stream(sha256: string): Readable {
    const file = this.pathFor(sha256);
    return this.cipher
      ? Readable.from(this.cipher.decryptFile(file), { objectMode: false })
      : createReadStream(file, { highWaterMark: 1 << 20 });
  }

  /** Stores bytes already in memory (and already hashed by the caller, who analysed these same bytes). */
  async putBuffer(bytes: Buffer, sha256: string): Promise<{ sha256: string; size: number; isNew: boolean }> {
    if (await this.has(sha256)) {
      await this.makeDurable(sha256);
      return { sha256, size: bytes.length, isNew: false };
    }
    const tmp = this.tempName();
    try {
      const out = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await out.writeFile(this.cipher ? this.cipher.encryptBuffer(bytes) : bytes);
        await out.sync();
      } finally {
        await out.close();
      }
      return { sha256, size: bytes.length, isNew: await this.settle(tmp, sha256) };
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Streams `file` into the store. `expectedSha256` is the hash the caller decided on; the copy is hashed
   * again as it is written, and a mismatch (the file changed in between) stores nothing.
   */
  async put(
    /** A path, or the plaintext as a stream (an upload kept sealed until filed). */
    file: string | Buffer | Readable,
    expectedSha256: string,
    label = file instanceof Readable ? 'the upload' : String(file),
  ): Promise<{ sha256: string; size: number; isNew: boolean }> {
    const tmp = this.tempName();
    const hash = createHash('sha256');
    const seal = this.cipher?.encryptor();
    let size = 0;
    try {
      const out = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        const source = file instanceof Readable ? file : createReadStream(file, { highWaterMark: 1 << 20 });
        for await (const chunk of source) {
          const buf = chunk as Buffer;
          hash.update(buf);
          size += buf.length;
          if (seal) for (const part of seal.push(buf)) await out.write(part);
          else await out.write(buf);
        }
        if (seal) for (const part of seal.final()) await out.write(part);
        await out.sync();
      } finally {
        await out.close();
      }
      const sha256 = hash.digest('hex');
      if (sha256 !== expectedSha256) throw new FileChangedWhileReadingError(label);
      return { sha256, size, isNew: await this.settle(tmp, sha256) };
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
  }

  /** Keeps the thumbnail of an original (sealed like the original in an encrypted store). */
  async putThumb(sha256: string, webp: Buffer): Promise<void> {
    await writeFileAtomic(
      this.thumbPathFor(sha256),
      this.cipher ? this.cipher.encryptBuffer(webp) : webp,
      false,
    );
  }

  /** The WebP thumbnail of an original, or null when it has none (or it cannot be read). */
  async readThumb(sha256: string): Promise<Buffer | null> {
    try {
      const bytes = await readFile(this.thumbPathFor(sha256));
      return this.cipher ? this.cipher.decryptBuffer(bytes) : bytes;
    } catch {
      return null;
    }
  }

  /** Which originals have a thumbnail: one directory read, then a lookup per item. */
  async thumbIndex(): Promise<(sha256: string) => boolean> {
    const suffix = this.cipher ? '.enc' : '.webp';
    let names: Set<string>;
    try {
      names = new Set(
        (await readdir(this.thumbsDir))
          .filter((n) => n.endsWith(suffix))
          .map((n) => n.slice(0, -suffix.length)),
      );
    } catch {
      names = new Set();
    }
    return (sha256) => SHA_RE.test(sha256) && names.has(this.nameFor(sha256));
  }

  private tempName(): string {
    return path.join(this.tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}.part`);
  }

  /** Moves a flushed temp file to its final, read-only name; false when those bytes were already stored. */
  private async settle(tmp: string, sha256: string): Promise<boolean> {
    const target = this.pathFor(sha256);
    if (await this.has(sha256)) {
      await unlink(tmp);
      await this.makeDurable(sha256);
      return false;
    }
    // Read-only, and owner-only: no other user on the machine reads an original.
    await chmod(tmp, 0o400);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await rename(tmp, target);
    await fsyncDir(dir);
    await this.prefixDurable(dir);
    return true;
  }

  /**
   * The same bytes are already stored, perhaps by a process that died between its rename and its directory
   * fsync: flush the file and its folders before a new row may point at it.
   */
  private async makeDurable(sha256: string): Promise<void> {
    const file = this.pathFor(sha256);
    // Originals are read-only on disk: flushed through a read-only handle.
    await fsyncFile(file, constants.O_RDONLY);
    await fsyncDir(path.dirname(file));
    this.durablePrefixes.delete(path.dirname(file));
    await this.prefixDurable(path.dirname(file));
  }

  /**
   * A prefix folder is an entry of objects/: flushed once per process, whoever made it (a folder left by an
   * attempt that failed before this flush must not be trusted).
   */
  private async prefixDurable(dir: string): Promise<void> {
    if (this.durablePrefixes.has(dir)) return;
    await fsyncDir(this.objectsDir);
    this.durablePrefixes.add(dir);
  }

  /**
   * Tidies what a crash can leave behind: temp files are removed; originals (and thumbnails) no database row
   * refers to are moved to `orphans/`, never deleted — the database may be an older copy put back over newer
   * originals, and an original is never thrown away without the user. An orphan the database refers to again
   * (the newer database restored) is moved back. Only files older than `minAgeMs` are touched, so an import
   * running in another process at this moment is never disturbed. `referenced` lists the SHA-256 of every
   * recorded original; with `objects: false` (the database is behind the log's head mirror) originals and
   * thumbnails are left where they are.
   */
  async sweep(
    referenced: () => Iterable<string>,
    minAgeMs = 10 * 60_000,
    now = Date.now(),
    options: { objects?: boolean } = {},
  ): Promise<number> {
    let removed = 0;
    const old = async (file: string) => now - (await stat(file)).mtimeMs > minAgeMs;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const file = path.join(this.tmpDir, name);
      if (await old(file).catch(() => false)) {
        await unlink(file).catch(() => undefined);
        removed += 1;
      }
    }
    // A staged upload may still be streaming in another process: only what is an hour old goes.
    for (const name of await readdir(this.stagingDir).catch(() => [] as string[])) {
      const entry = path.join(this.stagingDir, name);
      if (
        now -
          (await stat(entry).then(
            (i) => i.mtimeMs,
            () => now,
          )) >
        Math.max(minAgeMs, 60 * 60_000)
      ) {
        await rm(entry, { recursive: true, force: true }).catch(() => undefined);
        removed += 1;
      }
    }
    // Small files written temp → rename (thumbnails, custody-head.json) leave `*.tmp` when a crash cuts in.
    for (const dir of [this.thumbsDir, this.root]) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!/\.[0-9a-f]{12}\.tmp$/.test(name)) continue;
        const file = path.join(dir, name);
        if (await old(file).catch(() => false)) {
          await unlink(file).catch(() => undefined);
          removed += 1;
        }
      }
    }
    if (options.objects === false) return removed;
    let keep: Set<string> | null = null;
    const kept = () => (keep ??= new Set(Array.from(referenced(), (sha) => this.nameFor(sha))));
    await this.unquarantine(kept);
    // A thumbnail is written before its item's row commits: one whose original was never recorded goes too.
    const suffix = this.cipher ? '.enc' : '.webp';
    for (const name of await readdir(this.thumbsDir).catch(() => [] as string[])) {
      if (!name.endsWith(suffix) || !SHA_RE.test(name.slice(0, -suffix.length))) continue;
      if (kept().has(name.slice(0, -suffix.length))) continue;
      const file = path.join(this.thumbsDir, name);
      if (await old(file).catch(() => false)) {
        if (await this.quarantine(file, 'thumbs', name)) removed += 1;
      }
    }
    for (const prefix of await readdir(this.objectsDir).catch(() => [] as string[])) {
      const dir = path.join(this.objectsDir, prefix);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!SHA_RE.test(name)) continue;
        if (kept().has(name)) continue;
        const file = path.join(dir, name);
        if (await old(file).catch(() => false)) {
          if (await this.quarantine(file, 'objects', name)) removed += 1;
        }
      }
    }
    return removed;
  }

  /** The originals (by stored name) waiting in `orphans/`: no row of this database points at them. */
  async listOrphans(): Promise<{ name: string; size: number }[]> {
    const dir = path.join(this.orphansDir, 'objects');
    const out: { name: string; size: number }[] = [];
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!SHA_RE.test(name)) continue;
      const info = await lstat(path.join(dir, name)).catch(() => null);
      if (info?.isFile()) out.push({ name, size: info.size });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  private async quarantine(file: string, kind: 'objects' | 'thumbs', name: string): Promise<boolean> {
    const dir = path.join(this.orphansDir, kind);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const target = path.join(dir, name);
    // Same bytes already quarantined (content-addressed): the copy in place is the same original.
    if (await stat(target).catch(() => null)) {
      await unlink(file).catch(() => undefined);
      return true;
    }
    try {
      await rename(file, target);
      await fsyncDir(dir);
      return true;
    } catch {
      return false;
    }
  }

  /** Moves back every quarantined original and thumbnail that a row of this database points at. */
  private async unquarantine(kept: () => Set<string>): Promise<void> {
    const objects = path.join(this.orphansDir, 'objects');
    for (const name of await readdir(objects).catch(() => [] as string[])) {
      if (!SHA_RE.test(name) || !kept().has(name)) continue;
      // Only a regular file goes back among the originals: a link planted in orphans/ stays where it is.
      if (!(await lstat(path.join(objects, name)).catch(() => null))?.isFile()) continue;
      const dir = path.join(this.objectsDir, name.slice(0, 2));
      await mkdir(dir, { recursive: true });
      const target = path.join(dir, name);
      if (await stat(target).catch(() => null)) continue;
      await rename(path.join(objects, name), target).catch(() => undefined);
      await fsyncDir(dir).catch(() => undefined);
    }
    const suffix = this.cipher ? '.enc' : '.webp';
    const thumbs = path.join(this.orphansDir, 'thumbs');
    for (const name of await readdir(thumbs).catch(() => [] as string[])) {
      if (!name.endsWith(suffix) || !kept().has(name.slice(0, -suffix.length))) continue;
      if (!(await lstat(path.join(thumbs, name)).catch(() => null))?.isFile()) continue;
      const target = path.join(this.thumbsDir, name);
      if (await stat(target).catch(() => null)) continue;
      await rename(path.join(thumbs, name), target).catch(() => undefined);
    }
  }
}

/** Flushes a file's bytes to disk (before it takes its final name, or before a row may point at it). */
export async function fsyncFile(file: string, flags: string | number = 'r+'): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable: on POSIX the directory entry itself must be flushed. Windows cannot open directories. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a small file atomically (temp → fsync → rename → directory fsync). */
export async function writeFileAtomic(file: string, data: string | Buffer, durable = true): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  if (durable) await fsyncDir(path.dirname(file));
}
