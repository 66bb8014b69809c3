import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import {
  formatRecoveryKey,
  LockerLockedError,
  parseRecoveryKey,
  type ScryptCost,
} from '../../electron/services/crypto/keys.ts';
import { CHUNK_SIZE, ObjectCipher } from '../../electron/services/crypto/object-cipher.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePdf, makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
// A cheap scrypt for the service tests (the CLI tests below use the real cost).
const COST: ScryptCost = { N: 1 << 12, r: 8, p: 1 };
const PASS = 'correct horse battery staple';
const SECRET_TITLE = 'Yuanbao-secret-case-7f3a';
const CSV_MARKER = 'SECRET-MERCHANT-QX81';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

/** A locker with a case holding two screenshots, a PDF and a small bill. */
async function filledLocker(): Promise<{
  dir: string;
  caseId: string;
  originals: Map<string, Buffer>;
  inbox: string;
}> {
  const dir = tempDir();
  const inbox = tempDir();
  const originals = new Map<string, Buffer>();
  const put = (name: string, bytes: Buffer) => {
    writeFileSync(path.join(inbox, name), bytes);
    originals.set(sha(bytes), bytes);
  };
  put('Screenshot_20250827-080112.png', await makePng(300, 600, 1));
  put('Screenshot_20250927-080112.png', await makePng(300, 600, 2));
  put('letter.pdf', makePdf('Refund request', "D:20250827090000+08'00'"));
  put(
    'bill.csv',
    Buffer.from(
      `Date,Description,Amount\n2025-08-27,${CSV_MARKER} monthly,-29.90\n2025-09-27,${CSV_MARKER} monthly,-29.90\n`,
    ),
  );
  const locker = await Locker.open(dir);
  try {
    const c = await locker.createCase({ title: SECRET_TITLE });
    const r = await addPaths(locker, c.id, [inbox]);
    expect(r.errors).toEqual([]);
    return { dir, caseId: c.id, originals, inbox };
  } finally {
    locker.close();
  }
}

/** The names of the files under `dir`/objects/ (each in its two-character prefix folder). */
function storedNames(dir: string): string[] {
  return walk(path.join(dir, 'objects')).map((f) => {
    expect(path.basename(path.dirname(f))).toBe(path.basename(f).slice(0, 2));
    return path.basename(f);
  });
}

/** True when some file under `dir` holds `needle` (the plaintext leaked). */
function leaks(dir: string, needle: Buffer): string | null {
  for (const f of walk(dir)) if (readFileSync(f).includes(needle)) return path.relative(dir, f);
  return null;
}

