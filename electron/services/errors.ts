import { coded, say, type Coded, type MessageCode, type ParamsArg } from '../messages/say.ts';

/** For callers that load this module lazily (the CLI's commands): the catalogue's `coded` beside the errors. */
export { coded };

/**
 * A problem with what the user asked for, as a code with parameters (electron/messages/catalogue.ts). `message`
 * is the English wording, for logs and for callers that know no locale; the app and the CLI word `coded` in the
 * user's language.
 */
export class LockerInputError<C extends MessageCode = MessageCode> extends Error {
  readonly coded: Coded;
  constructor(code: C, ...params: ParamsArg<C>) {
    const c = coded(code, ...params);
    super(say(c));
    this.coded = c;
    this.name = 'LockerInputError';
  }
}

/** Which thing was not found, as the catalogue names it (`thing.case` → "case", "案件"). */
export type Thing = Extract<MessageCode, `thing.${string}`> extends `thing.${infer T}` ? T : never;

export class NotFoundError extends LockerInputError<'not-found'> {
  constructor(what: Thing, id: string) {
    super('not-found', { thing: coded(`thing.${what}`), id });
    this.name = 'NotFoundError';
  }
}

/** The coded reason for an operating-system error on one file, instead of `ENOENT: no such file …`. */
export function fsReason(error: unknown): Coded {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return coded('fs.enoent');
    case 'EACCES':
    case 'EPERM':
      return coded('fs.eacces');
    case 'EISDIR':
      return coded('fs.eisdir');
    case 'ENOTDIR':
      return coded('fs.enotdir');
    case 'ELOOP':
      return coded('fs.eloop');
    case 'ENAMETOOLONG':
      return coded('fs.enametoolong');
    case 'EIO':
      // Reading the file or writing the locker's copy of it: the same advice either way.
      return coded('fs.eio');
    case 'ENOSPC':
    case 'EDQUOT':
      return coded('fs.enospc');
    case 'EMFILE':
    case 'ENFILE':
      return coded('fs.emfile');
    default:
      return coded('fs.other', { detail: e.message || String(error) });
  }
}

/** Words (English) for an operating-system error on one file. */
export function describeFsError(error: unknown): string {
  return say(fsReason(error));
}

/**
 * Refuses a NUL character in any text field of `input` (strings and lists of strings), naming the field: SQLite
 * and C strings stop at it, so it would be stored as something other than what was given, or fail later.
 */
export function refuseNul(input: object): void {
  for (const [field, value] of Object.entries(input)) {
    const texts = Array.isArray(value) ? value : [value];
    if (texts.some((t) => typeof t === 'string' && t.includes('\u0000'))) {
      throw new LockerInputError('nul-in-field', { field });
    }
  }
}
