import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './helpers/temp.ts';

/*
 * `locker layout …` and `locker add … --layout`, run as an outside program would: only JSON on stdout.
 * The statements follow a UK online bank's CSV download (UTF-8 with a BOM, CRLF, `Posted on, Payee,
 * Reference, Paid out, Paid in`, dd/mm/yyyy), a layout no importer of the project knows; written here.
 */

const run = promisify(execFile);
const BIN = path.resolve('dist/node/locker.js');
const tempDir = useTempDirs();

async function locker(
  store: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOCKER_STORE: store },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const json = <T>(r: { code: number; stdout: string; stderr: string }): T => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

const statement = (rows: string[]) =>
  '\uFEFF' + ['Posted on,Payee,Reference,Paid out,Paid in', ...rows].join('\r\n') + '\r\n';

describe('locker layout', () => {
  it('guesses a map, files a filed table once the sign is confirmed, reads the next file by itself, undoes', async () => {
    const store = tempDir();
    const inbox = tempDir();
    const jan = path.join(inbox, 'jan.csv');
    writeFileSync(
      jan,
      statement(['03/01/2024,COFFEE SHOP,card 1234,4.50,', '04/01/2024,ACME LTD,salary,,2000.00']),
    );
    const feb = path.join(inbox, 'feb.csv');
    writeFileSync(feb, statement(['03/02/2024,COFFEE SHOP,card 1234,3.50,']));
    const c = json<{ id: string }>(
      await locker(
        store,
        'case',
        'new',
        'UK bank',
        '--currency',
        'GBP',
        '--timezone',
        'Europe/London',
        '--json',
      ),
    );

    const added = json<{ added: { id: string; canMap?: boolean; transactions?: number }[] }>(
      await locker(store, 'add', c.id, jan, '--json'),
    );
    expect(added.added[0]).toMatchObject({ canMap: true });
    const item = added.added[0]!.id;

    const mapFile = path.join(inbox, 'map.json');
    const guess = json<{
      file: { name: string; map: { columns: { role: string }[]; currency: string } };
      preview: { total: number; signSamples: { line: number; direction: string }[] };
    }>(
      await locker(
        store,
        'layout',
        'guess',
        jan,
        '--case',
        c.id,
        '--out',
        mapFile,
        '--name',
        'UK bank',
        '--json',
      ),
    );
    expect(guess.file.map.columns.map((x) => x.role)).toEqual([
      'date',
      'counterparty',
      'description',
      'debit',
      'credit',
    ]);
    expect(guess.file.map.currency).toBe('GBP');
    expect(guess.preview.signSamples).toMatchObject([
      { line: 2, direction: 'out' },
      { line: 3, direction: 'in' },
    ]);
    expect(JSON.parse(readFileSync(mapFile, 'utf8'))).toEqual(guess.file);
    // The header found by content can be overridden: here, read as a table without one.
    // (Its labels then stand among the data, and the guess no longer finds a date column to propose.)
    const headerless = json<{ header: string[]; preview: { issues: string[] } }>(
      await locker(store, 'layout', 'guess', jan, '--header-line', 'none', '--json'),
    );
    expect(headerless.header).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5']);
    expect(headerless.preview.issues).toContain('no-date');

    // Without the sign confirmed, nothing is written; with the wrong sign, neither.
    const unconfirmed = await locker(store, 'layout', 'apply', item, '--map', mapFile, '--json');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--confirm 2:out,3:in');
    const wrong = await locker(
      store,
      'layout',
      'apply',
      item,
      '--map',
      mapFile,
      '--confirm',
      '2:in,3:out',
      '--json',
    );
    expect(wrong.code).toBe(1);
    expect(json<unknown[]>(await locker(store, 'transactions', c.id, '--json'))).toEqual([]);

    const applied = json<{ transactions: number; layout: { name: string } }>(
      await locker(store, 'layout', 'apply', item, '--map', mapFile, '--confirm', '2:out,3:in', '--json'),
    );
    expect(applied).toMatchObject({ transactions: 2, layout: { name: 'UK bank' } });

    const second = json<{ added: { transactions: number; format: string; columnMap: { name: string } }[] }>(
      await locker(store, 'add', c.id, feb, '--json'),
    );
    expect(second.added[0]).toMatchObject({
      transactions: 1,
      format: 'column-map',
      columnMap: { name: 'UK bank' },
    });
    const rows = json<{ amount: string; direction: string; source: { line: number } }[]>(
      await locker(store, 'transactions', c.id, '--json'),
    );
    expect(rows.map((r) => [r.amount, r.direction, r.source.line])).toEqual([
      ['4.50', 'out', 2],
      ['2000.00', 'in', 3],
      ['3.50', 'out', 2],
    ]);

    // The map travels as a small JSON file into another locker.
    const exported = json<{ format: string; name: string }>(
      await locker(store, 'layout', 'export', 'uk bank', '--json'),
    );
    expect(exported).toMatchObject({ format: 'evidence-locker.column-map', name: 'UK bank' });
    const otherStore = tempDir();
    const exportedFile = path.join(inbox, 'exported.json');
    writeFileSync(exportedFile, JSON.stringify(exported));
    json(await locker(otherStore, 'layout', 'import', exportedFile, '--name', 'Bank (UK)', '--json'));
    const list = json<{ name: string }[]>(await locker(otherStore, 'layout', 'list', '--json'));
    expect(list.map((l) => l.name)).toEqual(['Bank (UK)']);
    const other = json<{ id: string }>(await locker(otherStore, 'case', 'new', 'other', '--json'));
    const named = json<{ added: { transactions: number; columnMap: { name: string } }[] }>(
      await locker(otherStore, 'add', other.id, feb, '--layout', 'Bank (UK)', '--json'),
    );
    expect(named.added[0]).toMatchObject({ transactions: 1, columnMap: { name: 'Bank (UK)' } });
    const unknown = await locker(otherStore, 'add', other.id, jan, '--layout', 'nope', '--json');
    expect(unknown.code).toBe(1);

    const undone = json<{ removed: number }>(await locker(store, 'layout', 'undo', item, '--json'));
    expect(undone.removed).toBe(2);
    expect(json<unknown[]>(await locker(store, 'transactions', c.id, '--json'))).toHaveLength(1);
    const log = json<{ action: string }[]>(await locker(store, 'log', c.id, '--json'));
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['evidence.map', 'evidence.unmap']));
    expect(json<{ ok: boolean }>(await locker(store, 'verify', '--json')).ok).toBe(true);
  }, 300_000);
});
