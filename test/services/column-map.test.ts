import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyColumnMap,
  exportLayout,
  importLayout,
  layoutList,
  proposeColumnMap,
  previewColumnMap,
  removeLayout,
  undoColumnMap,
} from '../../electron/services/column-map.ts';
import {
  applyMap,
  csvTableReader,
  guessMap,
  readAmount,
  readClock,
  shapeOf,
  xlsxTableReader,
} from '../../electron/services/importers/column-map.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * Fixtures are written here, in the layouts real exports use:
 * - `bankStatement`: a Chinese bank's web-banking download as several banks write it — GBK, CRLF, an account
 *   preamble of a few lines above the header, a time of day in its own 记账时间 column, amounts padded with
 *   spaces and TABs, 收支 as 支出 / 收入 / 不计收支, `----------` in an empty 附言, and a 合计 footer. The header
 *   names are chosen so that no importer of the project claims the file.
 * - `headerless`: a UK-style CSV with no header row (date, description, debit, credit, balance), dd/mm/yyyy.
 */

const tempDir = useTempDirs();

const PREAMBLE = [
  '某某银行个人账户明细',
  '账号:,6222 **** **** 1234',
  '起止日期:,2024-01-01,至,2024-01-31',
  '',
];
const HEADER = '记账日期,记账时间,交易名称,对手信息,收支,发生金额,余额,附言';

function bankStatement(rows: string[]): Buffer {
  const text = [...PREAMBLE, HEADER, ...rows, '合计,,,,,,,'].join('\r\n') + '\r\n';
  return iconv.encode(text, 'gb18030');
}

const JANUARY = [
  '2024-01-03,17:57:17,快捷支付  \t,元保保险经纪,支出,  39.90\t,1000.00,----------',
  '2024-01-05,08:01:02,工资,某某科技有限公司,收入,"8,000.00",9000.00,一月工资',
  '2024-01-06,120000,转账,本人,不计收支,100.00,9000.00,',
  '2024-01-09,09:30:00,快捷支付,元保保险经纪,支出,39.90,8960.10,',
];
const FEBRUARY = [
  '2024-02-03,17:57:20,快捷支付,元保保险经纪,支出,39.90,1000.00,',
  '2024-02-05,08:00:00,工资,某某科技有限公司,收入,"8,000.00",9000.00,',
];

