import type { Db } from '../open.ts';

export type SearchKind = 'evidence' | 'event' | 'message' | 'transaction' | 'ocr';

export type SearchHit = {
  rowid: number;
  kind: SearchKind;
  refId: string;
  caseId: string;
  evidenceId: string | null;
  atUtc: string;
  atOffset: number;
  body: string;
  /** Title of the item the record belongs to (null for events). */
  evidenceTitle: string | null;
};

type HitRow = {
  rowid: number;
  kind: SearchKind;
  ref_id: string;
  case_id: string;
  evidence_id: string | null;
  at_utc: string;
  at_offset: number;
  body: string;
  evidence_title: string | null;
};

const mapHit = (r: HitRow): SearchHit => ({
  rowid: r.rowid,
  kind: r.kind,
  refId: r.ref_id,
  caseId: r.case_id,
  evidenceId: r.evidence_id,
  atUtc: r.at_utc,
  atOffset: r.at_offset,
  body: r.body,
  evidenceTitle: r.evidence_title,
});

const HIT_COLUMNS = `d.rowid, d.kind, d.ref_id, d.case_id, d.evidence_id, d.at_utc, d.at_offset, d.body,
  e.title AS evidence_title`;
// Items in the trash, and everything read from them, are left out of every search.
const NOT_TRASHED = '(d.evidence_id IS NULL OR e.deleted_at IS NULL)';

export type SearchSpec = {
  caseId: string | null;
  /** An FTS5 expression over the trigram index, or null for a scan. */
  match: string | null;
  /** `LIKE` patterns (already escaped with `\`) the body must also match. */
  likes: string[];
  limit: number;
  /** Order by relevance (bm25); otherwise newest filed first. */
  ranked: boolean;
};

/** Runs one search; the caller builds the FTS expression and the patterns from what the user typed. */
export function searchDocs(db: Db, spec: SearchSpec): SearchHit[] {
  const where: string[] = [NOT_TRASHED];
  const params: unknown[] = [];
  if (spec.caseId !== null) {
    where.push('d.case_id = ?');
    params.push(spec.caseId);
  }
  for (const like of spec.likes) {
    where.push(`d.body LIKE ? ESCAPE '\\'`);
    params.push(like);
  }
  let sql: string;
  if (spec.match !== null) {
    // CROSS JOIN keeps the index as the outer loop: driven from the case index instead, SQLite would
    // re-run the MATCH once per row of the case (seconds instead of milliseconds on a large locker).
    sql = `SELECT ${HIT_COLUMNS} FROM search_fts f
      CROSS JOIN search_docs d ON d.rowid = f.rowid
      LEFT JOIN evidence e ON e.id = d.evidence_id
      WHERE search_fts MATCH ? AND ${where.join(' AND ')}
      ORDER BY ${spec.ranked ? 'f.rank' : 'f.rowid DESC'} LIMIT ?`;
    params.unshift(spec.match);
  } else {
    sql = `SELECT ${HIT_COLUMNS} FROM search_docs d
      LEFT JOIN evidence e ON e.id = d.evidence_id
      WHERE ${where.join(' AND ')}
      ORDER BY d.rowid DESC LIMIT ?`;
  }
  params.push(spec.limit);
  return (db.prepare(sql).all(...params) as HitRow[]).map(mapHit);
}

/** How many records match an FTS expression, counting no further than `cap` (cheap: no ranking). */
export function countMatches(db: Db, match: string, cap: number): number {
  return (
    db
      .prepare('SELECT count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?)')
      .get(match, cap) as { n: number }
  ).n;
}

/** The indexed trigrams that start with `prefix` (lower case), at most `max + 1` of them. */
export function trigramsStartingWith(db: Db, prefix: string, max: number): string[] {
  return (
    db
      .prepare(`SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT ?`)
      .all(prefix, prefix + '\u{10FFFF}', max + 1) as { term: string }[]
  ).map((r) => r.term);
}

