import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGREEMENT_STATUSES as DB_AGREEMENT_STATUSES } from '../../db/queries/dispute.ts';
import type { AgreementDto, Result } from '../../electron/ipc/contract.ts';
import { dispatch, parseInput } from '../../electron/ipc/dispatch.ts';
import { bindCalls, callNames, type BoundCalls } from '../../electron/services/calls/index.ts';
import { caseAgreements } from '../../electron/services/dispute/records.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';

/** The page of agreements over IPC: list, create, update, with every input checked by the contract first. */
describe('agreement:list, agreement:create and agreement:update', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;
  let caseId: string;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), {
      actor: 'app',
      ids: sequentialIds(),
      clock: () => new Date('2025-09-05T02:00:00Z'),
    });
    handlers = bindCalls({ locker });
    caseId = (await locker.createCase({ title: '元保', timezone: 'Asia/Shanghai' })).id;
  });

  afterEach(() => locker.close());

  const call = <C extends 'agreement:list' | 'agreement:create' | 'agreement:update'>(
    channel: C,
    input: unknown,
  ) => dispatch(channel, input, handlers[channel] as never);

  const value = <T>(r: Result<T>): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('are declared calls that take every status the database keeps, and no other', () => {
    expect(callNames).toEqual(
      expect.arrayContaining(['agreement:list', 'agreement:create', 'agreement:update']),
    );
    for (const status of DB_AGREEMENT_STATUSES)
      expect(parseInput('agreement:create', { caseId, merchant: '元保', status }).ok).toBe(true);
    expect(parseInput('agreement:create', { caseId, merchant: '元保', status: 'paused' }).ok).toBe(false);
  });

  it('creates an agreement typed in by hand, lists it, closes it on a day, and logs each change', async () => {
    expect(value(await call('agreement:list', { caseId }))).toEqual([]);
    const created = value(
      await call('agreement:create', {
        caseId,
        merchant: ' 元保 ',
        service: '元保重疾险-自动续费',
        number: '20230315000000012345',
        signedAt: '2023-03-15T08:00',
        paymentMethod: '余额',
      }),
    );
    expect(created).toMatchObject<Partial<AgreementDto>>({
      caseId,
      merchant: '元保',
      signedAt: '2023-03-15T08:00:00+08:00',
      status: 'active',
      closedAt: null,
      evidenceIds: [],
    });

    const closed = value(
      await call('agreement:update', { id: created.id, patch: { closedAt: '2025-09-03' } }),
    );
    // A closing date alone marks it closed; nothing else moves.
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: '2025-09-03T00:00:00+08:00',
      paymentMethod: '余额',
    });
    expect(value(await call('agreement:list', { caseId }))).toEqual([closed]);

    const reopened = value(
      await call('agreement:update', { id: created.id, patch: { closedAt: null, status: 'active' } }),
    );
    expect(reopened).toMatchObject({ status: 'active', closedAt: null });
    expect(locker.custodyLog({ subjectId: created.id }).map((e) => e.action)).toEqual([
      'agreement.add',
      'agreement.edit',
      'agreement.edit',
    ]);
  });

  it.each([
    ['agreement:create', { caseId: 'case_x', merchant: 'a' }],
    ['agreement:create', { caseId: 'CASE', merchant: 'a' }],
    ['agreement:create', { merchant: 'a' }],
    ['agreement:create', { caseId: 'case_000001', merchant: '   ' }],
    ['agreement:create', { caseId: 'case_000001', merchant: 'a', status: 'cancelled' }],
    ['agreement:create', { caseId: 'case_000001', merchant: 'a', attachments: ['ev_000001'] }],
    ['agreement:create', { caseId: 'case_000001', merchant: 'a'.repeat(301) }],
    ['agreement:update', { id: '../agr_000001', patch: {} }],
    ['agreement:update', { id: 'agr_000001', patch: { caseId: 'case_000002' } }],
    ['agreement:update', { id: 'agr_000001', patch: { closedAt: 20250903 } }],
    ['agreement:update', { id: 'agr_000001' }],
    ['agreement:list', { caseId: 'case_%' }],
    ['agreement:list', {}],
  ] as const)('refuses %s %j before it reaches the locker', async (channel, input) => {
    const r = await call(channel, input);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(caseAgreements(locker, caseId)).toEqual([]);
  });

  it('refuses an id given by its start, an unknown agreement, and a time that is not one', async () => {
    const start = caseId.slice(0, -2);
    expect(await call('agreement:list', { caseId: start })).toMatchObject({ ok: false });
    expect(await call('agreement:update', { id: 'agr_999999', patch: { service: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await call('agreement:create', { caseId, merchant: '元保', signedAt: 'last Tuesday' }),
    ).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(caseAgreements(locker, caseId)).toEqual([]);
  });
});
