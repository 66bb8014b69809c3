import { constants, createReadStream } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { connect, openDatabaseAsync } from '../../../db/connect.ts';
import { appendCustody } from '../../../db/queries/custody.ts';
import { listBlobs } from '../../../db/queries/evidence.ts';
import { LockerInputError } from '../errors.ts';
import {
  fsyncDir,
  fsyncFile,
  hashChunks,
  objectFile,
  ObjectStore,
  writeFileAtomic,
} from '../object-store.ts';
import {
  createKeyFile,
  databaseKey,
  KEY_FILE,
  readKeyFile,
  type Keychain,
  type KeyFile,
  type ScryptCost,
} from './keys.ts';
import { ObjectCipher } from './object-cipher.ts';

/**
 * Turning encryption on for a locker that already holds evidence, so that a crash at any moment loses nothing.
 *
 * Everything encrypted is first built beside the plaintext: `locker.db.encrypting`, `objects.encrypting/`,
 * `thumbs.encrypting/`, with the new key in `locker-key.pending.json`. Each is written, flushed and read back
 * (every original decrypted and re-hashed against its recorded SHA-256). The single commit point is the rename
 * of the pending key file to `locker-key.json`. Before it, the locker is the plaintext one, untouched, and the
 * next open throws the half-built copies away; after it, the next open (or this run) swaps the encrypted copies
 * in and removes the plaintext ones. Each swap step checks what is on disk, so it can be repeated after a crash.
 */

const PENDING_KEY = 'locker-key.pending.json';
const DB = 'locker.db';
const SIDE = '.encrypting';
const OLD = '.plaintext-old';
const SWAPPED = ['objects', 'thumbs', 'orphans'] as const;

export type EncryptResult = {
  recoveryKey: string;
  objects: number;
  thumbnails: number;
  bytes: number;
  keychain: string | null;
};

export type EncryptOptions = {
  keychain?: Keychain;
  cost?: ScryptCost;
  now?: () => Date;
  actor?: string;
  /** Test hook: called after each named step, before the next; throwing there simulates a crash. */
  onStep?: (step: string) => void;
};

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Encrypts the locker in `dir`. The caller must have no other connection to it open. */
export async function encryptLocker(
  dir: string,
  passphrase: string,
  options: EncryptOptions = {},
): Promise<EncryptResult> {
  const root = path.resolve(dir);
  await settleConversion(root);
  if (await readKeyFile(root)) throw new LockerInputError('crypto.already-encrypted');
  const step = options.onStep ?? (() => undefined);
  const now = options.now ?? (() => new Date());

  const {
    file: keyFile,
    master,
    recoveryKey,
  } = await createKeyFile(passphrase, {
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.cost ? { cost: options.cost } : {}),
    now: now().toISOString(),
  });
  const plain = await openDatabaseAsync(path.join(root, DB));
  let result: Omit<EncryptResult, 'recoveryKey'>;
  try {
    // Hold the database for ourselves until the swap: no other process can write in between. A program
    // that has the locker open (the app, another command) keeps this from being granted: refuse, untouched.
    plain.pragma('busy_timeout = 2000');
    plain.pragma('locking_mode = EXCLUSIVE');
    try {
      plain.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new LockerInputError('crypto.in-use');
      }
      throw error;
    }
    plain.pragma('wal_checkpoint(TRUNCATE)');
    // No other program has the locker open (the lock above): whatever plaintext a killed run left beside the
    // database goes before anything is encrypted, so none of it survives outside the encryption.
    await removeLeftovers(root);
    await writeFileAtomic(path.join(root, PENDING_KEY), JSON.stringify(keyFile, null, 2) + '\n');
    step('key-written');

    const sideDb = path.join(root, DB + SIDE);
    await removeDatabase(sideDb);
    // A consistent snapshot of the live database (VACUUM INTO), then encrypted in place before anything else.
    plain.prepare('VACUUM INTO ?').run(sideDb);
    step('database-copied');
    const enc = connect(sideDb);
    try {
      enc.pragma(`cipher = 'sqlcipher'`);
      enc.pragma('legacy = 4');
      enc.pragma(`rekey = "${databaseKey(master)}"`);
    } finally {
      enc.close();
    }
    step('database-encrypted');

    const plainStore = new ObjectStore(root);
    const cipher = ObjectCipher.fromMasterKey(master);
    let objects = 0;
    let bytes = 0;
    const objectsSide = path.join(root, 'objects' + SIDE);
    const thumbsSide = path.join(root, 'thumbs' + SIDE);
    await rm(objectsSide, { recursive: true, force: true });
    await rm(thumbsSide, { recursive: true, force: true });
    await mkdir(objectsSide, { recursive: true });
    await mkdir(thumbsSide, { recursive: true });
    for (const blob of [...listBlobs(plain)]) {
      // Renamed to its keyed name as it is sealed: the encrypted objects/ holds no original's SHA-256.
      const target = objectFile(objectsSide, cipher.nameFor(blob.sha256));
      await sealFile(() => plainStore.stream(blob.sha256), cipher, target);
      // Read back through the encrypted store's own code path: what we will serve is what was filed.
      const check = await hashChunks(cipher.decryptFile(target));
      if (check.sha256 !== blob.sha256 || check.size !== blob.size) {
        throw new Error(`the encrypted copy of ${blob.sha256} did not read back as the original`);
      }
      objects += 1;
      bytes += blob.size;
      if (objects === 1) step('first-object');
    }
    await fsyncTree(objectsSide);
    step('objects-encrypted');
    let thumbnails = 0;
    const hasThumb = await plainStore.thumbIndex();
    for (const blob of [...listBlobs(plain)]) {
      if (!hasThumb(blob.sha256)) continue;
      const webp = await plainStore.readThumb(blob.sha256);
      if (!webp) continue;
      await writeFileAtomic(
        path.join(thumbsSide, `${cipher.nameFor(blob.sha256)}.enc`),
        cipher.encryptBuffer(webp),
        false,
      );
      thumbnails += 1;
    }
    await fsyncTree(thumbsSide);
    step('thumbnails-encrypted');
    await sealOrphans(root, cipher);
    step('orphans-encrypted');

    // The log says, inside the encrypted database itself, when and how encryption was turned on.
    const logged = await openDatabaseAsync(sideDb, { key: databaseKey(master) });
    try {
      const ok = logged.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new Error(`the encrypted database failed its integrity check: ${String(ok)}`);
      logged.transaction(() =>
        appendCustody(logged, {
          at: now().toISOString(),
          actor: options.actor ?? 'cli',
          action: 'locker.encrypt',
          details: {
            database: keyFile.ciphers.database,
            originals: keyFile.ciphers.originals,
            objects,
            thumbnails,
            unlockedBy: keyFile.wraps.map((w) => w.by),
          },
        }),
      )();
      logged.pragma('journal_mode = DELETE');
    } finally {
      logged.close();
    }
    await fsyncFile(sideDb);
    step('verified');
    result = {
      objects,
      thumbnails,
      bytes,
      keychain: options.keychain?.secure ? options.keychain.backend : null,
    };

    // The commit point.
    await rename(path.join(root, PENDING_KEY), path.join(root, KEY_FILE));
    await fsyncDir(root);
    step('committed');
  } finally {
    plain.close();
  }
  await settleConversion(root, step);
  return { recoveryKey, ...result };
}

