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

/** Regenerates every row of the index from the records themselves (the same views the triggers read). */
export function rebuildSearchDocs(db: Db): number {
  return db
    .transaction(() => {
      db.prepare('DELETE FROM search_docs').run();
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
