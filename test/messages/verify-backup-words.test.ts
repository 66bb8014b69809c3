import { chmodSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupJob } from '../../electron/ipc/contract.ts';
import { backupJobsOf } from '../../electron/ipc/backups.ts';
import { say } from '../../electron/messages/say.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { lockerInLocale } from '../helpers/cli.ts';

/*
 * Issue 16 item 4 for verify and backups: what verify finds and why a backup or restore failed are codes with
 * parameters, read in the command's locale (and the page's language), while `verify --json` keeps its fields.
 */

const tempDir = useTempDirs();
const ZH = { LANG: 'zh_CN.UTF-8' };
const CJK = /[\u3400-\u9fff]/;

const locker = lockerInLocale();

/** A locker holding one screenshot whose original has been removed from the store. */
async function lockerMissingAnOriginal(): Promise<{ dir: string; id: string; sha256: string }> {
  const dir = tempDir();
  const inbox = tempDir();
  writeFileSync(path.join(inbox, 'Screenshot_20250827-080112.png'), await makePng(40, 80, 3));
  const l = await Locker.open(dir);
  try {
    const c = await l.createCase({ title: 'words' });
    const r = await addPaths(l, c.id, [inbox]);
    const { id, sha256 } = r.added[0]!;
    const file = l.objects.pathFor(sha256);
    chmodSync(path.dirname(file), 0o700);
    unlinkSync(file);
    return { dir, id, sha256 };
  } finally {
    l.close();
  }
}

describe('verify and backups in the user’s language', () => {
  it('reads a verify problem in Chinese under LANG=zh_CN.UTF-8; --json keeps kind and message and adds code and params', async () => {
    const { dir, id, sha256 } = await lockerMissingAnOriginal();

    const zh = await locker(dir, ZH, 'verify');
    expect(zh.code).toBe(3);
    expect(zh.stdout).toContain(`发现损坏——1 个问题：\n  - ${id}的原件不在存储中（${sha256}）\n`);
    expect(zh.stdout).toContain('没有改动任何内容。');
    expect(zh.stdout).not.toMatch(/original of|DAMAGE FOUND/);

    const en = await locker(dir, {}, 'verify');
    expect(en.code).toBe(3);
    expect(en.stdout).toContain(
      `DAMAGE FOUND — 1 problem(s):\n  - the original of ${id} is missing from the store (${sha256})\n`,
    );

    // The JSON contract gains fields and renames none: `message` stays the English sentence it always was.
    const json = await locker(dir, ZH, 'verify', '--json');
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: Record<string, unknown>[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        kind: 'object-missing',
        message: `the original of ${id} is missing from the store (${sha256})`,
        code: 'verify.object-missing',
        params: { items: id, sha256 },
        sha256,
        evidenceIds: [id],
      },
    ]);
  });

  it('reads a failed backup and a failed restore in Chinese, with code and params under --json', async () => {
    const { dir } = await lockerMissingAnOriginal();
    // A folder that cannot hold the backup: a plain file stands where its folder should be.
    const blocker = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'x');
    const out = path.join(blocker, 'locker.backup');

    const zh = await locker(dir, ZH, 'backup', '--out', out);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(`locker: 无法把备份写到“${out}”：`);
    expect(zh.stderr).toContain('保管箱里的内容没有任何改动。');
    expect(zh.stderr).not.toMatch(/unexpected error|ENOTDIR|at /);

    const json = await locker(dir, {}, 'backup', '--out', out, '--json');
    expect(json.code).toBe(1);
    const body = JSON.parse(json.stdout) as { error: string; code: string; params: { file: string } };
    expect(body.code).toBe('backup.write-failed');
    expect(body.params.file).toBe(out);
    expect(body.error).toMatch(
      /^The backup could not be written to ".*": .*Nothing in the locker was changed\.$/,
    );

    // A file that is no backup at all: refused in Chinese, and the new folder is not made.
    const junk = path.join(tempDir(), 'junk.backup');
    writeFileSync(junk, 'not a zip at all');
    const target = path.join(tempDir(), 'restored');
    const restore = await locker(dir, ZH, 'restore', junk, '--store', target);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toBe('locker: 这不是证据保管箱的备份。\n');
  });

  it('gives the app a failed backup job and verify’s findings as codes the page words in its language', async () => {
    const { dir, id } = await lockerMissingAnOriginal();
    const l = await Locker.open(dir);
    try {
      const jobs = backupJobsOf(l);
      const blocker = path.join(tempDir(), 'file');
      writeFileSync(blocker, 'x');
      const failed = await finished(l, jobs.start(path.join(blocker, 'app.backup')));
      expect(failed.error).toMatch(/could not be written/);
      expect(failed.errorCoded?.code).toBe('backup.write-failed');
      const zh = say(failed.errorCoded!, 'zh-CN');
      expect(zh).toMatch(CJK);
      expect(zh).toContain('无法把备份写到');

      // The locker:verify answer and the status's damage carry the same codes.
      const { lockerCalls } = await import('../../electron/services/calls/locker.ts');
      const summary = await lockerCalls['locker:verify'].run({ locker: l }, {});
      expect(summary.problems[0]).toMatchObject({ kind: 'object-missing', code: 'verify.object-missing' });
      expect(say(summary.problems[0]!, 'zh-CN')).toContain(`${id}的原件不在存储中`);
    } finally {
      l.close();
    }
  });
});

async function finished(l: Locker, jobId: string): Promise<BackupJob> {
  for (;;) {
    const job = backupJobsOf(l).status(jobId);
    if (job.finished) return job;
    await new Promise((r) => setTimeout(r, 5));
  }
}
