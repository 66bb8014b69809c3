import type { Db } from '../open.ts';

export const EVIDENCE_KINDS = [
  'screenshot',
  'photo',
  'chat',
  'statement',
  'receipt',
  'email',
  'document',
  'audio',
  'video',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const TIME_SOURCES = ['exif', 'filename', 'content', 'file_mtime', 'user', 'acquired'] as const;
export type TimeSource = (typeof TIME_SOURCES)[number];

export type EvidenceRecord = {
  id: string;
  caseId: string;
  sha256: string;
  parentId: string | null;
  kind: EvidenceKind;
  title: string;
  notes: string;
  tags: string[];
  occurredUtc: string;
  occurredOffset: number;
  occurredSource: TimeSource;
  size: number;
  mime: string;
  originalName: string;
  originalPath: string;
  fileMtime: string | null;
  acquiredAt: string;
  acquisitionMethod: string;
  facts: Record<string, unknown>;
  contentText: string | null;
  deletedAt: string | null;
};

type Row = {
  id: string;
  case_id: string;
  sha256: string;
  parent_id: string | null;
  kind: EvidenceKind;
  title: string;
  notes: string;
  tags: string;
  occurred_utc: string;
  occurred_offset: number;
  occurred_source: TimeSource;
  size: number;
  mime: string;
  original_name: string;
  original_path: string;
  file_mtime: string | null;
  acquired_at: string;
  acquisition_method: string;
  facts: string;
  content_text: string | null;
  deleted_at: string | null;
};

const map = (r: Row): EvidenceRecord => ({
  id: r.id,
  caseId: r.case_id,
  sha256: r.sha256,
  parentId: r.parent_id,
  kind: r.kind,
  title: r.title,
  notes: r.notes,
  tags: JSON.parse(r.tags) as string[],
  occurredUtc: r.occurred_utc,
  occurredOffset: r.occurred_offset,
  occurredSource: r.occurred_source,
  size: r.size,
  mime: r.mime,
  originalName: r.original_name,
  originalPath: r.original_path,
  fileMtime: r.file_mtime,
  acquiredAt: r.acquired_at,
  acquisitionMethod: r.acquisition_method,
  facts: JSON.parse(r.facts) as Record<string, unknown>,
  contentText: r.content_text,
  deletedAt: r.deleted_at,
});

/** Records the bytes of an original (once per distinct SHA-256). */
export function insertBlob(
  db: Db,
  b: { sha256: string; size: number; mime: string; storedAt: string },
): void {
  db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)').run(
    b.sha256,
    b.size,
    b.mime,
    b.storedAt,
  );
}

export function listBlobs(db: Db): Iterable<{ sha256: string; size: number }> {
  return db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').iterate() as Iterable<{
    sha256: string;
    size: number;
  }>;
}

export function hasBlob(db: Db, sha256: string): boolean {
  return db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
}

export function insertEvidence(db: Db, e: EvidenceRecord): void {
  db.prepare(
    `INSERT INTO evidence (id, case_id, sha256, parent_id, kind, title, notes, tags, occurred_utc, occurred_offset,
       occurred_source, size, mime, original_name, original_path, file_mtime, acquired_at, acquisition_method,
       facts, content_text, deleted_at)
     VALUES (@id, @caseId, @sha256, @parentId, @kind, @title, @notes, @tags, @occurredUtc, @occurredOffset,
       @occurredSource, @size, @mime, @originalName, @originalPath, @fileMtime, @acquiredAt, @acquisitionMethod,
       @facts, @contentText, @deletedAt)`,
  ).run({ ...e, tags: JSON.stringify(e.tags), facts: JSON.stringify(e.facts) });
}

export function getEvidence(db: Db, id: string): EvidenceRecord | null {
  const r = db.prepare('SELECT * FROM evidence WHERE id = ?').get(id) as Row | undefined;
  return r ? map(r) : null;
}

export function findEvidenceByIdPrefix(db: Db, prefix: string): EvidenceRecord[] {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return (
    db.prepare(`SELECT * FROM evidence WHERE id LIKE ? ESCAPE '\\' LIMIT 2`).all(`${escaped}%`) as Row[]
  ).map(map);
}

export function findEvidenceBySha(db: Db, caseId: string, sha256: string): EvidenceRecord | null {
  const r = db.prepare('SELECT * FROM evidence WHERE case_id = ? AND sha256 = ?').get(caseId, sha256) as
    Row | undefined;
  return r ? map(r) : null;
}

export function listEvidence(
  db: Db,
  caseId: string,
  options: { includeDeleted?: boolean } = {},
): EvidenceRecord[] {
  const sql = options.includeDeleted
    ? 'SELECT * FROM evidence WHERE case_id = ? ORDER BY occurred_utc, id'
    : 'SELECT * FROM evidence WHERE case_id = ? AND deleted_at IS NULL ORDER BY occurred_utc, id';
  return (db.prepare(sql).all(caseId) as Row[]).map(map);
}

/** Only the claimed facts and the trash mark can change; a trigger refuses anything else. */
export function updateEvidenceClaims(db: Db, e: EvidenceRecord): void {
  db.prepare(
    `UPDATE evidence SET kind = @kind, title = @title, notes = @notes, tags = @tags, occurred_utc = @occurredUtc,
       occurred_offset = @occurredOffset, occurred_source = @occurredSource, deleted_at = @deletedAt
     WHERE id = @id`,
  ).run({
    id: e.id,
    kind: e.kind,
    title: e.title,
    notes: e.notes,
    tags: JSON.stringify(e.tags),
    occurredUtc: e.occurredUtc,
    occurredOffset: e.occurredOffset,
    occurredSource: e.occurredSource,
    deletedAt: e.deletedAt,
  });
}

export function evidenceShaIndex(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of db.prepare('SELECT id, sha256 FROM evidence').iterate()) {
    const r = raw as { id: string; sha256: string };
    const list = out.get(r.sha256);
    if (list) list.push(r.id);
    else out.set(r.sha256, [r.id]);
  }
  return out;
}

/** Whether any item was filed from inside this one (an attachment, an archive entry). */
export function hasChildren(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM evidence WHERE parent_id = ? LIMIT 1').get(id) !== undefined;
}

/**
 * Derived facts and text read from an original later (a PDF opened with its password). The observed facts
 * stay as they were; the caller logs the change.
 */
export function setDerivedText(
  db: Db,
  id: string,
  facts: Record<string, unknown>,
  contentText: string | null,
): void {
  db.prepare('UPDATE evidence SET facts = ?, content_text = ? WHERE id = ?').run(
    JSON.stringify(facts),
    contentText,
    id,
  );
}
