import type { Db } from '../open.ts';

export type LayoutRecord = {
  id: string;
  name: string;
  signature: string;
  header: string[];
  /** The column map as JSON-ready data; the service checks its shape when reading it. */
  map: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

type Row = {
  id: string;
  name: string;
  signature: string;
  header: string;
  map: string;
  created_at: string;
  updated_at: string;
};

const mapRow = (r: Row): LayoutRecord => ({
  id: r.id,
  name: r.name,
  signature: r.signature,
  header: JSON.parse(r.header) as string[],
  map: JSON.parse(r.map) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listLayouts(db: Db): LayoutRecord[] {
  return (db.prepare('SELECT * FROM column_layouts ORDER BY lower(name), id').all() as Row[]).map(mapRow);
}

export function getLayout(db: Db, id: string): LayoutRecord | null {
  const r = db.prepare('SELECT * FROM column_layouts WHERE id = ?').get(id) as Row | undefined;
  return r ? mapRow(r) : null;
}

/** By name, case-insensitively (names are unique that way). */
export function findLayoutByName(db: Db, name: string): LayoutRecord | null {
  const r = db.prepare('SELECT * FROM column_layouts WHERE lower(name) = lower(?)').get(name.trim()) as
    Row | undefined;
  return r ? mapRow(r) : null;
}

export function findLayoutBySignature(db: Db, signature: string): LayoutRecord | null {
  const r = db.prepare('SELECT * FROM column_layouts WHERE signature = ?').get(signature) as Row | undefined;
  return r ? mapRow(r) : null;
}

export function insertLayout(db: Db, l: LayoutRecord): void {
  db.prepare(
    `INSERT INTO column_layouts (id, name, signature, header, map, created_at, updated_at)
     VALUES (@id, @name, @signature, @header, @map, @createdAt, @updatedAt)`,
  ).run({ ...l, header: JSON.stringify(l.header), map: JSON.stringify(l.map) });
}

export function updateLayout(db: Db, l: LayoutRecord): void {
  db.prepare(
    `UPDATE column_layouts SET name = @name, signature = @signature, header = @header, map = @map,
       updated_at = @updatedAt WHERE id = @id`,
  ).run({
    id: l.id,
    name: l.name,
    signature: l.signature,
    header: JSON.stringify(l.header),
    map: JSON.stringify(l.map),
    updatedAt: l.updatedAt,
  });
}

export function deleteLayout(db: Db, id: string): void {
  db.prepare('DELETE FROM column_layouts WHERE id = ?').run(id);
}

/** Removes the rows read from one item (a column map undone); search rows follow by trigger. */
export function deleteTransactionsOf(db: Db, evidenceId: string): { removed: number; disputed: number } {
  const counts = db
    .prepare(
      `SELECT count(*) AS removed, coalesce(sum(disputed), 0) AS disputed FROM transactions WHERE evidence_id = ?`,
    )
    .get(evidenceId) as { removed: number; disputed: number };
  // Refunds elsewhere that point at these rows lose the link; the rows they point at are going.
  db.prepare(
    `UPDATE transactions SET refund_of = NULL
     WHERE refund_of IN (SELECT id FROM transactions WHERE evidence_id = ?)`,
  ).run(evidenceId);
  db.prepare("DELETE FROM search_pending WHERE evidence_id = ? AND kind = 'transaction'").run(evidenceId);
  db.prepare('DELETE FROM transactions WHERE evidence_id = ?').run(evidenceId);
  return counts;
}
