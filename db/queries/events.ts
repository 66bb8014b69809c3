import type { Db } from '../open.ts';

export const EVENT_KINDS = [
  'call',
  'message',
  'letter',
  'visit',
  'ticket',
  'deadline',
  'note',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type EventRecord = {
  id: string;
  caseId: string;
  kind: EventKind;
  title: string;
  notes: string;
  reference: string;
  occurredUtc: string;
  occurredOffset: number;
  evidenceId: string | null;
  createdAt: string;
  deletedAt: string | null;
};

type Row = {
  id: string;
  case_id: string;
  kind: EventKind;
  title: string;
  notes: string;
  reference: string;
  occurred_utc: string;
  occurred_offset: number;
  evidence_id: string | null;
  created_at: string;
  deleted_at: string | null;
};

const map = (r: Row): EventRecord => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  title: r.title,
  notes: r.notes,
  reference: r.reference,
  occurredUtc: r.occurred_utc,
  occurredOffset: r.occurred_offset,
  evidenceId: r.evidence_id,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
});

export function insertEvent(db: Db, e: EventRecord): void {
  db.prepare(
    `INSERT INTO events (id, case_id, kind, title, notes, reference, occurred_utc, occurred_offset, evidence_id,
       created_at, deleted_at)
     VALUES (@id, @caseId, @kind, @title, @notes, @reference, @occurredUtc, @occurredOffset, @evidenceId,
       @createdAt, @deletedAt)`,
  ).run(e);
}

export function getEvent(db: Db, id: string): EventRecord | null {
  const r = db.prepare('SELECT * FROM events WHERE id = ?').get(id) as Row | undefined;
  return r ? map(r) : null;
}

export function listEvents(db: Db, caseId: string): EventRecord[] {
  return (
    db
      .prepare('SELECT * FROM events WHERE case_id = ? AND deleted_at IS NULL ORDER BY occurred_utc, id')
      .all(caseId) as Row[]
  ).map(map);
}

/** The first `limit` live events of a case in time order (ties by id), and how many it has in all. */
export function firstEvents(db: Db, caseId: string, limit: number): { events: EventRecord[]; total: number } {
  const events = (
    db
      .prepare(
        'SELECT * FROM events WHERE case_id = ? AND deleted_at IS NULL ORDER BY occurred_utc, id LIMIT ?',
      )
      .all(caseId, limit) as Row[]
  ).map(map);
  const total =
    events.length < limit
      ? events.length
      : (
          db
            .prepare('SELECT COUNT(*) AS n FROM events WHERE case_id = ? AND deleted_at IS NULL')
            .get(caseId) as { n: number }
        ).n;
  return { events, total };
}

/** What a case's overview counts of its live events, without reading them: a case can hold tens of thousands. */
export type EventFacts = {
  count: number;
  /** Calls, messages, letters, visits and tickets: contacts with a party. */
  contacts: number;
  /** The first and last instant of what happened (deadlines, which may lie ahead, left out). */
  firstUtc: string | null;
  lastUtc: string | null;
};

export function eventFacts(db: Db, caseId: string): EventFacts {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS count,
         COALESCE(SUM(kind IN ('call', 'message', 'letter', 'visit', 'ticket')), 0) AS contacts,
         MIN(CASE WHEN kind != 'deadline' THEN occurred_utc END) AS firstUtc,
         MAX(CASE WHEN kind != 'deadline' THEN occurred_utc END) AS lastUtc
       FROM events WHERE case_id = ? AND deleted_at IS NULL`,
    )
    .get(caseId) as EventFacts;
  return r;
}

/** A case's live deadlines in time order (ties by id). */
export function listDeadlineEvents(db: Db, caseId: string): EventRecord[] {
  return (
    db
      .prepare(
        `SELECT * FROM events WHERE case_id = ? AND deleted_at IS NULL AND kind = 'deadline'
         ORDER BY occurred_utc, id`,
      )
      .all(caseId) as Row[]
  ).map(map);
}

export function updateEventRow(db: Db, e: EventRecord): void {
  db.prepare(
    `UPDATE events SET kind = @kind, title = @title, notes = @notes, reference = @reference,
       occurred_utc = @occurredUtc, occurred_offset = @occurredOffset, deleted_at = @deletedAt
     WHERE id = @id`,
  ).run(e);
}
