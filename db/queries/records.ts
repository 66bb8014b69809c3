import { createHash } from 'node:crypto';
import type { Db } from '../open.ts';

export type Direction = 'out' | 'in' | 'neutral';

export type TransactionRecord = {
  id: string;
  caseId: string;
  evidenceId: string;
  /** Page of a paged original (a PDF statement), where `line` counts from the top of that page. */
  page?: number;
  line: number;
  occurredUtc: string;
  occurredOffset: number;
  amountMinor: number;
  currency: string;
  direction: Direction;
  counterparty: string;
  description: string;
  status: string;
  method: string;
  orderId: string;
  merchantOrderId: string;
  category: string;
  note: string;
  raw: Record<string, string>;
  disputed: boolean;
  refundOf: string | null;
};

export type MessageRecord = {
  id: string;
  caseId: string;
  evidenceId: string;
  line: number;
  occurredUtc: string;
  occurredOffset: number;
  sender: string;
  text: string;
  attachments: string[];
  isSystem: boolean;
  chat: string;
  isKey: boolean;
  /** Read by OCR from a picture of a chat (absent: read from a chat export). */
  readBy?: 'ocr';
  /** A chat picture's bubble: the user's own (`me`) or the other side's (`them`). */
  side?: 'me' | 'them';
};

type TxRow = {
  id: string;
  case_id: string;
  evidence_id: string;
  page: number | null;
  line: number;
  occurred_utc: string;
  occurred_offset: number;
  amount_minor: number;
  currency: string;
  direction: Direction;
  counterparty: string;
  description: string;
  status: string;
  method: string;
  order_id: string;
  merchant_order_id: string;
  category: string;
  note: string;
  raw: string;
  disputed: number;
  refund_of: string | null;
};

type MsgRow = {
  id: string;
  case_id: string;
  evidence_id: string;
  line: number;
  occurred_utc: string;
  occurred_offset: number;
  sender: string;
  text: string;
  attachments: string;
  is_system: number;
  chat: string;
  is_key: number;
  read_by: 'import' | 'ocr';
  side: '' | 'me' | 'them';
};

const mapTx = (r: TxRow): TransactionRecord => ({
  id: r.id,
  caseId: r.case_id,
  evidenceId: r.evidence_id,
  ...(r.page === null ? {} : { page: r.page }),
  line: r.line,
  occurredUtc: r.occurred_utc,
  occurredOffset: r.occurred_offset,
  amountMinor: r.amount_minor,
  currency: r.currency,
  direction: r.direction,
  counterparty: r.counterparty,
  description: r.description,
  status: r.status,
  method: r.method,
  orderId: r.order_id,
  merchantOrderId: r.merchant_order_id,
  category: r.category,
  note: r.note,
  raw: JSON.parse(r.raw) as Record<string, string>,
  disputed: r.disputed === 1,
  refundOf: r.refund_of,
});

const mapMsg = (r: MsgRow): MessageRecord => ({
  id: r.id,
  caseId: r.case_id,
  evidenceId: r.evidence_id,
  line: r.line,
  occurredUtc: r.occurred_utc,
  occurredOffset: r.occurred_offset,
  sender: r.sender,
  text: r.text,
  attachments: JSON.parse(r.attachments) as string[],
  isSystem: r.is_system === 1,
  chat: r.chat,
  isKey: r.is_key === 1,
  ...(r.read_by === 'ocr' ? { readBy: 'ocr' as const } : {}),
  ...(r.side ? { side: r.side } : {}),
});

