import type { Database } from 'better-sqlite3';

/**
 * Column maps the user taught the locker (issue 14): which column of an unknown table is the date, the amount,
 * the payee… One row per layout, found again by the signature of the file's header row, so the next file of
 * that layout is read without asking. Layouts belong to the locker, not to a case: the same bank's export
 * turns up in every dispute. The map itself is JSON (checked by the service that reads it); a change of a
 * layout is logged in the custody log like every other change.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE column_layouts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      -- 'sha256:…' of the normalised header names, or 'columns:N' for a table without a header row.
      signature TEXT NOT NULL UNIQUE,
      -- The header names as written, to show which file it is for.
      header TEXT NOT NULL CHECK (json_valid(header) AND json_type(header) = 'array'),
      map TEXT NOT NULL CHECK (json_valid(map) AND json_type(map) = 'object'),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX column_layouts_name ON column_layouts (lower(name));
  `);
}
