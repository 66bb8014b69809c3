import type { Database } from 'better-sqlite3';

/**
 * The first schema: cases, the content-addressed originals, evidence items, manual events and the custody log.
 *
 * Times are stored twice where they are sorted on: `*_utc` is an ISO instant in UTC (sortable text),
 * `*_offset` the UTC offset in minutes of the source that gave it, so it can be shown as the source wrote it.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL CHECK (length(trim(title)) > 0),
      counterparty TEXT NOT NULL DEFAULT '',
      payment_method TEXT NOT NULL DEFAULT '',
      account TEXT NOT NULL DEFAULT '',
      currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
      status TEXT NOT NULL DEFAULT 'collecting' CHECK (status IN
        ('collecting', 'platform_contacted', 'bank_asked', 'regulator_complaint', 'resolved', 'closed')),
      notes TEXT NOT NULL DEFAULT '',
      timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT;

    -- One row per distinct original: the bytes live in the object store under their SHA-256.
    CREATE TABLE blobs (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      size INTEGER NOT NULL CHECK (size >= 0),
      mime TEXT NOT NULL,
      stored_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE evidence (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      sha256 TEXT NOT NULL REFERENCES blobs(sha256),
      parent_id TEXT REFERENCES evidence(id),
      -- Claimed facts: what the user or a guess says. Editable, every edit logged.
      kind TEXT NOT NULL CHECK (kind IN ('screenshot', 'photo', 'chat', 'statement', 'receipt', 'email',
        'document', 'audio', 'video', 'other')),
      title TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
      occurred_utc TEXT NOT NULL,
      occurred_offset INTEGER NOT NULL CHECK (occurred_offset BETWEEN -1080 AND 1080),
      occurred_source TEXT NOT NULL CHECK (occurred_source IN
        ('exif', 'filename', 'content', 'file_mtime', 'user', 'acquired')),
      -- Observed facts: what the file itself and the act of filing it showed. Never change (see trigger).
      size INTEGER NOT NULL,
      mime TEXT NOT NULL,
      original_name TEXT NOT NULL,
      original_path TEXT NOT NULL DEFAULT '',
      file_mtime TEXT,
      acquired_at TEXT NOT NULL,
      acquisition_method TEXT NOT NULL,
      facts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(facts)),
      content_text TEXT,
      deleted_at TEXT,
      UNIQUE (case_id, sha256)
    ) STRICT;
    CREATE INDEX evidence_case_time ON evidence (case_id, occurred_utc);
    CREATE INDEX evidence_sha ON evidence (sha256);

    CREATE TRIGGER evidence_observed_facts_immutable
    BEFORE UPDATE OF id, case_id, sha256, size, mime, original_name, original_path, file_mtime, acquired_at,
      acquisition_method ON evidence
    BEGIN
      SELECT RAISE(ABORT, 'observed facts of evidence cannot be changed');
    END;
    CREATE TRIGGER evidence_never_deleted BEFORE DELETE ON evidence
    BEGIN
      SELECT RAISE(ABORT, 'evidence rows are never deleted; set deleted_at to move an item to the trash');
    END;

    -- Things that happened without a file: a call to the hotline, a ticket number, a deadline.
    CREATE TABLE events (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      kind TEXT NOT NULL CHECK (kind IN ('call', 'message', 'letter', 'visit', 'ticket', 'deadline', 'note',
        'other')),
      title TEXT NOT NULL CHECK (length(trim(title)) > 0),
      notes TEXT NOT NULL DEFAULT '',
      reference TEXT NOT NULL DEFAULT '',
      occurred_utc TEXT NOT NULL,
      occurred_offset INTEGER NOT NULL CHECK (occurred_offset BETWEEN -1080 AND 1080),
      evidence_id TEXT REFERENCES evidence(id),
      created_at TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE INDEX events_case_time ON events (case_id, occurred_utc);

    -- Append-only, hash-chained record of everything done to the locker.
    CREATE TABLE custody_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      case_id TEXT,
      subject_id TEXT,
      details TEXT NOT NULL CHECK (json_valid(details)),
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX custody_log_case ON custody_log (case_id, seq);
    CREATE INDEX custody_log_subject ON custody_log (subject_id, seq);
    CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log
    BEGIN
      SELECT RAISE(ABORT, 'the custody log is append-only');
    END;
    CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
    BEGIN
      SELECT RAISE(ABORT, 'the custody log is append-only');
    END;
  `);
}
