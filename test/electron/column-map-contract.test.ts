import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, Result } from '../../electron/ipc/contract.ts';
import { dispatch, parseInput } from '../../electron/ipc/dispatch.ts';
import { bindCalls, callNames, type BoundCalls } from '../../electron/services/calls/index.ts';
import {
  COLUMN_ROLES as SERVICE_ROLES,
  TABLE_ENCODINGS as SERVICE_ENCODINGS,
} from '../../electron/services/importers/column-map.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';

/** The column map over IPC: every input checked by the contract, then the same services as the CLI. */
describe('columns:* and layout:*', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;
  let caseId: string;
  let evidenceId: string;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), { actor: 'app', ids: sequentialIds() });
    handlers = bindCalls({ locker });
    caseId = (await locker.createCase({ title: 'Bank', timezone: 'Europe/London', currency: 'GBP' })).id;
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'statement.csv');
    // A UK online-banking CSV in no layout the importers know: header, dd/mm/yyyy, paid out / paid in.
    writeFileSync(
      file,
      'Posted on,Payee,Reference,Paid out,Paid in\r\n03/01/2024,COFFEE SHOP,card 1234,4.50,\r\n04/01/2024,ACME LTD,salary,,2000.00\r\n',
    );
    evidenceId = (await addPaths(locker, caseId, [file])).added[0]!.id;
  });
  afterEach(() => locker.close());

  /** Any of the channels, with the result left unknown (the input is what these calls check). */
  const call = (channel: Channel, input: unknown): Promise<Result<unknown>> =>
    dispatch(channel as 'layout:list', input, handlers[channel as 'layout:list'] as never);
  const value = <T>(r: Result<T>): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('are declared calls that take every role and encoding the service reads, and no other', () => {
    expect(callNames).toEqual(
      expect.arrayContaining(['columns:propose', 'columns:apply', 'columns:undo', 'layout:import']),
    );
    for (const encoding of SERVICE_ENCODINGS)
      expect(parseInput('columns:propose', { evidenceId, encoding }).ok).toBe(true);
    expect(parseInput('columns:propose', { evidenceId, encoding: 'ebcdic' }).ok).toBe(false);
    const map = (role: string) => ({
      hasHeader: true,
      columns: [{ name: 'A', index: 0, role }],
      directions: {},
      isFlipped: false,
      dateOrder: 'dmy',
      currency: 'GBP',
      encoding: 'auto',
    });
    for (const role of SERVICE_ROLES)
      expect(parseInput('columns:preview', { evidenceId, map: map(role) }).ok).toBe(true);
    expect(parseInput('columns:preview', { evidenceId, map: map('vat') }).ok).toBe(false);
  });

  it('proposes, files after the sign is confirmed, says so in the item, and undoes', async () => {
    const detail = value(await dispatch('evidence:get', { id: evidenceId }, handlers['evidence:get']));
    expect(detail.columnMap).toEqual({ canMap: true, layout: null });
    const proposal = value(await dispatch('columns:propose', { evidenceId }, handlers['columns:propose']));
    expect(proposal.map.columns.map((c) => c.role)).toEqual([
      'date',
      'counterparty',
      'description',
      'debit',
      'credit',
    ]);
    expect(proposal.map.currency).toBe('GBP');
    const bad = await dispatch(
      'columns:apply',
      { evidenceId, map: proposal.map, name: 'UK bank', confirmed: [{ line: 2, direction: 'in' }] },
      handlers['columns:apply'],
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const confirmed = proposal.preview.signSamples.map((s) => ({ line: s.line, direction: s.direction }));
    const applied = value(
      await dispatch(
        'columns:apply',
        { evidenceId, map: proposal.map, name: 'UK bank', confirmed },
        handlers['columns:apply'],
      ),
    );
    expect(applied.transactions).toBe(2);
    expect(
      caseTransactions(locker, caseId).map((t) => [t.line, t.direction, t.amountMinor, t.currency]),
    ).toEqual([
      [2, 'out', 450, 'GBP'],
      [3, 'in', 200000, 'GBP'],
    ]);
    const after = value(await dispatch('evidence:get', { id: evidenceId }, handlers['evidence:get']));
    expect(after.columnMap).toEqual({ canMap: false, layout: { id: applied.layout.id, name: 'UK bank' } });
    expect(after.history.map((h) => h.action)).toContain('evidence.map');

    const exported = value(await call('layout:export', { id: applied.layout.id })) as { name: string };
    expect(exported.name).toBe('UK bank');
    expect(await call('layout:import', { text: 'not json' })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    expect(await call('layout:export', { id: '../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    expect(value(await call('columns:undo', { evidenceId }))).toMatchObject({ removed: 2 });
    expect(caseTransactions(locker, caseId)).toEqual([]);
    expect((value(await call('layout:list', {})) as unknown[]).length).toBe(1);
    expect(value(await call('layout:delete', { id: applied.layout.id }))).toMatchObject({ name: 'UK bank' });
  });
});
