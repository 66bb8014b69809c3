import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import {
  insertMessages,
  insertTransactions,
  recordsDigest,
  type MessageRecord,
  type TransactionRecord,
} from '../../db/queries/records.ts';
import type { Db } from '../../db/open.ts';

// The digest as it was first defined (and as custody entries already written hold it): each row as SQLite's
// json_array text plus a newline, transactions by page, line and id, then messages by line and id.
function referenceDigest(db: Db, evidenceId: string): string {
  const hash = createHash('sha256');
  hash.update('transactions\n');
  for (const row of db
    .prepare(
      `SELECT json_array(id, case_id, evidence_id, page, line, occurred_utc, occurred_offset, amount_minor, currency,
         direction, counterparty, description, status, method, order_id, merchant_order_id, category, note, raw)
       FROM transactions WHERE evidence_id = ? ORDER BY ifnull(page, 0), line, id`,
    )
    .pluck()
    .iterate(evidenceId))
    hash.update(row as string).update('\n');
  hash.update('messages\n');
  for (const row of db
    .prepare(
      `SELECT json_array(id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text, attachments,
         is_system, chat) FROM messages WHERE evidence_id = ? ORDER BY line, id`,
    )
    .pluck()
    .iterate(evidenceId))
    hash.update(row as string).update('\n');
  return hash.digest('hex');
}

function seed(db: Db): void {
  db.prepare(
    `INSERT INTO cases (id, title, counterparty, timezone, created_at, updated_at)
     VALUES ('case_1', 't', '', 'Asia/Shanghai', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`,
  ).run();
  for (const [id, sha] of [
    ['ev_1', 'a'.repeat(64)],
    ['ev_2', 'b'.repeat(64)],
  ] as const) {
    db.prepare(
      `INSERT INTO blobs (sha256, size, mime, stored_at) VALUES (?, 1, 'text/csv', '2024-01-01T00:00:00Z')`,
    ).run(sha);
    db.prepare(
      `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size,
         mime, original_name, acquired_at, acquisition_method, facts)
       VALUES (?, 'case_1', ?, 'statement', 'x', '2024-01-01T00:00:00Z', 480, 'content', 1, 'text/csv', 'x.csv',
         '2024-01-01T00:00:00Z', 'cli', '{}')`,
    ).run(id, sha);
  }
}

function tx(i: number, evidenceId: string, page: number | undefined, line: number): TransactionRecord {
  return {
    id: `tx_${evidenceId}_${i}`,
    caseId: 'case_1',
    evidenceId,
    ...(page === undefined ? {} : { page }),
    line,
    occurredUtc: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    occurredOffset: 480,
    amountMinor: i * 7,
    currency: 'CNY',
    direction: i % 3 === 0 ? 'in' : 'out',
    counterparty: i % 5 === 0 ? '商户 "引号" \\ 反斜杠\t制表' : `商户${i}`,
    description: i % 11 === 0 ? 'line\nbreak \u0001 emoji 🙏' : '午餐',
    status: '交易成功',
    method: '',
    orderId: String(i),
    merchantOrderId: '',
    category: '',
    note: '',
    raw: { 金额: String(i), 备注: i % 2 ? '' : 'x' },
    disputed: false,
    refundOf: null,
  };
}

describe('recordsDigest', () => {
  it('fingerprints rows exactly as first defined, in page and line order whatever order they were stored in', () => {
    const db = openDatabase(':memory:');
    seed(db);
    // More rows than one chunk on page 1, a second page, stored newest first so rowid order is not line order;
    // lines with gaps and a line 0; another item's rows interleaved, which must not count.
    const rows: TransactionRecord[] = [];
    for (let i = 0; i < 9000; i++) rows.push(tx(i, 'ev_1', 1, i * 2));
    for (let i = 0; i < 300; i++) rows.push(tx(9000 + i, 'ev_1', 2, i + 1));
    for (let i = 0; i < 50; i++) rows.push(tx(20000 + i, 'ev_2', undefined, i + 1));
    rows.reverse();
    insertTransactions(db, rows);
    const messages: MessageRecord[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `msg_${i}`,
      caseId: 'case_1',
      evidenceId: 'ev_1',
      line: 3 * i + 1,
      occurredUtc: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
      occurredOffset: 480,
      sender: i % 2 ? '客服' : 'Me',
      text: i % 7 ? 'hello "there"' : '第一行\n第二行',
      attachments: i % 9 ? [] : ['IMG-1.jpg'],
      isSystem: i % 13 === 0,
      chat: 'c',
      isKey: false,
    })).reverse();
    insertMessages(db, messages);
    const got = recordsDigest(db, 'ev_1');
    expect(got).toEqual({ sha256: referenceDigest(db, 'ev_1'), transactions: 9300, messages: 5000 });
    expect(recordsDigest(db, 'ev_2').sha256).toBe(referenceDigest(db, 'ev_2'));
    expect(recordsDigest(db, 'ev_none')).toEqual({
      sha256: referenceDigest(db, 'ev_none'),
      transactions: 0,
      messages: 0,
    });
    // One cell changed behind the triggers, in the middle of a chunk, changes it.
    db.exec('DROP TRIGGER transactions_facts_immutable; DROP TRIGGER messages_facts_immutable;');
    db.prepare(`UPDATE transactions SET counterparty = 'x' WHERE id = 'tx_ev_1_5000'`).run();
    const edited = recordsDigest(db, 'ev_1').sha256;
    expect(edited).not.toBe(got.sha256);
    expect(edited).toBe(referenceDigest(db, 'ev_1'));
    db.prepare(`UPDATE messages SET text = 'y' WHERE id = 'msg_4500'`).run();
    expect(recordsDigest(db, 'ev_1').sha256).not.toBe(edited);
    db.close();
  });
});
