import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaintFields } from '../../electron/services/dispute/complaint.ts';
import {
  addAgreement,
  addContact,
  claimantFor,
  maskValue,
  setClaimant,
} from '../../electron/services/dispute/records.ts';
import { orderExhibits } from '../../electron/services/export/model.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseSeries, disputeTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { alipayBill, bocStatement } from '../helpers/seed-story.ts';
import { put, yuanbaoBill } from './helpers.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;
let store: string;

const NAME = '张小明';
const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';

beforeEach(async () => {
  store = tempDir();
  locker = await Locker.open(store, { ids: sequentialIds(), clock: () => new Date('2025-09-10T00:00:00Z') });
  caseId = (
    await locker.createCase({ title: '被元保自动扣款', counterparty: '元保', paymentMethod: '支付宝' })
  ).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

async function buildCase() {
  const { added } = await addPaths(locker, caseId, [
    put(inbox, 'alipay.csv', yuanbaoBill()),
    put(inbox, 'Screenshot_20250901-200000.png', await makePng(40, 80)),
  ]);
  await disputeTransactions(locker, caseId, { ids: caseSeries(locker, caseId)[0]!.transactions });
  await addAgreement(locker, caseId, {
    merchant: '元保',
    service: '百万医疗险',
    number: '20250327000111',
    signedAt: '2025-03-27 08:00',
    paymentMethod: '支付宝免密支付',
    evidenceIds: [added[1]!.id],
  });
  await addContact(locker, caseId, {
    party: 'bank',
    at: '2025-08-29 09:00',
    ticket: 'B-2',
    note: '银行让先找商户',
  });
  await addContact(locker, caseId, {
    party: 'platform',
    channel: 'chat',
    at: '2025-08-28 10:30',
    ticket: 'YB-1',
    note: '客服称可退最近一期',
  });
  await setClaimant(locker, null, { name: NAME, idNumber: ID_NUMBER, phone: PHONE });
}

const field = (r: ReturnType<typeof complaintFields>, key: string) => r.fields.find((f) => f.key === key)!;

describe('complaint fields', () => {
  it('fills the 12378 form in Chinese: complainant, respondent, request, facts with totals and contacts in order, exhibits', async () => {
    await buildCase();
    const r = complaintFields(locker, caseId, { to: '12378', lang: 'zh-CN' });
    expect(r.fields.map((f) => f.label)).toEqual(['投诉人', '被投诉人', '诉求', '事实与理由', '证据清单']);
    expect(field(r, 'complainant').value).toBe(`姓名：${NAME}\n身份证号：${ID_NUMBER}\n联系电话：${PHONE}`);
    expect(field(r, 'respondent').value).toBe('元保');
    expect(field(r, 'request').value).toContain('¥159.60');
    const facts = field(r, 'facts').value;
    expect(facts).toContain('2025-03-27至2025-06-27，元保通过支付宝免密支付从我的账户扣款4笔');
    expect(facts).toContain('合计¥159.60，已退款¥0.00，尚未退还¥159.60');
    expect(facts).toContain('1. 2025-03-27 08:01 元保 ¥39.90');
    expect(facts).toContain('服务协议号 20250327000111');
    expect(facts).toContain('签约时间 2025-03-27 08:00');
    // Contacts in the order they happened, not the order they were entered.
    // The platform by its name, as the contact's title names it; the bank by its name once the bills show it.
    const platformAt = facts.indexOf('2025-08-28 10:30 以在线客服联系元保，工单号 YB-1：客服称可退最近一期');
    const bankAt = facts.indexOf('2025-08-29 09:00 以电话联系银行，工单号 B-2：银行让先找商户');
    expect(platformAt).toBeGreaterThan(0);
    expect(bankAt).toBeGreaterThan(platformAt);
    // Exhibits numbered as the regulator's packet numbers them.
    const order = orderExhibits(locker.listEvidence(caseId), 'regulator');
    const lines = field(r, 'evidence').value.split('\n');
    expect(lines).toHaveLength(order.length);
    order.forEach((e, i) => expect(lines[i]).toContain(`证据${i + 1}：${e.title}`));
  });

  it('fills the same fields in English, and names the payment institution for 12363', async () => {
    await buildCase();
    const r = complaintFields(locker, caseId, { to: '12363', lang: 'en' });
    expect(r.fields.map((f) => f.label)).toEqual([
      'Complainant',
      'Respondent',
      'What I ask for',
      'Facts and reasons',
      'Evidence',
    ]);
    expect(field(r, 'respondent').value).toBe('Alipay (China) Network Technology Co., Ltd. (merchant: 元保)');
    const facts = field(r, 'facts').value;
    expect(facts).toContain('took 4 payments');
    expect(facts).toContain('CN¥159.60 in total, CN¥0.00 refunded, CN¥159.60 still outstanding');
    expect(facts).toContain('contacted 元保 (chat), ticket YB-1');
    expect(facts).toContain('contacted the bank (phone call), ticket B-2');
    expect(field(r, 'evidence').value).toMatch(/^Exhibit 1: /);
    for (const f of r.fields) expect(f.value.trim()).not.toBe('');
  });

  it('names the bank contacted where the bank statement shows which bank the charges moved through', async () => {
    const { added } = await addPaths(locker, caseId, [
      put(inbox, 'alipay.csv', alipayBill()),
      put(inbox, 'boc.csv', bocStatement()),
    ]);
    expect(added).toHaveLength(2);
    await disputeTransactions(locker, caseId, { match: '元保' });
    await addContact(locker, caseId, { party: 'bank', at: '2025-08-29 09:00', channel: 'phone' });
    await addContact(locker, caseId, {
      party: 'bank',
      at: '2025-08-30 09:00',
      channel: 'letter',
      direction: 'in',
    });
    const zh = field(complaintFields(locker, caseId, { to: 'bank', lang: 'zh-CN' }), 'facts').value;
    expect(zh).toContain('2025-08-29 09:00 以电话联系中国银行');
    expect(zh).toContain('2025-08-30 09:00 中国银行以信函答复');
    const en = field(complaintFields(locker, caseId, { to: '12378', lang: 'en' }), 'facts').value;
    expect(en).toContain('2025-08-29 09:00 contacted 中国银行 (phone call)');
    expect(en).toContain('2025-08-30 09:00 中国银行 replied (letter)');
  });

  it('fills every channel without throwing, and says where the complainant is not entered', () => {
    for (const to of ['platform', 'bank', '12378', '12363', '12315', 'consumer-association'] as const) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const r = complaintFields(locker, caseId, { to, lang });
        expect(r.fields).toHaveLength(5);
      }
    }
    expect(field(complaintFields(locker, caseId, { to: 'bank', lang: 'en' }), 'complainant').value).toContain(
      'Name: (not entered)',
    );
    expect(() => complaintFields(locker, caseId, { to: '110' as '12315' })).toThrow(
      /Unknown complaint channel/,
    );
  });
});