/** Inserts many rows with one prepared statement; call inside the transaction that files their original. */
export function insertTransactions(db: Db, rows: TransactionRecord[]): void {
  const stmt = db.prepare(
    `INSERT INTO transactions (id, case_id, evidence_id, page, line, occurred_utc, occurred_offset, amount_minor,
       currency, direction, counterparty, description, status, method, order_id, merchant_order_id, category, note,
       raw, disputed, refund_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const t of rows) {
    stmt.run(
      t.id,
      t.caseId,
      t.evidenceId,
      t.page ?? null,
      t.line,
      t.occurredUtc,
      t.occurredOffset,
      t.amountMinor,
      t.currency,
      t.direction,
      t.counterparty,
      t.description,
      t.status,
      t.method,
      t.orderId,
      t.merchantOrderId,
      t.category,
      t.note,
      JSON.stringify(t.raw),
      t.disputed ? 1 : 0,
      t.refundOf,
    );
  }
}

export function insertMessages(db: Db, rows: MessageRecord[]): void {
  const stmt = db.prepare(
    `INSERT INTO messages (id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text, attachments,
       is_system, chat, is_key, read_by, side)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const m of rows) {
    stmt.run(
      m.id,
      m.caseId,
      m.evidenceId,
      m.line,
      m.occurredUtc,
      m.occurredOffset,
      m.sender,
      m.text,
      JSON.stringify(m.attachments),
      m.isSystem ? 1 : 0,
      m.chat,
      m.isKey ? 1 : 0,
      m.readBy ?? 'import',
      m.side ?? '',
    );
  }
}

/** Transactions of a case's items that are not in the trash, in time order (ties by original line). */
export function listTransactions(db: Db, caseId: string): TransactionRecord[] {
  return (
    db
      .prepare(
        `SELECT t.* FROM transactions t JOIN evidence e ON e.id = t.evidence_id
         WHERE t.case_id = ? AND e.deleted_at IS NULL
         ORDER BY t.occurred_utc, t.evidence_id, t.page, t.line`,
      )
      .all(caseId) as TxRow[]
  ).map(mapTx);
}