let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir(), {
    clock: () => new Date('2025-09-01T00:00:00.000Z'),
    ids: sequentialIds(),
  });
  caseId = (await locker.createCase({ title: '元保扣款', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

function put(name: string, bytes: Buffer | string): string {
  const file = path.join(inbox, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

describe('reading and guessing a table', () => {
  it('finds the header by its content below a preamble, detects GB18030, and proposes each role', async () => {
    const table = await csvTableReader.read(bankStatement(JANUARY), {});
    expect(table.encoding).toBe('gb18030');
    const shape = shapeOf(table.rows);
    expect(table.rows[shape.headerIndex]!.line).toBe(5);
    expect(shape.header).toEqual(HEADER.split(','));
    const map = guessMap(table.rows, shape, { currency: 'CNY', timeZone: 'Asia/Shanghai', encoding: 'auto' });
    const roles = Object.fromEntries(map.columns.map((c) => [c.name, c.role]));
    expect(roles).toMatchObject({
      记账日期: 'date',
      记账时间: 'time',
      对手信息: 'counterparty',
      收支: 'direction',
      发生金额: 'amount',
    });
    expect(map.directions).toEqual({ 支出: 'out', 收入: 'in', 不计收支: 'neutral' });

    const { transactions, problems } = applyMap(table.rows, shape, map, 'Asia/Shanghai');
    expect(problems).toEqual([]);
    expect(transactions.map((t) => [t.line, t.utc, t.amountMinor, t.direction])).toEqual([
      [6, '2024-01-03T09:57:17.000Z', 3990, 'out'],
      [7, '2024-01-05T00:01:02.000Z', 800000, 'in'],
      [8, '2024-01-06T04:00:00.000Z', 10000, 'neutral'],
      [9, '2024-01-09T01:30:00.000Z', 3990, 'out'],
    ]);
    // The placeholder rule in 附言 is empty, not text; the raw cells keep what the file wrote.
    expect(transactions[0]!.raw['附言']).toBe('----------');
    expect(transactions[0]!.counterparty).toBe('元保保险经纪');
  });

  it('makes a row whose direction value is not in the map a problem, even one named like a built-in', async () => {
    const table = await csvTableReader.read(
      bankStatement([...JANUARY, '2024-01-10,09:00:00,x,y,constructor,1.00,1.00,']),
      {},
    );
    const shape = shapeOf(table.rows);
    const map = guessMap(table.rows, shape, { currency: 'CNY', timeZone: 'Asia/Shanghai', encoding: 'auto' });
    const { transactions, problems } = applyMap(table.rows, shape, map, 'Asia/Shanghai');
    expect(transactions).toHaveLength(4);
    expect(problems).toEqual([{ line: 10, error: 'direction "constructor" is not in the map' }]);
  });

  it('reads the same bytes differently when the encoding is overridden', async () => {
    const forced = await csvTableReader.read(bankStatement(JANUARY), { encoding: 'utf-8' });
    expect(forced.encoding).toBe('utf-8');
    expect(forced.detectedEncoding).toBe('gb18030');
    expect(forced.rows.some((r) => r.cells.includes('记账日期'))).toBe(false);
  });

  it('types a CSV with no header row column by column: date, description, debit, credit', async () => {
    const bytes = Buffer.from(
      '03/01/2024,COFFEE SHOP,4.50,,995.50\r\n04/01/2024,SALARY,,2000.00,2995.50\r\n15/01/2024,RENT,900.00,,2095.50\r\n',
    );
    const table = await csvTableReader.read(bytes, {});
    const shape = shapeOf(table.rows);
    expect(shape.headerIndex).toBe(-1);
    const map = guessMap(table.rows, shape, { currency: 'GBP', timeZone: 'Europe/London', encoding: 'auto' });
    expect(map.columns.map((c) => c.role)).toEqual(['date', 'description', 'debit', 'credit', 'ignore']);
    const { transactions } = applyMap(table.rows, shape, map, 'Europe/London');
    expect(transactions.map((t) => [t.line, t.utc.slice(0, 10), t.amountMinor, t.direction])).toEqual([
      [1, '2024-01-03', 450, 'out'],
      [2, '2024-01-04', 200000, 'in'],
      [3, '2024-01-15', 90000, 'out'],
    ]);
  });

  it('reads amounts and times as statements write them', () => {
    expect(readAmount('CNY 123.18', 2)).toEqual({ minor: 12318, note: '' });
    expect(readAmount('131.77(已退款89.84)', 2)).toEqual({ minor: 13177, note: '已退款89.84' });
    expect(readAmount('(12.30)', 2)?.minor).toBe(-1230);
    expect(readAmount('12.30 DR', 2)?.minor).toBe(-1230);
    expect(readAmount('-12,99', 2)?.minor).toBe(-1299);
    expect(readAmount('1.234,56', 2)?.minor).toBe(123456);
    expect(readAmount('-------', 2)).toBeNull();
    expect(readAmount(23.600000000000001, 2)?.minor).toBe(2360);
    expect(readClock('123456')).toEqual({ hour: 12, minute: 34, second: 56 });
    expect(readClock('17:57')).toEqual({ hour: 17, minute: 57, second: 0 });
    expect(readClock('25:00')).toBeNull();
  });

  it('reads an XLSX sheet with typed cells through the same map', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('明细');
    sheet.addRow(['美团账单']);
    sheet.addRow([]);
    sheet.addRow(['下单时间', '商家', '实付金额', '订单号']);
    sheet.addRow([new Date(Date.UTC(2024, 2, 1, 12, 30)), '某某外卖', 23.600000000000001, '1001']);
    sheet.addRow([new Date(Date.UTC(2024, 2, 2, 18, 0)), '某某超市', -5, '1002']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const table = await xlsxTableReader.read(bytes, {});
    const shape = shapeOf(table.rows);
    expect(shape.header).toEqual(['下单时间', '商家', '实付金额', '订单号']);
    const map = guessMap(table.rows, shape, { currency: 'CNY', timeZone: 'Asia/Shanghai', encoding: 'auto' });
    expect(map.columns.map((c) => c.role)).toEqual(['date', 'counterparty', 'amount', 'orderId']);
    const { transactions } = applyMap(table.rows, shape, map, 'Asia/Shanghai');
    expect(transactions.map((t) => [t.line, t.utc, t.amountMinor, t.direction, t.orderId])).toEqual([
      [4, '2024-03-01T04:30:00.000Z', 2360, 'in', '1001'],
      [5, '2024-03-02T10:00:00.000Z', 500, 'out', '1002'],
    ]);
  });
});

describe('the column map in a locker', () => {
  it('maps an unknown CSV once, after the sign is confirmed, and reads the next file of that layout by itself', async () => {
    const january = put('账户明细-2024-01.csv', bankStatement(JANUARY));
    const first = await addPaths(locker, caseId, [january]);
    const item = first.added[0]!;
    expect(item).toMatchObject({ kind: 'document', canMap: true });
    expect(item.transactions).toBeUndefined();

    const proposal = await proposeColumnMap(locker, item.id);
    expect(proposal).toMatchObject({ reader: 'csv', encoding: 'gb18030', headerLine: 5, layout: null });
    expect(proposal.preview.total).toBe(4);
    expect(proposal.preview.signSamples.map((s) => [s.line, s.direction])).toEqual([
      [6, 'out'],
      [7, 'in'],
    ]);

    // Flipping the sign changes the preview, so the confirmation given for the other reading is refused.
    const flipped = { ...proposal.map, isFlipped: true };
    const flippedPreview = await previewColumnMap(locker, item.id, flipped);
    expect(flippedPreview.signSamples.map((s) => s.direction)).toEqual(['in', 'out']);
    const confirmed = proposal.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction }));
    const logBefore = locker.custodyLog().length;
    await expect(
      applyColumnMap(locker, item.id, { map: flipped, name: '某某银行', confirmed }),
    ).rejects.toThrow(/Confirm money in and out/);
    await expect(
      applyColumnMap(locker, item.id, { map: proposal.map, name: '某某银行', confirmed: [] }),
    ).rejects.toThrow(/Confirm money in and out/);
    expect(caseTransactions(locker, caseId)).toEqual([]);
    expect(locker.custodyLog()).toHaveLength(logBefore);

    const applied = await applyColumnMap(locker, item.id, { map: proposal.map, name: '某某银行', confirmed });
    expect(applied.transactions).toBe(4);
    const rows = caseTransactions(locker, caseId);
    expect(rows.map((t) => [t.evidenceId, t.line, t.amountMinor, t.direction])).toEqual([
      [item.id, 6, 3990, 'out'],
      [item.id, 7, 800000, 'in'],
      [item.id, 8, 10000, 'neutral'],
      [item.id, 9, 3990, 'out'],
    ]);
    // Filed with only the file's modified time, it now stands at its newest row's time; undone, it goes back.
    expect(locker.getEvidence(item.id)).toMatchObject({
      kind: 'statement',
      occurredUtc: '2024-01-09T01:30:00.000Z',
      occurredSource: 'content',
    });
    expect(layoutList(locker).map((l) => l.name)).toEqual(['某某银行']);

    // February's file has the same header: it is read by itself, and says with which saved map.
    const february = put('账户明细-2024-02.csv', bankStatement(FEBRUARY));
    const second = await addPaths(locker, caseId, [february]);
    expect(second.added[0]).toMatchObject({
      kind: 'statement',
      transactions: 2,
      format: 'column-map',
      columnMap: { id: applied.layout.id, name: '某某银行' },
    });
    expect(caseTransactions(locker, caseId)).toHaveLength(6);
    const log = locker.custodyLog().map((e) => e.action);
    expect(log).toContain('layout.save');
    expect(log).toContain('evidence.map');
  });

  it('undoes a wrong map by removing its rows, logged, while the original stays byte for byte', async () => {
    const bytes = bankStatement(JANUARY);
    const added = (await addPaths(locker, caseId, [put('wrong.csv', bytes)])).added[0]!;
    const filedAt = locker.getEvidence(added.id).occurredUtc;
    const proposal = await proposeColumnMap(locker, added.id);
    // A wrong map: the balance column as the amount.
    const wrong = {
      ...proposal.map,
      columns: proposal.map.columns.map((c) =>
        c.name === '发生金额'
          ? { ...c, role: 'ignore' as const }
          : c.name === '余额'
            ? { ...c, role: 'amount' as const }
            : c,
      ),
    };
    const preview = await previewColumnMap(locker, added.id, wrong);
    await applyColumnMap(locker, added.id, {
      map: wrong,
      name: 'wrong',
      confirmed: preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
    });
    expect(caseTransactions(locker, caseId)).toHaveLength(4);

    const undone = await undoColumnMap(locker, added.id);
    expect(undone.removed).toBe(4);
    expect(caseTransactions(locker, caseId)).toEqual([]);
    const item = locker.getEvidence(added.id);
    expect(item.kind).toBe('document');
    expect(item.occurredSource).toBe('file_mtime');
    expect(item.occurredUtc).toBe(filedAt);
    expect(item.deletedAt).toBeNull();
    expect((await locker.objects.read(item.sha256)).equals(bytes)).toBe(true);
    const entry = locker.custodyLog({ subjectId: added.id }).at(-1)!;
    expect(entry.action).toBe('evidence.unmap');
    expect(entry.details).toMatchObject({ removed: 4, layout: { name: 'wrong' } });
    // Nothing read by a column map: nothing to undo.
    await expect(undoColumnMap(locker, added.id)).rejects.toThrow(/not read with a column map/);
    // It can be mapped again, rightly this time.
    const again = await proposeColumnMap(locker, added.id);
    expect(again.layout?.name).toBe('wrong');
  });

  it('exports a saved map as a small JSON file and imports it into another locker', async () => {
    const added = (await addPaths(locker, caseId, [put('jan.csv', bankStatement(JANUARY))])).added[0]!;
    const proposal = await proposeColumnMap(locker, added.id);
    await applyColumnMap(locker, added.id, {
      map: proposal.map,
      name: 'Bank A',
      confirmed: proposal.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
    });
    const file = JSON.stringify(exportLayout(locker, 'bank a'));
    expect(file.length).toBeLessThan(2000);

    const other = await Locker.open(tempDir(), { ids: sequentialIds() });
    try {
      const otherCase = (await other.createCase({ title: 'other' })).id;
      await expect(importLayout(other, '{"format":"something else"}')).rejects.toThrow(
        /not a column map file/,
      );
      const imported = await importLayout(other, file);
      expect(imported).toMatchObject({ name: 'Bank A', signature: proposal.signature });
      const r = await addPaths(other, otherCase, [put('feb.csv', bankStatement(FEBRUARY))]);
      expect(r.added[0]).toMatchObject({ transactions: 2, columnMap: { name: 'Bank A' } });
      await removeLayout(other, 'Bank A');
      expect(layoutList(other)).toEqual([]);
      expect(other.custodyLog().map((e) => e.action)).toContain('layout.delete');
    } finally {
      other.close();
    }
  });

  it('reads a file with a named map on request, and refuses an unknown name before filing anything', async () => {
    const added = (await addPaths(locker, caseId, [put('jan.csv', bankStatement(JANUARY))])).added[0]!;
    const proposal = await proposeColumnMap(locker, added.id);
    await applyColumnMap(locker, added.id, {
      map: proposal.map,
      name: 'Bank A',
      confirmed: proposal.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
    });
    // The bank added a column: the signature differs, but the named map still finds its columns by name.
    const wider = iconv.encode(
      [HEADER + ',渠道', '2024-03-03,10:00:00,快捷支付,元保保险经纪,支出,39.90,1000.00,,网银'].join('\r\n'),
      'gb18030',
    );
    const file = put('march.csv', wider);
    await expect(addPaths(locker, caseId, [file], { layout: 'nope' })).rejects.toThrow(/nope/);
    const auto = await addPaths(locker, caseId, [file]);
    expect(auto.added[0]).toMatchObject({ canMap: true });
    const named = await addPaths(
      locker,
      caseId,
      [put('march-copy/march.csv', Buffer.concat([wider, Buffer.from('\r\n')]))],
      {
        layout: 'Bank A',
      },
    );
    expect(named.added[0]).toMatchObject({ transactions: 1, columnMap: { name: 'Bank A' } });
  });

  it('reads a long UTF-8 statement whole with its saved map, though its header is found from the head alone', async () => {
    const utf8 = (rows: string[], pad: string) =>
      Buffer.from([pad + PREAMBLE[0], ...PREAMBLE.slice(1), HEADER, ...rows].join('\r\n') + '\r\n');
    const first = put('utf8-jan.csv', utf8(JANUARY, ''));
    const item = (await addPaths(locker, caseId, [first])).added[0]!;
    const proposal = await proposeColumnMap(locker, item.id);
    expect(proposal.encoding).toBe('utf-8');
    await applyColumnMap(locker, item.id, {
      map: proposal.map,
      name: 'Bank UTF-8',
      confirmed: proposal.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
    });
    const many = Array.from(
      { length: 6000 },
      (_, i) => `2024-03-01,10:00:00,快捷支付,元保保险经纪,支出,${i}.00,1000.00,第${i}笔`,
    );
    // The 256 KB head ends inside a Chinese character: it must still read as UTF-8.
    let big = utf8(many, '');
    for (let pad = ' '; (big[256 * 1024]! & 0xc0) !== 0x80; pad += ' ') big = utf8(many, pad);
    const r = await addPaths(locker, caseId, [put('utf8-march.csv', big)]);
    expect(r.added[0]).toMatchObject({ transactions: 6000, columnMap: { name: 'Bank UTF-8' } });
  });

  it('offers the map for an XLSX no importer knows, and files it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('订单');
    sheet.addRow(['京东账单明细']);
    sheet.addRow(['下单时间', '商品名称', '实付金额', '收支', '订单号']);
    sheet.addRow(['2024-03-01 12:30:00', '充电器', '59.00', '支出', 'JD1001']);
    sheet.addRow(['2024-03-05 09:00:00', '退款-充电器', '59.00', '收入', 'JD1001']);
    const file = put('京东账单.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const added = (await addPaths(locker, caseId, [file])).added[0]!;
    expect(added).toMatchObject({ canMap: true });
    const proposal = await proposeColumnMap(locker, added.id);
    expect(proposal).toMatchObject({ reader: 'xlsx', encoding: null, sheet: '订单', headerLine: 2 });
    await applyColumnMap(locker, added.id, {
      map: proposal.map,
      name: 'JD',
      confirmed: proposal.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
    });
    expect(caseTransactions(locker, caseId).map((t) => [t.line, t.direction, t.orderId])).toEqual([
      [3, 'out', 'JD1001'],
      [4, 'in', 'JD1001'],
    ]);
  });

  it('takes the header row the user names over the one found by content, in the preview and when filing', async () => {
    // Two label rows above the data: content finds the lower one; the user says the upper one is the header.
    // Finnish date and amount labels, which no importer of the project knows.
    const data = [1, 2, 3, 4, 5].map((d) => `2024-05-0${d},-1${d}.00,Kauppa ${d}`);
    const text = ['Kirjauspäivä,Summa,Description', 'Päivä,Arvo,Kumppani', ...data].join('\r\n');
    const added = (await addPaths(locker, caseId, [put('two-headers.csv', text)])).added[0]!;
    const found = await proposeColumnMap(locker, added.id);
    expect(found.headerLine).toBe(2);
    expect(found.headerCandidates.map((h) => h.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const chosen = await proposeColumnMap(locker, added.id, { headerLine: 1 });
    expect(chosen.header).toEqual(['Kirjauspäivä', 'Summa', 'Description']);
    expect(chosen.map.columns.map((c) => c.role)).toEqual(['date', 'amount', 'description']);
    // Under that header the second label row is a line that cannot be read, and says so.
    expect(chosen.preview.problems).toEqual([
      {
        line: 2,
        error: 'unreadable date "Päivä"',
        code: 'problem.unreadable-date',
        params: { value: 'Päivä' },
      },
    ]);
    expect(chosen.preview.total).toBe(5);
    const none = await proposeColumnMap(locker, added.id, { headerLine: null });
    expect(none.headerLine).toBeNull();
    expect(none.header).toEqual(['Column 1', 'Column 2', 'Column 3']);
    await applyColumnMap(locker, added.id, {
      map: chosen.map,
      headerLine: 1,
      name: 'Two headers',
      confirmed: chosen.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
    });
    expect(caseTransactions(locker, caseId).map((t) => [t.line, t.amountMinor, t.direction])).toEqual(
      [3, 4, 5, 6, 7].map((line, i) => [line, 1000 + 100 * (i + 1), 'out']),
    );
    expect(layoutList(locker)[0]!.header).toEqual(['Kirjauspäivä', 'Summa', 'Description']);
  });
});
