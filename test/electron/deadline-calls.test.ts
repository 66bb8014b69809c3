import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch.ts';
import { bindCalls, type BoundCalls } from '../../electron/services/calls/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * The calls `locker deadline`, `rules`, `rule set|reset`, `contact` and `claimant` run on (and the page may):
 * each over a real locker, each change read back from the database and the custody log.
 */
describe('the deadline, rule, contact and claimant calls over a real locker', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;
  const call = <C extends keyof BoundCalls>(channel: C, input: unknown) =>
    dispatch(channel, input, handlers[channel] as never, () => undefined);
  const actions = () => locker.custodyLog().map((e) => e.action);

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), {
      ids: sequentialIds(),
      actor: 'app',
      clock: () => new Date('2025-09-05T02:00:00Z'),
    });
    handlers = bindCalls({ locker });
    await locker.createCase({ title: 'Yuanbao', counterparty: '元保' });
    await locker.createCase({ title: 'Other' });
  });
  afterEach(() => {
    locker.close();
  });

  it('adds a deadline of the user’s own, marks it met and not met, and logs each change', async () => {
    const added = await call('deadline:add', {
      caseId: 'case_000001',
      at: '2025-09-30 18:00',
      title: ' 等退款 ',
    });
    expect(added).toEqual({
      ok: true,
      value: {
        id: expect.stringMatching(/^deadline_/) as string,
        at: '2025-09-30T18:00:00+08:00',
        title: '等退款',
        rule: null,
        contactId: null,
        eventId: expect.stringMatching(/^evt_/) as string,
        isEstimate: false,
        isDone: false,
        isUserEdited: true,
      },
    });
    const id = added.ok ? added.value.id : '';
    expect(await call('deadline:edit', { id, isDone: true })).toMatchObject({
      ok: true,
      value: { isDone: true },
    });
    expect(await call('deadline:edit', { id, isDone: false })).toMatchObject({
      ok: true,
      value: { isDone: false },
    });
    expect(actions().filter((a) => a.startsWith('deadline.'))).toEqual([
      'deadline.add',
      'deadline.edit',
      'deadline.edit',
    ]);
    // A blank title and an unknown deadline are refused by the locker with their own codes; nothing is logged.
    const before = actions().length;
    expect(
      await call('deadline:add', { caseId: 'case_000001', at: '2025-09-30', title: '  ' }),
    ).toMatchObject({
      ok: false,
      error: { coded: { code: 'deadline.needs-title' } },
    });
    expect(await call('deadline:edit', { id: 'deadline_nothing', isDone: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('deadline:add', { caseId: 'case_0', at: '2025-09-30', title: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    expect(actions()).toHaveLength(before);
  });

  it('lists the rules, changes one setting and keeps the earlier change, and resets it', async () => {
    const listed = await call('rules:list', {});
    const rules = listed.ok ? listed.value : [];
    expect(rules.map((r) => r.key)).toContain('cn-bank-insurer-complaint');
    expect(rules.every((r) => !r.isEdited)).toBe(true);

    const key = 'cn-bank-insurer-complaint';
    expect(await call('rule:set', { key, days: 20 })).toMatchObject({
      ok: true,
      value: { key, days: 20, enabled: true, isEdited: true },
    });
    expect(await call('rule:set', { key, enabled: false })).toMatchObject({
      ok: true,
      value: { key, days: 20, enabled: false, isEdited: true },
    });
    // A contact with the bank now starts no deadline from the switched-off rule.
    const contact = await call('contact:add', {
      caseId: 'case_000001',
      party: 'bank',
      at: '2025-09-01T10:00',
      lang: 'en',
    });
    expect(contact.ok && contact.value.deadlines.map((d) => d.rule)).not.toContain(key);
    expect(await call('rule:reset', { key })).toMatchObject({
      ok: true,
      value: { key, days: 15, enabled: true, isEdited: false },
    });
    expect(await call('rule:set', { key: 'no-such-rule', days: 3 })).toMatchObject({
      ok: false,
      error: { coded: { code: 'rule.not-found' } },
    });
    expect(await call('rule:set', { key, days: 0 })).toMatchObject({
      ok: false,
      error: { coded: { code: 'rule.cannot-keep' } },
    });
    expect(actions().filter((a) => a === 'rule.override')).toHaveLength(3);
  });

  it('records a reply (no deadline) and a phone call by default, naming the party and each deadline in full', async () => {
    const reply = await call('contact:add', {
      caseId: 'case_000001',
      party: 'platform',
      at: '2025-09-02T10:00',
      direction: 'in',
      lang: 'en',
    });
    expect(reply).toMatchObject({
      ok: true,
      value: { party: 'platform', channel: 'phone', direction: 'in', deadlines: [] },
    });
    const out = await call('contact:add', {
      caseId: 'case_000001',
      party: 'platform',
      channel: 'chat',
      at: '2025-09-02T11:00',
      lang: 'en',
    });
    expect(out.ok && out.value.direction).toBe('out');
    expect(out.ok && out.value.deadlines[0]).toMatchObject({
      contactId: out.ok ? out.value.id : '',
      eventId: expect.stringMatching(/^evt_/) as string,
      isEstimate: false,
      isDone: false,
      isUserEdited: false,
    });
  });

  it('keeps a complainant for one case apart from the one for every case', async () => {
    const all = await call('claimant:set', { name: '张小明', phone: '13800138000' });
    expect(all).toMatchObject({
      ok: true,
      value: { scope: 'locker', changed: ['name', 'phone'], phoneMasked: '138****8000' },
    });
    const own = await call('claimant:set', {
      caseId: 'case_000001',
      forCase: 'case_000001',
      phone: '13900139000',
    });
    expect(own).toEqual({
      ok: true,
      value: {
        name: '张小明',
        idNumberMasked: '',
        phoneMasked: '139****9000',
        scope: 'case_000001',
        changed: ['phone'],
        isSet: { name: true, idNumber: false, phone: true },
      },
    });
    // The other case still has the details kept for every case.
    expect(await call('claimant:get', { caseId: 'case_000002' })).toMatchObject({
      ok: true,
      value: { name: '张小明', phoneMasked: '138****8000' },
    });
    const log = JSON.stringify(locker.custodyLog());
    for (const secret of ['张小明', '13800138000', '13900139000']) expect(log).not.toContain(secret);
  });
});
