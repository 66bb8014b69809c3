import type { Database } from 'better-sqlite3';

/**
 * What importers read out of filed originals: transactions from payment and bank exports, messages from chat
 * exports and emails. Each row points back to its evidence item and the line it came from; rows are facts
 * of the original, so only the user's marks on them (disputed, key, the refund link) ever change.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE transactions (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      evidence_id TEXT NOT NULL REFERENCES evidence(id),
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
      refund_of TEXT REFERENCES transactions(id),
      UNIQUE (evidence_id, line)
    ) STRICT;
    CREATE INDEX transactions_case_time ON transactions (case_id, occurred_utc);
    CREATE INDEX transactions_order ON transactions (case_id, order_id);

    CREATE TABLE messages (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      evidence_id TEXT NOT NULL REFERENCES evidence(id),
      line INTEGER NOT NULL,
      occurred_utc TEXT NOT NULL,
      occurred_offset INTEGER NOT NULL CHECK (occurred_offset BETWEEN -1080 AND 1080),
      sender TEXT NOT NULL,
      text TEXT NOT NULL,
      attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
      is_system INTEGER NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1)),
      chat TEXT NOT NULL DEFAULT '',
      is_key INTEGER NOT NULL DEFAULT 0 CHECK (is_key IN (0, 1)),
      UNIQUE (evidence_id, line)
    ) STRICT;
    CREATE INDEX messages_case_time ON messages (case_id, occurred_utc);

    CREATE TRIGGER transactions_facts_immutable
    BEFORE UPDATE OF id, case_id, evidence_id, line, occurred_utc, occurred_offset, amount_minor, currency, direction,
      counterparty, description, status, method, order_id, merchant_order_id, category, note, raw ON transactions
    BEGIN
      SELECT RAISE(ABORT, 'imported transactions are facts of their original and cannot be changed');
    END;
    CREATE TRIGGER messages_facts_immutable
    BEFORE UPDATE OF id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text, attachments,
      is_system, chat ON messages
    BEGIN
      SELECT RAISE(ABORT, 'imported messages are facts of their original and cannot be changed');
    END;
  `);
}
