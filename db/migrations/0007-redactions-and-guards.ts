import type { Database } from 'better-sqlite3';

/**
 * Redaction boxes become locker records: until now they lived in `redactions/<id>.json` beside the database,
 * so a backup left them out, `verify` never saw them, an encrypted locker kept their notes in clear, and
 * deleting the file sent the next packet out unredacted. One row per image item that was ever redacted; a
 * removed redaction is a row with no boxes (rows are never deleted, so "there were boxes" cannot vanish).
 * Old `redactions/*.json` files are taken in when the locker opens (see Locker.open).
 *
 * Rows read from an original (transactions, messages) were guarded against edits but not against DELETE:
 * they are facts of a filed original, never removed by the app, so a delete is refused like an edit. The one
 * exception is the rows a user's column map read (`import.format` = `column-map`): undoing a wrong map removes
 * them (logged, with the digest of what remains, which `verify` holds the item to).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE redactions (
      evidence_id TEXT PRIMARY KEY REFERENCES evidence(id),
      -- The original the boxes were drawn on (pixels of that image as displayed).
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      boxes TEXT NOT NULL CHECK (json_valid(boxes) AND json_type(boxes) = 'array'),
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER redactions_never_deleted BEFORE DELETE ON redactions
    BEGIN
      SELECT RAISE(ABORT, 'redactions are never deleted; set an empty list of boxes to remove them');
    END;
    CREATE TRIGGER transactions_never_deleted BEFORE DELETE ON transactions
    WHEN (SELECT json_extract(facts, '$.import.format') FROM evidence WHERE id = OLD.evidence_id)
      IS NOT 'column-map'
    BEGIN
      SELECT RAISE(ABORT, 'imported transactions are facts of their original and cannot be deleted');
    END;
    CREATE TRIGGER messages_never_deleted BEFORE DELETE ON messages
    BEGIN
      SELECT RAISE(ABORT, 'imported messages are facts of their original and cannot be deleted');
    END;
  `);
}
