import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LockerInputError } from '../errors.ts';

type LockedCode =
  'crypto.locked' | 'crypto.other-locker-backup' | 'crypto.wrong-recovery-key' | 'crypto.wrong-passphrase';
import { base32 } from '../util/ids.ts';

/**
 * The key of an encrypted locker. One random 256-bit master key encrypts everything (the database through
 * SQLite3 Multiple Ciphers in its SQLCipher 4 scheme, the originals through `ObjectCipher`); it is never
 * written down in the clear. `locker-key.json` holds it only wrapped (AES-256-GCM) by:
 *   - the passphrase, through scrypt (memory-hard: 128 MiB at the default cost);
 *   - the recovery key printed once when encryption is turned on (256 random bits, so HKDF suffices);
 *   - optionally the operating system's keychain (Electron `safeStorage`), when it offers a real one.
 * Losing the passphrase and the recovery key (and the keychain) means losing the locker: that is the point.
 */

export const KEY_FILE = 'locker-key.json';
const FORMAT = 'evidence-locker-key';

export type ScryptCost = { N: number; r: number; p: number };
/** 2^17 × 8 × 128 bytes = 128 MiB of memory per guess; about half a second here. */
export const DEFAULT_SCRYPT: ScryptCost = { N: 1 << 17, r: 8, p: 1 };
export const MIN_PASSPHRASE = 8;

type Sealed = { iv: string; ct: string; tag: string };
type Wrap =
  | ({ by: 'passphrase'; kdf: { name: 'scrypt'; salt: string } & ScryptCost } & Sealed)
  | ({ by: 'recovery-key'; kdf: { name: 'hkdf-sha256'; salt: string } } & Sealed)
  | { by: 'keychain'; backend: string; blob: string };

export type KeyFile = {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  /** What is encrypted how, for whoever reads this file in ten years. */
  ciphers: { database: string; originals: string };
  /** A fingerprint of the master key (not the key): tells a wrong unwrap from a damaged file. */
  keyCheck: string;
  wraps: Wrap[];
};

/**
 * The OS keychain as the app sees it (Electron's safeStorage in the main process). `secure` is false when the
 * OS offers no real keychain (Linux without a secret service falls back to a fixed, well-known key).
 */
export type Keychain = {
  backend: string;
  secure: boolean;
  protect(secret: Buffer): Promise<Buffer>;
  unprotect(blob: Buffer): Promise<Buffer>;
};

/** What may unlock a locker; the first that works is used. */
export type Unlock = {
  passphrase?: string;
  recoveryKey?: string;
  keychain?: Keychain;
  /** The master key itself, from a locker already open (restoring its own backup): checked, never stored. */
  master?: Buffer;
};

/** The locker is encrypted and nothing that unlocks it was given (or what was given is wrong). */
export class LockerLockedError extends LockerInputError {
  constructor(
    code: LockedCode,
    readonly reason: 'no-key' | 'wrong-key',
  ) {
    super(code);
    this.name = 'LockerLockedError';
  }
}

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

function scrypt(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(
      passphrase.normalize('NFC'),
      salt,
      32,
      { ...cost, maxmem: 256 * cost.N * cost.r + (1 << 24) },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

function seal(kek: Buffer, secret: Buffer, label: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek, iv);
  c.setAAD(Buffer.from(`evidence-locker key v1 ${label}`));
  const ct = Buffer.concat([c.update(secret), c.final()]);
  return { iv: b64(iv), ct: b64(ct), tag: b64(c.getAuthTag()) };
}

function open(kek: Buffer, sealed: Sealed, label: string): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', kek, unb64(sealed.iv));
    d.setAAD(Buffer.from(`evidence-locker key v1 ${label}`));
    d.setAuthTag(unb64(sealed.tag));
    return Buffer.concat([d.update(unb64(sealed.ct)), d.final()]);
  } catch {
    return null;
  }
}

function keyCheck(master: Buffer): string {
  const derived = Buffer.from(
    hkdfSync('sha256', master, Buffer.alloc(0), 'evidence-locker key check v1', 32),
  );
  return createHash('sha256').update(derived).digest('hex').slice(0, 32);
}

function recoveryKek(recovery: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', recovery, salt, 'evidence-locker recovery v1', 32));
}

// Crockford's base32: no I, L, O or U, so a handwritten copy reads back.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 32 bytes as 52 base32 characters in groups of four: `7K2M-…`. */
export function formatRecoveryKey(bytes: Buffer): string {
  return base32(bytes, ALPHABET)
    .match(/.{1,4}/g)!
    .join('-');
}

/** Reads a recovery key back, forgiving case, spaces, dashes and the look-alikes O→0, I/L→1. */
export function parseRecoveryKey(text: string): Buffer | null {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== 52 || /[^0-9A-HJKMNP-TV-Z]/.test(clean)) return null;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    value = (value << 5) | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out.slice(0, 32));
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE) {
    throw new LockerInputError('crypto.short-passphrase', { min: MIN_PASSPHRASE });
  }
}

