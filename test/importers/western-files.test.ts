import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runImporters } from '../../electron/services/importers/index.ts';
import { decodeText } from '../../electron/services/importers/text.ts';
import { sniffContent } from '../../electron/services/sniff.ts';
import { ctx } from './helpers.ts';

/**
 * Western statements as banks send them: Windows-1252 text, and OFX written on a single line. The layouts
 * follow test files of the ofxparse project (jseutter/ofxparse, tests/fixtures/chase_cc.qfx: SGML with a
 * blank first line, CHARSET:1252, `[0:GMT]` times; tests/fixtures/ofx-v102-empty-tags.ofx: twelve blank
 * lines, then the whole OFX on one line with closed and empty tags, CURDEF empty and CURRENCY/CURSYM per
 * row). Names and amounts are made up.
 */

const cardQfx = iconv.encode(
  [
    '',
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    'ENCODING:USASCII',
    'CHARSET:1252',
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    'NEWFILEUID:NONE',
    '<OFX>',
    '<CREDITCARDMSGSRSV1>',
    '<CCSTMTTRNRS>',
    '<TRNUID>1',
    '<CCSTMTRS>',
    '<CURDEF>USD',
    '<CCACCTFROM>',
    '<ACCTID>4111000011112222',
    '</CCACCTFROM>',
    '<BANKTRANLIST>',
    '<DTSTART>20250301120000[0:GMT]',
    '<DTEND>20250302120000[0:GMT]',
    '<STMTTRN>',
    '<TRNTYPE>DEBIT',
    '<DTPOSTED>20250301153000[0:GMT]',
    '<TRNAMT>-23.45',
    '<FITID>2025030112341234',
    '<NAME>SQ *CAFÉ ¦ DELI',
    '</STMTTRN>',
    '</BANKTRANLIST>',
    '</CCSTMTRS>',
    '</CCSTMTTRNRS>',
    '</CREDITCARDMSGSRSV1>',
    '</OFX>',
    '',
  ].join('\n'),
  'win1252',
);

describe('Windows-1252 files', () => {
  it('takes a CHARSET:1252 OFX for text, not binary, and reads its accented payee', async () => {
    expect(sniffContent(cardQfx)).toMatchObject({ family: 'text' });
    const result = await runImporters(cardQfx, ctx('chase.qfx'));
    expect(result?.format).toBe('ofx');
    expect(result?.problems).toEqual([]);
    expect(result?.transactions.map((t) => [t.utc, t.amountMinor, t.direction, t.counterparty])).toEqual([
      ['2025-03-01T15:30:00.000Z', 2345, 'out', 'SQ *CAFÉ ¦ DELI'],
    ]);
  });

  it('decodes a Latin-1 text with its umlauts, and still decodes GBK as GBK', () => {
    const latin = iconv.encode(
      ['Buchungstag;Auftraggeber / Begünstigter;Betrag (EUR)', '03.03.2025;Bäckerei Müller;-12,40'].join(
        '\r\n',
      ),
      'latin1',
    );
    expect(sniffContent(latin)).toMatchObject({ family: 'text' });
    expect(sniffContent(Buffer.from('caf\xe9 ok', 'latin1'))).toMatchObject({ family: 'text' });
    expect(decodeText(latin)).toContain('Bäckerei Müller');
    expect(decodeText(iconv.encode('交易日期,金额\n2025-03-01,12.00\n', 'gbk'))).toContain('交易日期');
  });

  it('still takes random bytes for binary', () => {
    const noise = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      noise[i] = (x >>> 16) & 0xff;
    }
    expect(sniffContent(noise)).toMatchObject({ family: 'binary' });
  });
});

describe('a statement written on one line', () => {
  it('numbers its rows by their place in the file, and files them all', async () => {
    const stmttrn = (type: string, date: string, amount: string, memo: string) =>
      `<STMTTRN><TRNTYPE>${type}</TRNTYPE><DTPOSTED>${date}</DTPOSTED><TRNAMT>${amount}</TRNAMT><FITID></FITID>` +
      `<NAME></NAME><MEMO>${memo}</MEMO><CURRENCY><CURRATE>1.0000</CURRATE><CURSYM>AUD</CURSYM></CURRENCY></STMTTRN>`;
    const ofx = Buffer.from(
      '\n'.repeat(12) +
        'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n' +
        'COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n' +
        '<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>0</TRNUID><STMTRS><CURDEF></CURDEF><BANKACCTFROM><BANKID>X</BANKID>' +
        '<ACCTID>87654321</ACCTID><ACCTTYPE></ACCTTYPE></BANKACCTFROM><BANKTRANLIST>' +
        stmttrn('Credit', '20250207', '45.67', 'XYZ:Transfer in') +
        stmttrn('Debit', '20250208', '-9.10', 'XYZ:Coffee') +
        stmttrn('Debit', '20250209', '-1.00', 'XYZ:Fee') +
        '</BANKTRANLIST><LEDGERBAL><BALAMT></BALAMT><DTASOF></DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
    );
    const result = await runImporters(ofx, ctx('statement.ofx'));
    expect(result?.problems).toEqual([]);
    expect(result?.transactions.map((t) => [t.line, t.amountMinor, t.direction, t.currency])).toEqual([
      [1, 4567, 'in', 'AUD'],
      [2, 910, 'out', 'AUD'],
      [3, 100, 'out', 'AUD'],
    ]);
    expect(result?.warnings?.join(' ')).toMatch(/share one line/);
  });
});
