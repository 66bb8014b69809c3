import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupJob } from '../../electron/ipc/contract.ts';
import { backupJobsOf } from '../../electron/ipc/backups.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { electronNativeBinding, useNativeBinding } from '../../electron/services/native-binding.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const COST = { N: 1 << 12, r: 8, p: 1 };

/** Polls a job as the page does, keeping every phase it reported, until it finishes. */
async function follow(locker: Locker, jobId: string): Promise<{ last: BackupJob; phases: Set<string> }> {
  const phases = new Set<string>();
  for (;;) {
    const job = backupJobsOf(locker).status(jobId);
    if (job.total) phases.add(job.phase);
    if (job.finished) return { last: job, phases };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function lockerWith(files: number, encrypted: boolean): Promise<Locker> {
  const dir = tempDir();
  const plain = await Locker.open(dir);
  const c = await plain.createCase({ title: 'jobs' });
  const inbox = tempDir();
  for (let i = 0; i < files; i++) {
    writeFileSync(path.join(inbox, `Screenshot_20250827-08011${i}.png`), await makePng(200, 400, i));
  }
  await addPaths(plain, c.id, [inbox]);
  if (!encrypted) return plain;
  plain.close();
  await encryptLocker(dir, 'jobs passphrase', { cost: COST });
  return Locker.open(dir, { unlock: { passphrase: 'jobs passphrase' } });
}

describe('backup and restore jobs (what the app runs, with progress)', () => {
  it('backs up with progress, then restores the backup into a new folder and verifies it', async () => {
    const locker = await lockerWith(4, false);
    try {
      const jobs = backupJobsOf(locker);
      const out = path.join(tempDir(), 'app.backup');
      const made = await follow(locker, jobs.start(out));
      expect(made.last.error).toBeUndefined();
      expect(made.last.result).toMatchObject({ name: 'app.backup', objects: 4 });
      expect(made.phases).toEqual(new Set(['writing', 'checking']));
      expect(made.last.done).toBe(made.last.total);

      const dir = path.join(tempDir(), 'restored');
      const back = await follow(locker, jobs.restore(out, dir));
      expect(back.last.restored).toEqual({ dir, objects: 4, ok: true, problems: [], problemCodes: [] });
      expect(back.phases.has('restoring')).toBe(true);
      expect(jobs.restoredDir(back.last.jobId)).toBe(dir);
      // Never over anything: the same folder again is refused with a reason.
      const again = await follow(locker, jobs.restore(out, dir));
      expect(again.last.error).toMatch(/not empty/);
      expect(jobs.restoredDir(again.last.jobId)).toBeNull();
      expect(() => jobs.status('0'.repeat(32))).toThrow(/No such backup/);
    } finally {
      locker.close();
    }
  });

  it("restores an encrypted locker's own backup with the key in hand, and refuses another locker's", async () => {
    const locker = await lockerWith(2, true);
    const stranger = await lockerWith(1, true);
    try {
      const own = path.join(tempDir(), 'own.backup');
      expect((await follow(locker, backupJobsOf(locker).start(own))).last.result?.objects).toBe(2);
      const foreign = path.join(tempDir(), 'foreign.backup');
      expect((await follow(stranger, backupJobsOf(stranger).start(foreign))).last.result?.objects).toBe(1);

      const jobs = backupJobsOf(locker);
      const ok = await follow(locker, jobs.restore(own, path.join(tempDir(), 'r1')));
      expect(ok.last.restored).toMatchObject({ objects: 2, ok: true });
      const refused = await follow(locker, jobs.restore(foreign, path.join(tempDir(), 'r2')));
      expect(refused.last.error).toMatch(/another encrypted locker/);
    } finally {
      locker.close();
      stranger.close();
    }
  });
});

describe('restore under Electron', () => {
  const require = createRequire(import.meta.url);

  it('opens the restored locker with the Electron build of better-sqlite3 main chose, like every other door', async () => {
    const locker = await lockerWith(2, false);
    try {
      const jobs = backupJobsOf(locker);
      const out = path.join(tempDir(), 'electron.backup');
      expect((await follow(locker, jobs.start(out))).last.error).toBeUndefined();

      // What main.ts does at start: find native/electron-v<abi>-<platform>-<arch>/ and use it for the process.
      // Here the "Electron build" is a copy of Node's, so it loads, and shows up under its own path once used.
      const resources = tempDir();
      const folder = path.join(
        resources,
        'native',
        `electron-v${process.versions.modules}-${process.platform}-${process.arch}`,
      );
      mkdirSync(folder, { recursive: true });
      const nodeBuild = path.join(
        path.dirname(require.resolve('better-sqlite3/package.json')),
        'build',
        'Release',
      );
      copyFileSync(path.join(nodeBuild, 'better_sqlite3.node'), path.join(folder, 'better_sqlite3.node'));
      const versions = { ...process.versions, electron: '45.4.1' };
      const binding = electronNativeBinding([path.join(resources, 'native')], versions);
      expect(binding).toBe(path.join(folder, 'better_sqlite3.node'));
      useNativeBinding(binding);
      try {
        const dir = path.join(tempDir(), 'restored');
        const back = await follow(locker, jobs.restore(out, dir));
        expect(back.last.restored).toEqual({ dir, objects: 2, ok: true, problems: [], problemCodes: [] });
      } finally {
        useNativeBinding(undefined);
      }
      // Under Electron the default build (Node's ABI) cannot load: the restore must have opened through this one.
      expect(Object.keys(require.cache)).toContain(binding);
    } finally {
      locker.close();
    }
  });
});
