import { describe, expect, it } from 'vitest';
import { camt053Importer, parseCamt053 } from '../../electron/services/importers/camt053.ts';
import { parseXml } from '../../electron/services/importers/xml.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('camt053Importer', () => {
  const file = readFixture('camt053-v08.xml');
  const parse = (bytes: Buffer) => parseCamt053(bytes, ctx('statement.xml', 'Europe/Berlin'));

  it('detects a camt.053 message by its namespace or root, not other XML', () => {
    expect(camt053Importer.detect(file, ctx('x.txt'))).toBe(true);
    expect(camt053Importer.detect(Buffer.from('<?xml version="1.0"?><BkToCstmrStmt>'), ctx())).toBe(true);
    expect(camt053Importer.detect(Buffer.from('<?xml version="1.0"?><svg></svg>'), ctx())).toBe(false);
  });

  it('reads a debit entry: DtTm offset kept, creditor as counterparty, Ustrd joined', () => {
    const result = parse(file);
    expectWellFormed(result);
    expect(result.transactions[0]).toMatchObject({
      utc: '2025-03-05T09:15:00.000Z',
      offset: 60,
      amountMinor: 2999,
      currency: 'EUR',
      direction: 'out',
      counterparty: 'Streaming & Co. GmbH',
      description: 'Abo März Kunde 4711',
      status: 'BOOK',
      orderId: 'BANKREF-0001',
      merchantOrderId: 'E2E-STREAM-03',
      category: 'PMNT/IDDT/ESDD',
      line: 27,
    });
  });

  it('reads a credit entry at local midnight with the debtor as counterparty', () => {
    expect(parse(file).transactions[1]).toMatchObject({
      utc: '2025-03-27T23:00:00.000Z',
      offset: 60,
      amountMinor: 128000,
      direction: 'in',
      counterparty: 'Arbeitgeber AG',
      description: 'LOHN-03',
      merchantOrderId: '',
    });
  });

  it('reports bad entries by line and keeps the balances, a debit balance negative', () => {
    const result = parse(file);
    expect(result.transactions).toHaveLength(2);
    expect(result.problems).toEqual([
      { line: 66, error: 'unreadable amount "1,00"' },
      { line: 71, error: 'unreadable booking date "2025-02-30"' },
    ]);
    expect(result.document?.details).toEqual({
      messageId: 'MSG-2025-03',
      created: '2025-04-01T06:00:00+02:00',
      account: 'DE02120300000000202051',
      statements: [
        {
          id: 'STMT-2025-03',
          account: 'DE02120300000000202051',
          currency: 'EUR',
          from: '',
          to: '',
          balances: { OPBD: '-100.00', OPBDDate: '2025-03-01', CLBD: '1150.01', CLBDDate: '2025-03-31' },
        },
      ],
    });
  });

  it('reports truncated XML and a missing statement without throwing', () => {
    const cut = file.subarray(0, 300);
    const result = parse(cut);
    expect(result.transactions).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
  });
});

describe('parseXml', () => {
  it('drops namespace prefixes, decodes entities and CDATA, and ignores the DOCTYPE', () => {
    const { root, error } = parseXml(
      '<!DOCTYPE x [<!ENTITY e "x">]>\n<a:Doc xmlns:a="u"><a:B k="1 &amp; 2">t &lt; <![CDATA[<raw>]]>&e;</a:B><C/></a:Doc>',
    );
    expect(error).toBeNull();
    expect(root?.name).toBe('Doc');
    expect(root?.children.map((c) => [c.name, c.text, c.attributes, c.line])).toEqual([
      ['B', 't < <raw>&e;', { k: '1 & 2' }, 2],
      ['C', '', {}, 2],
    ]);
  });

  it('stops at absurd nesting instead of exhausting memory', () => {
    expect(parseXml('<a>'.repeat(1000)).error).toMatch(/nested deeper/);
  });
});
