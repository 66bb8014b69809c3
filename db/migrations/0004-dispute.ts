import type { Database } from 'better-sqlite3';

/**
 * Walking the user through the dispute: contacts with the platform, the bank and the regulators; the
 * auto-debit agreements behind the charges; deadlines that follow from contacts (or that the user sets);
 * the complainant's own details for complaint forms; the user's overrides of the plan and the rule table.
 *
 * Contacts and deadlines also stand on the timeline as ordinary events (`event_id`), so the timeline needs no
 * knowledge of these tables. Series ids are derived (a hash of their charges), so `series_id` has no foreign key.
 *
 * The claimant's name, ID number and phone live only here: the custody log records that a field changed,
 * never its value.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE contacts (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      event_id TEXT REFERENCES events(id),
      party TEXT NOT NULL CHECK (party IN ('platform', 'bank', 'regulator', 'consumer-association', 'other')),
      -- Which hotline or regulator, where it matters for a rule (12315 decides in working days).
      agency TEXT NOT NULL DEFAULT '' CHECK (agency IN ('', '12315', '12378', '12363')),
      channel TEXT NOT NULL CHECK (channel IN ('phone', 'chat', 'email', 'form', 'letter', 'in-person')),
      -- 'out': the user reached them; 'in': their reply (what "no reply from the bank yet" looks for).
      direction TEXT NOT NULL DEFAULT 'out' CHECK (direction IN ('out', 'in')),
      occurred_utc TEXT NOT NULL,
      occurred_offset INTEGER NOT NULL CHECK (occurred_offset BETWEEN -1080 AND 1080),
      ticket TEXT NOT NULL DEFAULT '',
      note TEXT NOT NULL DEFAULT '',
      evidence_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence_ids) AND json_type(evidence_ids) = 'array'),
      created_at TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE INDEX contacts_case_time ON contacts (case_id, occurred_utc);
    CREATE INDEX contacts_event ON contacts (event_id);

    CREATE TABLE agreements (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      merchant TEXT NOT NULL CHECK (length(trim(merchant)) > 0),
      service TEXT NOT NULL DEFAULT '',
      -- 服务协议号 as the agreement page shows it.
      number TEXT NOT NULL DEFAULT '',
      signed_utc TEXT,
      signed_offset INTEGER CHECK (signed_offset BETWEEN -1080 AND 1080),
      closed_utc TEXT,
      closed_offset INTEGER CHECK (closed_offset BETWEEN -1080 AND 1080),
      payment_method TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'unknown')),
      series_id TEXT,
      evidence_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence_ids) AND json_type(evidence_ids) = 'array'),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT,
      CHECK ((signed_utc IS NULL) = (signed_offset IS NULL)),
      CHECK ((closed_utc IS NULL) = (closed_offset IS NULL))
    ) STRICT;
    CREATE INDEX agreements_case ON agreements (case_id);

    CREATE TABLE deadlines (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      due_utc TEXT NOT NULL,
      due_offset INTEGER NOT NULL CHECK (due_offset BETWEEN -1080 AND 1080),
      title TEXT NOT NULL CHECK (length(trim(title)) > 0),
      -- The rule it was derived from; NULL for a deadline the user set.
      rule_key TEXT,
      contact_id TEXT REFERENCES contacts(id),
      event_id TEXT REFERENCES events(id),
      -- Days counted on China's official calendar fell in a year without a published calendar (Mon–Fri used).
      is_estimate INTEGER NOT NULL DEFAULT 0 CHECK (is_estimate IN (0, 1)),
      is_done INTEGER NOT NULL DEFAULT 0 CHECK (is_done IN (0, 1)),
      is_user_edited INTEGER NOT NULL DEFAULT 0 CHECK (is_user_edited IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT,
      CHECK (rule_key IS NOT NULL OR is_user_edited = 1)
    ) STRICT;
    CREATE INDEX deadlines_case_due ON deadlines (case_id, due_utc);
    CREATE UNIQUE INDEX deadlines_contact_rule ON deadlines (contact_id, rule_key) WHERE contact_id IS NOT NULL;

    -- One profile for the whole locker (scope 'locker') and, where a case needs different details, one per case.
    CREATE TABLE claimants (
      scope TEXT PRIMARY KEY,
      case_id TEXT REFERENCES cases(id),
      name TEXT NOT NULL DEFAULT '',
      id_number TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL,
      CHECK ((scope = 'locker' AND case_id IS NULL) OR (case_id IS NOT NULL AND scope = case_id))
    ) STRICT;

    -- The user's own status for a plan step, over what the evidence says.
    CREATE TABLE plan_overrides (
      case_id TEXT NOT NULL REFERENCES cases(id),
      step TEXT NOT NULL CHECK (step IN ('confirm-charges', 'contact-platform', 'ask-bank', 'complain',
        'keep-proof', 'stop-debits')),
      status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done')),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (case_id, step)
    ) STRICT;

    -- The user's edits of the shipped deadline rules (days, unit, who it applies to, on or off), by rule key.
    CREATE TABLE rule_overrides (
      rule_key TEXT PRIMARY KEY,
      patch TEXT NOT NULL CHECK (json_valid(patch) AND json_type(patch) = 'object'),
      updated_at TEXT NOT NULL
    ) STRICT;
  `);
}
