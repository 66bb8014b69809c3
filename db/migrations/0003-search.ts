import type { Database } from 'better-sqlite3';

/**
 * Full-text search over everything in the locker, and the queue and results of offline OCR.
 *
 * `search_docs` holds one row per searchable record (an item's title, notes, tags and text; an event; a
 * message; a transaction row; a page of OCR text) and `search_fts` is an FTS5 index over its `body`
 * (external content, so the text is stored once and `LIKE` can run over the very same text for queries too
 * short for trigrams). Triggers on every source table keep both in step inside the transaction that
 * changes the source, so no service has to remember to. The `search_src_*` views say once what text each
 * kind contributes: triggers read one row of them, a rebuild reads them whole.
 *
 * Trash is applied when searching (a join on `evidence.deleted_at`), not by deleting rows, so restoring an
 * item with 100,000 messages costs nothing.
 *
 * OCR results are derived records (like thumbnails): they never change the original or its observed facts.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    INSERT INTO settings (key, value) VALUES ('ocr.enabled', '1');

    CREATE TABLE ocr_queue (
      evidence_id TEXT PRIMARY KEY REFERENCES evidence(id),
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      error TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX ocr_queue_status ON ocr_queue (status, evidence_id);

    -- What OCR read from one page of an original: text, every word with its box, and the mean confidence.
    CREATE TABLE ocr_results (
      id TEXT PRIMARY KEY,
      evidence_id TEXT NOT NULL REFERENCES evidence(id),
      page INTEGER NOT NULL CHECK (page >= 1),
      text TEXT NOT NULL,
      words TEXT NOT NULL CHECK (json_valid(words) AND json_type(words) = 'array'),
      confidence REAL NOT NULL,
      width INTEGER NOT NULL,
      height INTEGER NOT NULL,
      engine TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (evidence_id, page)
    ) STRICT;

    -- Images and PDFs without a text layer are queued for OCR as they are filed.
    CREATE TRIGGER ocr_queue_on_evidence_insert AFTER INSERT ON evidence
    WHEN new.mime LIKE 'image/%'
      OR (new.mime = 'application/pdf' AND json_extract(new.facts, '$.pdf.hasTextLayer') = 0)
    BEGIN
      INSERT OR IGNORE INTO ocr_queue (evidence_id, status, attempts, error, updated_at)
      VALUES (new.id, 'pending', 0, NULL, new.acquired_at);
    END;
    INSERT OR IGNORE INTO ocr_queue (evidence_id, status, attempts, error, updated_at)
    SELECT id, 'pending', 0, NULL, acquired_at FROM evidence
    WHERE mime LIKE 'image/%' OR (mime = 'application/pdf' AND json_extract(facts, '$.pdf.hasTextLayer') = 0);

    CREATE TABLE search_docs (
      rowid INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('evidence', 'event', 'message', 'transaction', 'ocr')),
      ref_id TEXT NOT NULL,
      case_id TEXT NOT NULL,
      -- The item whose trash state hides this row (null for events, which have their own deletion).
      evidence_id TEXT,
      at_utc TEXT NOT NULL,
      at_offset INTEGER NOT NULL,
      body TEXT NOT NULL,
      UNIQUE (kind, ref_id)
    ) STRICT;
    CREATE INDEX search_docs_case ON search_docs (case_id);
    CREATE INDEX search_docs_evidence ON search_docs (evidence_id);

    -- Trigrams find any substring of 3+ characters, so Chinese needs no word splitting; case-folded.
    CREATE VIRTUAL TABLE search_fts USING fts5(
      body, content = 'search_docs', content_rowid = 'rowid', tokenize = 'trigram remove_diacritics 1'
    );
    -- The vocabulary of trigrams: a 2-character query becomes the OR of the trigrams that start with it.
    CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');

    CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
      INSERT INTO search_fts (rowid, body) VALUES (new.rowid, new.body);
    END;
    CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
      INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
    END;
    CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
      INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
      INSERT INTO search_fts (rowid, body) VALUES (new.rowid, new.body);
    END;

    -- Each body ends with a newline so that every 2-character substring starts some trigram.
    CREATE VIEW search_src_evidence AS
    SELECT 'evidence' AS kind, id AS ref_id, case_id, id AS evidence_id, occurred_utc AS at_utc,
      occurred_offset AS at_offset,
      title || char(10) || notes || char(10) ||
        coalesce((SELECT group_concat(value, ' ') FROM json_each(evidence.tags)), '') || char(10) ||
        original_name || char(10) || coalesce(content_text, '') || char(10) AS body
    FROM evidence;

    CREATE VIEW search_src_event AS
    SELECT 'event' AS kind, id AS ref_id, case_id, NULL AS evidence_id, occurred_utc AS at_utc,
      occurred_offset AS at_offset,
      title || char(10) || reference || char(10) || notes || char(10) AS body
    FROM events WHERE deleted_at IS NULL;

    CREATE VIEW search_src_message AS
    SELECT 'message' AS kind, id AS ref_id, case_id, evidence_id, occurred_utc AS at_utc,
      occurred_offset AS at_offset,
      sender || char(10) || text || char(10) || chat || char(10) AS body
    FROM messages;

    -- The amount as a decimal string (39.90) beside the row's named fields (the raw cells repeat them).
    CREATE VIEW search_src_transaction AS
    SELECT 'transaction' AS kind, id AS ref_id, case_id, evidence_id, occurred_utc AS at_utc,
      occurred_offset AS at_offset,
      CASE WHEN currency IN ('JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'PYG', 'XAF', 'XOF', 'XPF')
        THEN CAST(amount_minor AS TEXT)
        ELSE printf('%d.%02d', amount_minor / 100, amount_minor % 100) END || ' ' || currency || char(10) ||
        counterparty || char(10) || description || char(10) || status || char(10) || method || char(10) ||
        order_id || ' ' || merchant_order_id || char(10) || category || char(10) || note || char(10) AS body
    FROM transactions;

    CREATE VIEW search_src_ocr AS
    SELECT 'ocr' AS kind, o.id AS ref_id, e.case_id, o.evidence_id, e.occurred_utc AS at_utc,
      e.occurred_offset AS at_offset, o.text || char(10) AS body
    FROM ocr_results o JOIN evidence e ON e.id = o.evidence_id;

    CREATE TRIGGER search_evidence_ai AFTER INSERT ON evidence BEGIN
      INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
      SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_evidence
      WHERE ref_id = new.id;
    END;
    CREATE TRIGGER search_evidence_au AFTER UPDATE OF title, notes, tags, content_text, occurred_utc,
      occurred_offset ON evidence BEGIN
      UPDATE search_docs SET (at_utc, at_offset, body) =
        (SELECT at_utc, at_offset, body FROM search_src_evidence WHERE ref_id = new.id)
      WHERE kind = 'evidence' AND ref_id = new.id;
      UPDATE search_docs SET (at_utc, at_offset) = (new.occurred_utc, new.occurred_offset)
      WHERE kind = 'ocr' AND evidence_id = new.id
        AND (at_utc <> new.occurred_utc OR at_offset <> new.occurred_offset);
    END;

    CREATE TRIGGER search_event_ai AFTER INSERT ON events BEGIN
      INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
      SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_event
      WHERE ref_id = new.id;
    END;
    CREATE TRIGGER search_event_au AFTER UPDATE ON events BEGIN
      DELETE FROM search_docs WHERE kind = 'event' AND ref_id = old.id;
      INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
      SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_event
      WHERE ref_id = new.id;
    END;
    CREATE TRIGGER search_event_ad AFTER DELETE ON events BEGIN
      DELETE FROM search_docs WHERE kind = 'event' AND ref_id = old.id;
    END;

    CREATE TRIGGER search_message_ad AFTER DELETE ON messages BEGIN
      DELETE FROM search_docs WHERE kind = 'message' AND ref_id = old.id;
    END;

    -- Messages and transactions are indexed set-based by indexRecordsOf() (db/queries/search.ts) in the
    -- transaction that files them: a trigger per row cost a 100,000-row bill four seconds. They are facts of
    -- their original and never change, so nothing else needs to keep them in step.
    CREATE TRIGGER search_transaction_ad AFTER DELETE ON transactions BEGIN
      DELETE FROM search_docs WHERE kind = 'transaction' AND ref_id = old.id;
    END;

    CREATE TRIGGER search_ocr_ai AFTER INSERT ON ocr_results BEGIN
      INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
      SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_ocr
      WHERE ref_id = new.id;
    END;
    CREATE TRIGGER search_ocr_au AFTER UPDATE OF text ON ocr_results BEGIN
      UPDATE search_docs SET body = new.text || char(10) WHERE kind = 'ocr' AND ref_id = new.id;
    END;
    CREATE TRIGGER search_ocr_ad AFTER DELETE ON ocr_results BEGIN
      DELETE FROM search_docs WHERE kind = 'ocr' AND ref_id = old.id;
    END;

    INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
    SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_evidence;
    INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
    SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_event;
    INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
    SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_message;
    INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
    SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_src_transaction;
  `);
}
