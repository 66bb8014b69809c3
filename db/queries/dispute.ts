import { AGREEMENT_STATUSES, CONTACT_CHANNELS, STEP_STATUSES } from '../../electron/ipc/words.ts';
import type { Db } from '../open.ts';

export { AGREEMENT_STATUSES, CONTACT_CHANNELS, STEP_STATUSES };
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const PLAN_STEPS = [
  'confirm-charges',
  'contact-platform',
  'ask-bank',
  'complain',
  'keep-proof',
  'stop-debits',
] as const;
export type PlanStepKey = (typeof PLAN_STEPS)[number];

export type StepStatus = (typeof STEP_STATUSES)[number];

// ── Contacts ─────────────────────────────────────────────────────────────────────────────────────────────

export type ContactRecord = {
  id: string;
  caseId: string;
  eventId: string | null;
  party: 'platform' | 'bank' | 'regulator' | 'consumer-association' | 'other';
  agency: '' | '12315' | '12378' | '12363';
  channel: ContactChannel;
  direction: 'out' | 'in';
  occurredUtc: string;
  occurredOffset: number;
  ticket: string;
  note: string;
  evidenceIds: string[];
  createdAt: string;
  deletedAt: string | null;
};

type ContactRow = {
  id: string;
  case_id: string;
  event_id: string | null;
  party: ContactRecord['party'];
  agency: ContactRecord['agency'];
  channel: ContactChannel;
  direction: 'out' | 'in';
  occurred_utc: string;
  occurred_offset: number;
  ticket: string;
  note: string;
  evidence_ids: string;
  created_at: string;
  deleted_at: string | null;
};

const mapContact = (r: ContactRow): ContactRecord => ({
  id: r.id,
  caseId: r.case_id,
  eventId: r.event_id,
  party: r.party,
  agency: r.agency,
  channel: r.channel,
  direction: r.direction,
  occurredUtc: r.occurred_utc,
  occurredOffset: r.occurred_offset,
  ticket: r.ticket,
  note: r.note,
  evidenceIds: JSON.parse(r.evidence_ids) as string[],
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
});

export function insertContact(db: Db, c: ContactRecord): void {
  db.prepare(
    `INSERT INTO contacts (id, case_id, event_id, party, agency, channel, direction, occurred_utc, occurred_offset,
       ticket, note, evidence_ids, created_at, deleted_at)
     VALUES (@id, @caseId, @eventId, @party, @agency, @channel, @direction, @occurredUtc, @occurredOffset,
       @ticket, @note, @evidenceIds, @createdAt, @deletedAt)`,
  ).run({ ...c, evidenceIds: JSON.stringify(c.evidenceIds) });
}

