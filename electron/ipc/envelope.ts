import { say, type Coded } from '../messages/say.ts';
import type { ErrorCode, Result } from './contract.ts';

/*
 * The result envelopes, on their own: Electron's main builds refusals with them without loading the calls,
 * their schemas or any service (those live in the locker's process).
 */

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** An envelope for a refusal: the message as its code (for the page to word) and in English beside it. */
export function fail(code: ErrorCode, message: Coded): Result<never> {
  return { ok: false, error: { code, message: say(message), coded: message } };
}
