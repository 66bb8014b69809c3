import { DatabaseUnreadableError } from '../db/connect.ts';
import { LockerTooNewError } from '../db/version.ts';
import { localeOfEnv, say, type Coded, type Locale, type Params } from './messages/say.ts';
import { LockerInputError } from './services/errors.ts';

/*
 * How the `locker` command words a failure: in its locale (LC_ALL, LC_MESSAGES, LANG; English by default) on
 * stderr, and for `--json` the English `error` it always printed plus the message's `code` and `params`.
 */

export type ErrorJson = { error: string; code?: string; params?: Params };

export function cliLocale(env: Record<string, string | undefined>): Locale {
  return localeOfEnv(env);
}

/** The message of an error the user can act on; null for an unexpected one (a bug, worded as such). */
export function codedOf(error: unknown): Coded | null {
  if (
    error instanceof LockerInputError ||
    error instanceof LockerTooNewError ||
    error instanceof DatabaseUnreadableError
  ) {
    return error.coded;
  }
  return null;
}

export function wordError(error: unknown, locale: Locale): { text: string; json: ErrorJson } {
  const c = codedOf(error);
  if (!c) {
    const text = `unexpected error: ${(error as Error).stack ?? String(error)}`;
    return { text, json: { error: text } };
  }
  return { text: say(c, locale), json: { error: say(c), code: c.code, params: c.params } };
}

/** One file's reason (not added, skipped) or note in the command's locale. */
export function sayReason(reason: { code: string; params: Params }, locale: Locale): string {
  return say(reason, locale);
}
