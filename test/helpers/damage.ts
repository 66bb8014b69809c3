import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Damages a closed locker from outside the app, as a stray tool or a bad sync would: an event of a case that
 * does not exist, written with foreign keys off. `foreign_key_check` finds it; nothing else breaks.
 */
export function addDanglingEvent(lockerDir: string, id: string): void {
  const raw = new Database(path.join(lockerDir, 'locker.db'));
  try {
    raw.pragma('foreign_keys = OFF');
    raw
      .prepare(
        `INSERT INTO events (id, case_id, kind, title, occurred_utc, occurred_offset, created_at)
         VALUES (?, 'case_missing', 'note', 'x', '2025-01-01T00:00:00.000Z', 0, '2025-01-01T00:00:00.000Z')`,
      )
      .run(id);
  } finally {
    raw.close();
  }
}
