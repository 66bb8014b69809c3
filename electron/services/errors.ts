/** A problem with what the user asked for, worded for them. The CLI and the app show `message` as it is. */
export class LockerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockerInputError';
  }
}

export class NotFoundError extends LockerInputError {
  constructor(what: string, id: string) {
    super(`No ${what} with the id "${id}".`);
    this.name = 'NotFoundError';
  }
}

/** Words for an operating-system error on one file, instead of `ENOENT: no such file or directory, stat …`. */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no file or folder at this path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: this file cannot be read';
    case 'EISDIR':
      return 'this is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of this path is not a folder';
    case 'ELOOP':
      return 'this path loops back on itself through links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EIO':
      // Reading the file or writing the locker's copy of it: the same advice either way.
      return 'the disk reported an input/output error for this file';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full: nothing of this file was kept; free some space and add it again';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open; try again with fewer at once';
    default:
      return e.message || String(error);
  }
}

/**
 * Refuses a NUL character in any text field of `input` (strings and lists of strings), naming the field: SQLite
 * and C strings stop at it, so it would be stored as something other than what was given, or fail later.
 */
export function refuseNul(input: object): void {
  for (const [field, value] of Object.entries(input)) {
    const texts = Array.isArray(value) ? value : [value];
    if (texts.some((t) => typeof t === 'string' && t.includes('\u0000'))) {
      throw new LockerInputError(`The ${field} must not contain a NUL character (U+0000).`);
    }
  }
}
