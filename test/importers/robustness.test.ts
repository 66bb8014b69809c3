import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importers, runImporters } from '../../electron/services/importers/index.ts';
import type { ImportResult } from '../../electron/services/importers/types.ts';
import { ctx, expectWellFormed, gbkFixture, readFixture } from './helpers.ts';

async function smallWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(['交易时间', '交易类型', '交易对方', '商品', '收/支', '金额(元)']);
  sheet.addRow(['2025-12-10 17:19:40', '商户消费', '美团', '/', '支出', '¥50.71']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const textFixtures = (): Buffer[] => [
  gbkFixture('alipay-2023.utf8.csv'),
  gbkFixture('alipay-legacy.utf8.csv'),
  readFixture('alipay-2023.utf8.csv'),
  readFixture('wechatpay.csv'),
  readFixture('whatsapp-android-dmy.txt'),
  readFixture('whatsapp-ios-mdy-12h.txt'),
];

/** Runs every importer's detect and parse on `bytes`; none may throw, whatever the bytes. */
async function parseWithAll(bytes: Buffer): Promise<void> {
  for (const importer of importers) {
    importer.detect(bytes.subarray(0, 64 * 1024), ctx());
    const result: ImportResult = await importer.parse(bytes, ctx());
    expectWellFormed(result);
  }
  await runImporters(bytes, ctx());
}

describe('importers on hostile input', () => {
  it('never throw on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), (bytes) => parseWithAll(Buffer.from(bytes))),
      {
        numRuns: 150,
      },
    );
  });

  it('never throw on random text built from CSV and chat punctuation', async () => {
    const piece = fc.constantFrom(
      '"',
      ',',
      '\n',
      '\r\n',
      '\t',
      '交易时间',
      '金额',
      '收/支',
      '交易状态',
      '交易号',
      '¥',
      '1.5',
      '2023-02-12 21:32:14',
      '30/01/2019, 20:49 - ',
      '[1/30/19, 8:49:12 PM] ',
      'A:',
      '<attached: x.jpg>',
      '\u202f',
      'p. m.',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 300 }), (parts) =>
        parseWithAll(Buffer.from(parts.join(''))),
      ),
      { numRuns: 200 },
    );
  });

  it('never throw on truncated fixtures', async () => {
    const files = [...textFixtures(), await smallWorkbook()];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.double({ min: 0, max: 1, noNaN: true }), (file, cut) =>
        parseWithAll(file.subarray(0, Math.floor(file.length * cut))),
      ),
      { numRuns: 150 },
    );
  });

  it('never throw on shuffled lines with junk inserted, and never invent rows', async () => {
    const texts = textFixtures().map((b) => b.toString('latin1').split('\n'));
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...texts)
          .chain((lines) =>
            fc.tuple(
              fc.shuffledSubarray(lines, { minLength: 0, maxLength: lines.length }),
              fc.nat(),
              fc.string(),
            ),
          ),
        async ([lines, at, junk]) => {
          const mangled = [...lines];
          if (mangled.length > 0) mangled.splice(at % mangled.length, 0, junk);
          const bytes = Buffer.from(mangled.join('\n'), 'latin1');
          await parseWithAll(bytes);
          const result = await runImporters(bytes, ctx());
          if (result)
            expect(result.transactions.length + result.messages.length).toBeLessThanOrEqual(lines.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
