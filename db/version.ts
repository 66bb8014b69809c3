import type { Database } from 'better-sqlite3';
import { coded, say, type Coded } from '../electron/messages/say.ts';

/**
 * The schema version this build brings a locker to: the last of db/migrations/index.ts (a test holds the two
 * equal). Written here too so opening a locker that is already current loads no migration at all.
 */
export const LATEST_SCHEMA_VERSION = 13;

export class LockerTooNewError extends Error {
  readonly coded: Coded;
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    const c = coded('locker.too-new', { found, supported });
    super(say(c));
    this.coded = c;
    this.name = 'LockerTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
