import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
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
  readFixture('bank-cn-debit.csv'),
  readFixture('bank-en-ddmm-signed.csv'),
  readFixture('bank-en-mmdd-debit-credit.csv'),
  readFixture('card-v102.qfx'),
  readFixture('bank-v220.ofx'),
  readFixture('camt053-v08.xml'),
  readFixture('german-mt940.sta'),
  readFixture('checking.qif'),
  readFixture('telegram-single.json'),
  readFixture('renewal-html.eml'),
  readFixture('thread.mbox'),
  readFixture('wechat-chat.csv'),
  readFixture('line-chat.txt'),
  readFixture('transcript.txt'),
];

async function smallWhatsappZip(): Promise<Buffer> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  await writer.add('WhatsApp Chat with Ana.txt', new TextReader('30/01/2019, 20:49 - Ana: hi\n'));
  await writer.add('IMG-20190130-WA0001.jpg', new Uint8ArrayReader(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])));
  return Buffer.from(await writer.close());
}

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
      '交易日期,摘要,交易金额(收入),交易金额(支出),交易币种\n',
      'Date,Description,Debit,Credit\n',
      '09/04/2025',
      '人民币合计',
      'OFXHEADER:100\n<OFX>',
      '<STMTRS><CURDEF>USD',
      '<STMTTRN><TRNAMT>-1.5<DTPOSTED>20250230[-5:EST]',
      '</STMTTRN>',
      '<![CDATA[',
      ']]>',
      '<BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">',
      '</Ntry>',
      '&amp;',
      ':20:X\n:25:A\n:60F:C250301EUR1,00\n',
      ':61:250303D1,NTRF//R\n:86:?32x\n',
      '!Type:Bank\n',
      "D1/5'25\nT-1\n^\n",
      '{"messages":[{"date_unixtime":"1","text":[{"text":1}],"from":',
      '}',
      '{"chats":{"list":[',
      'From x@y Mon Jan  1 00:00:00 2024\n',
      'From: a@b\nTo: c@d\nSubject: s\nDate: Tue, 1 Oct 2013 00:42:18 +0200\n',
      'Content-Type: multipart/mixed; boundary="b"\n\n--b\n',
      'Content-Disposition: attachment; filename="../x"\n\n',
      'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n',
      '1,2,49,0,1,1740790800,2,<title>',
      '[LINE] Chat history with X\n2024/01/05(Fri)\n',
      '09:15\tA\t"',
      'Fri, 13/01/2024\n',
      '2025-08-27 08:01 — A: ',
      'PK\u0003\u0004',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 300 }), (parts) =>
        parseWithAll(Buffer.from(parts.join(''))),
      ),
      { numRuns: 200 },
    );
  });

  it('never throw on truncated fixtures', async () => {
    const files = [...textFixtures(), await smallWorkbook(), await smallWhatsappZip()];
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
