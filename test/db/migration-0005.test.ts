import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { indexRecordsOf } from '../../db/queries/search.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

const TX_COLUMNS = `id, case_id, evidence_id, line, occurred_utc, occurred_offset, amount_minor, currency, direction,
  counterparty, description, status, method, order_id, merchant_order_id, category, note, raw`;

function insertTx(db: Database.Database, id: string, line: number, page?: number): void {
  const cols = page === undefined ? TX_COLUMNS : `${TX_COLUMNS}, page`;
  const marks = page === undefined ? '' : ', ?';
  db.prepare(
    `INSERT INTO transactions (${cols}) VALUES (?, 'c1', 'e1', ?, '2025-08-27T00:01:12.000Z', 480, 3990, 'CNY', 'out',
      '支付宝-元保', '网上快捷支付', '', '', '', '', '', '', '{}'${marks})`,
  ).run(id, line, ...(page === undefined ? [] : [page]));
}

describe('migration 5 (statement page)', () => {
  it('keeps every row, its refund link and its search entry, and lets line numbers repeat across pages', () => {
    const db = new Database(path.join(tempDir(), 'locker.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, 4);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    db.prepare(`INSERT INTO blobs VALUES (?, 1, 'text/csv', 'x')`).run('a'.repeat(64));
    db.prepare(
      `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
         original_name, acquired_at, acquisition_method) VALUES ('e1', 'c1', ?, 'statement', 't', 'x', 480, 'content', 1,
         'text/csv', 'bill.csv', 'x', 'cli')`,
    ).run('a'.repeat(64));
    insertTx(db, 't1', 2);
    insertTx(db, 't2', 3);
    db.prepare(`UPDATE transactions SET refund_of = 't1', disputed = 1 WHERE id = 't2'`).run();
    indexRecordsOf(db, 'e1');
    const before = db.prepare('SELECT * FROM transactions ORDER BY id').all();

    expect(migrate(db, 5)).toBe(5);
    expect(schemaVersion(db)).toBe(5);
    const after = db.prepare('SELECT * FROM transactions ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toEqual((before as Record<string, unknown>[]).map((r) => ({ ...r, page: null })));
    expect(db.prepare(`SELECT count(*) AS n FROM search_docs WHERE kind = 'transaction'`).get()).toEqual({
      n: 2,
    });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('legacy_alter_table', { simple: true })).toBe(0);

    // Line 3 again on pages 1 and 2 of a PDF; but never the same line of the same page twice.
    insertTx(db, 't3', 3, 1);
    insertTx(db, 't4', 3, 2);
    expect(() => insertTx(db, 't5', 3, 2)).toThrow(/UNIQUE/);
    expect(() => insertTx(db, 't6', 2)).toThrow(/UNIQUE/);
    expect(() => insertTx(db, 't7', 4, 0)).toThrow(/CHECK/);
    // The page is a fact of the original like the rest; the user's marks still change.
    expect(() => db.prepare(`UPDATE transactions SET page = 9 WHERE id = 't3'`).run()).toThrow(
      /facts of their original/,
    );
    db.prepare(`UPDATE transactions SET disputed = 1 WHERE id = 't3'`).run();
    // The search entry still goes with its row.
    db.prepare(`DELETE FROM transactions WHERE id = 't1' OR refund_of = 't1'`).run();
    expect(db.prepare(`SELECT ref_id FROM search_docs WHERE kind = 'transaction'`).all()).toEqual([]);
    expect(() => db.prepare(`UPDATE transactions SET refund_of = 'nope' WHERE id = 't3'`).run()).toThrow(
      /FOREIGN KEY/,
    );
    db.close();
  });
});
