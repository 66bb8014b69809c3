import { copyFileSync, existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((n) => /[0-9a-f]{64}$/.test(n))
    .map((n) => path.join(dir, n));
}

/** Older than the sweep's minimum age, so only the database's knowledge decides what stays. */
function backdate(files: string[]): void {
  const old = new Date(Date.now() - 11 * 60_000);
  for (const f of files) utimesSync(f, old, old);
}

async function fileImages(locker: Locker, caseId: string, from: number, count: number): Promise<void> {
  const inbox = tempDir();
  for (let i = from; i < from + count; i++) {
    writeFileSync(path.join(inbox, `Screenshot_20250827-0801${10 + i}.png`), await makePng(20, 30, i));
  }
  await addPaths(locker, caseId, [inbox]);
}

function putBack(dir: string, saved: string): void {
  for (const s of ['-wal', '-shm']) rmSync(path.join(dir, `locker.db${s}`), { force: true });
  copyFileSync(saved, path.join(dir, 'locker.db'));
}

describe('an older locker.db put back over newer originals', () => {
  it('never deletes an original: the sweep holds back behind the head mirror, then quarantines, and the newer database takes them back', async () => {
    const dir = tempDir();
    const saved = tempDir();
    let locker = await Locker.open(dir);
    const c = await locker.createCase({ title: 'older db' });
    await fileImages(locker, c.id, 0, 2);
    locker.close();
    copyFileSync(path.join(dir, 'locker.db'), path.join(saved, 'old.db'));

    locker = await Locker.open(dir);
    await fileImages(locker, c.id, 2, 3);
    locker.close();
    copyFileSync(path.join(dir, 'locker.db'), path.join(saved, 'new.db'));
    const objects = path.join(dir, 'objects');
    expect(storedFiles(objects)).toHaveLength(5);

    // The older database back in place: custody-head.json still names the newer head.
    putBack(dir, path.join(saved, 'old.db'));
    backdate(storedFiles(objects));
    locker = await Locker.open(dir);
    try {
      expect(storedFiles(objects)).toHaveLength(5);
      expect(locker.behindHead).toMatch(/does not hold/);
      const report = await verifyLocker(locker);
      expect(report.problems.map((p) => p.kind)).toContain('log-truncated');
      expect(report.notes.join(' ')).toMatch(/not tidied at opening/);
      // A change made now does not move the mirror back.
      await locker.createCase({ title: 'meanwhile' });
    } finally {
      locker.close();
    }
    locker = await Locker.open(dir);
    locker.close();
    expect(locker.behindHead).toMatch(/does not hold/);

    // Even with the mirror gone, the three newer originals are moved aside, not deleted, and verify says so.
    rmSync(path.join(dir, 'custody-head.json'));
    locker = await Locker.open(dir);
    try {
      expect(storedFiles(objects)).toHaveLength(2);
      expect(storedFiles(path.join(dir, 'orphans', 'objects'))).toHaveLength(3);
      const report = await verifyLocker(locker);
      expect(report.orphans.count).toBe(3);
      expect(report.notes.join(' ')).toMatch(/3 original\(s\).*orphans/);
    } finally {
      locker.close();
    }

    // The newer database put back: its originals come home and the locker verifies clean.
    putBack(dir, path.join(saved, 'new.db'));
    locker = await Locker.open(dir);
    try {
      expect(storedFiles(objects)).toHaveLength(5);
      expect(storedFiles(path.join(dir, 'orphans', 'objects'))).toEqual([]);
      const report = await verifyLocker(locker);
      expect(report.problems).toEqual([]);
      expect(report.orphans).toEqual({ count: 0, bytes: 0 });
      expect(locker.listEvidence(c.id)).toHaveLength(5);
    } finally {
      locker.close();
    }
  });
});
