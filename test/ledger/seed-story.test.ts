import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../electron/cli.ts';
import { dispatch } from '../../electron/ipc/dispatch.ts';
import { bindCalls } from '../../electron/services/calls/index.ts';
import { complaintFields } from '../../electron/services/dispute/complaint.ts';
import { casePlan } from '../../electron/services/dispute/plan.ts';
import { packetReadiness } from '../../electron/services/dispute/readiness.ts';
import { partiesOf } from '../../electron/services/dispute/parties.ts';
import {
  addAgreement,
  addContact,
  caseAgreements,
  caseContacts,
  claimantFor,
  setClaimant,
} from '../../electron/services/dispute/records.ts';
import { draftPacketLetter, exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import {
  caseLedger,
  claimFor,
  disputedPayments,
  joinSightings,
  splitSighting,
} from '../../electron/services/ledger/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseSummary, caseTransactions, disputeTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { alipayBill, bocStatement, wechatBill } from '../helpers/seed-story.ts';
import { useTempDirs } from '../helpers/temp.ts';

/**
 * The seed story as files, written here in the layouts people have them:
 * - an Alipay bill (GBK CSV, Alipay's 交易时间 … 商家订单号 layout with its preamble): 8 monthly 元保百万医疗险
 *   charges paid from a Bank of China debit card (中国银行储蓄卡(3167)), two of them 59.90, and the refund of one;
 * - a WeChat Pay bill (UTF-8 CSV with WeChat's 微信支付账单明细 preamble): 2 元保意外险 charges from 零钱;
 * - a Bank of China statement (CSV with date and time columns and the own account number) that sees the 8 card
 *   charges again, a minute or two after Alipay's clock, and the refund.
 * Charged 399.00 in 10 payments, 59.90 back; the bank is asked for the 8 that moved through it: 299.30.
 */
const tempDir = useTempDirs();
let locker: Locker;
let store: string;
let root: string;
let caseId: string;
function put(name: string, bytes: Buffer): string {
  const file = path.join(store + '-inbox', name);
  writeFileSync(file, bytes);
  return file;
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (out += t), env: {}, isTTY: false };
  const code = await main([...args, '--store', store, '--json'], io);
  return { code, out };
}

beforeAll(async () => {
  // One locker for the whole story (the per-test temp folders are removed after each test).
  root = mkdtempSync(path.join(os.tmpdir(), 'locker-seed-'));
  store = path.join(root, 'locker');
  mkdirSync(`${store}-inbox`, { recursive: true });
  locker = await Locker.open(store, { ids: sequentialIds(), clock: () => new Date('2025-09-10T02:00:00Z') });
  caseId = (
    await locker.createCase({
      title: '元保自动扣款',
      counterparty: '元保',
      paymentMethod: 'bank_card',
      account: '中国银行储蓄卡(3167)',
    })
  ).id;
  await setClaimant(locker, null, { name: '张小明', idNumber: '110101199001011234', phone: '13800001234' });
  await addPaths(locker, caseId, [
    put('alipay.csv', alipayBill()),
    put('wechat.csv', wechatBill()),
    put('boc.csv', bocStatement()),
  ]);
  await addAgreement(locker, caseId, {
    merchant: '元保保险经纪（北京）有限公司',
    service: '元保百万医疗险',
    number: '20250111200040011100000012345678',
    signedAt: '2025-01-11 21:13',
    paymentMethod: '中国银行储蓄卡(3167)',
  });
  await addContact(locker, caseId, {
    party: 'platform',
    at: '2025-08-20 10:00',
    channel: 'chat',
    note: '客服称需自行在支付宝关闭',
  });
  await disputeTransactions(locker, caseId, { match: '元保' });
}, 120_000);