/** How many bill rows and chat messages were read from one filed item. */
export function countRecordsOf(db: Db, evidenceId: string): { transactions: number; messages: number } {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM transactions WHERE evidence_id = @id) AS transactions,
              (SELECT count(*) FROM messages WHERE evidence_id = @id) AS messages`,
    )
    .get({ id: evidenceId }) as { transactions: number; messages: number };
}

/**
 * What was read from one filed item, as an import result says it: its bill rows (of which charges, money
 * out) and chat messages, and the first and last instant they cover.
 */
export type ReadFromItem = {
  transactions: number;
  charges: number;
  messages: number;
  firstUtc: string | null;
  lastUtc: string | null;
};

export function readFromItem(db: Db, evidenceId: string): ReadFromItem {
  return db
    .prepare(
      `WITH rows AS (
         SELECT occurred_utc, direction FROM transactions WHERE evidence_id = @id
         UNION ALL SELECT occurred_utc, NULL FROM messages WHERE evidence_id = @id
       )
       SELECT (SELECT count(*) FROM transactions WHERE evidence_id = @id) AS transactions,
              (SELECT count(*) FROM transactions WHERE evidence_id = @id AND direction = 'out') AS charges,
              (SELECT count(*) FROM messages WHERE evidence_id = @id) AS messages,
              (SELECT min(occurred_utc) FROM rows) AS firstUtc,
              (SELECT max(occurred_utc) FROM rows) AS lastUtc`,
    )
    .get({ id: evidenceId }) as ReadFromItem;
}

export function getTransaction(db: Db, id: string): TransactionRecord | null {
  const r = db.prepare('SELECT * FROM transactions WHERE id = ?').get(id) as TxRow | undefined;
  return r ? mapTx(r) : null;
}

export function listMessages(db: Db, caseId: string): MessageRecord[] {
  return (
    db
      .prepare(
        `SELECT m.* FROM messages m JOIN evidence e ON e.id = m.evidence_id
         WHERE m.case_id = ? AND e.deleted_at IS NULL
         ORDER BY m.occurred_utc, m.evidence_id, m.line`,
      )
      .all(caseId) as MsgRow[]
  ).map(mapMsg);
}

export function getMessage(db: Db, id: string): MessageRecord | null {
  const r = db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MsgRow | undefined;
  return r ? mapMsg(r) : null;
}

export function setDisputed(db: Db, ids: string[], disputed: boolean): void {
  const stmt = db.prepare('UPDATE transactions SET disputed = ? WHERE id = ?');
  for (const id of ids) stmt.run(disputed ? 1 : 0, id);
}

export function setRefundOf(db: Db, refundId: string, chargeId: string | null): void {
  db.prepare('UPDATE transactions SET refund_of = ? WHERE id = ?').run(chargeId, refundId);
}

export function setMessageKey(db: Db, id: string, isKey: boolean): void {
  db.prepare('UPDATE messages SET is_key = ? WHERE id = ?').run(isKey ? 1 : 0, id);
}

/** Charges of a case by order id, for linking refunds that name their charge's order. */
export function chargesByOrderId(db: Db, caseId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of db
    .prepare(
      `SELECT id, order_id FROM transactions WHERE case_id = ? AND direction = 'out' AND order_id != ''`,
    )
    .iterate(caseId)) {
    const r = raw as { id: string; order_id: string };
    if (!out.has(r.order_id)) out.set(r.order_id, r.id);
  }
  return out;
}

export function listKeyMessages(db: Db, caseId: string): MessageRecord[] {
  return (
    db
      .prepare(
        `SELECT m.* FROM messages m JOIN evidence e ON e.id = m.evidence_id
         WHERE m.case_id = ? AND m.is_key = 1 AND e.deleted_at IS NULL
         ORDER BY m.occurred_utc, m.evidence_id, m.line`,
      )
      .all(caseId) as MsgRow[]
  ).map(mapMsg);
}

/** The columns of a row read from an original: facts of it (the user's marks — disputed, key, refund link — are not). */
const TX_FACTS = `id, case_id, evidence_id, page, line, occurred_utc, occurred_offset, amount_minor, currency, direction,
  counterparty, description, status, method, order_id, merchant_order_id, category, note, raw`;
const MSG_FACTS = `id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text, attachments, is_system,
  chat`;

/** Rows per read when fingerprinting: a few MB of text at a time, however long the bill. */
const DIGEST_CHUNK_ROWS = 4096;

/**
 * A fingerprint of every row read from one item (transactions by page and line, then messages by line),
 * over the fact columns only: each row as SQLite's own `json_array` text and a newline. Written into the
 * item's custody entry when it is filed and recomputed by verify, so a row deleted, added or edited behind
 * the triggers is named. Memory stays flat: rows are read a chunk at a time.
 */
export function recordsDigest(
  db: Db,
  evidenceId: string,
): { sha256: string; transactions: number; messages: number } {
  const hash = createHash('sha256');
  let transactions = 0;
  let messages = 0;
  hash.update('transactions\n');
  // Chunks of rows concatenated in C and handed over as bytes: no string per row crosses into JavaScript
  // and back to UTF-8 for the hash (0.25 s of a 100,000-row import). `transactions_source` is unique on
  // (evidence_id, ifnull(page, 0), line), so page and line alone order the rows exactly as `…, id` did, and
  // each chunk starts from the last line of the one before along that index (no OFFSET to walk again).
  const pages = db
    .prepare(`SELECT DISTINCT ifnull(page, 0) FROM transactions WHERE evidence_id = ? ORDER BY 1`)
    .pluck()
    .all(evidenceId) as number[];
  const chunk = db.prepare(
    `SELECT CAST(group_concat(row, '') AS BLOB) AS bytes, max(line) AS last, count(*) AS n FROM (
       SELECT json_array(${TX_FACTS}) || char(10) AS row, line FROM transactions
       WHERE evidence_id = ? AND ifnull(page, 0) = ? AND line > ? ORDER BY line LIMIT ${DIGEST_CHUNK_ROWS})`,
  );
  for (const page of pages) {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const got = chunk.get(evidenceId, page, after) as { bytes: Buffer | null; last: number; n: number };
      if (got.n === 0 || got.bytes === null) break;
      hash.update(got.bytes);
      transactions += got.n;
      after = got.last;
    }
  }
  hash.update('messages\n');
  // Messages are unique on (evidence_id, line) too.
  const messageChunk = db.prepare(
    `SELECT CAST(group_concat(row, '') AS BLOB) AS bytes, max(line) AS last, count(*) AS n FROM (
       SELECT json_array(${MSG_FACTS}) || char(10) AS row, line FROM messages
       WHERE evidence_id = ? AND line > ? ORDER BY line LIMIT ${DIGEST_CHUNK_ROWS})`,
  );
  for (let after = Number.MIN_SAFE_INTEGER; ;) {
    const got = messageChunk.get(evidenceId, after) as { bytes: Buffer | null; last: number; n: number };
    if (got.n === 0 || got.bytes === null) break;
    hash.update(got.bytes);
    messages += got.n;
    after = got.last;
  }
  return { sha256: hash.digest('hex'), transactions, messages };
}
