import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runImporters } from '../../electron/services/importers/index.ts';
import { ctx } from './helpers.ts';

/**
 * Continental European bank CSVs: semicolons, decimal commas, day-first dotted dates, headers in the bank's
 * language. The column sets follow the German savings banks' CSV-CAMT export and ING Netherlands' "Af Bij"
 * export as the public bank-CSV converters describe them; names and amounts are made up.
 */

describe('European bank CSVs', () => {
  it('reads a German export: Latin-1, semicolons, quoted cells, decimal commas, Buchungstag', async () => {
    const csv = iconv.encode(
      [
        '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"Betrag";"Waehrung"',
        '"DE00123456780000000000";"03.03.25";"03.03.25";"FOLGELASTSCHRIFT";"Strom März";"Stadtwerke Müllheim GmbH";"DE00999";"-1.234,56";"EUR"',
        '"DE00123456780000000000";"05.03.25";"05.03.25";"GUTSCHRIFT";"Rückzahlung";"Jörg Weiß";"DE00888";"50,00";"EUR"',
      ].join('\r\n') + '\r\n',
      'latin1',
    );
    const result = await runImporters(csv, ctx('umsaetze.csv', 'Europe/Berlin'));
    expect(result?.format).toBe('bank-csv');
    expect(result?.problems).toEqual([]);
    expect(
      result?.transactions.map((t) => [
        t.utc,
        t.amountMinor,
        t.direction,
        t.currency,
        t.counterparty,
        t.description,
        t.category,
      ]),
    ).toEqual([
      [
        '2025-03-02T23:00:00.000Z',
        123456,
        'out',
        'EUR',
        'Stadtwerke Müllheim GmbH',
        'Strom März',
        'FOLGELASTSCHRIFT',
      ],
      ['2025-03-04T23:00:00.000Z', 5000, 'in', 'EUR', 'Jörg Weiß', 'Rückzahlung', 'GUTSCHRIFT'],
    ]);
  });

  it('reads a Dutch export whose unsigned amount takes its direction from Af Bij', async () => {
    const csv = Buffer.from(
      [
        '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort","Mededelingen"',
        '"20250303","Bakkerij De Vries","NL00INGB0001","NL00RABO0002","BA","Af","12,40","Betaalautomaat","Pasvolgnr: 001"',
        '"20250304","J. Jansen","NL00INGB0001","NL00ABNA0003","GT","Bij","250,00","Online bankieren","Terugbetaling"',
      ].join('\r\n') + '\r\n',
    );
    const result = await runImporters(csv, ctx('NL00INGB0001_01-03-2025_31-03-2025.csv', 'Europe/Amsterdam'));
    expect(result?.problems).toEqual([]);
    expect(result?.transactions.map((t) => [t.amountMinor, t.direction, t.currency, t.counterparty])).toEqual(
      [
        [1240, 'out', 'EUR', 'Bakkerij De Vries'],
        [25000, 'in', 'EUR', 'J. Jansen'],
      ],
    );
  });

  it('never reads a thousands group as decimals', async () => {
    const csv = Buffer.from('Date,Description,Amount\n2025-03-01,Rent,"-1,234"\n2025-03-02,Pay,"2,500.50"\n');
    const result = await runImporters(csv, ctx('s.csv', 'Europe/London'));
    expect(result?.transactions.map((t) => [t.amountMinor, t.direction])).toEqual([
      [123400, 'out'],
      [250050, 'in'],
    ]);
  });
});