/**
 * Indexes the messages and transactions read from one item, in one statement each: call it inside the
 * transaction that files them. Returns how many rows were indexed.
 */
export function indexRecordsOf(db: Db, evidenceId: string): number {
  let count = 0;
  for (const view of ['search_src_message', 'search_src_transaction']) {
    // View names come from the list above, never from input.
    count += db
      .prepare(
        `INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
         SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM ${view} WHERE evidence_id = ?`,
      )
      .run(evidenceId).changes;
  }
  return count;
}

/**
 * Rows of one kind that one item's import indexes for search inside its own transaction; more are queued and
 * indexed after it commits (a 100,000-row bill spent about 0.9 s of its import filling the index).
 */
export const INLINE_INDEX_ROWS = 2000;

/** The kinds of records indexed after their import commits, and the table each is read from. */
const PENDING_SOURCES = [
  { kind: 'message', table: 'messages', view: 'search_src_message' },
  { kind: 'transaction', table: 'transactions', view: 'search_src_transaction' },
] as const;

/**
 * Indexes the messages and transactions read from one item now when they are fewer than `inlineBelow`,
 * otherwise queues them (search_pending) to be indexed after the transaction commits: call it inside the
 * transaction that files them. Returns how many rows were queued (0 when indexed now).
 */
export function indexOrQueueRecordsOf(db: Db, evidenceId: string, inlineBelow = INLINE_INDEX_ROWS): number {
  let queued = 0;
  for (const { kind, table, view } of PENDING_SOURCES) {
    // Table and view names come from the list above, never from input. The rows one import files have
    // consecutive rowids, so their range is the queue entry.
    const r = db
      .prepare(
        `SELECT count(*) AS n, min(rowid) AS first, max(rowid) AS last FROM ${table} WHERE evidence_id = ?`,
      )
      .get(evidenceId) as { n: number; first: number | null; last: number | null };
    if (r.n === 0 || r.first === null || r.last === null) continue;
    if (r.n < inlineBelow) {
      db.prepare(
        `INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
         SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM ${view} WHERE evidence_id = ?`,
      ).run(evidenceId);
      continue;
    }
    db.prepare(
      `INSERT INTO search_pending (evidence_id, kind, next_rowid, last_rowid) VALUES (?, ?, ?, ?)
       ON CONFLICT (evidence_id, kind) DO UPDATE SET next_rowid = min(next_rowid, excluded.next_rowid),
         last_rowid = max(last_rowid, excluded.last_rowid)`,
    ).run(evidenceId, kind, r.first, r.last);
    queued += r.n;
  }
  return queued;
}

/** How many rows wait to be indexed (an estimate from the queued ranges: an upper bound). */
export function pendingSearchRows(db: Db): number {
  return (
    db.prepare('SELECT coalesce(sum(last_rowid - next_rowid + 1), 0) AS n FROM search_pending').get() as {
      n: number;
    }
  ).n;
}

/**
 * Indexes the next chunk of at most `rows` queued rows, in one IMMEDIATE transaction, in the order they were
 * filed. Returns false when nothing was left to index.
 */
export function indexPendingChunk(db: Db, rows: number): boolean {
  return db
    .transaction(() => {
      const entry = db
        .prepare(
          'SELECT evidence_id, kind, next_rowid, last_rowid FROM search_pending ORDER BY rowid LIMIT 1',
        )
        .get() as { evidence_id: string; kind: string; next_rowid: number; last_rowid: number } | undefined;
      if (!entry) return false;
      const source = PENDING_SOURCES.find((s) => s.kind === entry.kind)!;
      const end = Math.min(entry.last_rowid, entry.next_rowid + rows - 1);
      // OR IGNORE: a row a rebuild of the whole index already holds is not indexed twice. The unary + keeps
      // SQLite on the rowid range: by the item's index it would read all of the item's rows for every chunk.
      db.prepare(
        `INSERT OR IGNORE INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
         SELECT s.kind, s.ref_id, s.case_id, s.evidence_id, s.at_utc, s.at_offset, s.body
         FROM ${source.table} t CROSS JOIN ${source.view} s ON s.ref_id = t.id
         WHERE t.rowid BETWEEN ? AND ? AND +t.evidence_id = ? ORDER BY t.rowid`,
      ).run(entry.next_rowid, end, entry.evidence_id);
      if (end >= entry.last_rowid)
        db.prepare('DELETE FROM search_pending WHERE evidence_id = ? AND kind = ?').run(
          entry.evidence_id,
          entry.kind,
        );
      else
        db.prepare('UPDATE search_pending SET next_rowid = ? WHERE evidence_id = ? AND kind = ?').run(
          end + 1,
          entry.evidence_id,
          entry.kind,
        );
      return true;
    })
    .immediate();
}

