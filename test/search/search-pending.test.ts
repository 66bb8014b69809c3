// A large bill's rows are indexed for search after its import commits (search_pending, migration 0011): these
// tests file Alipay CSVs in the export's layout (test/helpers/alipay-rows.ts) into real SQLite lockers and
// search them the way the app and the CLI do; the last one SIGKILLs a child process while it indexes.
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkSearchIndex,
  INLINE_INDEX_ROWS,
  indexPendingChunk,
  pendingSearchRows,
} from '../../db/queries/search.ts';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { INDEX_CHUNK_ROWS, Locker } from '../../electron/services/locker.ts';
import { searchCase } from '../../electron/services/search.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { alipayRows } from '../helpers/alipay-rows.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const run = promisify(execFile);
const ROWS = INLINE_INDEX_ROWS + 1000;
let locker: Locker;
let store: string;

beforeEach(async () => {
  store = tempDir();
  locker = await Locker.open(store);
});
afterEach(() => locker.close());

async function fileBill(rows: number, tag = 'x') {
  const c = await locker.createCase({ title: 'bill' });
  const file = path.join(tempDir(), `alipay_record_${tag}.csv`);
  writeFileSync(file, alipayRows(rows, tag));
  const r = await addPaths(locker, c.id, [file]);
  expect(r.errors).toEqual([]);
  return { caseId: c.id, id: r.added[0]!.id };
}

const indexedRows = (db: Locker['db'], id: string) =>
  (
    db
      .prepare(`SELECT count(*) AS n FROM search_docs WHERE kind = 'transaction' AND evidence_id = ?`)
      .get(id) as { n: number }
  ).n;

/** The bill rows a search finds (the bill itself is found too: its whole text is indexed with the item). */
const found = (caseId: string, words: string, where = locker) =>
  searchCase(where, caseId, words)
    .filter((r) => r.kind === 'transaction')
    .map((r) => r.line);

