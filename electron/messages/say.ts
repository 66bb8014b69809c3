import { MESSAGES } from './catalogue.ts';
import { sayFrom, type Catalogue } from './word.ts';

/*
 * Errors and warnings travel as a code with parameters and are worded only where a person reads them: the
 * app in its language, the `locker` command in its locale, logs in English. Plain data and functions, no
 * Node or DOM: the renderer, the services and the CLI all import this module.
 */

export type Locale = 'en' | 'zh-CN';

/** A message as a code and its parameters; a parameter may itself be a message (a reason inside a sentence). */
export type Coded = { code: string; params: Params };
export type Param = string | number | Coded;
export type Params = { [name: string]: Param };

export type MessageCode = keyof typeof MESSAGES;

type Words<C extends MessageCode> = Parameters<(typeof MESSAGES)[C]['en']>[0];
/** What a caller gives for a code: the words' parameters, where any text may be a message of its own. */
export type ParamsOf<C extends MessageCode> = {
  [K in keyof Words<C>]: Words<C>[K] extends string ? string | Coded : Words<C>[K];
};
export type ParamsArg<C extends MessageCode> =
  Record<string, never> extends ParamsOf<C> ? [params?: ParamsOf<C>] : [params: ParamsOf<C>];

/** The code kept for a stored sentence no code matches (a warning written before codes existed). */
export const TEXT_CODE = 'text';

export function coded<C extends MessageCode>(code: C, ...params: ParamsArg<C>): Coded {
  return { code, params: (params[0] ?? {}) as Params };
}

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

export function isCoded(value: unknown): value is Coded {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Coded).code === 'string' &&
    typeof (value as Coded).params === 'object' &&
    (value as Coded).params !== null
  );
}

/** The words for a message in `locale`. An unknown code (from a newer version) shows its text or the code. */
export function say(message: Coded | string, locale: Locale = 'en'): string {
  return sayFrom(MESSAGES as unknown as Catalogue, message, locale);
}

/** The locale of a command line: LC_ALL, then LC_MESSAGES, then LANG (POSIX order); Chinese for any zh*. */
export function localeOfEnv(env: Record<string, string | undefined>): Locale {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