/**
 * Run by every open: finishes a committed conversion or throws away an uncommitted one. Returns the key
 * file when the locker is encrypted.
 */
export async function settleConversion(
  root: string,
  step: (s: string) => void = () => undefined,
): Promise<KeyFile | null> {
  const key = await readKeyFile(root);
  if (!key) {
    // Not committed: the plaintext locker is the locker. Remove the half-built encrypted copies.
    if (await exists(path.join(root, PENDING_KEY))) {
      await removeDatabase(path.join(root, DB + SIDE));
      for (const d of SWAPPED) await rm(path.join(root, d + SIDE), { recursive: true, force: true });
      await unlink(path.join(root, PENDING_KEY)).catch(() => undefined);
      await fsyncDir(root);
    }
    return null;
  }
  const sideDb = path.join(root, DB + SIDE);
  if (await exists(sideDb)) {
    // The plaintext WAL was checkpointed and emptied before the copy; its leftovers are plaintext: remove.
    await rm(path.join(root, DB + '-wal'), { force: true });
    await rm(path.join(root, DB + '-shm'), { force: true });
    await rename(sideDb, path.join(root, DB));
    await fsyncDir(root);
    step('database-swapped');
  }
  for (const d of SWAPPED) {
    const live = path.join(root, d);
    const side = live + SIDE;
    const old = live + OLD;
    if (await exists(side)) {
      if ((await exists(live)) && !(await exists(old))) await rename(live, old);
      await rename(side, live);
      await fsyncDir(root);
      step(`${d}-swapped`);
    }
    if (await exists(old)) {
      await removeTree(old);
      await fsyncDir(root);
    }
  }
  return key;
}

/**
 * A database file and every file SQLite keeps beside it. The encrypted copy is opened in WAL mode while it is
 * rekeyed: a run killed then leaves its `-wal` and `-shm` as well.
 */
