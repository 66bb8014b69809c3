import type { Database } from 'better-sqlite3';
import { latestVersion, migrations, type Migration } from './migrations/index.ts';
import { LockerTooNewError, schemaVersion } from './version.ts';

export { LockerTooNewError, schemaVersion } from './version.ts';

/**
 * Brings the schema up to `target`, one migration per transaction, so a crash leaves the locker at a whole
 * version. A locker from a newer version is refused before anything is written.
 */
export function migrate(
  db: Database,
  target: number = latestVersion,
  list: readonly Migration[] = migrations,
): number {
  const current = schemaVersion(db);
  if (current > latestVersion) throw new LockerTooNewError(current, latestVersion);
  for (const m of list) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      // user_version cannot be bound as a parameter; the value is our own integer.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}

let triggersCache: Map<string, string> | null = null;

/**
 * Every trigger the migrations define, by name, with its SQL (whitespace folded): built once in memory from the
 * migrations themselves, so verify checks each safeguard the schema has, not a hand-kept list.
 */
export function schemaTriggers(open: () => Database): Map<string, string> {
  if (triggersCache) return triggersCache;
  const db = open();
  try {
    migrate(db);
    triggersCache = new Map(
      (
        db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as {
          name: string;
          sql: string;
        }[]
      ).map((r) => [r.name, foldSql(r.sql)]),
    );
    return triggersCache;
  } finally {
    db.close();
  }
}

export function foldSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
