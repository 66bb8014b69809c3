import type { SealedFile } from '../sealed-file.ts';
import path from 'node:path';
import { z } from 'zod';
import type { Coded, Params } from '../../messages/say.ts';
import { readFromItem } from '../../../db/queries/records.ts';
import { addPaths, openFiledItem, type IntakeResult } from '../intake.ts';
import type { Locker } from '../locker.ts';
import { call, exactCase, exactEvidence } from './define.ts';
import { evidenceId } from './inputs.ts';

/*
 * Filing files into a case, worded per file by the name the user knows. Where the files come from (a dialog,
 * a drop, an upload) is the transport's business. A password-protected file is filed as received and its item
 * waits for the password (intake's waitsForPassword); `import:unlock` opens it from its original in the store.
 */

/** Rows read from one item; `firstUtc`/`lastUtc` are the earliest and latest row (null when none). */
export type ItemRead = {
  transactions: number;
  charges: number;
  messages: number;
  firstUtc: string | null;
  lastUtc: string | null;
};

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
      /** Filed from inside this item (an archive entry, an attachment). */
      parentId?: string;
      /** Filed, but what is inside waits for its password (`import:unlock` with `lockedId`, its item's id). */
      needsPassword?: boolean;
      lockedId?: string;
      /** What was read from it: bill rows, of which charges, chat messages, and the span they cover. */
      read?: ItemRead;
    }
  | {
      name: string;
      outcome: 'duplicate';
      evidenceId: string;
      inTrash: boolean;
      parentId?: string;
      needsPassword?: boolean;
      lockedId?: string;
      read?: ItemRead;
    }
  | {
      name: string;
      outcome: 'failed';
      /** In English; `code` and `params` are the same reason as a message the page words. */
      reason: string;
      code: string;
      params: Params;
      /** A password-protected file no item stands for (rare: the item of a locked file carries the state). */
      needsPassword?: boolean;
    }
  | { name: string; outcome: 'skipped'; reason: string; code: string; params: Params };

export type ImportSummary = { caseId: string; files: ImportOutcome[] };

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
): Promise<ImportSummary> {
  const c = exactCase(locker, caseId);
  const result: IntakeResult = await addPaths(locker, c.id, paths, {
    method,
    ...(originOf ? { originOf } : {}),
  });
  return { caseId: c.id, files: outcomesOf(locker, result, nameOf) };
}

/**
 * One line per file. A file filed but waiting for its password is one line with `needsPassword` (its item is
 * what the password opens), not an "added" line and a "failed" line for the same file; a file something was
 * read from says what (`read`).
 */
function outcomesOf(locker: Locker, result: IntakeResult, nameOf: (file: string) => string): ImportOutcome[] {
  const locked = new Set(result.errors.filter((e) => e.needsPassword).map((e) => e.path));
  const filed = new Set([...result.added.map((a) => a.path), ...result.duplicates.map((d) => d.path)]);
  const stateOf = (file: string, evidenceId: string) => {
    const read = readFromItem(locker.db, evidenceId);
    return {
      ...(locked.has(file) ? { needsPassword: true, lockedId: evidenceId } : {}),
      ...(read.transactions || read.messages ? { read } : {}),
    };
  };
  return underParents([
    ...result.added.map((a): ImportOutcome => ({
      name: nameOf(a.path),
      outcome: 'added',
      evidenceId: a.id,
      warnings: a.warnings,
      warningCodes: a.warningCodes,
      ...(a.parentId ? { parentId: a.parentId } : {}),
      ...(a.layout ? { layout: a.layout } : {}),
      ...(a.columnMap ? { columnMap: a.columnMap } : {}),
      ...(a.canMap ? { canMap: true } : {}),
      ...stateOf(a.path, a.id),
    })),
    ...result.duplicates.map((d): ImportOutcome => ({
      name: nameOf(d.path),
      outcome: 'duplicate',
      evidenceId: d.existingId,
      inTrash: d.inTrash,
      ...stateOf(d.path, d.existingId),
    })),
    ...result.errors
      .filter((e) => !(e.needsPassword && filed.has(e.path)))
      .map((e): ImportOutcome => ({
        name: nameOf(e.path),
        outcome: 'failed',
        reason: e.error,
        code: e.code,
        params: e.params,
        ...(e.needsPassword ? { needsPassword: true } : {}),
      })),
    ...result.skipped.map((s): ImportOutcome => ({
      name: nameOf(s.path),
      outcome: 'skipped',
      reason: s.reason,
      code: s.code,
      params: s.params,
    })),
  ]);
}

/** Each file taken out of another listed right after it (a ZIP, then its entries), otherwise in order. */
function underParents(lines: ImportOutcome[]): ImportOutcome[] {
  const idOf = (l: ImportOutcome) => ('evidenceId' in l ? l.evidenceId : null);
  const parentOf = (l: ImportOutcome) => ('parentId' in l ? (l.parentId ?? null) : null);
  const present = new Set(lines.map(idOf));
  const children = new Map<string, ImportOutcome[]>();
  for (const l of lines) {
    const parent = parentOf(l);
    if (parent && present.has(parent)) children.set(parent, [...(children.get(parent) ?? []), l]);
  }
  const out: ImportOutcome[] = [];
  const put = (l: ImportOutcome) => {
    out.push(l);
    const id = idOf(l);
    for (const child of (id && children.get(id)) || []) put(child);
  };
  for (const l of lines) {
    const parent = parentOf(l);
    if (!parent || !present.has(parent)) put(l);
  }
  return out;
}

export const importCalls = {
  // The item waiting for its password is opened from its original in the store; the password travels in the
  // body only, is bounded (bill passwords are 6 digits, bank ones a little more) and is used for this call only.
  // A wrong one keeps it waiting: the summary says so, and the page asks again.
  'import:unlock': call(
    () => z.strictObject({ lockedId: evidenceId, password: z.string().min(1).max(128) }),
    async ({ locker }, { lockedId, password }) => {
      const e = exactEvidence(locker, lockedId);
      const result = await openFiledItem(locker, e.id, password, { method: 'unlock' });
      return { caseId: e.caseId, files: outcomesOf(locker, result, (file) => file) };
    },
  ),
};
