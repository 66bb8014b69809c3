import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupLocker } from '../../electron/services/backup.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { addDanglingEvent } from '../helpers/damage.ts';

const tempDir = useTempDirs();

async function lockerWithBackup(): Promise<{ dir: string; backup: string; caseId: string }> {
  const dir = tempDir();
  const inbox = tempDir();
  const locker = await Locker.open(dir);
  try {
    const c = await locker.createCase({ title: 'damage' });
    for (let i = 0; i < 3; i++) {
      const f = path.join(inbox, `Screenshot_20250827-08011${i}.png`);
      (await import('node:fs')).writeFileSync(f, await makePng(80, 160, i));
    }
    await addPaths(locker, c.id, [inbox]);
    const b = await backupLocker(locker, path.join(tempDir(), 'last.backup'));
    return { dir, backup: b.path, caseId: c.id };
  } finally {
    locker.close();
  }
}

describe('verify checks the database itself', () => {
  it('reports a row pointing at a missing row, changes nothing, and names the most recent backup', async () => {
    const { dir, backup, caseId } = await lockerWithBackup();
    // Damage from outside the app: an event of a case that does not exist.
    addDanglingEvent(dir, 'ev_dangling');
    const locker = await Locker.open(dir);
    try {
      const report = await verifyLocker(locker);
      expect(report.ok).toBe(false);
      // The row was slipped in from outside: it also has no entry in the custody log.
      expect(report.problems.map((p) => p.kind)).toEqual(['database-damaged', 'record-unlogged']);
      expect(report.problems[0]!.message).toMatch(/events.*points at a missing row of cases/);
      expect(report.lastBackup).toMatchObject({ path: backup });
      expect(report.lastBackup!.sha256).toMatch(/^[0-9a-f]{64}$/);
      // Reported, not repaired: the row is still there, and the case's items too.
      expect(locker.db.prepare(`SELECT count(*) AS n FROM events WHERE id = 'ev_dangling'`).get()).toEqual({
        n: 1,
      });
      expect(locker.listEvidence(caseId)).toHaveLength(3);
      // The backup was logged.
      expect(locker.custodyLog().some((e) => e.action === 'locker.backup')).toBe(true);
    } finally {
      locker.close();
    }
  });

  it('finds a damaged page, or refuses to open with a clear message, never silently', async () => {
    const { dir } = await lockerWithBackup();
    const file = path.join(dir, 'locker.db');
    // Scribble over whole pages in the middle of the file (rows, indexes), as a failing disk would.
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(8 * 4096);
    const before = readFileSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    expect(readFileSync(file).equals(before)).toBe(false);
    let outcome: string;
    try {
      const locker = await Locker.open(dir);
      try {
        const report = await verifyLocker(locker);
        outcome = report.problems.some((p) => p.kind === 'database-damaged') ? 'reported' : 'silent';
      } finally {
        locker.close();
      }
    } catch (error) {
      outcome = /malformed|damaged|not a (readable )?database/i.test((error as Error).message)
        ? 'refused'
        : 'unclear';
    }
    expect(['reported', 'refused']).toContain(outcome);
  });
});