/** A new master key wrapped by `passphrase` and a new recovery key (and by `keychain` when it is real). */
export async function createKeyFile(
  passphrase: string,
  options: { keychain?: Keychain; cost?: ScryptCost; now?: string } = {},
): Promise<{ file: KeyFile; master: Buffer; recoveryKey: string }> {
  checkPassphrase(passphrase);
  const master = randomBytes(32);
  const recovery = randomBytes(32);
  const cost = options.cost ?? DEFAULT_SCRYPT;
  const salt = randomBytes(16);
  const rsalt = randomBytes(16);
  const wraps: Wrap[] = [
    {
      by: 'passphrase',
      kdf: { name: 'scrypt', salt: b64(salt), ...cost },
      ...seal(await scrypt(passphrase, salt, cost), master, 'passphrase'),
    },
    {
      by: 'recovery-key',
      kdf: { name: 'hkdf-sha256', salt: b64(rsalt) },
      ...seal(recoveryKek(recovery, rsalt), master, 'recovery-key'),
    },
  ];
  if (options.keychain?.secure) {
    wraps.push({
      by: 'keychain',
      backend: options.keychain.backend,
      blob: b64(await options.keychain.protect(master)),
    });
  }
  return {
    master,
    recoveryKey: formatRecoveryKey(recovery),
    file: {
      format: FORMAT,
      version: 1,
      createdAt: options.now ?? new Date().toISOString(),
      ciphers: {
        database: 'SQLCipher 4 (AES-256-CBC + HMAC-SHA512) via SQLite3 Multiple Ciphers, raw 256-bit key',
        originals: 'AES-256-GCM in 64 KiB chunks (STREAM), per-file key by HKDF-SHA256, names by HMAC-SHA256',
      },
      keyCheck: keyCheck(master),
      wraps,
    },
  };
}

export async function readKeyFile(dir: string, name = KEY_FILE): Promise<KeyFile | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseKeyFile(text, name);
}

/** A key file's text (from the locker folder, or from a backup before it is restored), checked. */
export function parseKeyFile(text: string, name = KEY_FILE): KeyFile {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text) as KeyFile;
  } catch {
    throw new LockerInputError('crypto.key-file-damaged', { name });
  }
  if (parsed?.format !== FORMAT || parsed.version !== 1 || !Array.isArray(parsed.wraps)) {
    throw new LockerInputError('crypto.key-file-unknown', { name });
  }
  return parsed;
}

/** The master key, from whichever of `unlock`'s ways works. Throws LockerLockedError when none does. */
export async function unlockMaster(file: KeyFile, unlock: Unlock = {}): Promise<Buffer> {
  const accept = (key: Buffer | null): Buffer | null =>
    key && key.length === 32 && timingSafeEqual(Buffer.from(keyCheck(key)), Buffer.from(file.keyCheck))
      ? key
      : null;
  if (unlock.master) {
    const got = accept(unlock.master);
    if (got) return got;
  }
  for (const w of file.wraps) {
    let got: Buffer | null = null;
    if (w.by === 'keychain' && unlock.keychain) {
      try {
        got = accept(await unlock.keychain.unprotect(unb64(w.blob)));
      } catch {
        got = null;
      }
    } else if (w.by === 'passphrase' && unlock.passphrase !== undefined) {
      const { salt, N, r, p } = w.kdf;
      got = accept(open(await scrypt(unlock.passphrase, unb64(salt), { N, r, p }), w, 'passphrase'));
    } else if (w.by === 'recovery-key' && unlock.recoveryKey !== undefined) {
      const recovery = parseRecoveryKey(unlock.recoveryKey);
      if (recovery) got = accept(open(recoveryKek(recovery, unb64(w.kdf.salt)), w, 'recovery-key'));
    }
    if (got) return got;
  }
  if (unlock.passphrase === undefined && unlock.recoveryKey === undefined && !unlock.master) {
    throw new LockerLockedError('crypto.locked', 'no-key');
  }
  throw new LockerLockedError(
    unlock.master
      ? 'crypto.other-locker-backup'
      : unlock.recoveryKey !== undefined
        ? 'crypto.wrong-recovery-key'
        : 'crypto.wrong-passphrase',
    'wrong-key',
  );
}

/** The same key file with its passphrase wrap replaced (the master key, and so the data, unchanged). */
export async function rewrapPassphrase(
  file: KeyFile,
  master: Buffer,
  passphrase: string,
  cost: ScryptCost = DEFAULT_SCRYPT,
): Promise<KeyFile> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const wrap: Wrap = {
    by: 'passphrase',
    kdf: { name: 'scrypt', salt: b64(salt), ...cost },
    ...seal(await scrypt(passphrase, salt, cost), master, 'passphrase'),
  };
  return { ...file, wraps: [wrap, ...file.wraps.filter((w) => w.by !== 'passphrase')] };
}

/** The same key file, also unlockable by the OS keychain. */
export async function addKeychainWrap(file: KeyFile, master: Buffer, keychain: Keychain): Promise<KeyFile> {
  const blob = b64(await keychain.protect(master));
  return {
    ...file,
    wraps: [
      ...file.wraps.filter((w) => w.by !== 'keychain'),
      { by: 'keychain', backend: keychain.backend, blob },
    ],
  };
}

/** The database key, as SQLite3 Multiple Ciphers takes a raw key: `x'…'` (no second KDF on open). */
export function databaseKey(master: Buffer): string {
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'evidence-locker database v1', 32));
  return `x'${key.toString('hex')}'`;
}
