import type { Coded } from '../../electron/messages/say.ts';
import type { Db } from '../open.ts';

export type OcrStatus = 'pending' | 'done' | 'failed' | 'skipped';

export type OcrJob = {
  evidenceId: string;
  status: OcrStatus;
  attempts: number;
  /** Why the item was not read, in English (what `--json` has always carried). */
  error: string | null;
  /** The same as a message of the catalogue, worded in the reader's language. */
  problem: Coded | null;
  updatedAt: string;
};

export type OcrResultRecord = {
  id: string;
  evidenceId: string;
  page: number;
  text: string;
  /** JSON array of words: `{text, confidence, bbox: {x0, y0, x1, y1}, line}`. */
  words: string;
  confidence: number;
  width: number;
  height: number;
  engine: string;
  createdAt: string;
};

type JobRow = {
  evidence_id: string;
  status: OcrStatus;
  attempts: number;
  error: string | null;
  problem: string | null;
  updated_at: string;
};

const mapJob = (r: JobRow): OcrJob => ({
  evidenceId: r.evidence_id,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  problem: problemOf(r),
  updatedAt: r.updated_at,
});

/** The stored message; a sentence stored without one (none should be left after 0013) keeps its words. */
function problemOf(r: JobRow): Coded | null {
  if (r.problem !== null) {
    const parsed = JSON.parse(r.problem) as Partial<Coded> | null;
    if (typeof parsed?.code === 'string' && typeof parsed.params === 'object') return parsed as Coded;
  }
  return r.error === null ? null : { code: 'text', params: { text: r.error } };
}

type ResultRow = {
  id: string;
  evidence_id: string;
  page: number;
  text: string;
  words: string;
  confidence: number;
  width: number;
  height: number;
  engine: string;
  created_at: string;
};

const mapResult = (r: ResultRow): OcrResultRecord => ({
  id: r.id,
  evidenceId: r.evidence_id,
  page: r.page,
  text: r.text,
  words: r.words,
  confidence: r.confidence,
  width: r.width,
  height: r.height,
  engine: r.engine,
  createdAt: r.created_at,
});

export function getSetting(db: Db, key: string): string | null {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return r ? r.value : null;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * Takes the next pending job (of one case, or any) whose item is not in the trash, counting the attempt
 * before the work starts: a process killed while reading leaves the job pending with its attempt counted.
 */
export function claimOcrJob(
  db: Db,
  options: { caseId: string | null; exclude: readonly string[]; now: string },
): OcrJob | null {
  return db
    .transaction(() => {
      const excluded = JSON.stringify(options.exclude);
      const row = db
        .prepare(
          `SELECT q.* FROM ocr_queue q JOIN evidence e ON e.id = q.evidence_id
           WHERE q.status = 'pending' AND e.deleted_at IS NULL AND (@caseId IS NULL OR e.case_id = @caseId)
             AND q.evidence_id NOT IN (SELECT value FROM json_each(@excluded))
           ORDER BY e.acquired_at, q.evidence_id LIMIT 1`,
        )
        .get({ caseId: options.caseId, excluded }) as JobRow | undefined;
      if (!row) return null;
      db.prepare('UPDATE ocr_queue SET attempts = attempts + 1, updated_at = ? WHERE evidence_id = ?').run(
        options.now,
        row.evidence_id,
      );
      return mapJob({ ...row, attempts: row.attempts + 1, updated_at: options.now });
    })
    .immediate();
}

export function setOcrJobStatus(
  db: Db,
  evidenceId: string,
  status: OcrStatus,
  /** Why it was not read: the message and its English words (the caller words it; no catalogue here). */
  reason: { problem: Coded; error: string } | null,
  now: string,
): void {
  db.prepare(
    'UPDATE ocr_queue SET status = ?, error = ?, problem = ?, updated_at = ? WHERE evidence_id = ?',
  ).run(status, reason && reason.error, reason && JSON.stringify(reason.problem), now, evidenceId);
}

/** Stores what OCR read (replacing an earlier reading of the same item) and closes its job, in one go. */
export function saveOcrResults(db: Db, evidenceId: string, pages: OcrResultRecord[], now: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM ocr_results WHERE evidence_id = ?').run(evidenceId);
    const insert = db.prepare(
      `INSERT INTO ocr_results (id, evidence_id, page, text, words, confidence, width, height, engine, created_at)
       VALUES (@id, @evidenceId, @page, @text, @words, @confidence, @width, @height, @engine, @createdAt)`,
    );
    for (const p of pages) insert.run(p);
    setOcrJobStatus(db, evidenceId, 'done', null, now);
  }).immediate();
}

export function getOcrJob(db: Db, evidenceId: string): OcrJob | null {
  const r = db.prepare('SELECT * FROM ocr_queue WHERE evidence_id = ?').get(evidenceId) as JobRow | undefined;
  return r ? mapJob(r) : null;
}

export function listOcrJobs(db: Db, caseId: string | null): OcrJob[] {
  return (
    db
      .prepare(
        `SELECT q.* FROM ocr_queue q JOIN evidence e ON e.id = q.evidence_id
         WHERE (@caseId IS NULL OR e.case_id = @caseId) ORDER BY e.acquired_at, q.evidence_id`,
      )
      .all({ caseId }) as JobRow[]
  ).map(mapJob);
}

export function countOcrJobs(db: Db, caseId: string | null): Record<OcrStatus, number> {
  const out: Record<OcrStatus, number> = { pending: 0, done: 0, failed: 0, skipped: 0 };
  const rows = db
    .prepare(
      `SELECT q.status, count(*) AS n FROM ocr_queue q JOIN evidence e ON e.id = q.evidence_id
       WHERE e.deleted_at IS NULL AND (@caseId IS NULL OR e.case_id = @caseId) GROUP BY q.status`,
    )
    .all({ caseId }) as { status: OcrStatus; n: number }[];
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Puts failed (or all finished) jobs back in the queue, e.g. after a better engine was installed. */
export function requeueOcrJobs(db: Db, caseId: string | null, statuses: OcrStatus[], now: string): number {
  return db
    .prepare(
      `UPDATE ocr_queue SET status = 'pending', attempts = 0, error = NULL, problem = NULL, updated_at = @now
       WHERE status IN (SELECT value FROM json_each(@statuses))
         AND evidence_id IN (SELECT id FROM evidence WHERE @caseId IS NULL OR case_id = @caseId)`,
    )
    .run({ now, statuses: JSON.stringify(statuses), caseId }).changes;
}

export function listOcrResults(db: Db, evidenceId: string): OcrResultRecord[] {
  return (
    db.prepare('SELECT * FROM ocr_results WHERE evidence_id = ? ORDER BY page').all(evidenceId) as ResultRow[]
  ).map(mapResult);
}
