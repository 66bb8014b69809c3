import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import { readRedactions } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/**
 * The hostile corpus for what lies beside the database: files an older version, a killed run or someone with
 * write access left in redactions/, tmp/, staging/ and orphans/. Each must be handled without a crash,
 * without following a link out of the locker, and without losing or inventing a record unseen.
 */
const tempDir = useTempDirs();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function lockerWithImage(): Promise<{ dir: string; itemId: string }> {
  const dir = tempDir();
  const locker = await Locker.open(dir);
  try {
    const c = await locker.createCase({ title: 'hostile files' });
    const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(30, 40, 1));
    const { added } = await addPaths(locker, c.id, [shot]);
    return { dir, itemId: added[0]!.id };
  } finally {
    locker.close();
  }
}

describe.skipIf(process.platform === 'win32')('hostile files beside the database', () => {
  it('takes in no redaction from a malformed, oversized or linked legacy file, and names a planted one', async () => {
    const { dir, itemId } = await lockerWithImage();
    const outside = path.join(tempDir(), 'boxes.json');
    writeFileSync(outside, JSON.stringify({ boxes: [{ x: 1, y: 1, width: 2, height: 2 }] }));
    const red = path.join(dir, 'redactions');
    mkdirSync(red);
    const files: [string, string | null][] = [
      [`${itemId}.json`, '{"boxes": [{"x": 1, "y": "2", "width": NaN'],
      ['..json', '{}'],
      ['ev_missing.json', '{"boxes": []}'],
      ['not an id!.json', '{"boxes": []}'],
    ];
    for (const [name, body] of files) if (body !== null) writeFileSync(path.join(red, name), body);

    let locker = await Locker.open(dir);
    try {
      expect(await readRedactions(locker, itemId)).toEqual([]);
      expect((await verifyLocker(locker)).problems).toEqual([]);
    } finally {
      locker.close();
    }
    // Everything it could not read is still there: nothing an older version wrote is thrown away.
    expect(readdirSync(red).sort()).toEqual(files.map(([n]) => n).sort());

    // A link to boxes outside the locker is not followed.
    rmSync(path.join(red, `${itemId}.json`));
    symlinkSync(outside, path.join(red, `${itemId}.json`));
    locker = await Locker.open(dir);
    try {
      expect(await readRedactions(locker, itemId)).toEqual([]);
      expect(existsSync(path.join(red, `${itemId}.json`))).toBe(true);
    } finally {
      locker.close();
    }
    // A well-formed file the custody log never recorded is taken in, and verify names it.
    rmSync(path.join(red, `${itemId}.json`));
    writeFileSync(
      path.join(red, `${itemId}.json`),
      JSON.stringify({ boxes: [{ x: 1, y: 1, width: 3, height: 3 }] }),
    );
    locker = await Locker.open(dir);
    try {
      expect((await verifyLocker(locker)).problems.map((p) => p.kind)).toEqual(['redaction-unlogged']);
    } finally {
      locker.close();
    }
  });

  it('removes links planted in tmp/ and staging/ before encrypting, never what they point at', async () => {
    const { dir } = await lockerWithImage();
    const precious = path.join(tempDir(), 'precious');
    mkdirSync(precious);
    writeFileSync(path.join(precious, 'keep.txt'), 'not the locker’s to delete\n');
    symlinkSync(precious, path.join(dir, 'tmp', 'link-dir'));
    mkdirSync(path.join(dir, 'staging'), { recursive: true });
    symlinkSync(path.join(precious, 'keep.txt'), path.join(dir, 'staging', 'link-file'));
    await encryptLocker(dir, 'correct horse battery staple', { cost: { N: 1 << 12, r: 8, p: 1 } });
    expect(readFileSync(path.join(precious, 'keep.txt'), 'utf8')).toMatch(/not the locker/);
    expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('moves back no link from orphans/, and quarantines a mislabelled original instead of deleting it', async () => {
    const { dir } = await lockerWithImage();
    const locker = await Locker.open(dir);
    const sha = locker.listEvidence(locker.listCases()[0]!.id)[0]!.sha256;
    locker.close();
    // The real original gone; a link named like it waits in orphans/, pointing outside.
    const stored = path.join(dir, 'objects', sha.slice(0, 2), sha);
    const bytes = readFileSync(stored);
    rmSync(stored);
    const outside = path.join(tempDir(), 'fake.png');
    writeFileSync(outside, bytes);
    mkdirSync(path.join(dir, 'orphans', 'objects'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'orphans', 'objects', sha));
    // A file in objects/ whose name is no hash of what it holds, and no row points at.
    const wrongName = 'f'.repeat(64);
    mkdirSync(path.join(dir, 'objects', 'ff'), { recursive: true });
    writeFileSync(path.join(dir, 'objects', 'ff', wrongName), 'not what the name says');
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(path.join(dir, 'objects', 'ff', wrongName), old, old);
    // custody-head.json stays where it is: the database is not older.
    const reopened = await Locker.open(dir);
    try {
      expect(existsSync(stored)).toBe(false);
      const report = await verifyLocker(reopened);
      expect(report.problems.map((p) => p.kind)).toEqual(['object-missing']);
      expect(report.orphans.count).toBe(1);
      expect(sha256(readFileSync(path.join(dir, 'orphans', 'objects', wrongName)))).not.toBe(wrongName);
    } finally {
      reopened.close();
    }
  });
});
