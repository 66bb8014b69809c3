import type { Database } from 'better-sqlite3';

/**
 * A transaction read off a PDF statement points at its page and the line on that page, so `transactions`
 * gains `page` (NULL for files without pages: CSV, XLSX, OFX …) and the row's source is unique per
 * (evidence, page, line) instead of (evidence, line) — line 12 exists on every page.
 *
 * SQLite cannot drop a table constraint, so the table is rebuilt (https://sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"), inside the one transaction migrate() gives each version:
 * - foreign_keys cannot be switched off inside a transaction, so `refund_of` links are copied in only once the
 *   new table has its final name (a link to the old table's rows would be an FK violation when it is dropped);
 * - the rename runs with `legacy_alter_table` so SQLite does not re-check the views that name `transactions`
 *   (search_src_transaction) while, for a moment, no such table exists;
 * - indexes and triggers on the table are dropped with it and re-created from their own stored SQL, so this
 *   migration keeps whatever earlier versions put there; the facts trigger is re-created with `page`.
 */
export function up(db: Database): void {
  const kept = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE tbl_name = 'transactions' AND type IN ('index', 'trigger') AND sql IS NOT NULL
         AND name != 'transactions_facts_immutable'
       ORDER BY type, name`,
    )
    .all() as { type: string; name: string; sql: string }[];

  db.exec(`
    CREATE TABLE transactions_next (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      evidence_id TEXT NOT NULL REFERENCES evidence(id),
      -- Page of a paged original (a PDF statement); NULL for files without pages.
      page INTEGER CHECK (page IS NULL OR page >= 1),
      -- The line in the file, or on its page when page is set.
      line INTEGER NOT NULL,
      occurred_utc TEXT NOT NULL,
      occurred_offset INTEGER NOT NULL CHECK (occurred_offset BETWEEN -1080 AND 1080),
      amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      direction TEXT NOT NULL CHECK (direction IN ('out', 'in', 'neutral')),
      counterparty TEXT NOT NULL,
      description TEXT NOT NULL,
      status TEXT NOT NULL,
      method TEXT NOT NULL,
      order_id TEXT NOT NULL,
      merchant_order_id TEXT NOT NULL,
      category TEXT NOT NULL,
      note TEXT NOT NULL,
      raw TEXT NOT NULL CHECK (json_valid(raw)),
      disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
      refund_of TEXT REFERENCES transactions(id)
    ) STRICT;
    INSERT INTO transactions_next (id, case_id, evidence_id, page, line, occurred_utc, occurred_offset, amount_minor,
      currency, direction, counterparty, description, status, method, order_id, merchant_order_id, category, note, raw,
      disputed, refund_of)
    SELECT id, case_id, evidence_id, NULL, line, occurred_utc, occurred_offset, amount_minor, currency, direction,
      counterparty, description, status, method, order_id, merchant_order_id, category, note, raw, disputed, NULL
    FROM transactions;
    CREATE TEMP TABLE refund_links_0005 (id TEXT PRIMARY KEY, refund_of TEXT NOT NULL);
    INSERT INTO refund_links_0005 SELECT id, refund_of FROM transactions WHERE refund_of IS NOT NULL;
    DROP TABLE transactions;
  `);
  db.pragma('legacy_alter_table = ON');
  try {
    db.exec('ALTER TABLE transactions_next RENAME TO transactions');
  } finally {
    db.pragma('legacy_alter_table = OFF');
  }
  db.exec(`
    UPDATE transactions SET refund_of = (SELECT refund_of FROM temp.refund_links_0005 l WHERE l.id = transactions.id)
    WHERE id IN (SELECT id FROM temp.refund_links_0005);
    DROP TABLE temp.refund_links_0005;
  `);
  for (const k of kept) db.exec(k.sql);
  db.exec(`
    CREATE UNIQUE INDEX transactions_source ON transactions (evidence_id, ifnull(page, 0), line);
    CREATE TRIGGER transactions_facts_immutable
    BEFORE UPDATE OF id, case_id, evidence_id, page, line, occurred_utc, occurred_offset, amount_minor, currency,
      direction, counterparty, description, status, method, order_id, merchant_order_id, category, note, raw
      ON transactions
    BEGIN
      SELECT RAISE(ABORT, 'imported transactions are facts of their original and cannot be changed');
    END;
  `);
}
