import type { Db } from '../open.ts';

import type { LinkKind, LinkReason, LinkState, Rail } from '../../electron/ipc/ledger-kinds.ts';

export { LINK_KINDS, LINK_STATES, RAILS } from '../../electron/ipc/ledger-kinds.ts';
export type { LinkKind, LinkReason, LinkState, Rail } from '../../electron/ipc/ledger-kinds.ts';

export type LinkRecord = {
  caseId: string;
  aKey: string;
  bKey: string;
  kind: LinkKind;
  state: LinkState;
  decidedBy: 'auto' | 'user';
  score: number;
  reasons: LinkReason[];
  createdAt: string;
  updatedAt: string;
};

type LinkRow = {
  case_id: string;
  a_key: string;
  b_key: string;
  kind: LinkKind;
  state: LinkState;
  decided_by: 'auto' | 'user';
  score: number;
  reasons: string;
  created_at: string;
  updated_at: string;
};

const mapLink = (r: LinkRow): LinkRecord => ({
  caseId: r.case_id,
  aKey: r.a_key,
  bKey: r.b_key,
  kind: r.kind,
  state: r.state,
  decidedBy: r.decided_by,
  score: r.score,
  reasons: JSON.parse(r.reasons) as LinkReason[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listLinks(db: Db, caseId: string): LinkRecord[] {
  return (
    db
      .prepare('SELECT * FROM payment_links WHERE case_id = ? ORDER BY a_key, b_key, kind')
      .all(caseId) as LinkRow[]
  ).map(mapLink);
}

/** Writes a link as given: the matcher inserts only links it has never decided; the user's decisions replace. */
export function upsertLink(db: Db, l: LinkRecord): void {
  db.prepare(
    `INSERT INTO payment_links (case_id, a_key, b_key, kind, state, decided_by, score, reasons, created_at, updated_at)
     VALUES (@caseId, @aKey, @bKey, @kind, @state, @decidedBy, @score, @reasons, @createdAt, @updatedAt)
     ON CONFLICT (case_id, a_key, b_key, kind) DO UPDATE SET
       state = excluded.state, decided_by = excluded.decided_by, score = excluded.score,
       reasons = excluded.reasons, updated_at = excluded.updated_at`,
  ).run({ ...l, reasons: JSON.stringify(l.reasons) });
}

export function listRails(db: Db, caseId: string): Map<string, Rail> {
  const out = new Map<string, Rail>();
  for (const r of db.prepare('SELECT sighting_key, rail FROM ledger_rails WHERE case_id = ?').all(caseId) as {
    sighting_key: string;
    rail: Rail;
  }[])
    out.set(r.sighting_key, r.rail);
  return out;
}

export function setRailRow(db: Db, caseId: string, key: string, rail: Rail | null, at: string): void {
  if (rail === null) {
    db.prepare('DELETE FROM ledger_rails WHERE case_id = ? AND sighting_key = ?').run(caseId, key);
    return;
  }
  db.prepare(
    `INSERT INTO ledger_rails (case_id, sighting_key, rail, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (case_id, sighting_key) DO UPDATE SET rail = excluded.rail, updated_at = excluded.updated_at`,
  ).run(caseId, key, rail, at);
}

export function getLedgerRun(db: Db, caseId: string): string | null {
  const r = db.prepare('SELECT fingerprint FROM ledger_runs WHERE case_id = ?').get(caseId) as
    { fingerprint: string } | undefined;
  return r?.fingerprint ?? null;
}

export function setLedgerRun(db: Db, caseId: string, fingerprint: string, at: string): void {
  db.prepare(
    `INSERT INTO ledger_runs (case_id, fingerprint, ran_at) VALUES (?, ?, ?)
     ON CONFLICT (case_id) DO UPDATE SET fingerprint = excluded.fingerprint, ran_at = excluded.ran_at`,
  ).run(caseId, fingerprint, at);
}
