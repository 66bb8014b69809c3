import { createHash } from 'node:crypto';
import type { Db } from '../open.ts';
import { canonicalJson } from '../../electron/services/util/canonical-json.ts';
import { coded, say, type Coded } from '../../electron/messages/say.ts';

export type CustodyEntry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  caseId: string | null;
  subjectId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
};

export type CustodyInput = {
  at: string;
  actor: string;
  action: string;
  caseId?: string | null;
  subjectId?: string | null;
  details?: unknown;
};

/** The `prev_hash` of the first entry: the chain starts from a fixed, documented value. */
export const GENESIS_HASH = '0'.repeat(64);

type Row = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  case_id: string | null;
  subject_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
};

/**
 * An entry's hash covers its predecessor's hash and every field of its own, so changing, removing or
 * reordering any entry breaks every hash after it.
 */
export function entryHash(e: Omit<CustodyEntry, 'hash' | 'details'> & { details: string }): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    caseId: e.caseId,
    subjectId: e.subjectId,
    details: e.details,
  });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/** Appends one entry. Call inside the write transaction of the change it records (IMMEDIATE, so the chain never forks). */
export function appendCustody(db: Db, input: CustodyInput): CustodyEntry {
  const last = db.prepare('SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const details = canonicalJson(input.details ?? {});
  const base = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at,
    actor: input.actor,
    action: input.action,
    caseId: input.caseId ?? null,
    subjectId: input.subjectId ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash({ ...base, details });
  db.prepare(
    `INSERT INTO custody_log (seq, at, actor, action, case_id, subject_id, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    base.seq,
    base.at,
    base.actor,
    base.action,
    base.caseId,
    base.subjectId,
    details,
    base.prevHash,
    hash,
  );
  return { ...base, details: JSON.parse(details) as unknown, hash };
}

function mapRow(r: Row): CustodyEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    caseId: r.case_id,
    subjectId: r.subject_id,
    details: safeParse(r.details),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function listCustody(db: Db, filter: { caseId?: string; subjectId?: string } = {}): CustodyEntry[] {
  if (filter.subjectId) {
    return (
      db.prepare('SELECT * FROM custody_log WHERE subject_id = ? ORDER BY seq').all(filter.subjectId) as Row[]
    ).map(mapRow);
  }
  if (filter.caseId) {
    return (
      db.prepare('SELECT * FROM custody_log WHERE case_id = ? ORDER BY seq').all(filter.caseId) as Row[]
    ).map(mapRow);
  }
  return (db.prepare('SELECT * FROM custody_log ORDER BY seq').all() as Row[]).map(mapRow);
}

export function chainHead(db: Db): { seq: number; hash: string } | null {
  return (
    (db.prepare('SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined) ?? null
  );
}

export type ChainProblem = {
  seq: number;
  kind: 'entry-altered' | 'chain-broken' | 'sequence-gap';
  /** English, for logs; `coded` is what a person reads, in their language. */
  message: string;
  coded: Coded;
};

function chainProblem(seq: number, kind: ChainProblem['kind'], c: Coded): ChainProblem {
  return { seq, kind, message: say(c), coded: c };
}

/**
 * Re-walks the whole chain with raw rows (the stored `details` text is what was hashed).
 * Streams rows so memory stays flat for long logs.
 */
export function checkChain(db: Db): { entries: number; problems: ChainProblem[]; head: string | null } {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const raw of db.prepare('SELECT * FROM custody_log ORDER BY seq').iterate()) {
    const r = raw as Row;
    entries += 1;
    if (r.seq !== expectedSeq) {
      problems.push(
        chainProblem(
          r.seq,
          'sequence-gap',
          coded('verify.log-gap', { from: expectedSeq, to: r.seq - 1, before: r.seq }),
        ),
      );
    }
    if (r.prev_hash !== prevHash) {
      problems.push(chainProblem(r.seq, 'chain-broken', coded('verify.log-chain-broken', { seq: r.seq })));
    }
    const recomputed = entryHash({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      caseId: r.case_id,
      subjectId: r.subject_id,
      prevHash: r.prev_hash,
      details: r.details,
    });
    if (recomputed !== r.hash) {
      problems.push(
        chainProblem(
          r.seq,
          'entry-altered',
          coded('verify.log-entry-altered', { seq: r.seq, action: r.action }),
        ),
      );
    }
    prevHash = r.hash;
    expectedSeq = r.seq + 1;
  }
  return { entries, problems, head: entries ? prevHash : null };
}