describe('rows indexed after the import commits', () => {
  it('a search right after a large import finds its last row and its first', async () => {
    const { caseId, id } = await fileBill(ROWS);
    // The call returned with the rows filed and queued, not yet indexed.
    expect(pendingSearchRows(locker.db)).toBe(ROWS);
    expect(indexedRows(locker.db, id)).toBe(0);
    const filed = locker.db.prepare('SELECT count(*) AS n FROM transactions WHERE evidence_id = ?').get(id);
    expect(filed).toEqual({ n: ROWS });
    expect(found(caseId, `M${ROWS - 1}-x`)).toHaveLength(1);
    expect(found(caseId, 'M0-x')).toHaveLength(1);
    expect(pendingSearchRows(locker.db)).toBe(0);
    expect(indexedRows(locker.db, id)).toBe(ROWS);
    checkSearchIndex(locker.db);
  });

  it('keeps a small import indexed inline, in its own transaction', async () => {
    const { caseId, id } = await fileBill(INLINE_INDEX_ROWS - 1);
    expect(pendingSearchRows(locker.db)).toBe(0);
    expect(indexedRows(locker.db, id)).toBe(INLINE_INDEX_ROWS - 1);
    expect(found(caseId, `M${INLINE_INDEX_ROWS - 2}-x`)).toHaveLength(1);
  });

  it('indexes the queue in the background once the import has returned, no search needed', async () => {
    const { id } = await fileBill(ROWS);
    expect(pendingSearchRows(locker.db)).toBe(ROWS);
    await locker.pendingIndexed();
    expect(pendingSearchRows(locker.db)).toBe(0);
    expect(indexedRows(locker.db, id)).toBe(ROWS);
    checkSearchIndex(locker.db);
  });

  it('is finished by `locker add` before it exits, so the next command opens with nothing queued', async () => {
    locker.close();
    const bin = path.resolve('dist/node/locker.js');
    const env = { ...process.env, LOCKER_STORE: store };
    const made = await run(process.execPath, [bin, 'case', 'new', 'cli bill', '--json'], { env });
    const caseId = (JSON.parse(made.stdout) as { id: string }).id;
    // More rows than the background indexing takes in one turn, so it cannot have finished by chance.
    const rows = INDEX_CHUNK_ROWS * 8;
    const file = path.join(tempDir(), 'alipay_record_cli.csv');
    writeFileSync(file, alipayRows(rows, 'cli'));
    await run(process.execPath, [bin, 'add', caseId, file, '--json'], { env });
    // Read without the locker (whose open would finish any queue itself).
    const raw = new Database(path.join(store, 'locker.db'), { readonly: true });
    try {
      expect(pendingSearchRows(raw)).toBe(0);
      const docs = raw.prepare(`SELECT count(*) AS n FROM search_docs WHERE kind = 'transaction'`).get();
      expect(docs).toEqual({ n: rows });
    } finally {
      raw.close();
    }
    locker = await Locker.open(store);
  });

  it('indexes in chunks, in the order the rows were filed', async () => {
    const { id } = await fileBill(ROWS);
    let chunks = 0;
    while (indexPendingChunk(locker.db, 1000)) chunks += 1;
    expect(chunks).toBe(Math.ceil(ROWS / 1000));
    const lines = locker.db
      .prepare(
        `SELECT t.line FROM search_docs d JOIN transactions t ON t.id = d.ref_id
         WHERE d.kind = 'transaction' AND d.evidence_id = ? ORDER BY d.rowid`,
      )
      .all(id) as { line: number }[];
    expect(lines).toHaveLength(ROWS);
    expect(lines.every((l, i) => i === 0 || l.line > lines[i - 1]!.line)).toBe(true);
  });

  it('a queue a closed (or killed) app left behind is indexed when the locker next opens', async () => {
    const { caseId, id } = await fileBill(ROWS);
    locker.close();
    const raw = new Database(path.join(store, 'locker.db'));
    try {
      expect(indexedRows(raw, id)).toBe(0);
      expect((raw.prepare('SELECT count(*) AS n FROM search_pending').get() as { n: number }).n).toBe(1);
    } finally {
      raw.close();
    }
    locker = await Locker.open(store);
    expect(pendingSearchRows(locker.db)).toBe(0);
    expect(indexedRows(locker.db, id)).toBe(ROWS);
    expect(found(caseId, `M${ROWS - 1}-x`)).toHaveLength(1);
    checkSearchIndex(locker.db);
  });

  it('an item trashed before its rows were indexed is found in no search, and wholly once restored', async () => {
    const { caseId, id } = await fileBill(ROWS);
    await locker.trashEvidence(id);
    expect(found(caseId, `M${ROWS - 1}-x`)).toEqual([]);
    await locker.trashEvidence(id, false);
    expect(found(caseId, `M${ROWS - 1}-x`)).toHaveLength(1);
    expect(found(caseId, 'M0-x')).toHaveLength(1);
  });

  it('a backup taken with rows still queued restores into a locker whose search finds them', async () => {
    const { caseId, id } = await fileBill(ROWS);
    await locker.pendingIndexed();
    // The state a backup taken mid-indexing copies: the last rows still queued.
    locker.db.transaction(() => {
      const last = locker.db
        .prepare(`SELECT min(rowid) AS first, max(rowid) AS last FROM transactions WHERE evidence_id = ?`)
        .get(id) as { first: number; last: number };
      locker.db
        .prepare(
          `DELETE FROM search_docs WHERE kind = 'transaction' AND ref_id IN
             (SELECT id FROM transactions WHERE rowid > ?)`,
        )
        .run(last.last - 500);
      locker.db
        .prepare(
          `INSERT INTO search_pending (evidence_id, kind, next_rowid, last_rowid) VALUES (?, 'transaction', ?, ?)`,
        )
        .run(id, last.last - 499, last.last);
    })();
    expect(indexedRows(locker.db, id)).toBe(ROWS - 500);
    // Rows waiting for the index are no damage: verify holds the records, not the index, to the log.
    const verified = await verifyLocker(locker);
    expect(verified.problems).toEqual([]);
    expect(pendingSearchRows(locker.db)).toBe(500);
    const out = path.join(tempDir(), 'backup.zip');
    await backupLocker(locker, out);
    const restoredDir = path.join(tempDir(), 'restored');
    const report = await restoreLocker(out, restoredDir);
    expect(report.problems).toEqual([]);
    const restored = await Locker.open(restoredDir);
    try {
      expect(pendingSearchRows(restored.db)).toBe(0);
      expect(indexedRows(restored.db, id)).toBe(ROWS);
      expect(found(caseId, `M${ROWS - 1}-x`, restored)).toHaveLength(1);
      checkSearchIndex(restored.db);
    } finally {
      restored.close();
    }
  });

  it('a locker encrypted with rows still queued indexes them when it is next unlocked', async () => {
    const { caseId, id } = await fileBill(ROWS);
    locker.close();
    await encryptLocker(store, 'correct horse', { cost: { N: 1 << 12, r: 8, p: 1 } });
    locker = await Locker.open(store, { unlock: { passphrase: 'correct horse' } });
    expect(locker.encrypted).toBe(true);
    expect(pendingSearchRows(locker.db)).toBe(0);
    expect(indexedRows(locker.db, id)).toBe(ROWS);
    expect(found(caseId, `M${ROWS - 1}-x`)).toHaveLength(1);
    checkSearchIndex(locker.db);
  });

  it('a SIGKILL while the rows are being indexed loses none of them: the next open indexes the rest', async () => {
    // Enough rows for several chunks, so the kills land before, between and inside them.
    const rows = 20_000;
    const outcomes: string[] = [];
    for (const delayMs of [0, 50, 150]) {
      const dir = tempDir();
      const setup = await Locker.open(dir);
      const c = await setup.createCase({ title: 'bill' });
      setup.close();
      const file = path.join(tempDir(), `alipay_record_${delayMs}.csv`);
      writeFileSync(file, alipayRows(rows, `k${delayMs}`));
      const { id, indexed } = await fileAndKill(dir, c.id, file, delayMs);
      const raw = new Database(path.join(dir, 'locker.db'));
      const left = raw.prepare('SELECT count(*) AS n FROM search_pending').get() as { n: number };
      raw.close();
      if (indexed) expect(left.n).toBe(0);
      // Killed with rows still queued (a kill after the last chunk but before the child said so leaves none).
      outcomes.push(indexed ? 'indexed' : left.n === 1 ? 'killed while queued' : 'killed after');
      const reopened = await Locker.open(dir);
      try {
        expect(pendingSearchRows(reopened.db)).toBe(0);
        expect(indexedRows(reopened.db, id)).toBe(rows);
        checkSearchIndex(reopened.db);
        expect(found(c.id, `M${rows - 1}-k${delayMs}`, reopened)).toHaveLength(1);
      } finally {
        reopened.close();
      }
    }
    // The kill right after the import returned lands before four chunks are done, whatever the load.
    expect(outcomes).toContain('killed while queued');
  }, 120_000);
});

/** Runs test/helpers/index-child.ts and SIGKILLs it `delayMs` after it says the import returned. */
function fileAndKill(
  store: string,
  caseId: string,
  file: string,
  delayMs: number,
): Promise<{ id: string; indexed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('test/helpers/index-child.ts'), store, caseId, file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^ACK /m.test(out) && !child.killed) {
        if (delayMs === 0) child.kill('SIGKILL');
        else setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const id = /^ACK (\S+)$/m.exec(out)?.[1];
      if (!id || (code !== 0 && signal !== 'SIGKILL'))
        return reject(new Error(`child failed (${code}): ${err}`));
      resolve({ id, indexed: out.includes('INDEXED\n') });
    });
  });
}
