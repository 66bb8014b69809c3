import type { z } from 'zod';
import type { DiskAccess, DiskCall } from '../services/calls/disk.ts';
import type { Locker } from '../services/locker.ts';
import { unlockFrom, withLocker, type Ctx } from './runtime.ts';

/*
 * The `locker` command's side of the disk calls (services/calls/disk.ts): the only transport that makes them.
 * It hands a call the person at the terminal (what unlocks, a new passphrase, a bill's password, a progress
 * line) and, for the calls that work in a locker, the opened locker.
 */

/** What the terminal can be asked; `extra` adds a command's own (a bill's password, a progress line). */
export function diskAccess(ctx: Ctx, extra: Partial<DiskAccess> = {}): DiskAccess {
  return {
    actor: 'cli',
    unlock: () => unlockFrom(ctx),
    newPassphrase: () => Promise.reject(new Error('this command asks for no new passphrase')),
    ...extra,
  };
}

export type RunDisk = <S extends z.ZodType, R>(declared: DiskCall<S, R>, input: z.input<S>) => Promise<R>;

/** Opens the locker and hands `fn` the disk calls run in it, with `access` to the terminal. */
export async function withDiskCalls<T>(
  ctx: Ctx,
  access: DiskAccess,
  fn: (run: RunDisk, locker: Locker) => T | Promise<T>,
): Promise<T> {
  const { runDisk } = await import('../services/calls/disk.ts');
  return withLocker(ctx, (locker) =>
    fn((declared, input) => runDisk({ disk: access, locker }, declared, input), locker),
  );
}

/** Runs a disk call on a locker folder without opening it (restore, encrypt, passphrase). */
export async function runOnFolder<S extends z.ZodType, R>(
  access: DiskAccess,
  declared: DiskCall<S, R>,
  input: z.input<S>,
): Promise<R> {
  const { runDisk } = await import('../services/calls/disk.ts');
  return runDisk({ disk: access }, declared, input);
}
