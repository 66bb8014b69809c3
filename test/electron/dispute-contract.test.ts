import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAN_STEPS } from '../../db/queries/dispute.ts';
import { dispatch, parseInput, schemas } from '../../electron/ipc/dispatch.ts';
import { bindCalls, callNames, type BoundCalls } from '../../electron/services/calls/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';

const LOCKED_ID = 'ev_000001';

describe('the dispute channels of the IPC contract', () => {
  it('declares each dispute call with its schema', () => {
    for (const c of [
      'plan:get',
      'plan:set',
      'contact:add',
      'complaint:get',
      'claimant:get',
      'claimant:set',
      'import:unlock',
    ] as const) {
      expect(callNames).toContain(c);
      expect(schemas[c]).toBeDefined();
    }
  });

  it('accepts well-formed inputs', () => {
    const ok = (channel: keyof typeof schemas, input: unknown) =>
      expect(parseInput(channel, input).ok).toBe(true);
    ok('plan:get', { caseId: 'case_000001', lang: 'zh-CN' });
    ok('plan:set', { caseId: 'case_000001', lang: 'en', step: 'ask-bank', status: null });
    ok('contact:add', {
      caseId: 'case_000001',
      party: 'regulator',
      channel: 'form',
      agency: '12378',
      at: '2025-09-01T10:00',
      ticket: 'T-1',
      note: '受理',
      lang: 'zh-CN',
    });
    ok('complaint:get', { caseId: 'case_000001', to: 'consumer-association', lang: 'en' });
    ok('claimant:set', { caseId: 'case_000001', name: '张小明', idNumber: '110101199003071234' });
    ok('import:unlock', { lockedId: LOCKED_ID, password: '123456' });
  });

  const hostile: [string, keyof typeof schemas, unknown][] = [
    ['an unknown step', 'plan:set', { caseId: 'case_000001', lang: 'en', step: 'sue', status: 'done' }],
    ['an unknown status', 'plan:set', { caseId: 'case_000001', lang: 'en', step: 'complain', status: 'won' }],
    ['a missing status', 'plan:set', { caseId: 'case_000001', lang: 'en', step: 'complain' }],
    ['an unknown language', 'plan:get', { caseId: 'case_000001', lang: 'fr' }],
    ['a case id prefix', 'plan:get', { caseId: 'case_', lang: 'en' }],
    [
      'an unknown party',
      'contact:add',
      { caseId: 'case_000001', party: 'police', channel: 'phone', at: '2025-09-01', lang: 'en' },
    ],
    [
      'an unknown channel',
      'contact:add',
      { caseId: 'case_000001', party: 'bank', channel: 'fax', at: '2025-09-01', lang: 'en' },
    ],
    [
      'an unknown agency',
      'contact:add',
      {
        caseId: 'case_000001',
        party: 'regulator',
        channel: 'phone',
        agency: '110',
        at: '2025-09-01',
        lang: 'en',
      },
    ],
    [
      'a huge note',
      'contact:add',
      {
        caseId: 'case_000001',
        party: 'bank',
        channel: 'phone',
        at: '2025-09-01',
        note: 'x'.repeat(20_001),
        lang: 'en',
      },
    ],
    [
      'a huge ticket',
      'contact:add',
      {
        caseId: 'case_000001',
        party: 'bank',
        channel: 'phone',
        at: '2025-09-01',
        ticket: 'x'.repeat(301),
        lang: 'en',
      },
    ],
    [
      'a time of 41 characters',
      'contact:add',
      { caseId: 'case_000001', party: 'bank', channel: 'phone', at: '2'.repeat(41), lang: 'en' },
    ],
    [
      'an extra key',
      'contact:add',
      {
        caseId: 'case_000001',
        party: 'bank',
        channel: 'phone',
        at: '2025-09-01',
        lang: 'en',
        evidenceIds: ['../x'],
      },
    ],
    ['an unknown complaint channel', 'complaint:get', { caseId: 'case_000001', to: '110', lang: 'en' }],
    ['a huge name', 'claimant:set', { caseId: 'case_000001', name: 'x'.repeat(101) }],
    ['a huge ID number', 'claimant:set', { caseId: 'case_000001', idNumber: '1'.repeat(41) }],
    ['a claimant for a case by the start of its id', 'claimant:set', { forCase: 'case_', name: 'x' }],
    ['a claimant scope', 'claimant:set', { caseId: 'case_000001', scope: 'locker' }],
    ['an empty password', 'import:unlock', { lockedId: LOCKED_ID, password: '' }],
    ['a password of 129 characters', 'import:unlock', { lockedId: LOCKED_ID, password: '1'.repeat(129) }],
    ['a number as password', 'import:unlock', { lockedId: LOCKED_ID, password: 123456 }],
    ['a path as locked id', 'import:unlock', { lockedId: '../../etc/passwd', password: '123456' }],
    ['an upper-case locked id', 'import:unlock', { lockedId: 'EV_000001', password: '1' }],
    ['a case id as locked id', 'import:unlock', { lockedId: 'case_000001', password: '1' }],
    ['a path beside the id', 'import:unlock', { lockedId: LOCKED_ID, password: '1', path: '/tmp/x.zip' }],
  ];

  it.each(hostile)('refuses %s', (_what, channel, input) => {
    const parsed = parseInput(channel, input);
    expect(parsed.ok).toBe(false);
  });

  it('never echoes a password in its refusal', () => {
    const parsed = parseInput('import:unlock', { lockedId: 'nope', password: 'S3cret-654321' });
    expect(JSON.stringify(parsed)).not.toContain('654321');
    const long = parseInput('import:unlock', { lockedId: LOCKED_ID, password: `654321${'x'.repeat(200)}` });
    expect(JSON.stringify(long)).not.toContain('654321');
  });
});

