import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { saveOcrResults } from '../../db/queries/ocr.ts';
import { checkSearchIndex, countSearchDocs } from '../../db/queries/search.ts';
import { main, type Io } from '../../electron/cli.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import type { OcrWord } from '../../electron/services/ocr/text.ts';
import {
  HIGHLIGHT_CLOSE,
  HIGHLIGHT_OPEN,
  rebuildSearchIndex,
  searchCase,
  type SearchResult,
} from '../../electron/services/search.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePdf, makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let store: string;
let tick = 0;

beforeEach(async () => {
  tick = 0;
  store = tempDir();
  locker = await Locker.open(store, {
    clock: () => new Date(Date.UTC(2025, 8, 1, 0, 0, tick++)),
    ids: sequentialIds(),
  });
});
afterEach(() => locker.close());

function alipayCsv(): Buffer {
  const lines = [
    '------------------------------------------------------------------------------------',
    '导出信息：',
    '姓名：测试',
    '起始时间：[2025-08-01 00:00:00]    终止时间：[2025-08-31 23:59:59]',
    '共2笔记录',
    '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
    '2025-08-27 08:01:12,保险,元保保险经纪,/,元保-百万医疗险自动扣款,支出,39.90,余额宝,交易成功,2025082722001400001234\t,M20250827001\t,,',
    '2025-08-28 12:30:00,餐饮美食,便利店,/,午餐,支出,18.50,余额宝,交易成功,2025082822001400005678\t,M20250828002\t,,',
  ];
  return iconv.encode(lines.join('\n') + '\n', 'gbk');
}

function whatsappTxt(): Buffer {
  return Buffer.from(
    [
      '27/08/2025, 09:15 - Me: 你们为什么每个月从我的支付宝自动扣款？',
      '27/08/2025, 09:16 - 客服小美: 您好，元保的保费是按月扣的，工单号 TK-88123',
      '27/08/2025, 09:20 - Me: Please cancel it and refund the 39.90 yuan',
    ].join('\n') + '\n',
  );
}

/** A case with an item of every kind: image, PDF text, bill rows, chat messages, an event and OCR text. */
async function richCase() {
  const c = await locker.createCase({ title: 'Yuanbao', counterparty: '元保' });
  const dir = tempDir();
  const files = {
    png: path.join(dir, 'Screenshot_20250827-080112.png'),
    pdf: path.join(dir, 'invoice.pdf'),
    csv: path.join(dir, 'alipay_record_20250901.csv'),
    chat: path.join(dir, 'WhatsApp Chat with 客服.txt'),
  };
  writeFileSync(files.png, await makePng(40, 80));
  writeFileSync(files.pdf, makePdf('Invoice 42183017 total 4.11 USD premium'));
  writeFileSync(files.csv, alipayCsv());
  writeFileSync(files.chat, whatsappTxt());
  const r = await addPaths(locker, c.id, Object.values(files));
  expect(r.errors).toEqual([]);
  const byName = (n: string) => r.added.find((a) => a.path.endsWith(n))!;
  const png = byName('.png');
  await locker.updateEvidence(png.id, { notes: '扣款页面 screenshot', tags: ['保险', 'deduction'] });
  const event = await locker.addEvent(c.id, {
    kind: 'call',
    occurredAt: '2025-08-28 10:30',
    title: 'Called 95188 hotline',
    reference: 'ticket 12345',
  });
  const words: OcrWord[] = [
    ...[...'元保保险经纪'].map((ch, i) => ({
      text: ch,
      confidence: 92,
      bbox: { x0: 60 + i * 40, y0: 200, x1: 96 + i * 40, y1: 236 },
      line: 0,
    })),
    { text: '-39.90', confidence: 95, bbox: { x0: 60, y0: 320, x1: 240, y1: 370 }, line: 1 },
    { text: '订单号', confidence: 90, bbox: { x0: 60, y0: 440, x1: 160, y1: 470 }, line: 2 },
    {
      text: '2025082722001400001234',
      confidence: 90,
      bbox: { x0: 200, y0: 440, x1: 700, y1: 470 },
      line: 2,
    },
  ];
  saveOcrResults(
    locker.db,
    png.id,
    [
      {
        id: 'ocr_000001',
        evidenceId: png.id,
        page: 1,
        text: '元保保险经纪\n-39.90\n订单号 2025082722001400001234',
        words: JSON.stringify(words),
        confidence: 91,
        width: 40,
        height: 80,
        engine: 'test',
        createdAt: locker.now(),
      },
    ],
    locker.now(),
  );
  return { c, png, pdf: byName('.pdf'), csv: byName('.csv'), chat: byName('.txt'), event };
}

