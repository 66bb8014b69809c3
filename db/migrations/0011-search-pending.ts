import type { Database } from 'better-sqlite3';

/**
 * The rows of a large bill or chat are indexed for search after the import that files them has committed:
 * the import writes the rows and one entry here per item and kind (the range of the rows' rowids still to
 * index), and the index is filled from it in chunks (db/queries/search.ts). The queue is in the database, so
 * a crash between the import and its indexing, a backup or an encryption conversion keeps it, and the next
 * open finishes it. Searching drains it first, so a search never misses a filed row.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE search_pending (
      evidence_id TEXT NOT NULL REFERENCES evidence(id),
      kind TEXT NOT NULL CHECK (kind IN ('message', 'transaction')),
      -- The next rowid of the kind's table to index, and the last one.
      next_rowid INTEGER NOT NULL,
      last_rowid INTEGER NOT NULL,
      PRIMARY KEY (evidence_id, kind)
    ) STRICT;
  `);
}