/** Forgets what was queued for one item (its rows are being removed). */
export function forgetPendingOf(db: Db, evidenceId: string): void {
  db.prepare('DELETE FROM search_pending WHERE evidence_id = ?').run(evidenceId);
}

/** Regenerates every row of the index from the records themselves (the same views the triggers read). */
export function rebuildSearchDocs(db: Db): number {
  return db
    .transaction(() => {
      db.prepare('DELETE FROM search_docs').run();
      // Everything queued is indexed by the rebuild itself.
      db.prepare('DELETE FROM search_pending').run();
      let count = 0;
      for (const view of [
        'search_src_evidence',
        'search_src_event',
        'search_src_message',
        'search_src_transaction',
        'search_src_ocr',
      ]) {
        // View names come from the list above, never from input.
        count += db
          .prepare(
            `INSERT INTO search_docs (kind, ref_id, case_id, evidence_id, at_utc, at_offset, body)
             SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM ${view}`,
          )
          .run().changes;
      }
      // The index is rebuilt from its content table too, so even a damaged index comes back whole.
      db.prepare(`INSERT INTO search_fts (search_fts) VALUES ('rebuild')`).run();
      db.prepare(`INSERT INTO search_fts (search_fts) VALUES ('optimize')`).run();
      return count;
    })
    .immediate();
}

export function countSearchDocs(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
}

/** FTS5's own consistency check of the index against its content: throws when they differ. */
export function checkSearchIndex(db: Db): void {
  db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
}

export type RecordDetail = {
  title: string | null;
  line: number | null;
  sender: string | null;
  evidenceId: string | null;
  page: number | null;
  words: string | null;
};

/** What a result shows beside its snippet: the event's title, the line a row came from, the OCR page. */
export function recordDetail(db: Db, kind: SearchKind, id: string): RecordDetail {
  const none: RecordDetail = {
    title: null,
    line: null,
    sender: null,
    evidenceId: null,
    page: null,
    words: null,
  };
  switch (kind) {
    case 'event': {
      const r = db.prepare('SELECT title, evidence_id FROM events WHERE id = ?').get(id) as
        { title: string; evidence_id: string | null } | undefined;
      return r ? { ...none, title: r.title, evidenceId: r.evidence_id } : none;
    }
    case 'message': {
      const r = db.prepare('SELECT line, sender FROM messages WHERE id = ?').get(id) as
        { line: number; sender: string } | undefined;
      return r ? { ...none, line: r.line, sender: r.sender } : none;
    }
    case 'transaction': {
      const r = db
        .prepare(
          `SELECT line, CASE WHEN counterparty <> '' AND description <> '' THEN counterparty || ' · ' || description
             ELSE counterparty || description END AS title FROM transactions WHERE id = ?`,
        )
        .get(id) as { line: number; title: string } | undefined;
      return r ? { ...none, line: r.line, title: r.title || null } : none;
    }
    case 'ocr': {
      const r = db.prepare('SELECT page, words FROM ocr_results WHERE id = ?').get(id) as
        { page: number; words: string } | undefined;
      return r ? { ...none, page: r.page, words: r.words } : none;
    }
    default:
      return none;
  }
}