export function getContact(db: Db, id: string): ContactRecord | null {
  const r = db.prepare('SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined;
  return r ? mapContact(r) : null;
}

/** A contact's evidence, as the user attached and detached it after logging it. */
export function setContactEvidence(db: Db, id: string, evidenceIds: string[]): void {
  db.prepare('UPDATE contacts SET evidence_ids = ? WHERE id = ?').run(JSON.stringify(evidenceIds), id);
}

/** Every contact row of the locker, deleted ones too, by id (what `verify` holds against the log). */
export function everyContact(db: Db): ContactRecord[] {
  return (db.prepare('SELECT * FROM contacts ORDER BY id').all() as ContactRow[]).map(mapContact);
}

/** A case's contacts in time order (ties by id). */
export function listContacts(db: Db, caseId: string): ContactRecord[] {
  return (
    db
      .prepare('SELECT * FROM contacts WHERE case_id = ? AND deleted_at IS NULL ORDER BY occurred_utc, id')
      .all(caseId) as ContactRow[]
  ).map(mapContact);
}

// ── Agreements ───────────────────────────────────────────────────────────────────────────────────────────

export type AgreementRecord = {
  id: string;
  caseId: string;
  merchant: string;
  service: string;
  number: string;
  signedUtc: string | null;
  signedOffset: number | null;
  closedUtc: string | null;
  closedOffset: number | null;
  paymentMethod: string;
  status: AgreementStatus;
  seriesId: string | null;
  evidenceIds: string[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

type AgreementRow = {
  id: string;
  case_id: string;
  merchant: string;
  service: string;
  number: string;
  signed_utc: string | null;
  signed_offset: number | null;
  closed_utc: string | null;
  closed_offset: number | null;
  payment_method: string;
  status: AgreementStatus;
  series_id: string | null;
  evidence_ids: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};

const mapAgreement = (r: AgreementRow): AgreementRecord => ({
  id: r.id,
  caseId: r.case_id,
  merchant: r.merchant,
  service: r.service,
  number: r.number,
  signedUtc: r.signed_utc,
  signedOffset: r.signed_offset,
  closedUtc: r.closed_utc,
  closedOffset: r.closed_offset,
  paymentMethod: r.payment_method,
  status: r.status,
  seriesId: r.series_id,
  evidenceIds: JSON.parse(r.evidence_ids) as string[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export function insertAgreement(db: Db, a: AgreementRecord): void {
  db.prepare(
    `INSERT INTO agreements (id, case_id, merchant, service, number, signed_utc, signed_offset, closed_utc,
       closed_offset, payment_method, status, series_id, evidence_ids, created_at, updated_at, deleted_at)
     VALUES (@id, @caseId, @merchant, @service, @number, @signedUtc, @signedOffset, @closedUtc, @closedOffset,
       @paymentMethod, @status, @seriesId, @evidenceIds, @createdAt, @updatedAt, @deletedAt)`,
  ).run({ ...a, evidenceIds: JSON.stringify(a.evidenceIds) });
}

export function updateAgreementRow(db: Db, a: AgreementRecord): void {
  db.prepare(
    `UPDATE agreements SET merchant = @merchant, service = @service, number = @number, signed_utc = @signedUtc,
       signed_offset = @signedOffset, closed_utc = @closedUtc, closed_offset = @closedOffset,
       payment_method = @paymentMethod, status = @status, series_id = @seriesId, evidence_ids = @evidenceIds,
       updated_at = @updatedAt, deleted_at = @deletedAt
     WHERE id = @id`,
  ).run({ ...a, evidenceIds: JSON.stringify(a.evidenceIds) });
}

export function getAgreement(db: Db, id: string): AgreementRecord | null {
  const r = db.prepare('SELECT * FROM agreements WHERE id = ?').get(id) as AgreementRow | undefined;
  return r ? mapAgreement(r) : null;
}

export function listAgreements(db: Db, caseId: string): AgreementRecord[] {
  return (
    db
      .prepare('SELECT * FROM agreements WHERE case_id = ? AND deleted_at IS NULL ORDER BY created_at, id')
      .all(caseId) as AgreementRow[]
  ).map(mapAgreement);
}

// ── Deadlines ────────────────────────────────────────────────────────────────────────────────────────────

export type DeadlineRecord = {
  id: string;
  caseId: string;
  dueUtc: string;
  dueOffset: number;
  title: string;
  ruleKey: string | null;
  contactId: string | null;
  eventId: string | null;
  isEstimate: boolean;
  isDone: boolean;
  isUserEdited: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

type DeadlineRow = {
  id: string;
  case_id: string;
  due_utc: string;
  due_offset: number;
  title: string;
  rule_key: string | null;
  contact_id: string | null;
  event_id: string | null;
  is_estimate: number;
  is_done: number;
  is_user_edited: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};

const mapDeadline = (r: DeadlineRow): DeadlineRecord => ({
  id: r.id,
  caseId: r.case_id,
  dueUtc: r.due_utc,
  dueOffset: r.due_offset,
  title: r.title,
  ruleKey: r.rule_key,
  contactId: r.contact_id,
  eventId: r.event_id,
  isEstimate: r.is_estimate === 1,
  isDone: r.is_done === 1,
  isUserEdited: r.is_user_edited === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const deadlineParams = (d: DeadlineRecord) => ({
  ...d,
  isEstimate: d.isEstimate ? 1 : 0,
  isDone: d.isDone ? 1 : 0,
  isUserEdited: d.isUserEdited ? 1 : 0,
});

export function insertDeadline(db: Db, d: DeadlineRecord): void {
  db.prepare(
    `INSERT INTO deadlines (id, case_id, due_utc, due_offset, title, rule_key, contact_id, event_id, is_estimate,
       is_done, is_user_edited, created_at, updated_at, deleted_at)
     VALUES (@id, @caseId, @dueUtc, @dueOffset, @title, @ruleKey, @contactId, @eventId, @isEstimate, @isDone,
       @isUserEdited, @createdAt, @updatedAt, @deletedAt)`,
  ).run(deadlineParams(d));
}

export function updateDeadlineRow(db: Db, d: DeadlineRecord): void {
  db.prepare(
    `UPDATE deadlines SET due_utc = @dueUtc, due_offset = @dueOffset, title = @title, event_id = @eventId,
       is_estimate = @isEstimate, is_done = @isDone, is_user_edited = @isUserEdited, updated_at = @updatedAt,
       deleted_at = @deletedAt
     WHERE id = @id`,
  ).run(deadlineParams(d));
}

export function getDeadline(db: Db, id: string): DeadlineRecord | null {
  const r = db.prepare('SELECT * FROM deadlines WHERE id = ?').get(id) as DeadlineRow | undefined;
  return r ? mapDeadline(r) : null;
}

export function listDeadlines(db: Db, caseId: string): DeadlineRecord[] {
  return (
    db
      .prepare('SELECT * FROM deadlines WHERE case_id = ? AND deleted_at IS NULL ORDER BY due_utc, id')
      .all(caseId) as DeadlineRow[]
  ).map(mapDeadline);
}

// ── Claimant ─────────────────────────────────────────────────────────────────────────────────────────────

export type ClaimantRecord = {
  /** `locker`, or the case id for a case's own profile. */
  scope: string;
  caseId: string | null;
  name: string;
  idNumber: string;
  phone: string;
  updatedAt: string;
};

type ClaimantRow = {
  scope: string;
  case_id: string | null;
  name: string;
  id_number: string;
  phone: string;
  updated_at: string;
};

export function getClaimant(db: Db, scope: string): ClaimantRecord | null {
  const r = db.prepare('SELECT * FROM claimants WHERE scope = ?').get(scope) as ClaimantRow | undefined;
  return r
    ? {
        scope: r.scope,
        caseId: r.case_id,
        name: r.name,
        idNumber: r.id_number,
        phone: r.phone,
        updatedAt: r.updated_at,
      }
    : null;
}

export function upsertClaimant(db: Db, c: ClaimantRecord): void {
  db.prepare(
    `INSERT INTO claimants (scope, case_id, name, id_number, phone, updated_at)
     VALUES (@scope, @caseId, @name, @idNumber, @phone, @updatedAt)
     ON CONFLICT (scope) DO UPDATE SET name = excluded.name, id_number = excluded.id_number,
       phone = excluded.phone, updated_at = excluded.updated_at`,
  ).run(c);
}

// ── Overrides ────────────────────────────────────────────────────────────────────────────────────────────

export function listPlanOverrides(db: Db, caseId: string): Map<PlanStepKey, StepStatus> {
  const rows = db.prepare('SELECT step, status FROM plan_overrides WHERE case_id = ?').all(caseId) as {
    step: PlanStepKey;
    status: StepStatus;
  }[];
  return new Map(rows.map((r) => [r.step, r.status]));
}

export function setPlanOverrideRow(
  db: Db,
  caseId: string,
  step: PlanStepKey,
  status: StepStatus | null,
  at: string,
): void {
  if (status === null) {
    db.prepare('DELETE FROM plan_overrides WHERE case_id = ? AND step = ?').run(caseId, step);
    return;
  }
  db.prepare(
    `INSERT INTO plan_overrides (case_id, step, status, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (case_id, step) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
  ).run(caseId, step, status, at);
}

export function listRuleOverrides(db: Db): Map<string, unknown> {
  const rows = db.prepare('SELECT rule_key, patch FROM rule_overrides').all() as {
    rule_key: string;
    patch: string;
  }[];
  return new Map(rows.map((r) => [r.rule_key, JSON.parse(r.patch) as unknown]));
}

export function setRuleOverrideRow(db: Db, key: string, patch: object | null, at: string): void {
  if (patch === null) {
    db.prepare('DELETE FROM rule_overrides WHERE rule_key = ?').run(key);
    return;
  }
  db.prepare(
    `INSERT INTO rule_overrides (rule_key, patch, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (rule_key) DO UPDATE SET patch = excluded.patch, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(patch), at);
}

// ── The user's answers to what the locker offered about an item ─────────────────────────────────────────

export type OfferKind = 'chat-contact';

/** Whether the user turned an offer about an item down. */
export function isOfferDeclined(db: Db, evidenceId: string, offer: OfferKind): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM offer_answers WHERE evidence_id = ? AND offer = ? AND answer = 'declined'`)
      .get(evidenceId, offer) !== undefined
  );
}

export function declineOffer(db: Db, evidenceId: string, offer: OfferKind, at: string): void {
  db.prepare(
    `INSERT INTO offer_answers (evidence_id, offer, answer, answered_at) VALUES (?, ?, 'declined', ?)
     ON CONFLICT (evidence_id, offer) DO NOTHING`,
  ).run(evidenceId, offer, at);
}