describe('the dispute handlers over a real locker', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;
  const call = <C extends keyof BoundCalls>(channel: C, input: unknown) =>
    dispatch(channel, input, handlers[channel] as never, () => undefined);

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), {
      ids: sequentialIds(),
      actor: 'app',
      clock: () => new Date('2025-09-05T02:00:00Z'),
    });
    handlers = bindCalls({ locker });
    await locker.createCase({ title: 'Yuanbao', counterparty: '元保' });
  });
  afterEach(() => {
    locker.close();
  });

  it('logs a contact and returns the deadline with its length and its source', async () => {
    const r = await call('contact:add', {
      caseId: 'case_000001',
      party: 'bank',
      channel: 'phone',
      at: '2025-09-01T10:00',
      lang: 'en',
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        at: '2025-09-01T10:00:00+08:00',
        deadlines: [
          {
            at: expect.stringMatching(/^2025-09-16/) as string,
            rule: 'cn-bank-insurer-complaint',
            days: 15,
            isWorkingDays: false,
            source: expect.stringContaining('银行业保险业消费投诉处理管理办法') as string,
          },
        ],
      },
    });
    const plan = await call('plan:get', { caseId: 'case_000001', lang: 'en' });
    expect(plan.ok && plan.value.steps.map((s) => s.key)).toEqual([...PLAN_STEPS]);
    expect(plan.ok && plan.value.deadlines[0]).toMatchObject({ isOverdue: false, whoActs: 'them' });
  });

  it('refuses a time that is no time, by name, and logs nothing', async () => {
    // The schema only bounds it (the command line hands over what the user typed); the locker reads the time.
    const before = locker.db.prepare('SELECT count(*) AS n FROM custody_log').get();
    const r = await call('contact:add', {
      caseId: 'case_000001',
      party: 'bank',
      channel: 'phone',
      at: 'soon',
      lang: 'en',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'bad_input', coded: { code: 'time.unreadable', params: { text: 'soon' } } },
    });
    expect(locker.db.prepare('SELECT count(*) AS n FROM custody_log').get()).toEqual(before);
  });

  it('sets a step’s status and hands it back to the evidence', async () => {
    const set = await call('plan:set', {
      caseId: 'case_000001',
      lang: 'en',
      step: 'keep-proof',
      status: 'done',
    });
    expect(set.ok && set.value.steps.find((s) => s.key === 'keep-proof')).toMatchObject({
      status: 'done',
      isOverridden: true,
    });
    const back = await call('plan:set', {
      caseId: 'case_000001',
      lang: 'en',
      step: 'keep-proof',
      status: null,
    });
    expect(back.ok && back.value.steps.find((s) => s.key === 'keep-proof')).toMatchObject({
      status: 'todo',
      isOverridden: false,
    });
  });

  it('keeps the complainant in the locker, shows it masked, and writes none of it to the log', async () => {
    const r = await call('claimant:set', {
      caseId: 'case_000001',
      name: '张小明',
      idNumber: '110101199003071234',
      phone: '13800138000',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        name: '张小明',
        idNumberMasked: '110101********1234',
        phoneMasked: '138****8000',
        scope: 'locker',
        changed: ['name', 'idNumber', 'phone'],
        isSet: { name: true, idNumber: true, phone: true },
      },
    });
    const log = JSON.stringify(locker.custodyLog());
    for (const secret of ['张小明', '110101199003071234', '13800138000']) expect(log).not.toContain(secret);
    const complaint = await call('complaint:get', { caseId: 'case_000001', to: '12378', lang: 'zh-CN' });
    expect(complaint.ok && complaint.value.fields.map((f) => f.key)).toEqual([
      'complainant',
      'respondent',
      'request',
      'facts',
      'evidence',
    ]);
    expect(complaint.ok && complaint.value.fields[0]!.value).toContain('110101199003071234');
  });

  it('answers not_found for a locked id it never gave out', async () => {
    expect(await call('import:unlock', { lockedId: LOCKED_ID, password: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
