import type { Database } from 'better-sqlite3';

/**
 * The dispute ledger: which imported rows show the same movement of money, which refund reverses which charge,
 * and how the user corrected either. Rows stay facts of their originals; a link only relates two of them.
 *
 * A link names its two rows by their *sighting key* — the original's SHA-256, the page (0 without pages) and the
 * line — not by transaction id, so a decision survives the item being trashed and filed again: a re-import never
 * re-decides what the matcher or the user decided before. `state` is what holds now: `linked` (counted as one
 * payment, or as the refund of that charge), `suggested` (shown for the user to confirm), `rejected` (the user
 * split it, or turned the suggestion down; the matcher never proposes it again).
 *
 * `ledger_rails` keeps the user's correction of how a payment moved (card network, quick pay from a bank
 * account, wallet balance, bank debit), keyed by the sighting key of any of the payment's rows.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE payment_links (
      case_id TEXT NOT NULL REFERENCES cases(id),
      a_key TEXT NOT NULL CHECK (length(a_key) > 66),
      b_key TEXT NOT NULL CHECK (length(b_key) > 66),
      -- same: one payment seen twice; refund: b reverses a; retry: b repeats a failed a; duplicate: a second
      -- identical charge in the same source (evidence for the user, never merged).
      kind TEXT NOT NULL CHECK (kind IN ('same', 'refund', 'retry', 'duplicate')),
      state TEXT NOT NULL CHECK (state IN ('linked', 'suggested', 'rejected')),
      decided_by TEXT NOT NULL CHECK (decided_by IN ('auto', 'user')),
      score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
      reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons) AND json_type(reasons) = 'array'),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (case_id, a_key, b_key, kind),
      CHECK (a_key < b_key OR kind = 'refund')
    ) STRICT;
    CREATE INDEX payment_links_b ON payment_links (case_id, b_key);

    CREATE TABLE ledger_rails (
      case_id TEXT NOT NULL REFERENCES cases(id),
      sighting_key TEXT NOT NULL,
      rail TEXT NOT NULL CHECK (rail IN ('card', 'quickpay', 'wallet', 'bank', 'unknown')),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (case_id, sighting_key)
    ) STRICT;

    -- What the matcher last looked at per case, so reading the ledger runs it only when rows came or went.
    CREATE TABLE ledger_runs (
      case_id TEXT PRIMARY KEY REFERENCES cases(id),
      fingerprint TEXT NOT NULL,
      ran_at TEXT NOT NULL
    ) STRICT;
  `);
}