const kinds = (rs: SearchResult[]) => [...new Set(rs.map((r) => r.kind))].sort();

describe('searchCase', () => {
  it('finds Chinese substrings of 2 and 4 characters in bills, chats, notes and OCR text', async () => {
    const { c, png } = await richCase();
    const yuanbao = searchCase(locker, c.id, '元保');
    expect(kinds(yuanbao)).toEqual(['evidence', 'message', 'ocr', 'transaction']);
    const deduction = searchCase(locker, c.id, '自动扣款');
    // The bill and the chat export are found as files too: their whole text is indexed with the item.
    expect(kinds(deduction)).toEqual(['evidence', 'message', 'transaction']);
    const ocr = yuanbao.find((r) => r.kind === 'ocr')!;
    expect(ocr).toMatchObject({ evidenceId: png.id, id: 'ocr_000001', page: 1 });
    expect(ocr.snippet).toContain(`${HIGHLIGHT_OPEN}元保${HIGHLIGHT_CLOSE}`);
    // The region of the screenshot where 元保 was read: the boxes of its two characters.
    expect(ocr.region).toEqual({ x0: 60, y0: 200, x1: 136, y1: 236 });
    // 1-character and tag searches.
    expect(kinds(searchCase(locker, c.id, '险'))).toEqual(['evidence', 'ocr', 'transaction']);
    expect(searchCase(locker, c.id, '扣款页面').map((r) => r.id)).toEqual([png.id]);
  });

  it('finds English words, amounts and order numbers as typed, in every kind of record', async () => {
    const { c, pdf, event, csv } = await richCase();
    expect(searchCase(locker, c.id, 'invoice').map((r) => r.evidenceId)).toContain(pdf.id);
    expect(searchCase(locker, c.id, 'PREMIUM').map((r) => r.id)).toEqual([pdf.id]);
    const hotline = searchCase(locker, c.id, 'hotline');
    expect(hotline).toEqual([
      expect.objectContaining({ kind: 'event', id: event.id, title: 'Called 95188 hotline' }),
    ]);
    expect(searchCase(locker, c.id, '12345').map((r) => r.kind)).toEqual(['event']);
    expect(kinds(searchCase(locker, c.id, '39.90'))).toEqual(['evidence', 'message', 'ocr', 'transaction']);
    expect(kinds(searchCase(locker, c.id, '2025082722001400001234'))).toEqual([
      'evidence',
      'ocr',
      'transaction',
    ]);
    const tx = searchCase(locker, c.id, 'M20250828002').filter((r) => r.kind === 'transaction');
    expect(tx).toHaveLength(1);
    expect(tx[0]).toMatchObject({
      kind: 'transaction',
      evidenceId: csv.id,
      line: expect.any(Number) as number,
      at: '2025-08-28T12:30:00+08:00',
      title: '便利店 · 午餐',
    });
    expect(searchCase(locker, c.id, 'TK-88123').find((r) => r.kind === 'message')).toMatchObject({ line: 2 });
    // Every word must be there, in any order; a word found nowhere finds nothing.
    expect(kinds(searchCase(locker, c.id, 'refund 39.90'))).toEqual(['evidence', 'message']);
    expect(searchCase(locker, c.id, '元保 nowhere-to-be-found')).toEqual([]);
    expect(searchCase(locker, c.id, 'zq')).toEqual([]);
    expect(searchCase(locker, c.id, '   ')).toEqual([]);
  });

  it('ranks, limits, and searches one case or all of them', async () => {
    const { c } = await richCase();
    const other = await locker.createCase({ title: '另一个元保案件 other' });
    const ev = await locker.addEvent(other.id, {
      kind: 'note',
      occurredAt: '2025-09-01',
      title: '元保 again',
    });
    expect(searchCase(locker, c.id, '元保').map((r) => r.id)).not.toContain(ev.id);
    expect(searchCase(locker, null, '元保').map((r) => r.id)).toContain(ev.id);
    expect(searchCase(locker, null, '元保', { limit: 2 })).toHaveLength(2);
    expect(searchCase(locker, c.id, '"invoice"')[0]!.kind).toBe('evidence');
    // Query syntax of FTS5 is never interpreted: quotes, stars and operators are just text.
    expect(() => searchCase(locker, c.id, 'a* OR NOT " ( ^')).not.toThrow();
  });

  it('keeps the index in step with edits, trash, restore and event deletion', async () => {
    const { c, png, chat, event } = await richCase();
    await locker.updateEvidence(png.id, { title: 'Alipay deduction screen' });
    expect(searchCase(locker, c.id, 'deduction screen')[0]).toMatchObject({
      id: png.id,
      title: 'Alipay deduction screen',
    });
    expect(searchCase(locker, c.id, 'Screenshot_2025').map((r) => r.id)).toEqual([png.id]);

    await locker.trashEvidence(png.id);
    expect(searchCase(locker, c.id, 'deduction screen')).toEqual([]);
    expect(searchCase(locker, c.id, '元保保险').map((r) => r.kind)).not.toContain('ocr');
    await locker.trashEvidence(chat.id);
    expect(searchCase(locker, c.id, 'TK-88123')).toEqual([]);
    await locker.trashEvidence(chat.id, false);
    expect(kinds(searchCase(locker, c.id, 'TK-88123'))).toEqual(['evidence', 'message']);

    await locker.deleteEvent(event.id);
    expect(searchCase(locker, c.id, 'hotline')).toEqual([]);
    checkSearchIndex(locker.db);
  });

  it('rebuilds to exactly what the triggers maintained', async () => {
    const { c } = await richCase();
    const dump = () =>
      locker.db
        .prepare(
          'SELECT kind, ref_id, case_id, evidence_id, at_utc, at_offset, body FROM search_docs ORDER BY kind, ref_id',
        )
        .all();
    const before = dump();
    expect(rebuildSearchIndex(locker)).toBe(before.length);
    expect(dump()).toEqual(before);
    checkSearchIndex(locker.db);
    expect(kinds(searchCase(locker, c.id, '元保'))).toEqual(['evidence', 'message', 'ocr', 'transaction']);
  });

  it('locker search CASE|--all QUERY --json prints the results', async () => {
    const { c } = await richCase();
    locker.close();
    const run = async (argv: string[]) => {
      let out = '';
      const io: Io = { out: (t) => (out += t), err: () => {}, env: {}, isTTY: false };
      const code = await main([...argv, '--store', store, '--json'], io);
      return { code, json: JSON.parse(out) as Record<string, unknown>[] };
    };
    const one = await run(['search', c.id, '自动扣款']);
    expect(one.code).toBe(0);
    expect(one.json.map((r) => r.kind).sort()).toEqual(['evidence', 'evidence', 'message', 'transaction']);
    expect(one.json[0]).toEqual(
      expect.objectContaining({
        evidenceId: expect.any(String) as string,
        kind: expect.any(String) as string,
        snippet: expect.stringContaining('«自动扣款»') as string,
        at: expect.stringMatching(/^2025-08-2\dT.*\+08:00$/) as string,
      }),
    );
    const all = await run(['search', '--all', '元保', '保险']);
    expect(all.json.length).toBeGreaterThan(2);
    locker = await Locker.open(store);
  });
});

