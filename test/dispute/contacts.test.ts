import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { listDeadlines } from '../../db/queries/dispute.ts';
import {
  addAgreement,
  addContact,
  addDeadline,
  agreementJson,
  caseContacts,
  deadlineJson,
  editDeadline,
  effectiveRules,
  setRuleOverride,
  updateAgreement,
} from '../../electron/services/dispute/records.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir(), {
    ids: sequentialIds(),
    clock: () => new Date('2025-10-20T00:00:00Z'),
  });
  caseId = (await locker.createCase({ title: '被元保自动扣款', counterparty: '元保' })).id;
});
afterEach(() => locker.close());

describe('contacts and the deadlines they start', () => {
  it('puts a call to the bank on the timeline with its ticket, and the 15-day reply deadline with it', async () => {
    const { contact, deadlines } = await addContact(locker, caseId, {
      party: 'bank',
      channel: 'phone',
      at: '2025-08-28 10:30',
      ticket: 'CMB-778812',
      note: '客服承诺 3 个工作日内回电',
    });
    expect(contact).toMatchObject({
      party: 'bank',
      channel: 'phone',
      direction: 'out',
      ticket: 'CMB-778812',
    });
    expect(deadlines.map(deadlineJson)).toEqual([
      expect.objectContaining({
        at: '2025-09-12T23:59:59+08:00', // received 28 August; 15 calendar days end on 12 September
        rule: 'cn-bank-insurer-complaint',
        contactId: contact.id,
        isEstimate: false,
      }),
    ]);
    const timeline = locker.timeline(caseId);
    expect(timeline.map((e) => [e.kind, e.at, e.reference ?? ''])).toEqual([
      ['call', '2025-08-28T10:30:00+08:00', 'CMB-778812'],
      ['deadline', '2025-09-12T23:59:59+08:00', 'CMB-778812'],
    ]);
    expect(timeline[0]!.eventId).toBe(contact.eventId);
    expect(timeline[1]!.eventId).toBe(deadlines[0]!.eventId);
    expect(timeline[0]!.title).toBe('电话联系银行');
    const log = locker.custodyLog({ subjectId: contact.id });
    expect(log.map((e) => e.action)).toEqual(['contact.add']);
    expect((await verifyLocker(locker)).ok).toBe(true);
  });

  it('counts 12315 acceptance in working days across National Day', async () => {
    const { deadlines } = await addContact(locker, caseId, {
      party: 'regulator',
      agency: '12315',
      channel: 'form',
      at: '2025-09-30T16:00:00+08:00',
      ticket: '1234500000000001',
    });
    // 10月1日至8日放假，10月11日（周六）上班: 9, 10, 11, 13, 14, 15, 16 October.
    expect(deadlines.map((d) => [d.ruleKey, deadlineJson(d).at])).toEqual([
      ['cn-12315-acceptance', '2025-10-16T23:59:59+08:00'],
    ]);
    expect(locker.timeline(caseId).map((e) => e.kind)).toEqual(['message', 'deadline']);
  });

  it('reads the agency from a 12315 ticket note when not given, and starts no deadline for a reply or a chat with "other"', async () => {
    const r = await addContact(locker, caseId, {
      party: 'regulator',
      channel: 'phone',
      at: '2025-09-01 09:00',
      note: '拨打12315',
    });
    expect(r.contact.agency).toBe('12315');
    expect(r.deadlines).toHaveLength(1);
    const reply = await addContact(locker, caseId, {
      party: 'bank',
      direction: 'in',
      channel: 'letter',
      at: '2025-09-05 09:00',
    });
    expect(reply.deadlines).toEqual([]);
    expect((await addContact(locker, caseId, { party: 'other', at: '2025-09-06' })).deadlines).toEqual([]);
    expect(caseContacts(locker, caseId).map((c) => c.party)).toEqual(['regulator', 'bank', 'other']);
  });

  it('follows the user edits of a rule: days changed, or the platform switched off', async () => {
    await setRuleOverride(locker, 'cn-bank-insurer-complaint', { days: 10, parties: ['bank'] });
    const rule = effectiveRules(locker).find((r) => r.key === 'cn-bank-insurer-complaint')!;
    expect(rule).toMatchObject({ days: 10, parties: ['bank'], isEdited: true });
    const platform = await addContact(locker, caseId, { party: 'platform', at: '2025-08-28 10:30' });
    expect(platform.deadlines).toEqual([]);
    const bank = await addContact(locker, caseId, { party: 'bank', at: '2025-08-28 10:30' });
    expect(deadlineJson(bank.deadlines[0]!).at).toBe('2025-09-07T23:59:59+08:00');
    await expect(setRuleOverride(locker, 'cn-bank-insurer-complaint', { days: -1 })).rejects.toThrow(
      /days must be/,
    );
    await setRuleOverride(locker, 'cn-bank-insurer-complaint', null);
    expect(effectiveRules(locker).find((r) => r.key === 'cn-bank-insurer-complaint')).toMatchObject({
      days: 15,
      isEdited: false,
    });
  });

  it('flags a working-day deadline that runs into a year without a published calendar', async () => {
    const { deadlines } = await addContact(locker, caseId, {
      party: 'regulator',
      agency: '12315',
      at: '2026-12-28 10:00',
    });
    expect(deadlines[0]).toMatchObject({ isEstimate: true });
  });

  it('lets the user set, move and tick off a deadline of their own', async () => {
    const d = await addDeadline(locker, caseId, { at: '2025-10-01 12:00', title: '平台承诺回电' });
    expect(d).toMatchObject({ ruleKey: null, isUserEdited: true, isDone: false });
    const moved = await editDeadline(locker, d.id, { at: '2025-10-03 12:00', isDone: true });
    expect(deadlineJson(moved)).toMatchObject({ at: '2025-10-03T12:00:00+08:00', isDone: true });
    expect(listDeadlines(locker.db, caseId).map((x) => x.isDone)).toEqual([true]);
    // The timeline moves with it.
    expect(locker.timeline(caseId).map((e) => [e.kind, e.at, e.eventId])).toEqual([
      ['deadline', '2025-10-03T12:00:00+08:00', moved.eventId],
    ]);
  });

  it('refuses evidence from another case and unknown parties', async () => {
    await expect(
      addContact(locker, caseId, { party: 'bank', at: '2025-08-28', evidenceIds: ['ev_nope'] }),
    ).rejects.toThrow(/No evidence item/);
    await expect(addContact(locker, caseId, { party: 'boss' as 'bank', at: '2025-08-28' })).rejects.toThrow(
      /Unknown party/,
    );
  });
});

