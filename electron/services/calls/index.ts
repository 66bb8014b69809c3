import type { z } from 'zod';
import { coded, say, type Coded } from '../../messages/say.ts';
import { firstProblem } from '../input-problems.ts';
import { agreementCalls } from './agreements.ts';
import { caseCalls } from './cases.ts';
import { columnCalls } from './columns.ts';
import { contactCalls } from './contacts.ts';
import { deadlineCalls } from './deadlines.ts';
import { runDeclared, type Call, type CallContext } from './define.ts';
import { disputeCalls } from './dispute.ts';
import { evidenceCalls } from './evidence.ts';
import { exportCalls } from './export.ts';
import { importCalls } from './imports.ts';
import { lockerCalls } from './locker.ts';
import { recordCalls } from './records.ts';
import { searchCalls } from './search.ts';

/*
 * Every call the page (over Electron's IPC or the loopback bridge) and the `locker` command can make, each
 * declared once in its domain's module. The names, the input types and the output types are read off this
 * object; nothing else lists them.
 */
export const calls = {
  ...caseCalls,
  ...evidenceCalls,
  ...recordCalls,
  ...disputeCalls,
  ...contactCalls,
  ...agreementCalls,
  ...deadlineCalls,
  ...exportCalls,
  ...searchCalls,
  ...columnCalls,
  ...importCalls,
  ...lockerCalls,
};

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller sends (before the schema's defaults and trimming). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What the call's function receives, once parsed. */
export type ParsedCallInput<N extends CallName> = z.output<Calls[N]['input']>;
/** The DTO the call answers with: its function's return type, never written out a second time. */
export type CallOutput<N extends CallName> = Calls[N] extends Call<z.ZodType, infer R> ? R : never;

export type { CallContext, OcrReader } from './define.ts';

/** The names, for transports that route by name (the bridge's `/api/NAME`, IPC's one call channel). */
export const callNames = Object.keys(calls) as CallName[];

/** Own keys only: `__proto__`, `constructor` or `toString` never name a call. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/**
 * Parses one input with its call's schema. A refusal names the first field that is wrong and what is wrong
 * with it as a message code (worded where it is read, in the reader's language); `message` is the English.
 */
export function parseCallInput<N extends CallName>(
  name: N,
  raw: unknown,
): { ok: true; value: ParsedCallInput<N> } | { ok: false; message: string; where: string; problem: Coded } {
  const parsed = (calls[name].input as z.ZodType).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedCallInput<N> };
  const { where, problem } = firstProblem(parsed.error, raw);
  return { ok: false, message: say(coded('bad-input', { where, problem })), where, problem };
}

/** Runs an already parsed input. */
export function runParsed<N extends CallName>(
  ctx: CallContext,
  name: N,
  input: ParsedCallInput<N>,
): Promise<CallOutput<N>> {
  const run = calls[name].run as unknown as (
    ctx: CallContext,
    input: ParsedCallInput<N>,
  ) => Promise<CallOutput<N>>;
  return run(ctx, input);
}

/**
 * Runs one declared call in this process, with the same parse as IPC and the bridge, and returns its DTO.
 * For the `locker` command: it resolves id prefixes and formats; the call does the rest. A bad input throws
 * a LockerInputError naming the field.
 */
export async function runCall<N extends CallName>(
  ctx: CallContext,
  name: N,
  input: CallInput<N>,
): Promise<CallOutput<N>> {
  return runDeclared(ctx, calls[name] as unknown as Call<z.ZodType, CallOutput<N>>, input);
}

/** Every call bound to one context, by name: `bound['case:get']({ id })` (parsed input). */
export type BoundCalls = { [N in CallName]: (input: ParsedCallInput<N>) => Promise<CallOutput<N>> };

export function bindCalls(ctx: CallContext): BoundCalls {
  return Object.fromEntries(
    callNames.map((name) => [name, (input: never) => runParsed(ctx, name, input)]),
  ) as unknown as BoundCalls;
}
