// Parse speed of every statement and chat format at 100,000 records (10,000 emails for mbox): parse only,
// bytes in memory, nothing stored. The intake benchmarks cover filing end to end.
import { parseBankCsv } from '../electron/services/importers/bank-csv.ts';
import { parseCamt053 } from '../electron/services/importers/camt053.ts';
import { parseEmail } from '../electron/services/importers/email.ts';
import { parseMt940 } from '../electron/services/importers/mt940.ts';
import { parseOfx } from '../electron/services/importers/ofx.ts';
import { parseQif } from '../electron/services/importers/qif.ts';
import { parseTelegramJson } from '../electron/services/importers/telegram-json.ts';
import type { ImportContext, ImportResult } from '../electron/services/importers/types.ts';
import { fmt, mb, report } from './lib.ts';

const ROWS = 100_000;
const zone: ImportContext = { fileName: 'big', timeZone: 'Europe/Berlin' };
const day = (i: number) => String(1 + (i % 28)).padStart(2, '0');
const repeat = (row: (i: number) => string) => Array.from({ length: ROWS }, (_, i) => row(i)).join('');

const cases: [string, () => Buffer, (b: Buffer) => ImportResult | Promise<ImportResult>][] = [
  [
    'Chinese bank CSV',
    () =>
      Buffer.from(
        '交易日期,摘要,交易场所,记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n' +
          repeat(
            (i) =>
              `2024-03-${day(i)}   \t,"消费 \t","店 ${i} \t","-","1,${String(i % 1000).padStart(3, '0')}.50 \t",人民币\t,"1,000.00",众安${i}\n`,
          ),
      ),
    (b: Buffer) => parseBankCsv(b, zone),
  ],
  [
    'OFX SGML',
    () =>
      Buffer.from(
        'OFXHEADER:100\n<OFX><STMTRS><CURDEF>USD<BANKTRANLIST>\n' +
          repeat(
            (i) =>
              `<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>202403${day(i)}120000[-5:EST]\n<TRNAMT>-${i}.99\n<FITID>${i}\n<NAME>Shop &amp; ${i}\n</STMTTRN>\n`,
          ) +
          '</BANKTRANLIST></STMTRS></OFX>',
      ),
    (b: Buffer) => parseOfx(b),
  ],
  [
    'camt.053',
    () =>
      Buffer.from(
        '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>1</Id>\n' +
          repeat(
            (i) =>
              `<Ntry><Amt Ccy="EUR">${i}.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2024-03-${day(i)}</Dt></BookgDt><NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Shop ${i}</Nm></Cdtr></RltdPties><RmtInf><Ustrd>Ref ${i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n`,
          ) +
          '</Stmt></BkToCstmrStmt></Document>',
      ),
    (b: Buffer) => parseCamt053(b, zone),
  ],
  [
    'MT940',
    () =>
      Buffer.from(
        ':20:X\n:25:ACC\n:60F:C240301EUR0,00\n' +
          repeat(
            (i) =>
              `:61:2403${day(i)}D${i},50NTRFNONREF//B${i}\n:86:166?00GUTSCHRIFT?20Ref ${i}?32Shop ${i}\n`,
          ),
      ),
    (b: Buffer) => parseMt940(b, zone),
  ],
  [
    'QIF',
    () => Buffer.from('!Type:Bank\n' + repeat((i) => `D3/${day(i)}'24\nT-${i}.50\nPShop ${i}\n^\n`)),
    (b: Buffer) => parseQif(b, zone),
  ],
  [
    'Telegram JSON',
    () =>
      Buffer.from(
        JSON.stringify({
          name: 'c',
          messages: Array.from({ length: ROWS }, (_, i) => ({
            type: 'message',
            date_unixtime: String(1709280000 + i * 60),
            from: 'A',
            text: ['hi ', { type: 'bold', text: String(i) }],
          })),
        }),
      ),
    (b: Buffer) => parseTelegramJson(b, zone),
  ],
];

cases.push([
  'mbox (10,000 emails)',
  () =>
    Buffer.from(
      Array.from(
        { length: 10_000 },
        (_, i) =>
          `From a@b Mon Jan  1 00:00:00 2024\nFrom: A <a@b>\nSubject: s ${i}\nDate: Tue, 1 Oct 2013 00:42:18 +0200\n\nbody ${i}\n\n`,
      ).join(''),
    ),
  (b: Buffer) => parseEmail(b),
]);

const figures: Record<string, string> = {};
for (const [name, build, parse] of cases) {
  const bytes = build();
  const start = performance.now();
  const result = await parse(bytes);
  const seconds = (performance.now() - start) / 1000;
  const records = result.transactions.length + result.messages.length;
  figures[name] = `${fmt(seconds, 2)} s for ${records} records (${fmt(mb(bytes.length))} MB)`;
}
report('parse: statement and chat formats', figures);
