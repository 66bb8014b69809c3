import type { Database } from 'better-sqlite3';

/**
 * A screenshot of a support chat, once the user accepts it as their conversation with the platform, has its
 * messages read by OCR kept as the item's messages: `read_by` says they were read from a picture (not from a
 * chat export) and `side` which bubble each was — the user's own (`me`, right) or the other side's (`them`,
 * left); '' for a chat export, whose sender names say it. Both are facts of the reading, guarded as the
 * other message columns are (the trigger is recreated with them).
 *
 * `offer_answers` keeps the user's "no" to something the locker offered about an item (this screenshot is
 * not a chat with the platform), so the offer stays quiet afterwards. A "yes" needs no row: it is the record
 * it made (the contact holding the screenshot).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE messages ADD COLUMN read_by TEXT NOT NULL DEFAULT 'import' CHECK (read_by IN ('import', 'ocr'));
    ALTER TABLE messages ADD COLUMN side TEXT NOT NULL DEFAULT '' CHECK (side IN ('', 'me', 'them'));
    DROP TRIGGER messages_facts_immutable;
    CREATE TRIGGER messages_facts_immutable
    BEFORE UPDATE OF id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text, attachments,
      is_system, chat, read_by, side ON messages
    BEGIN
      SELECT RAISE(ABORT, 'imported messages are facts of their original and cannot be changed');
    END;

    CREATE TABLE offer_answers (
      evidence_id TEXT NOT NULL REFERENCES evidence(id),
      offer TEXT NOT NULL CHECK (offer IN ('chat-contact')),
      answer TEXT NOT NULL CHECK (answer IN ('declined')),
      answered_at TEXT NOT NULL,
      PRIMARY KEY (evidence_id, offer)
    ) STRICT;
  `);
}
