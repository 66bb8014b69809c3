import type { z } from 'zod';
import type { CaseRecord } from '../../../db/queries/cases.ts';
import type { EvidenceRecord } from '../../../db/queries/evidence.ts';
import { LockerInputError, NotFoundError } from '../errors.ts';
import { firstProblem } from '../input-problems.ts';
import type { Locker } from '../locker.ts';

/*
 * A call is declared once: its name (the key it is exported under), its zod input schema and the function
 * that answers it with a DTO. Electron's IPC, the loopback bridge and the `locker` command are transports over
 * the same declarations (as Actual Budget's loot-core handlers are); nothing here knows which one is asking.
 */

export type OcrStatusDto = {
  enabled: boolean;
  isRunning: boolean;
  pending: number;
  done: number;
  failed: number;
  skipped: number;
  /** The item being read now, when a run is under way. */
  current: { evidenceId: string; title: string } | null;
  progress: { done: number; total: number } | null;
};

/** The background OCR reader as the calls see it (Electron's main and the bridge run one). */
export type OcrReader = {
  status: (caseId: string | null) => OcrStatusDto;
  kick: () => void;
  setEnabled: (enabled: boolean) => void;
};

/** What every call runs against. Only `locker` is required: the CLI runs calls with nothing else. */
export type CallContext = {
  locker: Locker;
  /** The background reader whose state `ocr:status` reports (absent: the counts in the database). */
  ocr?: OcrReader | undefined;
};

export type Call<S extends z.ZodType, R> = {
  /** The input schema, built the first time it is read. */
  readonly input: S;
  readonly run: (ctx: CallContext, input: z.output<S>) => Promise<R>;
};

/**
 * Declares one call; its output type is whatever `run` returns. The schema is given as a function and built on
 * first use: a domain module declares many calls and a `locker` command makes one, and building every zod
 * schema as the module loads cost each command's start-up several milliseconds.
 */
export function call<S extends z.ZodType, R>(
  input: () => S,
  run: (ctx: CallContext, input: z.output<S>) => Promise<R>,
): Call<S, R> {
  let built: S | undefined;
  return {
    get input() {
      return (built ??= input());
    },
    run,
  };
}

/**
 * Parses `input` with one declaration's schema (as IPC and the bridge do) and runs it. A bad input throws a
 * LockerInputError naming the field and the problem as codes. `runCall` routes by name to this; the `locker`
 * command calls it with the one domain module it imported, so a command loads only the calls it makes.
 */
export async function runDeclared<S extends z.ZodType, R>(
  ctx: CallContext,
  declared: Call<S, R>,
  input: z.input<S>,
): Promise<R> {
  const parsed = declared.input.safeParse(input);
  if (!parsed.success) throw new LockerInputError('bad-input', firstProblem(parsed.error, input));
  return declared.run(ctx, parsed.data);
}

/** Lookups by exact id only: the Locker also accepts an id's start (handy in a terminal, wrong for an API). */
export function exactCase(locker: Locker, id: string): CaseRecord {
  const c = locker.getCase(id);
  if (c.id !== id) throw new NotFoundError('case', id);
  return c;
}

export function exactEvidence(locker: Locker, id: string): EvidenceRecord {
  const e = locker.getEvidence(id);
  if (e.id !== id) throw new NotFoundError('evidence', id);
  return e;
}

/** `2023-03-05T12:30:01+08:00` → its UTC instant and the minutes east of UTC it was written with. */
export function instantOf(at: string): { utc: string; offset: number } {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(at);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { utc: new Date(at).toISOString(), offset };
}

/** Titles of a case's items by id (trashed ones too: a row read from one still names its source). */
export function titlesOf(locker: Locker, caseId: string): Map<string, string> {
  return new Map(locker.listEvidence(caseId, { includeDeleted: true }).map((e) => [e.id, e.title]));
}
