import type { Db } from '../open.ts';

/** One image item's boxes as stored: `boxes` is the JSON array the service validated. */
export type RedactionRow = { evidenceId: string; sha256: string; boxes: unknown; updatedAt: string };

type Row = { evidence_id: string; sha256: string; boxes: string; updated_at: string };

function mapRow(r: Row): RedactionRow {
  return {
    evidenceId: r.evidence_id,
    sha256: r.sha256,
    boxes: JSON.parse(r.boxes) as unknown,
    updatedAt: r.updated_at,
  };
}

export function getRedaction(db: Db, evidenceId: string): RedactionRow | null {
  const row = db.prepare('SELECT * FROM redactions WHERE evidence_id = ?').get(evidenceId) as Row | undefined;
  return row ? mapRow(row) : null;
}

export function listRedactions(db: Db): RedactionRow[] {
  return (db.prepare('SELECT * FROM redactions ORDER BY evidence_id').all() as Row[]).map(mapRow);
}

/** Sets an item's boxes (an empty array removes them, the row stays). */
export function saveRedaction(
  db: Db,
  r: { evidenceId: string; sha256: string; boxes: unknown[]; updatedAt: string },
): void {
  db.prepare(
    `INSERT INTO redactions (evidence_id, sha256, boxes, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (evidence_id) DO UPDATE SET sha256 = excluded.sha256, boxes = excluded.boxes,
       updated_at = excluded.updated_at`,
  ).run(r.evidenceId, r.sha256, JSON.stringify(r.boxes), r.updatedAt);
}

/**
 * The boxes the custody log last recorded for an item (`evidence.redact` → `after`), with that entry's seq;
 * null when the item was never redacted. What the stored boxes are held against.
 */
export function loggedRedaction(db: Db, evidenceId: string): { seq: number; boxes: unknown } | null {
  const row = db
    .prepare(
      `SELECT seq, details ->> '$.after' AS after FROM custody_log
       WHERE action = 'evidence.redact' AND subject_id = ? ORDER BY seq DESC LIMIT 1`,
    )
    .get(evidenceId) as { seq: number; after: string | null } | undefined;
  if (!row) return null;
  return { seq: row.seq, boxes: row.after === null ? [] : (JSON.parse(row.after) as unknown) };
}

/** Every item the log says was redacted, with its last logged boxes and its case (for verify). */
export function loggedRedactions(
  db: Db,
): Map<string, { seq: number; caseId: string | null; boxes: unknown }> {
  const out = new Map<string, { seq: number; caseId: string | null; boxes: unknown }>();
  for (const raw of db
    .prepare(
      `SELECT seq, case_id, subject_id, details ->> '$.after' AS after FROM custody_log
       WHERE action = 'evidence.redact' ORDER BY seq`,
    )
    .iterate()) {
    const r = raw as { seq: number; case_id: string | null; subject_id: string; after: string | null };
    out.set(r.subject_id, {
      seq: r.seq,
      caseId: r.case_id,
      boxes: r.after === null ? [] : (JSON.parse(r.after) as unknown),
    });
  }
  return out;
}