describe('migration 3', () => {
  it('indexes and queues what was already in a locker at version 2', () => {
    const db = new Database(':memory:');
    migrate(db, 2);
    db.exec(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`);
    db.prepare(`INSERT INTO blobs VALUES (?, 1, 'image/png', 'x')`).run('a'.repeat(64));
    db.prepare(`INSERT INTO blobs VALUES (?, 1, 'application/pdf', 'x')`).run('b'.repeat(64));
    db.prepare(
      `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
         original_name, acquired_at, acquisition_method, facts)
       VALUES ('e1', 'c1', ?, 'screenshot', '元保扣款截图', '2025-08-27T00:01:12.000Z', 480, 'filename', 1, 'image/png',
         'a.png', 'x', 'cli', '{}'),
              ('e2', 'c1', ?, 'document', 'scan', '2025-08-27T00:01:12.000Z', 480, 'filename', 1, 'application/pdf',
         'b.pdf', 'x', 'cli', '{"pdf":{"hasTextLayer":false}}')`,
    ).run('a'.repeat(64), 'b'.repeat(64));
    migrate(db);
    expect(countSearchDocs(db)).toBe(2);
    expect(db.prepare(`SELECT evidence_id, status FROM ocr_queue ORDER BY evidence_id`).all()).toEqual([
      { evidence_id: 'e1', status: 'pending' },
      { evidence_id: 'e2', status: 'pending' },
    ]);
    expect(
      db
        .prepare(
          `SELECT d.ref_id FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid WHERE search_fts MATCH '"扣款截"'`,
        )
        .all(),
    ).toEqual([{ ref_id: 'e1' }]);
    db.close();
  });
});
