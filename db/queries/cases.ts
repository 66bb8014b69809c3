import type { Db } from '../open.ts';

export const CASE_STATUSES = [
  'collecting',
  'platform_contacted',
  'bank_asked',
  'regulator_complaint',
  'resolved',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type CaseRecord = {
  id: string;
  title: string;
  counterparty: string;
  paymentMethod: string;
  account: string;
  currency: string;
  status: CaseStatus;
  notes: string;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
};

export type CaseFields = Pick<
  CaseRecord,
  'title' | 'counterparty' | 'paymentMethod' | 'account' | 'currency' | 'status' | 'notes' | 'timezone'
>;

type Row = {
  id: string;
  title: string;
  counterparty: string;
  payment_method: string;
  account: string;
  currency: string;
  status: CaseStatus;
  notes: string;
  timezone: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
};

const map = (r: Row): CaseRecord => ({
  id: r.id,
  title: r.title,
  counterparty: r.counterparty,
  paymentMethod: r.payment_method,
  account: r.account,
  currency: r.currency,
  status: r.status,
  notes: r.notes,
  timezone: r.timezone,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at,
});

export function insertCase(db: Db, c: CaseRecord): void {
  db.prepare(
    `INSERT INTO cases (id, title, counterparty, payment_method, account, currency, status, notes, timezone,
       created_at, updated_at, archived_at)
     VALUES (@id, @title, @counterparty, @paymentMethod, @account, @currency, @status, @notes, @timezone,
       @createdAt, @updatedAt, @archivedAt)`,
  ).run(c);
}

export function getCase(db: Db, id: string): CaseRecord | null {
  const r = db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as Row | undefined;
  return r ? map(r) : null;
}

/** Cases whose id starts with `prefix` (so the command line accepts a short id). */
export function findCasesByIdPrefix(db: Db, prefix: string): CaseRecord[] {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return (
    db.prepare(`SELECT * FROM cases WHERE id LIKE ? ESCAPE '\\' LIMIT 2`).all(`${escaped}%`) as Row[]
  ).map(map);
}

export function listCases(db: Db, options: { includeArchived?: boolean } = {}): CaseRecord[] {
  const sql = options.includeArchived
    ? 'SELECT * FROM cases ORDER BY created_at DESC, id'
    : 'SELECT * FROM cases WHERE archived_at IS NULL ORDER BY created_at DESC, id';
  return (db.prepare(sql).all() as Row[]).map(map);
}

export function updateCaseRow(db: Db, c: CaseRecord): void {
  db.prepare(
    `UPDATE cases SET title = @title, counterparty = @counterparty, payment_method = @paymentMethod,
       account = @account, currency = @currency, status = @status, notes = @notes, timezone = @timezone,
       updated_at = @updatedAt, archived_at = @archivedAt
     WHERE id = @id`,
  ).run(c);
}
