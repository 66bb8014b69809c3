import type { z } from 'zod';
import { LockerTooNewError } from '../../db/version.ts';
import {
  calls,
  isCallName,
  runParsed,
  type CallContext,
  type CallName,
  type ParsedCallInput,
} from '../services/calls/index.ts';
import { LockerLockedError } from '../services/crypto/keys.ts';
import { LockerInputError, NotFoundError } from '../services/errors.ts';
import { firstProblem } from '../services/input-problems.ts';
import { safeLog } from '../services/log.ts';
import { coded } from '../messages/say.ts';
import type { ApiError, Channel, Output, ParsedInput, Result } from './contract.ts';
import { fail, ok } from './envelope.ts';
import type { LockerGate } from './gate.ts';
import { routeSchemas } from './routes.ts';

/*
 * The one path every request takes, in Electron's IPC and in the bridge alike: the input parsed with its
 * schema (strict and bounded), the call run, any error turned into an envelope the page can word.
 */

/** Every input schema by name: the declared calls' and the transports' routes'. */
export const schemas = {
  ...(Object.fromEntries(Object.entries(calls).map(([name, c]) => [name, c.input])) as {
    [N in CallName]: (typeof calls)[N]['input'];
  }),
  ...routeSchemas,
} satisfies Record<Channel, z.ZodType>;

export { fail, ok };

/** Parses one input with its channel's schema; the message names the first field that is wrong. */
export function parseInput<C extends Channel>(
  channel: C,
  input: unknown,
): { ok: true; value: ParsedInput<C> } | { ok: false; error: ApiError } {
  const parsed = (schemas[channel] as z.ZodType).safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInput<C> };
  return fail('bad_input', coded('bad-input', firstProblem(parsed.error, input)));
}

/** Any thrown error as an envelope: the user's own mistakes in their words, anything else kept vague. */
export function errorResult(error: unknown, log: (error: unknown) => void = safeLog): Result<never> {
  if (error instanceof NotFoundError) return fail('not_found', error.coded);
  if (error instanceof LockerLockedError) return fail('locked', error.coded);
  if (error instanceof LockerInputError) return fail('bad_input', error.coded);
  if (error instanceof LockerTooNewError) return fail('refused', error.coded);
  // Internal details (stacks, paths) stay in main's log; the renderer gets a sentence.
  log(error);
  return fail('internal', coded('internal'));
}

/** Parses, runs and wraps one request. */
export async function dispatch<C extends Channel>(
  channel: C,
  raw: unknown,
  run: (input: ParsedInput<C>) => Promise<Output<C>>,
  log?: (error: unknown) => void,
): Promise<Result<Output<C>>> {
  const parsed = parseInput(channel, raw);
  if (!parsed.ok) return { ok: false, error: parsed.error satisfies ApiError };
  try {
    return ok(await run(parsed.value));
  } catch (error) {
    return errorResult(error, log);
  }
}

/**
 * Answers one declared call by name, for IPC and the bridge alike. With a gate (an encrypted locker that may
 * still be shut), `locker:status` and `locker:unlock` are the gate's until it opens, `locker:encrypt` is
 * always the gate's (only it can close and convert the locker), and every other call is refused as locked.
 */
export function answerCall(
  name: CallName,
  raw: unknown,
  doors: { ctx: CallContext | null; gate?: LockerGate | undefined; log?: (error: unknown) => void },
): Promise<Result<unknown>> {
  const { ctx, gate, log } = doors;
  if (gate && ctx && name === 'locker:encrypt') {
    return dispatch('locker:encrypt', raw, (input) => gate.encrypt(input), log);
  }
  if (gate && !ctx && name === 'locker:status') return dispatch(name, raw, () => gate.status(), log);
  if (gate && !ctx && name === 'locker:unlock') {
    return dispatch('locker:unlock', raw, (input) => gate.unlock(input), log);
  }
  if (!ctx) return Promise.resolve(fail('locked', coded('crypto.locked-bridge')));
  return dispatch(
    name,
    raw,
    (input) => runParsed(ctx, name, input as ParsedCallInput<typeof name>) as Promise<Output<typeof name>>,
    log,
  );
}

export { isCallName };
