import type { SealedFile } from '../sealed-file.ts';
import path from 'node:path';
import { z } from 'zod';
import type { Coded, Params } from '../../messages/say.ts';
import { NotFoundError } from '../errors.ts';
import { addPaths, type IntakeResult } from '../intake.ts';
import type { Locker } from '../locker.ts';
import { call, exactCase, type CallContext, type LockedFiles } from './define.ts';
import { randomId } from './inputs.ts';

/*
 * Filing files into a case, worded per file by the name the user knows. Where the files come from (a dialog,
 * a drop, an upload) is the transport's business; a password-protected archive is kept by id (never by path)
 * until the user gives its password or gives up.
 */

/** One line per file, named by the name the user knows (never a path on this machine). */
export type ImportOutcome =
  | {
      name: string;
      outcome: 'added';
      evidenceId: string;
      /** In English; `warningCodes` are the same notes as codes, which the page words in its language. */
      warnings: string[];
      warningCodes: Coded[];
      /** Which layout of the format was read (`card-statement`, `jd` …), when the importer says. */
      layout?: string;
      /** Read with this saved column map (its header matched). */
      columnMap?: { id: string; name: string };
      /** A table nothing could read: the user can map its columns. */
      canMap?: boolean;
    }
  | { name: string; outcome: 'duplicate'; evidenceId: string; inTrash: boolean }
  | {
      name: string;
      outcome: 'failed';
      /** In English; `code` and `params` are the same reason as a message the page words. */
      reason: string;
      code: string;
      params: Params;
      /** An encrypted archive (filed as received) whose contents need its password; `lockedId` reopens it. */
      needsPassword?: boolean;
      lockedId?: string;
    }
  | { name: string; outcome: 'skipped'; reason: string; code: string; params: Params };

export type ImportSummary = { caseId: string; files: ImportOutcome[] };

/** A password for this import, and how a file that still needs one is kept and named for the page. */
export type LockedOptions = { password?: string; onLocked?: (file: string) => string | null };

/**
 * Files paths into a case and words the outcome per file by the name the user knows: `nameOf` maps a path
 * on this machine (a temp upload, a dropped file) back to that name, so no path reaches the renderer.
 */
export async function importPaths(
  locker: Locker,
  caseId: string,
  /** Paths, or uploads kept sealed until filed (an encrypted locker's staging). */
  paths: (string | SealedFile)[],
  method: string,
  nameOf: (file: string) => string = (file) => path.basename(file),
  originOf?: (file: string) => string,
  locked: LockedOptions = {},
): Promise<ImportSummary> {
  const c = exactCase(locker, caseId);
  const result: IntakeResult = await addPaths(locker, c.id, paths, {
    method,
    ...(originOf ? { originOf } : {}),
    // Used for this one call and dropped: the intake neither stores nor logs it.
    ...(locked.password !== undefined ? { password: locked.password } : {}),
  });
  return { caseId: c.id, files: outcomesOf(result, nameOf, locked.onLocked) };
}

function outcomesOf(
  result: IntakeResult,
  nameOf: (file: string) => string,
  onLocked?: (file: string) => string | null,
): ImportOutcome[] {
  return [
    ...result.added.map((a): ImportOutcome => ({
      name: nameOf(a.path),
      outcome: 'added',
      evidenceId: a.id,
      warnings: a.warnings,
      warningCodes: a.warningCodes,
      ...(a.layout ? { layout: a.layout } : {}),
      ...(a.columnMap ? { columnMap: a.columnMap } : {}),
      ...(a.canMap ? { canMap: true } : {}),
    })),
    ...result.duplicates.map((d): ImportOutcome => ({
      name: nameOf(d.path),
      outcome: 'duplicate',
      evidenceId: d.existingId,
      inTrash: d.inTrash,
    })),
    ...result.errors.map((e): ImportOutcome => {
      const lockedId = e.needsPassword ? (onLocked?.(e.path) ?? null) : null;
      return {
        name: nameOf(e.path),
        outcome: 'failed',
        reason: e.error,
        code: e.code,
        params: e.params,
        ...(e.needsPassword ? { needsPassword: true } : {}),
        ...(lockedId ? { lockedId } : {}),
      };
    }),
    ...result.skipped.map((s): ImportOutcome => ({
      name: nameOf(s.path),
      outcome: 'skipped',
      reason: s.reason,
      code: s.code,
      params: s.params,
    })),
  ];
}

function lockedFiles(ctx: CallContext): LockedFiles {
  if (!ctx.locked) throw new NotFoundError('locked-file', '');
  return ctx.locked;
}

export const importCalls = {
  // The password travels in the body only and is bounded: bill passwords are 6 digits, bank ones a little more.
  'import:unlock': call(
    z.strictObject({ lockedId: randomId, password: z.string().min(1).max(128) }),
    (ctx, { lockedId, password }) => lockedFiles(ctx).unlock(lockedId, password),
  ),

  'import:forget': call(z.strictObject({ lockedId: randomId }), async (ctx, { lockedId }) => {
    await lockedFiles(ctx).forget(lockedId);
    return null;
  }),
};