describe('ObjectCipher', () => {
  const cipher = ObjectCipher.fromMasterKey(Buffer.alloc(32, 7));

  it('round-trips every size around the chunk boundary, whole and streamed', async () => {
    const dir = tempDir();
    for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17]) {
      const plain = Buffer.alloc(size);
      for (let i = 0; i < size; i++) plain[i] = (i * 31 + size) & 255;
      const sealed = cipher.encryptBuffer(plain);
      expect(ObjectCipher.plainSize(sealed.length)).toBe(size);
      expect(cipher.decryptBuffer(sealed).equals(plain)).toBe(true);
      // Fed in odd-sized pieces, the streaming encryptor gives a file the buffer decryptor reads back.
      const e = cipher.encryptor();
      const parts: Buffer[] = [];
      for (let i = 0; i < size; i += 9_999) parts.push(...e.push(plain.subarray(i, i + 9_999)));
      parts.push(...e.final());
      const file = path.join(dir, `f${size}`);
      writeFileSync(file, Buffer.concat(parts));
      const back: Buffer[] = [];
      for await (const c of cipher.decryptFile(file)) back.push(c);
      expect(Buffer.concat(back).equals(plain)).toBe(true);
    }
  });

  it('refuses a flipped bit, a cut at a chunk boundary, a swapped chunk and another key', () => {
    const plain = Buffer.alloc(3 * CHUNK_SIZE, 0x61);
    const sealed = cipher.encryptBuffer(plain);
    const flipped = Buffer.from(sealed);
    flipped[100] = flipped[100]! ^ 1;
    expect(() => cipher.decryptBuffer(flipped)).toThrow(/does not authenticate/);
    // Exactly two whole chunks: a valid-looking shorter file, caught by the last-chunk flag.
    const cut = sealed.subarray(0, 48 + 2 * (CHUNK_SIZE + 16));
    expect(() => cipher.decryptBuffer(cut)).toThrow(/does not authenticate/);
    const swapped = Buffer.concat([
      sealed.subarray(0, 48),
      sealed.subarray(48 + CHUNK_SIZE + 16, 48 + 2 * (CHUNK_SIZE + 16)),
      sealed.subarray(48, 48 + CHUNK_SIZE + 16),
      sealed.subarray(48 + 2 * (CHUNK_SIZE + 16)),
    ]);
    expect(() => cipher.decryptBuffer(swapped)).toThrow(/does not authenticate/);
    const other = ObjectCipher.fromMasterKey(Buffer.alloc(32, 8));
    expect(() => other.decryptBuffer(sealed)).toThrow(/does not authenticate/);
    expect(() => cipher.decryptBuffer(Buffer.from('not encrypted at all, just text'))).toThrow(/header/);
  });

  it('names files by an HMAC of their hash, not by the hash', () => {
    const h = sha(Buffer.from('x'));
    expect(cipher.nameFor(h)).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.nameFor(h)).not.toBe(h);
    expect(ObjectCipher.fromMasterKey(Buffer.alloc(32, 8)).nameFor(h)).not.toBe(cipher.nameFor(h));
  });
});

describe('recovery keys', () => {
  it('print in Crockford base32 and read back through case, spaces and look-alikes', () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 7) & 255));
    const text = formatRecoveryKey(key);
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(text)!.equals(key)).toBe(true);
    const sloppy = text.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(parseRecoveryKey(sloppy)!.equals(key)).toBe(true);
    expect(parseRecoveryKey(text.slice(0, -1))).toBeNull();
  });
});