async function removeDatabase(file: string): Promise<void> {
  for (const suffix of ['', '-journal', '-wal', '-shm']) await rm(file + suffix, { force: true });
}

async function sealFile(
  source: () => AsyncIterable<unknown>,
  cipher: ObjectCipher,
  target: string,
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp`;
  const out = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    const seal = cipher.encryptor();
    for await (const chunk of source()) {
      for (const part of seal.push(chunk as Buffer)) await out.write(part);
    }
    for (const part of seal.final()) await out.write(part);
    await out.sync();
  } finally {
    await out.close();
  }
  await chmod(tmp, 0o400);
  await rename(tmp, target);
}

/**
 * Plaintext a killed run can leave beside the database: partial originals (`tmp/`), upload staging, packets a
 * stopped bridge handed out (`exports/run-…`), half-written small files (`*.tmp`). Old redaction files are
 * records, not leftovers: the conversion refuses until an open has taken them into the database.
 */
async function removeLeftovers(root: string): Promise<void> {
  const legacy = (await readdir(path.join(root, 'redactions')).catch(() => [] as string[])).filter((n) =>
    n.endsWith('.json'),
  );
  if (legacy.length) {
    throw new LockerInputError('crypto.legacy-redactions', { count: legacy.length });
  }
  for (const dir of ['tmp', 'staging']) {
    for (const name of await readdir(path.join(root, dir)).catch(() => [] as string[])) {
      await removeTree(path.join(root, dir, name));
    }
  }
  for (const name of await readdir(path.join(root, 'exports')).catch(() => [] as string[])) {
    if (name.startsWith('run-')) await removeTree(path.join(root, 'exports', name));
  }
  for (const dir of [root, path.join(root, 'thumbs')]) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (/\.[0-9a-f]{12}\.tmp$/.test(name)) await rm(path.join(dir, name), { force: true });
    }
  }
}

/**
 * Originals in quarantine (`orphans/`, see ObjectStore.sweep) are sealed like the others, under their HMAC
 * names, into `orphans.encrypting/`, swapped in with objects/ and thumbs/. One that no longer hashes to its
 * name is sealed under the name of what it holds now: kept, never dropped.
 */
async function sealOrphans(root: string, cipher: ObjectCipher): Promise<void> {
  const side = path.join(root, 'orphans' + SIDE);
  await rm(side, { recursive: true, force: true });
  if (!(await exists(path.join(root, 'orphans')))) return;
  await mkdir(path.join(side, 'objects'), { recursive: true, mode: 0o700 });
  await mkdir(path.join(side, 'thumbs'), { recursive: true, mode: 0o700 });
  const objects = path.join(root, 'orphans', 'objects');
  for (const name of await readdir(objects).catch(() => [] as string[])) {
    const file = path.join(objects, name);
    // Only files the sweep put there; a planted link is not followed (it is dropped with the old folder).
    if (!(await lstat(file).catch(() => null))?.isFile()) continue;
    const { sha256 } = await hashChunks(createReadStream(file));
    const target = path.join(side, 'objects', cipher.nameFor(sha256));
    await sealFile(() => createReadStream(file, { highWaterMark: 1 << 20 }), cipher, target);
  }
  const thumbs = path.join(root, 'orphans', 'thumbs');
  for (const name of await readdir(thumbs).catch(() => [] as string[])) {
    const sha = name.replace(/\.webp$/, '');
    if (!/^[0-9a-f]{64}$/.test(sha)) continue;
    if (!(await lstat(path.join(thumbs, name)).catch(() => null))?.isFile()) continue;
    const webp = await readFile(path.join(thumbs, name));
    await writeFileAtomic(
      path.join(side, 'thumbs', `${cipher.nameFor(sha)}.enc`),
      cipher.encryptBuffer(webp),
      false,
    );
  }
  await fsyncTree(path.join(side, 'objects'));
  await fsyncTree(side);
}

async function fsyncTree(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const sub = path.join(dir, name);
    if ((await stat(sub)).isDirectory()) await fsyncDir(sub);
  }
  await fsyncDir(dir);
}

/**
 * Removes a folder of read-only originals (their mode is 0400, which Windows honours on delete). Links are
 * removed, never followed: a link planted in tmp/ must not take what it points at with it.
 */
async function removeTree(dir: string): Promise<void> {
  const self = await lstat(dir).catch(() => null);
  if (self && !self.isDirectory()) {
    await rm(dir, { force: true });
    return;
  }
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const p = path.join(dir, name);
    const info = await lstat(p).catch(() => null);
    if (info?.isDirectory()) await removeTree(p);
    else await chmod(p, 0o600).catch(() => undefined);
  }
  await rm(dir, { recursive: true, force: true });
}
