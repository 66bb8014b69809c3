import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadStaging } from '../../electron/ipc/uploads.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import type { ScryptCost } from '../../electron/services/crypto/keys.ts';
import { readRedactions, setRedactions } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const COST: ScryptCost = { N: 1 << 12, r: 8, p: 1 };
const PASS = 'correct horse battery staple';
const CANARY = 'CANARY-LEFTOVER-93QZ';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir` that holds `needle` in clear. */
function filesHolding(dir: string, needle: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((n) => path.join(dir, String(n)))
    .filter((f) => statSync(f).isFile() && readFileSync(f).includes(needle));
}

describe('turning encryption on leaves nothing in clear', () => {
  it('removes what killed runs left (partial originals, staged uploads, bridge packets) and seals quarantined originals', async () => {
    const dir = tempDir();
    const locker = await Locker.open(dir);
    const c = await locker.createCase({ title: 'leftovers' });
    const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(20, 30, 1));
    await addPaths(locker, c.id, [shot]);
    locker.close();

    // What a killed import, a killed bridge and an interrupted upload leave behind.
    writeFileSync(path.join(dir, 'tmp', '1700000000000-abcdef123456.part'), `${CANARY} part of an original`);
    mkdirSync(path.join(dir, 'exports', 'run-0123456789abcdef', 'aa'), { recursive: true });
    writeFileSync(
      path.join(dir, 'exports', 'run-0123456789abcdef', 'aa', 'evidence-packet.zip'),
      `${CANARY} packet`,
    );
    mkdirSync(path.join(dir, 'staging', 'locker-upload-x1', '0'), { recursive: true });
    writeFileSync(path.join(dir, 'staging', 'locker-upload-x1', '0', 'bill.csv'), `${CANARY} upload`);
    // An original no record points at, in quarantine.
    const orphan = Buffer.from(`${CANARY} orphaned original`);
    mkdirSync(path.join(dir, 'orphans', 'objects'), { recursive: true });
    writeFileSync(path.join(dir, 'orphans', 'objects', sha256(orphan)), orphan);
    expect(filesHolding(dir, CANARY)).toHaveLength(4);

    await encryptLocker(dir, PASS, { cost: COST });
    expect(filesHolding(dir, CANARY)).toEqual([]);
    expect(filesHolding(dir, sha256(orphan))).toEqual([]);
    expect(
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((n) => n.includes(sha256(orphan))),
    ).toEqual([]);

    const enc = await Locker.open(dir, { unlock: { passphrase: PASS } });
    try {
      const report = await verifyLocker(enc);
      expect(report.problems).toEqual([]);
      expect(report.orphans.count).toBe(1);
    } finally {
      enc.close();
    }
  });

  it('keeps redaction notes and the plaintext SHA-256 of originals out of every file of an encrypted locker', async () => {
    const dir = tempDir();
    await encryptLocker(dir, PASS, { cost: COST });
    const locker = await Locker.open(dir, { unlock: { passphrase: PASS } });
    try {
      const c = await locker.createCase({ title: 'redact encrypted' });
      const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
      const png = await makePng(40, 60, 2);
      writeFileSync(shot, png);
      const { added } = await addPaths(locker, c.id, [shot]);
      const box = { x: 1, y: 1, width: 5, height: 5, note: `${CANARY} card number` };
      await setRedactions(locker, added[0]!.id, [box]);
      expect(await readRedactions(locker, added[0]!.id)).toEqual([box]);
      locker.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(filesHolding(dir, CANARY)).toEqual([]);
      expect(filesHolding(dir, sha256(png))).toEqual([]);
      expect(
        readdirSync(dir, { recursive: true })
          .map(String)
          .filter((n) => n.includes(sha256(png))),
      ).toEqual([]);
    } finally {
      locker.close();
    }
  });

  it('stages uploads inside the locker, and the next open sweeps what a killed run left there', async () => {
    const dir = tempDir();
    const locker = await Locker.open(dir);
    try {
      const c = await locker.createCase({ title: 'staging' });
      const staging = new UploadStaging(locker);
      const { batchId } = await staging.begin(c.id);
      await staging.receive(batchId, 'note.txt', null, [Buffer.from(`${CANARY} staged`)]);
      expect(filesHolding(path.join(dir, 'staging'), CANARY)).toHaveLength(1);
      // The run is killed here: nothing removes the staged copy.
    } finally {
      locker.close();
    }
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    for (const name of readdirSync(path.join(dir, 'staging')))
      utimesSync(path.join(dir, 'staging', name), old, old);
    (await Locker.open(dir)).close();
    expect(existsSync(path.join(dir, 'staging')) ? readdirSync(path.join(dir, 'staging')) : []).toEqual([]);
  });
  it('throws away the half-built encrypted database with its -wal and -shm when a run was killed while rekeying it', async () => {
    const dir = tempDir();
    const locker = await Locker.open(dir);
    await locker.createCase({ title: 'killed while rekeying' });
    locker.close();
    // What a run killed between opening the copy (WAL mode) and closing it leaves: the pending key, the copy and
    // SQLite's two files beside it. The copy is not yet encrypted: all of it is plaintext.
    writeFileSync(path.join(dir, 'locker-key.pending.json'), '{}\n');
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      writeFileSync(path.join(dir, `locker.db.encrypting${suffix}`), `${CANARY} ${suffix}`);
    const again = await Locker.open(dir);
    try {
      expect(again.encrypted).toBe(false);
      expect(readdirSync(dir).filter((n) => /encrypting|pending/.test(n))).toEqual([]);
      expect(again.listCases().map((c) => c.title)).toEqual(['killed while rekeying']);
    } finally {
      again.close();
    }
    // And converting after it works and leaves nothing beside the database either.
    await encryptLocker(dir, PASS, { cost: COST });
    expect(readdirSync(dir).filter((n) => /encrypting|pending|plaintext-old/.test(n))).toEqual([]);
    expect(filesHolding(dir, CANARY)).toEqual([]);
  });
});