describe('agreements', () => {
  it('records the agreement behind the charges, and closing it logs what changed', async () => {
    const a = await addAgreement(locker, caseId, {
      merchant: '元保',
      service: '百万医疗险 月缴',
      number: '2025032700000000001',
      signedAt: '2025-03-27 08:00',
      paymentMethod: '支付宝 免密支付',
    });
    expect(agreementJson(a)).toMatchObject({
      merchant: '元保',
      signedAt: '2025-03-27T08:00:00+08:00',
      closedAt: null,
      status: 'active',
    });
    const closed = await updateAgreement(locker, a.id, { closedAt: '2025-09-01 20:00' });
    expect(agreementJson(closed)).toMatchObject({ status: 'closed', closedAt: '2025-09-01T20:00:00+08:00' });
    const log = locker.custodyLog({ subjectId: a.id });
    expect(log.map((e) => e.action)).toEqual(['agreement.add', 'agreement.edit']);
    expect(log[1]!.details).toEqual({
      before: { closedAt: null, status: 'active' },
      after: { closedAt: '2025-09-01T20:00:00+08:00', status: 'closed' },
    });
  });
});

describe('migration 4', () => {
  it('adds the dispute tables to a locker at version 3 and enforces their constraints', () => {
    const db = new Database(':memory:');
    migrate(db, 3);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    migrate(db, 4);
    expect(db.prepare('SELECT id FROM cases').all()).toEqual([{ id: 'c1' }]);
    const contact = db.prepare(
      `INSERT INTO contacts (id, case_id, party, channel, occurred_utc, occurred_offset, created_at)
       VALUES (?, 'c1', ?, ?, 'x', 480, 'x')`,
    );
    contact.run('k1', 'bank', 'phone');
    expect(() => contact.run('k2', 'boss', 'phone')).toThrow(/CHECK/);
    expect(() => contact.run('k3', 'bank', 'fax')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO agreements (id, case_id, merchant, signed_utc, created_at, updated_at) VALUES ('a', 'c1', 'm', 'x', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO deadlines (id, case_id, due_utc, due_offset, title, created_at, updated_at) VALUES ('d', 'c1', 'x', 480, 't', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO claimants (scope, case_id, updated_at) VALUES ('c1', NULL, 'x')`).run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
