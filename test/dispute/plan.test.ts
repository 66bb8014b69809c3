import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { casePlan } from '../../electron/services/dispute/plan.ts';
import {
  addAgreement,
  addContact,
  setClaimant,
  setPlanOverride,
  updateAgreement,
} from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseSeries, disputeTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { put, yuanbaoBill } from './helpers.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;
let now = new Date('2025-09-01T00:00:00Z');

beforeEach(async () => {
  now = new Date('2025-09-01T00:00:00Z');
  locker = await Locker.open(tempDir(), { ids: sequentialIds(), clock: () => now });
  caseId = (await locker.createCase({ title: '被元保自动扣款', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

const statuses = () =>
  Object.fromEntries(casePlan(locker, caseId, { lang: 'en' }).steps.map((s) => [s.key, s.status]));
const step = (key: string, lang: 'en' | 'zh-CN' = 'en') =>
  casePlan(locker, caseId, { lang }).steps.find((s) => s.key === key)!;

describe('the plan', () => {
  it('lists the six steps in order, all to do, with what is missing in plain words, in both languages', () => {
    const en = casePlan(locker, caseId, { lang: 'en' });
    expect(en.steps.map((s) => [s.key, s.status])).toEqual([
      ['confirm-charges', 'todo'],
      ['contact-platform', 'todo'],
      ['ask-bank', 'todo'],
      ['complain', 'todo'],
      ['keep-proof', 'todo'],
      ['stop-debits', 'todo'],
    ]);
    expect(en.steps[0]!.missing).toEqual(['no bill export yet', 'no charge marked as disputed yet']);
    expect(en.steps[1]!.missing).toEqual(['no record of contacting the platform']);
    expect(en.steps[5]!.missing).toContain('agreement page not captured');
    expect(en.disclaimer).toMatch(/does not give legal advice/);
    const zh = casePlan(locker, caseId, { lang: 'zh-CN' });
    expect(zh.steps.map((s) => s.title)).toEqual([
      '核对扣款记录',
      '联系平台客服',
      '向银行申请退款',
      '向监管部门或消费者协会投诉',
      '保存全部证据',
      '停止后续扣款',
    ]);
    expect(zh.steps[0]!.missing).toEqual(['还没有导入账单', '还没有标记有异议的扣款']);
  });

  it('turns steps done as the evidence arrives', async () => {
    await addPaths(locker, caseId, [put(inbox, 'alipay.csv', yuanbaoBill())]);
    expect(statuses()['confirm-charges']).toBe('doing');
    const series = caseSeries(locker, caseId);
    await disputeTransactions(locker, caseId, { ids: series[0]!.transactions });
    expect(step('confirm-charges')).toMatchObject({ status: 'done', missing: [] });
    // Not closed yet: the next charge of the disputed series is a warning.
    expect(step('stop-debits').missing).toContain(
      `next charge from 元保 expected ${series[0]!.nextExpected.slice(0, 10)}`,
    );

    await addContact(locker, caseId, { party: 'platform', channel: 'chat', at: '2025-08-28 10:30' });
    expect(statuses()['contact-platform']).toBe('done');

    await addContact(locker, caseId, { party: 'bank', at: '2025-08-29 09:00' });
    expect(step('ask-bank')).toMatchObject({ status: 'doing', missing: ['no reply from the bank yet'] });
    await addContact(locker, caseId, {
      party: 'bank',
      direction: 'in',
      channel: 'letter',
      at: '2025-09-05 09:00',
    });
    expect(step('ask-bank')).toMatchObject({ status: 'done', missing: [] });

    await setClaimant(locker, null, { name: '张三' });
    expect(step('complain')).toMatchObject({
      status: 'doing',
      missing: [
        'no complaint to a regulator or the consumer association yet',
        'your ID number, phone for the complaint form not entered yet',
      ],
    });
    await addContact(locker, caseId, {
      party: 'regulator',
      agency: '12378',
      channel: 'phone',
      at: '2025-09-06 09:00',
    });
    expect(statuses().complain).toBe('done');

    const { added } = await addPaths(locker, caseId, [
      put(inbox, 'Screenshot_20250901-200000.png', await makePng(40, 80)),
    ]);
    await expect(addAgreement(locker, caseId, { merchant: '元保', seriesId: 'ser_nope' })).rejects.toThrow(
      /No recurring series/,
    );
    const agreement = await addAgreement(locker, caseId, {
      merchant: '元保',
      signedAt: '2025-03-27 08:00',
      seriesId: series[0]!.id,
    });
    expect(agreement.seriesId).toBe(series[0]!.id);
    expect(step('stop-debits')).toMatchObject({ status: 'doing' });
    expect(step('stop-debits').missing).toContain('agreement page not captured');
    await updateAgreement(locker, agreement.id, { evidenceIds: [added[0]!.id] });
    expect(step('stop-debits').missing).not.toContain('agreement page not captured');
    // A second agreement still open (another service of the same merchant) keeps the step from being done.
    const second = await addAgreement(locker, caseId, { merchant: '元保', service: '元保医疗险' });
    await updateAgreement(locker, agreement.id, { closedAt: '2025-09-01 20:00' });
    expect(step('stop-debits').status).toBe('doing');
    await updateAgreement(locker, second.id, { closedAt: '2025-09-02 09:00' });
    expect(step('stop-debits')).toMatchObject({ status: 'done', missing: [] });

    // Keep the proof: the contacts have no recording or screenshot attached.
    expect(step('keep-proof')).toMatchObject({
      status: 'doing',
      missing: ['3 contact records without a recording or screenshot'],
    });
  });

  it('lets the user set a step status over the evidence, and hand it back', async () => {
    await setPlanOverride(locker, caseId, 'stop-debits', 'done');
    expect(step('stop-debits')).toMatchObject({ status: 'done', derivedStatus: 'todo', isOverridden: true });
    await setPlanOverride(locker, caseId, 'stop-debits', null);
    expect(step('stop-debits')).toMatchObject({ status: 'todo', isOverridden: false });
  });

  it('lists deadlines in time order and marks those passed by the injected clock as overdue', async () => {
    await addContact(locker, caseId, { party: 'bank', at: '2025-08-28 10:30', ticket: 'T1' });
    await addContact(locker, caseId, { party: 'regulator', agency: '12315', at: '2025-09-30 16:00' });
    const before = casePlan(locker, caseId, { lang: 'en' }).deadlines;
    expect(before.map((d) => [d.at, d.rule, d.overdue])).toEqual([
      ['2025-09-12T23:59:59+08:00', 'cn-bank-insurer-complaint', false],
      ['2025-10-16T23:59:59+08:00', 'cn-12315-acceptance', false],
    ]);
    // Each names its party and the rule it comes from; a platform's and a bank's deadline never read alike.
    expect(before.map((d) => [d.title, d.ruleLabel, d.party])).toEqual([
      ['The bank must answer your complaint', 'banking and insurance complaint rules, 15 days', 'the bank'],
      [
        '12315 must decide whether to take up your complaint',
        'market regulation complaint rules, 7 working days',
        '12315',
      ],
    ]);
    expect(casePlan(locker, caseId).deadlines[0]!.ruleLabel).toBe('银行业保险业投诉处理办法 15 天');
    await addContact(locker, caseId, { party: 'platform', at: '2025-08-28 11:00' });
    expect(
      casePlan(locker, caseId)
        .deadlines.map((d) => d.title)
        .slice(0, 2),
    ).toEqual(['银行应答复你的投诉', '元保应答复你的投诉']);
    // Calm while far, amber in the last week, red once the other side let it pass.
    expect(casePlan(locker, caseId).deadlines.map((d) => [d.state, d.daysLeft])).toEqual([
      ['ahead', 11],
      ['ahead', 11],
      ['ahead', 45],
    ]);
    now = new Date('2025-09-06T00:00:00Z');
    expect(casePlan(locker, caseId).deadlines.map((d) => d.state)).toEqual(['soon', 'soon', 'ahead']);
    now = new Date('2025-09-13T00:00:00Z');
    expect(casePlan(locker, caseId).deadlines.map((d) => d.overdue)).toEqual([true, true, false]);
    expect(casePlan(locker, caseId).deadlines.map((d) => d.state)).toEqual(['missed', 'missed', 'ahead']);
    expect(casePlan(locker, caseId).next).toMatchObject({ kind: 'missed-deadline', deadline: 0 });
    // The plan can also be asked about another moment.
    expect(
      casePlan(locker, caseId, { now: new Date('2025-12-01T00:00:00Z') }).deadlines.map((d) => d.overdue),
    ).toEqual([true, true, true]);
    // Once the user has complained about the misses, they are history, no longer an alarm.
    expect(
      casePlan(locker, caseId, { now: new Date('2025-12-01T00:00:00Z') }).deadlines.map((d) => d.state),
    ).toEqual(['lapsed', 'lapsed', 'missed']);
  });

  it('adds the card chargeback deadline from the first disputed card-network charge, never for quick pay', async () => {
    const iconv = (await import('iconv-lite')).default;
    // Paid through Alipay from a credit card: a quick-pay debit no card scheme covers, so no chargeback window.
    const csv = [
      '------',
      '支付宝交易记录明细查询',
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
      '2025-05-27 08:01:12,保险,元保,/,百万医疗险月缴,支出,39.90,招商银行信用卡(1234),交易成功,C1\t,M1\t,,',
    ].join('\n');
    await addPaths(locker, caseId, [put(inbox, 'card.csv', iconv.encode(csv + '\n', 'gbk'))]);
    await disputeTransactions(locker, caseId, { match: '元保' });
    expect(casePlan(locker, caseId, { lang: 'en' }).deadlines).toEqual([]);
    // The card's own statement shows a card purchase at a terminal: that one went over the card network.
    const statement = [
      '交易日期,交易时间,交易金额,币种,对方户名,交易详情,交易渠道',
      '2025-06-02,19:30:00,-88.00,人民币,某某健身,POS消费 某某健身,POS',
    ].join('\n');
    await addPaths(locker, caseId, [put(inbox, 'card-statement.csv', Buffer.from(statement + '\n'))]);
    await disputeTransactions(locker, caseId, { match: '健身' });
    const d = casePlan(locker, caseId, { lang: 'en' }).deadlines;
    expect(d).toEqual([
      expect.objectContaining({
        rule: 'card-network-chargeback',
        at: '2025-09-30T23:59:59+08:00',
        whoActs: 'you',
        id: null,
        ruleLabel: 'card scheme rules, 120 days',
        state: 'ahead',
      }),
    ]);
    // The user's own window, once passed, is not an alarm: it is said calmly and never leads the next step.
    now = new Date('2025-10-02T00:00:00Z');
    const after = casePlan(locker, caseId, { lang: 'zh-CN' });
    expect(after.deadlines[0]).toMatchObject({
      state: 'lapsed',
      overdue: true,
      title: '向招商银行申请拒付退款',
    });
    expect(after.deadlines[0]!.ruleLabel).toBe('卡组织规则 120 天');
    expect(after.next.kind).not.toBe('missed-deadline');
  });
});

describe('deadlines from a US statement', () => {
  it('adds the Regulation E 60-day deadline from the date of the statement that shows the disputed charge', async () => {
    const us = await locker.createCase({ title: 'Netflix', currency: 'USD', timezone: 'America/New_York' });
    const { readFixture } = await import('../importers/helpers.ts');
    const { added } = await addPaths(locker, us.id, [
      put(inbox, 'checking.csv', readFixture('bank-en-mmdd-debit-credit.csv')),
    ]);
    await disputeTransactions(locker, us.id, { match: 'NETFLIX' });
    const statement = locker.getEvidence(added[0]!.id);
    const d = casePlan(locker, us.id, { lang: 'en' }).deadlines;
    expect(d.map((x) => x.rule)).toEqual(['us-regulation-e']);
    const shown = new Date(Date.parse(statement.occurredUtc) + statement.occurredOffset * 60_000);
    const expected = new Date(shown.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    expect(d[0]!.at.slice(0, 10)).toBe(expected);
    expect(d[0]!.at).toMatch(/T23:59:59-0[45]:00$/);
  });
});