describe('the claimant profile', () => {
  it('names the payment method the app stored as a code (alipay) in the form’s language', async () => {
    const coded = await locker.createCase({ title: 'coded', counterparty: '元保', paymentMethod: 'alipay' });
    await addPaths(locker, coded.id, [put(inbox, 'bill.csv', yuanbaoBill())]);
    await disputeTransactions(locker, coded.id, { ids: caseSeries(locker, coded.id)[0]!.transactions });
    const zh = field(complaintFields(locker, coded.id, { to: '12378', lang: 'zh-CN' }), 'facts').value;
    const en = field(complaintFields(locker, coded.id, { to: '12378', lang: 'en' }), 'facts').value;
    expect(zh).toContain('通过支付宝');
    expect(en).toContain('through Alipay');
    expect(zh + en).not.toContain('alipay');
  });

  it('keeps name, ID number and phone in the database and never in the custody log', async () => {
    await setClaimant(locker, null, { name: NAME, idNumber: ID_NUMBER, phone: PHONE });
    await setClaimant(locker, caseId, { phone: '13900000000' });
    expect(claimantFor(locker, caseId)).toEqual({ name: NAME, idNumber: ID_NUMBER, phone: '13900000000' });
    const log = locker.custodyLog().filter((e) => e.action === 'claimant.set');
    expect(log.map((e) => e.details)).toEqual([
      { changed: ['name', 'idNumber', 'phone'] },
      { changed: ['phone'] },
    ]);
    const everything = JSON.stringify(locker.custodyLog());
    for (const secret of [NAME, ID_NUMBER, PHONE, '13900000000']) expect(everything).not.toContain(secret);
    // Nor anywhere outside the database file: the head mirror holds only a hash.
    expect(readFileSync(path.join(store, 'custody-head.json'), 'utf8')).not.toContain(PHONE);
  });

  it('masks values for display', () => {
    expect(maskValue(ID_NUMBER)).toBe('110105********002X');
    expect(maskValue(PHONE)).toBe('138****5678');
  });
});
