import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ofxImporter, parseOfx, parseOfxDate } from '../../electron/services/importers/ofx.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('ofxImporter', () => {
  const sgml = readFixture('card-v102.qfx');
  const xml = readFixture('bank-v220.ofx');

  it('detects OFX 1.x SGML, QFX and OFX 2.x XML by content', () => {
    expect(ofxImporter.detect(sgml, ctx('statement.txt'))).toBe(true);
    expect(ofxImporter.detect(xml, ctx('x'))).toBe(true);
    expect(ofxImporter.detect(Buffer.from('<html><body>OFX</body></html>'), ctx())).toBe(false);
  });

  it('reads an SGML credit-card statement: offsets kept, entities decoded, leaves without closing tags', () => {
    const result = parseOfx(sgml);
    expectWellFormed(result);
    expect(result.transactions[0]).toEqual({
      utc: '2025-02-14T14:30:00.000Z',
      offset: -300,
      amountMinor: 1549,
      currency: 'USD',
      direction: 'out',
      counterparty: 'NETFLIX.COM',
      description: 'Subscription & streaming',
      status: '',
      method: '',
      orderId: '2025021401',
      merchantOrderId: '',
      category: 'DEBIT',
      note: '',
      line: 16,
      raw: {
        TRNTYPE: 'DEBIT',
        DTPOSTED: '20250214093000.000[-5:EST]',
        TRNAMT: '-15.49',
        FITID: '2025021401',
        NAME: 'NETFLIX.COM',
        MEMO: 'Subscription & streaming',
      },
    });
    expect(result.transactions.map((t) => [t.utc, t.offset, t.amountMinor, t.direction])).toEqual([
      ['2025-02-14T14:30:00.000Z', -300, 1549, 'out'],
      ['2025-02-20T12:00:00.000Z', 0, 1549, 'in'],
      ['2025-02-26T11:30:00.000Z', 330, 20000, 'out'],
    ]);
    expect(result.transactions[2]).toMatchObject({ method: 'Check 1042', counterparty: 'Café Rent' });
  });

  it('reports a bad DTPOSTED or TRNAMT by the line of its STMTTRN', () => {
    expect(parseOfx(sgml).problems).toEqual([
      { line: 31, error: 'unreadable DTPOSTED "20250230"' },
      { line: 37, error: 'unreadable TRNAMT "abc"' },
    ]);
  });

  it('puts the account and balances in document.details', () => {
    expect(parseOfx(sgml).document?.details).toMatchObject({
      institution: 'Example Card',
      account: 'XXXX-1234',
      currency: 'USD',
      ledgerBalance: '-1234.56',
      periodStart: '20250201',
    });
  });

  it('reads OFX 2.x XML with CDATA, trimming the padded NAME', () => {
    const result = parseOfx(xml);
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(
      result.transactions.map((t) => [
        t.utc,
        t.offset,
        t.amountMinor,
        t.currency,
        t.direction,
        t.counterparty,
      ]),
    ).toEqual([
      ['2025-01-15T11:00:00.000Z', 60, 999, 'EUR', 'out', 'Stromversorger <Nord> GmbH'],
      ['2025-01-31T12:00:00.000Z', 0, 0, 'EUR', 'in', 'Zinsen'],
    ]);
    expect(result.transactions[0]?.description).toBe('Abschlag Januar');
    expect(result.document?.details).toMatchObject({
      account: 'DE00 1234',
      ledgerBalance: '500.00',
      availableBalance: '450.00',
    });
  });

  it('decodes a Windows-1252 file declared as CHARSET:1252', () => {
    const text = readFixture('card-v102.qfx').toString('utf8').replace('NETFLIX.COM REFUND', 'Müller Café');
    const result = parseOfx(iconv.encode(text, 'win1252'));
    expect(result.transactions[1]?.counterparty).toBe('Müller Café');
  });

  it('reports a file with no statement as one problem', () => {
    expect(parseOfx(Buffer.from('OFXHEADER:100\n<OFX></OFX>')).problems).toEqual([
      { line: 0, error: 'no OFX statement (STMTRS or CCSTMTRS) found' },
    ]);
  });
});

describe('parseOfxDate', () => {
  it.each([
    ['20110331', '2011-03-31T12:00:00.000Z', 0],
    ['20110331120000.000', '2011-03-31T12:00:00.000Z', 0],
    ['20110331120000[-5:EST]', '2011-03-31T17:00:00.000Z', -300],
    ['201103311200[+8]', '2011-03-31T04:00:00.000Z', 480],
    ['20110331120000.5[-3.30:NST]', '2011-03-31T15:30:00.500Z', -210],
  ])('reads %s', (text, utc, offset) => {
    expect(parseOfxDate(text)).toEqual({ utc, offset });
  });

  it('rejects impossible dates and offsets', () => {
    expect(parseOfxDate('20110231')).toBeNull();
    expect(parseOfxDate('20110331120000[+30:X]')).toBeNull();
    expect(parseOfxDate('yesterday')).toBeNull();
  });
});