describe('encrypting a locker', () => {
  it('leaves no plaintext on disk, and opens only with the passphrase or the recovery key', async () => {
    const { dir, caseId, originals } = await filledLocker();
    // Before: the plaintext is there to be found (so the checks below can fail).
    expect(leaks(dir, Buffer.from(SECRET_TITLE))).not.toBeNull();
    expect(leaks(dir, Buffer.from(CSV_MARKER))).not.toBeNull();

    const r = await encryptLocker(dir, PASS, { cost: COST });
    expect(r).toMatchObject({ objects: originals.size, keychain: null });
    expect(r.thumbnails).toBeGreaterThanOrEqual(2);

    expect(leaks(dir, Buffer.from(SECRET_TITLE))).toBeNull();
    expect(leaks(dir, Buffer.from(CSV_MARKER))).toBeNull();
    expect(leaks(dir, Buffer.from('SQLite format 3'))).toBeNull();
    for (const [hash, bytes] of originals) {
      // Neither an original's bytes (a 64-byte run from its middle) nor its hash shows anywhere.
      const mid = Math.floor(bytes.length / 2);
      expect(leaks(dir, bytes.subarray(mid, mid + 64))).toBeNull();
      expect(walk(dir).some((f) => f.includes(hash))).toBe(false);
    }
    // No conversion leftovers.
    expect(readdirSync(dir).sort()).toEqual(
      ['custody-head.json', 'locker-key.json', 'locker.db', 'objects', 'thumbs', 'tmp'].sort(),
    );

    await expect(Locker.open(dir)).rejects.toMatchObject({ reason: 'no-key' });
    await expect(Locker.open(dir, { unlock: { passphrase: 'wrong but long enough' } })).rejects.toThrow(
      LockerLockedError,
    );
    await expect(
      Locker.open(dir, { unlock: { recoveryKey: formatRecoveryKey(Buffer.alloc(32)) } }),
    ).rejects.toThrow(/recovery key does not unlock/);

    for (const unlock of [{ passphrase: PASS }, { recoveryKey: r.recoveryKey.toLowerCase() }]) {
      const locker = await Locker.open(dir, { unlock });
      try {
        expect(locker.encrypted).toBe(true);
        expect(locker.getCase(caseId).title).toBe(SECRET_TITLE);
        const items = locker.listEvidence(caseId);
        expect(items).toHaveLength(originals.size);
        for (const item of items) {
          expect((await locker.objects.read(item.sha256)).equals(originals.get(item.sha256)!)).toBe(true);
        }
        const report = await verifyLocker(locker);
        expect(report.problems).toEqual([]);
        expect(report.objects).toBe(originals.size);
        const log = locker.custodyLog();
        expect(log.at(-1)).toMatchObject({ action: 'locker.encrypt' });
      } finally {
        locker.close();
      }
    }
  });

  it('files new evidence sealed, serves thumbnails, and exports a packet whose hashes are the originals', async () => {
    const { dir, caseId } = await filledLocker();
    await encryptLocker(dir, PASS, { cost: COST });
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    try {
      const inbox = tempDir();
      const png = await makePng(200, 400, 9);
      writeFileSync(path.join(inbox, 'Screenshot_20251027-080112.png'), png);
      const r = await addPaths(locker, caseId, [inbox]);
      expect(r.added).toHaveLength(1);
      const stored = locker.objects.pathFor(sha(png));
      expect(path.basename(stored)).not.toBe(sha(png));
      expect(readFileSync(stored).includes(png.subarray(100, 164))).toBe(false);
      expect((await locker.objects.read(sha(png))).equals(png)).toBe(true);
      const thumb = await locker.objects.readThumb(sha(png));
      expect(thumb?.subarray(8, 12).toString('latin1')).toBe('WEBP');
      expect((await locker.objects.thumbIndex())(sha(png))).toBe(true);

      const out = path.join(tempDir(), 'packet.pdf');
      const zip = path.join(tempDir(), 'packet.zip');
      const packet = await exportPacket(locker, caseId, { out, zip, lang: 'en' });
      expect(packet.files.length).toBeGreaterThan(0);
      const pdf = await PDFDocument.load(readFileSync(out));
      expect(pdf.getPageCount()).toBeGreaterThan(3);
      // The exhibit index gives each exhibit the SHA-256 of what was filed, read back through the cipher.
      const filed = new Set(locker.listEvidence(caseId).map((e) => e.sha256));
      expect(packet.exhibits.length).toBe(filed.size);
      for (const ex of packet.exhibits) expect(filed.has(ex.sha256)).toBe(true);
      // The archive's manifest lists each original under its true SHA-256 (the hash of what was filed).
      const listing = execFileSync('unzip', ['-p', zip, 'manifest.sha256']).toString();
      expect(listing).toContain(sha(png));
    } finally {
      locker.close();
    }
  });

  it('reports an altered or truncated sealed original by name', async () => {
    const { dir } = await filledLocker();
    await encryptLocker(dir, PASS, { cost: COST });
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    try {
      const [a, b] = locker.listEvidence(locker.listCases()[0]!.id);
      const fa = locker.objects.pathFor(a!.sha256);
      await chmod(fa, 0o600);
      const bytes = readFileSync(fa);
      bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x40;
      await writeFile(fa, bytes);
      const fb = locker.objects.pathFor(b!.sha256);
      await chmod(fb, 0o600);
      await writeFile(fb, readFileSync(fb).subarray(0, 60));
      const report = await verifyLocker(locker);
      expect(report.ok).toBe(false);
      const named = report.problems.map((p) => ('evidenceIds' in p ? p.evidenceIds : []));
      expect(named.flat().sort()).toEqual([a!.id, b!.id].sort());
      expect(report.problems.every((p) => p.kind === 'object-altered')).toBe(true);
    } finally {
      locker.close();
    }
  });

  const STEPS = [
    'key-written',
    'database-copied',
    'database-encrypted',
    'first-object',
    'objects-encrypted',
    'thumbnails-encrypted',
    'verified',
    'committed',
    'database-swapped',
    'objects-swapped',
    'thumbs-swapped',
  ];

  it.each(STEPS)('loses nothing when it stops after "%s"', async (stop) => {
    const { dir, caseId, originals } = await filledLocker();
    const crash = new Error(`simulated crash after ${stop}`);
    await expect(
      encryptLocker(dir, PASS, {
        cost: COST,
        onStep: (s) => {
          if (s === stop) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const committed = STEPS.indexOf(stop) >= STEPS.indexOf('committed');
    // Before the commit point the locker is the plaintext one; after it, the encrypted one.
    const locker = committed
      ? await Locker.open(dir, { unlock: { passphrase: PASS } })
      : await Locker.open(dir);
    try {
      expect(locker.encrypted).toBe(committed);
      const report = await verifyLocker(locker);
      expect(report.problems).toEqual([]);
      const items = locker.listEvidence(caseId);
      expect(new Set(items.map((i) => i.sha256))).toEqual(new Set(originals.keys()));
      for (const item of items) {
        expect((await locker.objects.read(item.sha256)).equals(originals.get(item.sha256)!)).toBe(true);
        expect(await locker.objects.readThumb(item.sha256)).toSatisfy(
          (t: Buffer | null) => !item.mime.startsWith('image/') || t !== null,
        );
      }
      expect(readdirSync(dir).filter((n) => /encrypting|plaintext-old|pending/.test(n))).toEqual([]);
    } finally {
      locker.close();
    }
    if (committed) expect(leaks(dir, Buffer.from(SECRET_TITLE))).toBeNull();
    else {
      // Not committed: it can simply be run again.
      const again = await encryptLocker(dir, PASS, { cost: COST });
      expect(again.objects).toBe(originals.size);
    }
  });

  it('refuses, untouched, while another program has the locker open', async () => {
    const { dir, caseId } = await filledLocker();
    const other = await Locker.open(dir);
    try {
      other.getCase(caseId);
      await expect(encryptLocker(dir, PASS, { cost: COST })).rejects.toThrow(/open in another program/);
    } finally {
      other.close();
    }
    expect(readdirSync(dir).filter((n) => /key|encrypting/.test(n))).toEqual([]);
    const again = await Locker.open(dir);
    again.close();
    expect((await encryptLocker(dir, PASS, { cost: COST })).objects).toBe(4);
  });

  it('backs up and restores an encrypted locker without plaintext leaving it', async () => {
    const { dir, caseId, originals } = await filledLocker();
    await encryptLocker(dir, PASS, { cost: COST });
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    let backup: string;
    try {
      backup = (await backupLocker(locker, path.join(tempDir(), 'b.zip'))).path;
    } finally {
      locker.close();
    }
    expect(readFileSync(backup).includes(Buffer.from(SECRET_TITLE))).toBe(false);
    expect(readFileSync(backup).includes(Buffer.from(CSV_MARKER))).toBe(false);
    const target = path.join(tempDir(), 'restored');
    await expect(restoreLocker(backup, target)).rejects.toMatchObject({ reason: 'no-key' });
    const target2 = path.join(tempDir(), 'restored2');
    const report = await restoreLocker(backup, target2, () => Promise.resolve({ passphrase: PASS }));
    expect(report.problems).toEqual([]);
    expect(report.objects).toBe(originals.size);
    const restored = await Locker.open(target2, { unlock: { passphrase: PASS } });
    try {
      expect(restored.getCase(caseId).title).toBe(SECRET_TITLE);
      // Every original comes back byte for byte, still under its keyed name.
      for (const item of restored.listEvidence(caseId)) {
        expect((await restored.objects.read(item.sha256)).equals(originals.get(item.sha256)!)).toBe(true);
        expect(path.basename(restored.objects.pathFor(item.sha256))).not.toBe(item.sha256);
      }
    } finally {
      restored.close();
    }
    expect(storedNames(target2)).toHaveLength(originals.size);
    for (const name of storedNames(target2)) expect(originals.has(name)).toBe(false);
  });

  it('keeps even the case title out of a one-case backup of an encrypted locker, which restores whole', async () => {
    const { dir, caseId, originals } = await filledLocker();
    await encryptLocker(dir, PASS, { cost: COST });
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    let backup: string;
    try {
      backup = (await backupLocker(locker, path.join(tempDir(), 'case.zip'), { caseId })).path;
    } finally {
      locker.close();
    }
    // The manifest is the one entry not sealed: it names the case by its id only.
    const manifest = JSON.parse(execFileSync('unzip', ['-p', backup, 'manifest.json']).toString()) as {
      case: Record<string, unknown>;
      entries: { name: string }[];
    };
    expect(manifest.case).toEqual({ id: caseId });
    expect(readFileSync(backup).includes(Buffer.from(SECRET_TITLE))).toBe(false);
    for (const e of manifest.entries) for (const hash of originals.keys()) expect(e.name).not.toContain(hash);
    const target = path.join(tempDir(), 'restored');
    const report = await restoreLocker(backup, target, () => Promise.resolve({ passphrase: PASS }));
    expect(report.problems).toEqual([]);
    expect(report.objects).toBe(originals.size);
    const restored = await Locker.open(target, { unlock: { passphrase: PASS } });
    try {
      expect(restored.getCase(caseId).title).toBe(SECRET_TITLE);
    } finally {
      restored.close();
    }
  });

  it('stores no original under its SHA-256, still says a re-added file is already there, and verify names a removed one', async () => {
    const { dir, caseId, originals, inbox } = await filledLocker();
    // Before: the plain store names each original by its SHA-256 (so the check below can fail).
    expect(new Set(storedNames(dir))).toEqual(new Set(originals.keys()));
    await encryptLocker(dir, PASS, { cost: COST });
    const names = storedNames(dir);
    expect(names).toHaveLength(originals.size);
    for (const name of names) expect(originals.has(name)).toBe(false);
    for (const name of readdirSync(path.join(dir, 'thumbs'))) {
      expect(originals.has(name.replace(/\.\w+$/, ''))).toBe(false);
    }

    // The same files again, by the command and by the service: each found by its SHA-256, none filed twice.
    const cliAgain = await cli(dir, ['add', caseId, inbox], { LOCKER_PASSPHRASE: PASS });
    expect(cliAgain.code).toBe(0);
    expect(cliAgain.stdout).toContain(`0 added, ${originals.size} already there`);
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    try {
      const again = await addPaths(locker, caseId, [inbox]);
      expect(again.added).toEqual([]);
      expect(again.errors).toEqual([]);
      expect(again.duplicates).toHaveLength(originals.size);
      const items = locker.listEvidence(caseId);
      expect(items).toHaveLength(originals.size);
      expect(new Set(again.duplicates.map((d) => d.existingId))).toEqual(new Set(items.map((e) => e.id)));
      expect(storedNames(dir)).toHaveLength(originals.size);
      expect((await verifyLocker(locker)).ok).toBe(true);

      // One sealed original removed: verify names the item and the hash it was filed under.
      const gone = items.find((e) => e.mime === 'image/png')!;
      const file = locker.objects.pathFor(gone.sha256);
      await chmod(path.dirname(file), 0o700);
      unlinkSync(file);
      const report = await verifyLocker(locker);
      expect(report.ok).toBe(false);
      expect(report.problems).toMatchObject([
        {
          kind: 'object-missing',
          sha256: gone.sha256,
          evidenceIds: [gone.id],
          code: 'verify.object-missing',
        },
      ]);
    } finally {
      locker.close();
    }
  }, 60_000);
});

const execFileP = promisify(execFile);
const BIN = path.resolve('dist/node/locker.js');

async function cli(
  store: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOCKER_STORE: store, LOCKER_PASSPHRASE: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('locker encrypt (the command)', () => {
  it('encrypts, then refuses every command without the passphrase and accepts it from a file or the environment', async () => {
    const { dir } = await filledLocker();
    const passFile = path.join(tempDir(), 'pass.txt');
    writeFileSync(passFile, `${PASS}\n`);
    // No terminal to ask on and no passphrase given: a clear refusal, nothing changed.
    const none = await cli(dir, ['encrypt', '--json']);
    expect(none.code).toBe(1);
    expect((JSON.parse(none.stdout) as { error: string }).error).toMatch(/new passphrase is needed/);
    expect(existsSync(path.join(dir, 'locker-key.json'))).toBe(false);

    const enc = await cli(dir, ['encrypt', '--passphrase-file', passFile, '--json']);
    expect(enc.code).toBe(0);
    const out = JSON.parse(enc.stdout) as { encrypted: boolean; recoveryKey: string; objects: number };
    expect(out).toMatchObject({ encrypted: true, objects: 4 });
    expect(parseRecoveryKey(out.recoveryKey)).not.toBeNull();
    // The passphrase is written nowhere in the locker.
    expect(leaks(dir, Buffer.from(PASS))).toBeNull();
    expect(statSync(path.join(dir, 'locker-key.json')).size).toBeLessThan(4000);

    const locked = await cli(dir, ['case', 'list', '--json']);
    expect(locked.code).toBe(4);
    expect(JSON.parse(locked.stdout)).toMatchObject({ locked: true });
    expect(locked.stderr).toMatch(/encrypted.*passphrase/);
    const wrong = await cli(dir, ['verify'], { LOCKER_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/does not unlock/);

    const viaFile = await cli(dir, ['verify', '--json', '--passphrase-file', passFile]);
    expect(viaFile.code).toBe(0);
    expect(JSON.parse(viaFile.stdout)).toMatchObject({ ok: true, objects: 4 });
    const viaEnv = await cli(dir, ['case', 'list', '--json'], { LOCKER_PASSPHRASE: PASS });
    expect((JSON.parse(viaEnv.stdout) as { title: string }[])[0]!.title).toBe(SECRET_TITLE);

    // The recovery key sets a new passphrase; the old one stops working.
    const recFile = path.join(tempDir(), 'recovery.txt');
    writeFileSync(recFile, out.recoveryKey);
    const newFile = path.join(tempDir(), 'new.txt');
    writeFileSync(newFile, 'a brand new passphrase\n');
    const changed = await cli(dir, [
      'passphrase',
      '--recovery-key-file',
      recFile,
      '--new-passphrase-file',
      newFile,
      '--json',
    ]);
    expect(changed.code).toBe(0);
    expect((await cli(dir, ['verify'], { LOCKER_PASSPHRASE: PASS })).code).toBe(4);
    const log = await cli(dir, ['log', '--json'], { LOCKER_PASSPHRASE: 'a brand new passphrase' });
    expect(log.code).toBe(0);
    expect(log.stdout).toContain('locker.passphrase');
    expect(log.stdout).not.toContain('a brand new passphrase');
  }, 60_000);
  it('restores an encrypted backup only with its passphrase: locked is exit 4, as README says, and writes nothing', async () => {
    const { dir, caseId } = await filledLocker();
    await encryptLocker(dir, PASS, { cost: COST });
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    let backup: string;
    try {
      backup = (await backupLocker(locker, path.join(tempDir(), 'b.backup'))).path;
    } finally {
      locker.close();
    }
    const target = path.join(tempDir(), 'restored');
    const none = await cli(dir, ['restore', backup, '--store', target, '--json']);
    expect(none.code).toBe(4);
    expect(JSON.parse(none.stdout)).toMatchObject({ locked: true, code: 'crypto.locked' });
    expect(none.stderr).toMatch(/encrypted.*passphrase/);
    const wrong = await cli(dir, ['restore', backup, '--store', target], {
      LOCKER_PASSPHRASE: 'not the passphrase at all',
    });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/does not unlock/);
    // Refused before anything was written: the same folder takes the restore once the passphrase is given.
    expect(existsSync(target)).toBe(false);
    const ok = await cli(dir, ['restore', backup, '--store', target, '--json'], { LOCKER_PASSPHRASE: PASS });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, objects: 4, store: target });
    const back = await cli(target, ['case', 'list', '--json'], { LOCKER_PASSPHRASE: PASS });
    expect((JSON.parse(back.stdout) as { id: string }[])[0]!.id).toBe(caseId);
  }, 60_000);
});