afterAll(() => {
  locker.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the seed story as one ledger', () => {
  it('files 19 rows and makes 10 charge payments and 1 refund out of them', () => {
    expect(caseTransactions(locker, caseId)).toHaveLength(8 + 1 + 1 + 2 + 8 + 1);
    const ledger = caseLedger(locker, caseId);
    const disputed = disputedPayments(ledger);
    expect(disputed).toHaveLength(10);
    // Every card charge is seen twice (the bill and the bank), every wallet charge once.
    expect(disputed.filter((p) => p.sightings.length === 2)).toHaveLength(8);
    expect(disputed.filter((p) => p.rail === 'quickpay')).toHaveLength(8);
    expect(disputed.filter((p) => p.rail === 'wallet')).toHaveLength(2);
    // The bank's line carries the time; the Alipay row (a time of day too) is the anchor.
    expect(disputed[0]!.anchor.source).toBe('alipay');
    const refunds = ledger.payments.filter((p) => p.kind === 'refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.sightings.map((s) => s.source).sort()).toEqual(['alipay', 'bank']);
    expect(disputed.find((p) => p.id === refunds[0]!.refundOf)?.amountMinor).toBe(5990);
    // Two series: 百万医疗险 through Alipay and 意外险 through WeChat, not one merchant with a "price change".
    expect(ledger.series.map((s) => s.count).sort()).toEqual([2, 8]);
    const s = caseSummary(locker, caseId);
    expect(s.disputed).toEqual({
      count: 10,
      totals: [{ currency: 'CNY', count: 10, charged: '399.00', refunded: '59.90', outstanding: '339.10' }],
    });
    expect(s.payments).toMatchObject({ charges: 11, refunds: 1, disputed: 10, toConfirm: 0 });
  });

  it('claims from the bank only the 8 payments that moved through its card, and lists the wallet ones apart', () => {
    const c = locker.getCase(caseId);
    const claim = claimFor(caseLedger(locker, caseId), 'bank', c);
    expect(claim.bank).toEqual({ name: '中国银行', digits: '3167' });
    expect(claim.payments).toHaveLength(8);
    expect(claim.totals).toEqual([
      { currency: 'CNY', count: 8, charged: '359.20', refunded: '59.90', outstanding: '299.30' },
    ]);
    expect(claim.apart.map((a) => [a.payment.rail, a.raiseWith])).toEqual([
      ['wallet', 'platform'],
      ['wallet', 'platform'],
    ]);
  });

  it('counts 10 on the plan, the timeline and the Charges page, with no card-scheme deadline', async () => {
    const plan = casePlan(locker, caseId, { lang: 'zh-CN' });
    expect(plan.steps[0]!.holds).toContain('已标记 10 笔有异议的扣款');
    expect(plan.deadlines.map((d) => d.rule)).not.toContain('card-chargeback');
    expect(JSON.stringify(plan.deadlines)).not.toMatch(/chargeback|拒付/);
    const timeline = locker.timeline(caseId).filter((e) => e.type === 'transaction');
    expect(timeline.filter((e) => e.kind === 'charge')).toHaveLength(10);
    expect(timeline.filter((e) => e.kind === 'refund')).toHaveLength(1);
    expect(timeline.filter((e) => e.sources?.length === 2)).toHaveLength(9);
    const handlers = bindCalls({ locker });
    const charges = await dispatch('transaction:list', { caseId }, handlers['transaction:list']);
    expect(charges.ok).toBe(true);
    if (!charges.ok) return;
    expect(charges.value.payments.filter((p) => p.isDisputed)).toHaveLength(10);
    expect(charges.value.disputed.count).toBe(10);
    // The overview's coverage runs from the first charge (or earlier evidence) to the last thing that happened,
    // never to a deadline still to come.
    const overview = await dispatch('case:get', { id: caseId }, handlers['case:get']);
    if (!overview.ok) throw new Error('case:get failed');
    expect(overview.value.firstAt! <= '2025-01-12T00:01:10.000Z').toBe(true);
    const deadlines = locker.listEvents(caseId).filter((e) => e.kind === 'deadline');
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlines.map((d) => d.occurredUtc)).not.toContain(overview.value.lastAt);
    expect(overview.value.lastAt! <= '2025-09-10T02:00:00.000Z').toBe(true);
  });

  it('writes a bank letter an officer accepts: claimant, bank, legal name, agreement, 8 payments, 299.30', async () => {
    const letter = await draftPacketLetter(locker, caseId, { recipient: 'bank', lang: 'zh-CN' });
    expect(letter).toContain('申请人：张小明');
    expect(letter).toContain('中国银行');
    expect(letter).toContain('尾号 3167');
    expect(letter).toContain('元保保险经纪（北京）有限公司');
    expect(letter).toContain('20250111200040011100000012345678');
    expect(letter).toContain('扣款共 8 笔');
    expect(letter).toContain('¥299.30');
    expect(letter).not.toMatch(/chargeback|拒付/);
    // The wallet payments are named apart, with whom they are raised, never summed into the ask.
    expect(letter).toMatch(/不在本次申请金额之内[\s\S]*¥19\.90（向支付平台主张）/);
    // What happened: the agreement, the first charge and the contact, in time order; no deadlines.
    const story = letter.slice(letter.indexOf('## 经过'), letter.indexOf('## 请求事项'));
    expect(story.indexOf('协议')).toBeLessThan(story.indexOf('开始扣款'));
    expect(story).toContain('本人以在线客服联系元保');
    expect(story).not.toMatch(/期限|截止/);
    const en = await draftPacketLetter(locker, caseId, { recipient: 'bank', lang: 'en' });
    expect(en).toContain('Claimant: 张小明');
    expect(en).not.toMatch(/扣款|尚未|申请|已退款|经过/);
  });

  it('complaint texts use the same claim: the bank gets 8, a regulator the whole 10', () => {
    const bank = complaintFields(locker, caseId, { to: 'bank' }).fields;
    const facts = bank.find((f) => f.key === 'facts')!.value;
    expect(facts).toContain('扣款8笔');
    expect(facts).toContain('尚未退还¥299.30');
    expect(bank.find((f) => f.key === 'respondent')!.value).toContain('中国银行');
    const reg = complaintFields(locker, caseId, { to: '12378' }).fields;
    expect(reg.find((f) => f.key === 'facts')!.value).toContain('扣款10笔');
    expect(reg.find((f) => f.key === 'respondent')!.value).toContain('元保保险经纪（北京）有限公司');
  });

  it('the CLI lists payments with their sightings, and every transaction names its payment', async () => {
    const p = await cli(['payments', caseId, '--disputed']);
    expect(p.code, p.out).toBe(0);
    const list = JSON.parse(p.out) as { id: string; amount: string; rail: string; sightings: unknown[] }[];
    expect(list).toHaveLength(10);
    expect(list[0]).toMatchObject({ amount: '39.90', rail: 'quickpay', currency: 'CNY', direction: 'out' });
    expect(list[0]!.sightings).toHaveLength(2);
    const t = await cli(['transactions', caseId]);
    const rows = JSON.parse(t.out) as { paymentId?: string; disputed: boolean }[];
    expect(rows.every((r) => r.paymentId?.startsWith('pay_'))).toBe(true);
    expect(new Set(rows.filter((r) => r.disputed).map((r) => r.paymentId)).size).toBe(10);
    const s = await cli(['summary', caseId]);
    expect(JSON.parse(s.out)).toMatchObject({ payments: { disputed: 10 }, disputed: { count: 10 } });
  });

  it('exports a packet whose charge table and every exhibit subtotal agree, page 1 naming parties and the ask', async () => {
    const out = path.join(tempDir(), 'packet.pdf');
    await exportPacket(locker, caseId, { out, recipient: 'bank', lang: 'zh-CN', record: false });
    const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
    const page1 = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', out, '-']).toString();
    for (const needle of ['张小明', '元保保险经纪（北京）有限公司', '中国银行', '¥299.30', '请求事项'])
      expect(page1.replace(/\s+/g, ' ')).toContain(needle);
    // The charge table: 8 rows, its total, and the same outstanding under the Alipay and the bank exhibits.
    expect(text.match(/尚未退还\s+¥299\.30/g)?.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/扣款合计 \(8\)\s+¥359\.20/);
    expect(text).not.toMatch(/¥758|¥718/);
    // File details in plain words, no stored codes.
    expect(text).toContain('方式：命令行导入');
    expect(text).not.toMatch(/方式：cli|application\/|text\/csv/);
    // Fingerprints stand in one appendix, a whole SHA-256 on one line each.
    const shas = locker.listEvidence(caseId).map((e) => e.sha256);
    for (const sha of shas) expect(text.split('\n').filter((l) => l.includes(sha))).toHaveLength(1);
    expect(text).toMatch(/尚未退还\s+¥39\.80/);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      out,
      path.join(path.dirname(out), 'p'),
    ]);
    expect(readFileSync(path.join(path.dirname(out), 'p-1.png')).length).toBeGreaterThan(10_000);
  });

  it('exports an English packet whose every Chinese word is the user’s own data, never a label', async () => {
    const out = path.join(tempDir(), 'packet-en.pdf');
    await exportPacket(locker, caseId, { out, recipient: 'bank', lang: 'en', record: false });
    const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
    // What the user and their files said, as the locker read it (not the originals' bytes: a bill's own header
    // row would hide a Chinese column label).
    const c = locker.getCase(caseId);
    const data = JSON.stringify([
      c,
      caseTransactions(locker, caseId),
      locker.listEvidence(caseId).map((e) => e.originalName),
      caseAgreements(locker, caseId),
      caseContacts(locker, caseId).map((x) => x.note),
      claimantFor(locker, caseId).name,
      partiesOf(locker, caseId),
    ]);
    const runs = text.match(/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu) ?? [];
    expect(runs.length).toBeGreaterThan(10);
    expect(runs.filter((r) => !data.includes(r))).toEqual([]);
    // The contact and the rule deadline are written again in English; the zone is in words.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Chat with 元保');
    expect(flat).toContain('元保 must answer your complaint');
    expect(text).toContain('China Standard Time (UTC+08:00)');
    expect(text).not.toContain('Asia/Shanghai');
    // The English title takes two lines; the letter starts below it, not over it.
    const box = (word: string) => {
      const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', out, '-']).toString();
      const m = new RegExp(`yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">${word}<`).exec(bbox);
      return { top: Number(m?.[1]), bottom: Number(m?.[2]) };
    };
    expect(box('To:').top).toBeGreaterThanOrEqual(box('account').bottom);
    // The timeline points at both rows of a payment seen in the bill and in the bank statement.
    expect(text).toMatch(/Exhibit \d+ • Line 7\s*\n\s*Exhibit \d+ • Line 3/);
  });

  it('lists what an officer would send the packet back for, and nothing once it is there', () => {
    const items = packetReadiness(locker, caseId, 'bank');
    expect(items.filter((x) => x.severity === 'block')).toEqual([]);
    expect(items.map((x) => x.code)).toEqual(['sign-by-hand']);
  });

  it('splits a wrong match and joins it again, both logged, and the totals follow', async () => {
    const ledger = caseLedger(locker, caseId);
    const p = disputedPayments(ledger).find((x) => x.sightings.length === 2)!;
    const bankRow = p.sightings.find((s) => s.source === 'bank')!.tx.id;
    const alipayRow = p.sightings.find((s) => s.source === 'alipay')!.tx.id;
    const alone = await splitSighting(locker, caseId, bankRow);
    expect(alone.sightings).toHaveLength(1);
    expect(caseSummary(locker, caseId).disputed.count).toBe(11);
    expect(caseSummary(locker, caseId).disputed.totals[0]!.charged).toBe('438.90');
    const back = await joinSightings(locker, caseId, alipayRow, bankRow);
    expect(back.sightings).toHaveLength(2);
    expect(caseSummary(locker, caseId).disputed.totals[0]!.outstanding).toBe('339.10');
    const actions = locker.custodyLog({ caseId }).map((e) => e.action);
    expect(actions).toContain('ledger.split');
    expect(actions).toContain('ledger.join');
  });
});
