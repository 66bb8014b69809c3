import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  backupFailure,
  backupLocker,
  restoreLocker,
  type BackupProgress,
  type BackupResult,
} from '../services/backup.ts';
import { say, type Coded } from '../messages/say.ts';
import { LockerInputError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import type { BackupJob } from './contract.ts';

/**
 * Backups the app runs in the background, by job id, so the page can show their progress (writing every
 * original, then reading each back) by asking `backup:status`. One registry per open locker.
 */
export class BackupJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly locker: Locker) {}

  /** Starts writing a backup to `out`; `onDone` may register the file as a download (the bridge). */
  start(out: string, onDone?: (file: string) => string | undefined): string {
    const id = randomBytes(16).toString('hex');
    const job: Job = { progress: null };
    this.jobs.set(id, job);
    void backupLocker(this.locker, out, { onProgress: (p) => (job.progress = p) }).then(
      (result) => {
        job.result = result;
        const downloadId = onDone?.(result.path);
        if (downloadId) job.downloadId = downloadId;
      },
      (error: unknown) => {
        job.error = backupFailure(error);
      },
    );
    return id;
  }

  /**
   * Restores a backup into `dir` (a new, empty folder) and verifies it item by item. A backup of this very
   * locker, encrypted, opens with the key already in hand; any other needs its own passphrase (the CLI).
   */
  restore(file: string, dir: string): string {
    const id = randomBytes(16).toString('hex');
    const job: Job = { progress: null };
    this.jobs.set(id, job);
    const master = this.locker.masterKey();
    void restoreLocker(
      file,
      dir,
      () => Promise.resolve(master ? { master } : {}),
      (p) => (job.progress = p),
    ).then(
      (report) => {
        job.restored = {
          dir,
          objects: report.objects,
          ok: report.ok,
          problems: report.problems.map((p) => p.message),
          problemCodes: report.problems.map((p) => ({ code: p.code, params: p.params })),
        };
      },
      (error: unknown) => {
        job.error = backupFailure(error);
      },
    );
    return id;
  }

  /** The folder a finished, verified restore of this run made (to open it), or null. */
  restoredDir(jobId: string): string | null {
    const job = this.jobs.get(jobId);
    return job?.restored?.ok ? job.restored.dir : null;
  }

  status(jobId: string): BackupJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new LockerInputError('backup.no-job');
    return {
      jobId,
      done: job.progress?.done ?? 0,
      total: job.progress?.total ?? 0,
      phase: job.progress?.phase ?? 'writing',
      finished: Boolean(job.result || job.restored || job.error),
      ...(job.result
        ? {
            result: {
              name: path.basename(job.result.path),
              bytes: job.result.bytes,
              sha256: job.result.sha256,
              objects: job.result.objects,
              ...(job.downloadId ? { downloadId: job.downloadId } : {}),
            },
          }
        : {}),
      ...(job.restored ? { restored: job.restored } : {}),
      // The English beside the code: the page words `errorCoded` in its language.
      ...(job.error ? { error: say(job.error), errorCoded: job.error } : {}),
    };
  }
}

type Job = {
  progress: BackupProgress | null;
  result?: BackupResult;
  downloadId?: string;
  restored?: NonNullable<BackupJob['restored']>;
  /** Why the job failed (the backup's own refusal, or the system's reason, coded). */
  error?: Coded;
};

const registries = new WeakMap<Locker, BackupJobs>();

/** The one registry of a locker, shared by the handlers and the runtime that starts jobs. */
export function backupJobsOf(locker: Locker): BackupJobs {
  let jobs = registries.get(locker);
  if (!jobs) registries.set(locker, (jobs = new BackupJobs(locker)));
  return jobs;
}

export { backupFileName } from './file-names.ts';
