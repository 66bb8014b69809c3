import { z } from 'zod';
import type { Coded } from '../../messages/say.ts';
import { LockerInputError } from '../errors.ts';
import type { Locker } from '../locker.ts';
import { checkAtOpen, verifyLocker } from '../verify.ts';
import { call } from './define.ts';
import { noInput, randomId } from './inputs.ts';

/* The locker as a whole: its check, whether it is encrypted and open, and backups running in the background. */

/** Whether the locker is encrypted and open, and what this computer's keychain offers. */
export type LockerStatus = {
  encrypted: boolean;
  unlocked: boolean;
  /** The OS keychain the app could keep the key in; `secure` is false for Linux's well-known fallback. */
  keychain: { backend: string; secure: boolean } | null;
  /** The key is kept in this computer's keychain (the locker opens without asking). */
  remembered: boolean;
  /** Set when the check at opening found the database damaged: what, and the backup to restore. */
  damage?: {
    /** In English; `problemCodes` the same, one for one, to word in the page's language. */
    problems: string[];
    problemCodes: Coded[];
    lastBackup: { path: string; at: string } | null;
  };
};

/** What turning encryption on gives back. The recovery key is shown once, here, and never again. */
export type EncryptedDto = {
  recoveryKey: string;
  objects: number;
  thumbnails: number;
  keychain: string | null;
};

/** A backup being written: originals done of total, then read back; the result once finished. */
export type BackupJob = {
  jobId: string;
  done: number;
  total: number;
  phase: 'writing' | 'checking' | 'restoring' | 'verifying';
  finished: boolean;
  result?: { name: string; bytes: number; sha256: string; objects: number; downloadId?: string };
  /** A restore: the new folder, and what the item-by-item check of it found. */
  restored?: { dir: string; objects: number; ok: boolean; problems: string[]; problemCodes: Coded[] };
  /** Why the job failed, in English; `errorCoded` the same as a code, to word in the page's language. */
  error?: string;
  errorCoded?: Coded;
};

/** The database's own check, run once per open locker, when the page first asks for its status. */
const health = new WeakMap<Locker, ReturnType<typeof checkAtOpen>>();

export const lockerCalls = {
  // The whole report (`locker verify` prints every field; a field verify gains reaches both): the page reads
  // what it needs.
  'locker:verify': call(
    () => noInput,
    async ({ locker }) => verifyLocker(locker),
  ),

  // Answered here once the locker is open; before that, by the LockerGate (see ipc/gate.ts).
  'locker:status': call(
    () => noInput,
    async ({ locker }): Promise<LockerStatus> => {
      let found = health.get(locker);
      if (!found) health.set(locker, (found = checkAtOpen(locker)));
      return Promise.resolve({
        encrypted: locker.encrypted,
        unlocked: true,
        keychain: null,
        remembered: false,
        ...(found.ok
          ? {}
          : {
              damage: {
                problems: found.problems,
                problemCodes: found.problemCodes,
                lastBackup: found.lastBackup
                  ? { path: found.lastBackup.path, at: found.lastBackup.at }
                  : null,
              },
            }),
      });
    },
  ),

  'locker:unlock': call(
    () =>
      z
        .strictObject({
          passphrase: z.string().min(1).max(1024).optional(),
          recoveryKey: z.string().min(1).max(200).optional(),
          /** Keep the key in the OS keychain so this computer opens the locker without asking. */
          remember: z.boolean().optional(),
        })
        .refine((v) => (v.passphrase === undefined) !== (v.recoveryKey === undefined), {
          message: 'Give the passphrase or the recovery key.',
        }),
    async ({ locker }): Promise<LockerStatus> =>
      Promise.resolve({ encrypted: locker.encrypted, unlocked: true, keychain: null, remembered: false }),
  ),

  // Only where a LockerGate runs the locker (the app, `npm start`) can it be closed and converted: the
  // transports answer this call with the gate's own.
  'locker:encrypt': call(
    () => z.strictObject({ passphrase: z.string().min(8).max(1024), remember: z.boolean().optional() }),
    (): Promise<EncryptedDto> => Promise.reject(new LockerInputError('crypto.encrypt-elsewhere')),
  ),

  'backup:status': call(
    () => z.strictObject({ jobId: randomId }),
    async ({ locker }, { jobId }) => {
      // Loaded when asked: `locker verify` runs a call of this module and needs no zip library.
      const { backupJobsOf } = await import('../../ipc/backups.ts');
      return backupJobsOf(locker).status(jobId);
    },
  ),
};
