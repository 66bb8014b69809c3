import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Entry, FileEntry } from '@zip.js/zip.js';
import { BlobReader, Uint8ArrayWriter, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { listBlobs } from '../../db/queries/evidence.ts';
import { fsReason, LockerInputError } from './errors.ts';
import { narrowToCase } from './backup-case.ts';
import { recordBackup } from './backup-record.ts';
import { isCoded, type Coded } from '../messages/say.ts';
import {
  databaseKey,
  KEY_FILE,
  parseKeyFile,
  readKeyFile,
  unlockMaster,
  type Unlock,
} from './crypto/keys.ts';
import { DATABASE_FILE, Locker } from './locker.ts';
import { fsyncDir, fsyncFile, hashFile, writeFileAtomic } from './object-store.ts';
import { verifyLocker, type VerifyReport } from './verify.ts';

/**
 * One file that holds a whole locker: a copy of the database made with SQLite's online backup API (never a
 * raw copy of a live file) and every original, stored uncompressed under its SHA-256, plus a manifest of
 * every entry's hash. Written to a temp name and checked entry by entry before it takes its final name.
 *
 * An encrypted locker's backup stays encrypted: the database is copied with VACUUM INTO (SQLite's other
 * consistent online copy, which keeps the cipher and key — the backup API refuses an encrypted source), the
 * originals travel as stored (sealed, under their HMAC names), with the wrapped key file beside them. The same
 * passphrase or recovery key opens the restored locker; nothing readable leaves the locker on the way.
 */

const FORMAT = 'evidence-locker-backup';
const OBJECT_RE = /^objects\/[0-9a-f]{2}\/([0-9a-f]{64})$/;
const KEY_ENTRY = KEY_FILE;

type Manifest = {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  schema: number;
  /** Present and true when the database and originals inside are encrypted (names are then HMACs). */
  encrypted?: boolean;
  /**
   * Present when the backup holds one case only. The title only in a plain backup: the manifest is the one
   * entry of an encrypted backup that is not sealed, and a case's title says what the dispute is about.
   */
  case?: { id: string; title?: string };
  entries: { name: string; size: number; sha256: string }[];
};

export type BackupResult = { path: string; bytes: number; sha256: string; objects: number; entries: number };

/** Writes the backup of `locker` to `out` and checks it by reading every entry back against the manifest. */
export type BackupProgress = {
  done: number;
  total: number;
  phase: 'writing' | 'checking' | 'restoring' | 'verifying';
};

export type BackupOptions = {
  /** Only this case: its records and originals (the custody log stays whole, see backup-case.ts). */
  caseId?: string;
  onProgress?: (p: BackupProgress) => void;
};

export async function backupLocker(
  locker: Locker,
  out: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  try {
    return await writeBackup(locker, out, options);
  } catch (error) {
    throw asCoded(error, 'backup.write-failed', out);
  }
}

/**
 * A failure of a backup or a restore as a message the user reads in their language: one already coded (a
 * refusal, a locked backup, a damaged database) as it is, anything else (the disk full, a folder that cannot be
 * written) as `code` with the file and the system's reason.
 */
function asCoded(
  error: unknown,
  code: 'backup.write-failed' | 'backup.restore-failed',
  file: string,
): unknown {
  if (isCoded((error as { coded?: unknown } | null)?.coded)) return error;
  return new LockerInputError(code, { file: path.resolve(file), reason: fsReason(error) });
}

/** The message of a failed backup job (BackupJobs): what `backupLocker`/`restoreLocker` threw, coded. */
export function backupFailure(error: unknown): Coded {
  const c = (error as { coded?: unknown } | null)?.coded;
  return isCoded(c) ? c : fsReason(error);
}

async function writeBackup(locker: Locker, out: string, options: BackupOptions): Promise<BackupResult> {
  const onProgress = options.onProgress ?? (() => undefined);
  const only = options.caseId === undefined ? null : locker.getCase(options.caseId);
  const target = path.resolve(out);
  const work = await mkdtemp(path.join(os.tmpdir(), 'locker-backup-'));
  const partial = `${target}.${process.pid}.partial`;
  try {
    const dbCopy = path.join(work, DATABASE_FILE);
    if (locker.encrypted) locker.db.prepare('VACUUM INTO ?').run(dbCopy);
    else await locker.db.backup(dbCopy);
    const master = locker.masterKey();
    if (only)
      narrowToCase(dbCopy, only.id, { ...(master ? { key: databaseKey(master) } : {}), at: locker.now() });
    const files: { name: string; file: string }[] = [{ name: DATABASE_FILE, file: dbCopy }];
    if (locker.encrypted) files.push({ name: KEY_ENTRY, file: path.join(locker.dir, KEY_FILE) });
    const wanted = only
      ? new Set(locker.listEvidence(only.id, { includeDeleted: true }).map((e) => e.sha256))
      : null;
    for (const blob of [...listBlobs(locker.db)]) {
      if (wanted && !wanted.has(blob.sha256)) continue;
      const stored = locker.objects.pathFor(blob.sha256);
      files.push({
        name: `objects/${path.basename(path.dirname(stored))}/${path.basename(stored)}`,
        file: stored,
      });
    }
    const entries: Manifest['entries'] = [];
    for (const f of files) entries.push({ name: f.name, ...(await hashFile(f.file)) });
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      createdAt: locker.now(),
      schema: locker.db.pragma('user_version', { simple: true }) as number,
      ...(locker.encrypted ? { encrypted: true } : {}),
      ...(only ? { case: locker.encrypted ? { id: only.id } : { id: only.id, title: only.title } } : {}),
      entries,
    };

    const sink = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const zip = new ZipWriter(Writable.toWeb(sink), { useWebWorkers: false, level: 0, keepOrder: true });
    await zip.add('manifest.json', new Blob([JSON.stringify(manifest, null, 2)]).stream());
    let done = 0;
    for (const f of files) {
      // The cast names the global stream type: the renderer's type check (DOM) reads this file for the call types.
      await zip.add(f.name, Readable.toWeb(createReadStream(f.file)) as ReadableStream<Uint8Array>);
      onProgress({ done: ++done, total: files.length, phase: 'writing' });
    }
    await zip.close();
    await new Promise<void>((resolve, reject) => {
      if (sink.closed) resolve();
      else sink.once('close', () => resolve()).once('error', reject);
    });

    await fsyncFile(partial);
    let checked = 0;
    const check = await readBackup(partial, () => {
      onProgress({ done: ++checked, total: files.length, phase: 'checking' });
      return Promise.resolve();
    });
    if (check.entries !== entries.length) throw new Error('the backup did not read back whole');
    await rename(partial, target);
    await fsyncDir(path.dirname(target));
    const { sha256, size } = await hashFile(target);
    // Only a backup of everything can stand in for the locker when it is damaged.
    if (!only) recordBackup(locker, { path: target, at: locker.now(), sha256, bytes: size });
    const objects = files.filter((f) => OBJECT_RE.test(f.name)).length;
    return { path: target, bytes: size, sha256, objects, entries: entries.length };
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

/** The backup's entries and manifest; a file that is not a zip, or not ours, is said to be no backup. */
async function openBackup(file: string): Promise<{
  reader: ZipReader<unknown>;
  all: FileEntry[];
  manifestEntry: FileEntry;
  manifest: Manifest;
}> {
  // A Blob backed by the file: entries are read from disk one at a time, never the whole backup at once.
  const reader = new ZipReader(new BlobReader(await openAsBlob(file)), { useWebWorkers: false });
  try {
    let all: FileEntry[];
    try {
      all = (await reader.getEntries()).filter((e: Entry): e is FileEntry => !e.directory);
    } catch {
      throw new LockerInputError('backup.not-ours');
    }
    const manifestEntry = all.find((e) => e.filename === 'manifest.json');
    if (!manifestEntry) throw new LockerInputError('backup.no-manifest');
    let manifest: Manifest;
    try {
      manifest = JSON.parse(
        new TextDecoder().decode(await manifestEntry.getData(new Uint8ArrayWriter())),
      ) as Manifest;
    } catch {
      throw new LockerInputError('backup.not-ours');
    }
    if (manifest?.format !== FORMAT || !Array.isArray(manifest.entries)) {
      throw new LockerInputError('backup.not-ours');
    }
    return { reader, all, manifestEntry, manifest };
  } catch (error) {
    await reader.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The master key of an encrypted backup, from its own wrapped key file and what `unlock` gives, before anything
 * is written: a backup that stays locked leaves no folder behind. Null for a plain backup.
 */
async function unlockBackup(file: string, unlock: () => Promise<Unlock>): Promise<Buffer | null> {
  const { reader, all, manifest } = await openBackup(file);
  try {
    if (manifest.encrypted !== true) return null;
    const entry = all.find((e) => e.filename === KEY_ENTRY);
    const want = manifest.entries.find((e) => e.name === KEY_ENTRY);
    if (!entry || !want) throw new LockerInputError('backup.incomplete', { name: KEY_ENTRY });
    const bytes = await entry.getData(new Uint8ArrayWriter(), { checkCrc32: true }).catch((error: Error) => {
      throw new LockerInputError('backup.entry-unreadable', { name: KEY_ENTRY, detail: error.message });
    });
    if (createHash('sha256').update(bytes).digest('hex') !== want.sha256) {
      throw new LockerInputError('backup.entry-mismatch', { name: KEY_ENTRY });
    }
    return await unlockMaster(parseKeyFile(new TextDecoder().decode(bytes), KEY_ENTRY), await unlock());
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/**
 * Reads every entry of a backup, checking each against the manifest (size and SHA-256) and each original
 * against the name it is stored under; `onEntry` receives the checked bytes. Throws on the first mismatch.
 */
async function readBackup(
  file: string,
  onEntry: (name: string, bytes: Uint8Array, progress: { done: number; total: number }) => Promise<void>,
): Promise<{ manifest: Manifest; entries: number }> {
  const { reader, all, manifestEntry, manifest } = await openBackup(file);
  try {
    const expected = new Map(manifest.entries.map((e) => [e.name, e]));
    let count = 0;
    for (const entry of all) {
      if (entry === manifestEntry) continue;
      const want = expected.get(entry.filename);
      // Names are data: only the database and originals named by their own hash are ever written.
      const allowed =
        entry.filename === DATABASE_FILE ||
        OBJECT_RE.test(entry.filename) ||
        (manifest.encrypted === true && entry.filename === KEY_ENTRY);
      if (!want || !allowed) {
        throw new LockerInputError('backup.stray-entry', { name: entry.filename.slice(0, 120) });
      }
      let bytes: Uint8Array;
      try {
        bytes = await entry.getData(new Uint8ArrayWriter(), { checkCrc32: true });
      } catch (error) {
        throw new LockerInputError('backup.entry-unreadable', {
          name: entry.filename,
          detail: (error as Error).message,
        });
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // In an encrypted backup an original's name is an HMAC of its hash; the restore's verify checks it.
      const objectSha = manifest.encrypted ? undefined : OBJECT_RE.exec(entry.filename)?.[1];
      if (bytes.length !== want.size || sha256 !== want.sha256 || (objectSha && objectSha !== sha256)) {
        throw new LockerInputError('backup.entry-mismatch', { name: entry.filename });
      }
      await onEntry(entry.filename, bytes, { done: count + 1, total: all.length - 1 });
      expected.delete(entry.filename);
      count += 1;
    }
    if (expected.size) {
      throw new LockerInputError('backup.incomplete', { name: String([...expected.keys()][0]) });
    }
    return { manifest, entries: count };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/**
 * Restores a backup into a new, empty locker folder and verifies it item by item. Refuses a folder that
 * already holds anything: a restore never overwrites evidence.
 */
export async function restoreLocker(
  file: string,
  storeDir: string,
  unlock: () => Promise<Unlock> = () => Promise.resolve({}),
  onProgress: (p: BackupProgress) => void = () => undefined,
): Promise<VerifyReport> {
  try {
    return await restoreInto(file, storeDir, unlock, onProgress);
  } catch (error) {
    throw asCoded(error, 'backup.restore-failed', file);
  }
}

async function restoreInto(
  file: string,
  storeDir: string,
  unlock: () => Promise<Unlock>,
  onProgress: (p: BackupProgress) => void,
): Promise<VerifyReport> {
  const dir = path.resolve(storeDir);
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length) throw new LockerInputError('backup.target-not-empty', { dir });
  await stat(file).catch(() => {
    throw new LockerInputError('backup.no-file', { file });
  });
  const master = await unlockBackup(file, unlock);
  await mkdir(dir, { recursive: true });
  await readBackup(file, async (name, bytes, progress) => {
    const target = path.join(dir, ...name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (OBJECT_RE.test(name)) await chmod(target, 0o400);
    onProgress({ ...progress, phase: 'restoring' });
  });
  onProgress({ done: 0, total: 1, phase: 'verifying' });
  const encrypted = (await readKeyFile(dir)) !== null;
  if (encrypted !== (master !== null)) throw new LockerInputError('backup.not-ours');
  const locker = await Locker.open(dir, {
    actor: 'restore',
    ...(master ? { unlock: { master } } : {}),
  });
  try {
    await locker.saveChainHead();
    return await verifyLocker(locker);
  } finally {
    locker.close();
  }
}
