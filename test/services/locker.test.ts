import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import type { EventKind } from '../../db/queries/events.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { writeFileSync } from 'node:fs';

const tempDir = useTempDirs();
let locker: Locker;
let tick = 0;

beforeEach(async () => {
  tick = 0;
  locker = await Locker.open(tempDir(), {
    clock: () => new Date(Date.UTC(2025, 8, 1, 0, 0, tick++)),
    ids: sequentialIds(),
  });
});
afterEach(() => locker.close());

async function caseWithPhoto() {
  const c = await locker.createCase({ title: 'Yuanbao', counterparty: '元保' });
  const file = path.join(tempDir(), 'Screenshot_20250827-080112.png');
  writeFileSync(file, await makePng(20, 40));
  const { added } = await addPaths(locker, c.id, [file]);
  return { c, item: added[0]! };
}

describe('Locker cases', () => {
  it('creates a case collecting evidence in Asia/Shanghai and logs it', async () => {
    const c = await locker.createCase({ title: '  被元保自动扣款 ', counterparty: '元保' });
    expect(c).toMatchObject({
      id: 'case_000001',
      title: '被元保自动扣款',
      status: 'collecting',
      currency: 'CNY',
      timezone: 'Asia/Shanghai',
    });
    expect(locker.listCases().map((x) => x.id)).toEqual([c.id]);
    expect(locker.custodyLog({ caseId: c.id }).map((e) => e.action)).toEqual(['case.create']);
  });

  it('refuses an empty title, an unknown time zone and a bad currency with words a person understands', async () => {
    await expect(locker.createCase({ title: '   ' })).rejects.toThrow(/needs a title/);
    await expect(locker.createCase({ title: 'x', timezone: 'Mars/Olympus' })).rejects.toThrow(
      /Unknown time zone/,
    );
    await expect(locker.createCase({ title: 'x', currency: 'yuan' })).rejects.toThrow(/not a currency code/);
  });

  it('moves a case along its status, archives it, and logs only what changed', async () => {
    const c = await locker.createCase({ title: 'refund' });
    await locker.updateCase(c.id, { status: 'bank_asked', archived: true });
    expect(locker.listCases()).toEqual([]);
    expect(locker.listCases({ includeArchived: true })[0]).toMatchObject({ status: 'bank_asked' });
    const update = locker.custodyLog({ caseId: c.id }).at(-1)!;
    expect(update.action).toBe('case.update');
    expect(update.details).toMatchObject({
      before: { status: 'collecting', archivedAt: null },
      after: { status: 'bank_asked' },
    });
    const unchanged = await locker.updateCase(c.id, { status: 'bank_asked' });
    expect(unchanged.status).toBe('bank_asked');
    expect(locker.custodyLog({ caseId: c.id })).toHaveLength(2);
  });

  it('finds a case by the start of its id and refuses an ambiguous or unknown one', async () => {
    const c = await locker.createCase({ title: 'a' });
    await locker.createCase({ title: 'b' });
    expect(locker.getCase('case_000001').id).toBe(c.id);
    expect(() => locker.getCase('case_0000')).toThrow(/more than one case/);
    expect(() => locker.getCase('case_999999')).toThrow(/No case/);
  });
});

describe('Locker evidence edits', () => {
  it('records the before and after of every edited claim, and marks a user-set time', async () => {
    const { item } = await caseWithPhoto();
    const edited = await locker.updateEvidence(item.id, {
      title: 'Alipay deduction screen',
      tags: ['charge', ' charge ', 'alipay'],
      occurredAt: '2025-08-26 21:00',
    });
    expect(edited).toMatchObject({
      title: 'Alipay deduction screen',
      tags: ['charge', 'alipay'],
      occurredSource: 'user',
    });
    const last = locker.custodyLog({ subjectId: item.id }).at(-1)!;
    expect(last.action).toBe('evidence.edit');
    expect(last.details).toEqual({
      before: {
        title: 'Screenshot_20250827-080112.png',
        tags: [],
        occurredAt: '2025-08-27T08:01:12+08:00',
        occurredSource: 'filename',
      },
      after: {
        title: 'Alipay deduction screen',
        tags: ['charge', 'alipay'],
        occurredAt: '2025-08-26T21:00:00+08:00',
        occurredSource: 'user',
      },
    });
  });

  it('never lets the observed facts of an item change, even by direct SQL', async () => {
    const { item } = await caseWithPhoto();
    expect(() =>
      locker.db.prepare(`UPDATE evidence SET sha256 = ? WHERE id = ?`).run('0'.repeat(64), item.id),
    ).toThrow(/observed facts/);
    expect(() => locker.db.prepare(`DELETE FROM evidence`).run()).toThrow(/never deleted/);
  });

  it('moves an item to the trash and back, off and on the timeline, keeping its original', async () => {
    const { c, item } = await caseWithPhoto();
    await locker.trashEvidence(item.id);
    expect(locker.timeline(c.id)).toEqual([]);
    expect(locker.listEvidence(c.id, { includeDeleted: true })).toHaveLength(1);
    await locker.trashEvidence(item.id, false);
    expect(locker.timeline(c.id)).toHaveLength(1);
    expect(locker.custodyLog({ subjectId: item.id }).map((e) => e.action)).toEqual([
      'evidence.add',
      'evidence.trash',
      'evidence.restore',
    ]);
  });

  it('refuses a time that is not a time', async () => {
    const { item } = await caseWithPhoto();
    await expect(locker.updateEvidence(item.id, { occurredAt: 'yesterday' })).rejects.toThrow(
      /not a date and time/,
    );
    await expect(locker.updateEvidence(item.id, { occurredAt: '2025-02-30 10:00' })).rejects.toThrow(
      /not a date and time/,
    );
  });
});

describe('Locker timeline', () => {
  it('merges items and manual events in time order with their offsets', async () => {
    const { c, item } = await caseWithPhoto();
    await locker.addEvent(c.id, {
      kind: 'call',
      occurredAt: '2025-08-28T10:30:00+08:00',
      title: 'Called 95188',
      reference: 'ticket 12345',
    });
    await locker.addEvent(c.id, { kind: 'deadline', occurredAt: '2025-09-10', title: 'Bank reply due' });
    await locker.addEvent(c.id, {
      kind: 'note',
      occurredAt: '2025-08-27T00:00:00Z',
      title: 'noticed the debit',
    });
    const tl = locker.timeline(c.id);
    expect(tl.map((e) => [e.at, e.type, e.kind, e.title])).toEqual([
      ['2025-08-27T00:00:00+00:00', 'event', 'note', 'noticed the debit'],
      ['2025-08-27T08:01:12+08:00', 'evidence', 'screenshot', item.title],
      ['2025-08-28T10:30:00+08:00', 'event', 'call', 'Called 95188'],
      ['2025-09-10T00:00:00+08:00', 'event', 'deadline', 'Bank reply due'],
    ]);
    expect(tl[2]).toMatchObject({ reference: 'ticket 12345' });
  });

  it('refuses an event of an unknown kind or without a title', async () => {
    const c = await locker.createCase({ title: 'x' });
    await expect(
      locker.addEvent(c.id, { kind: 'party' as unknown as EventKind, occurredAt: '2025-01-01', title: 'x' }),
    ).rejects.toThrow(/Unknown event kind/);
    await expect(
      locker.addEvent(c.id, { kind: 'call', occurredAt: '2025-01-01', title: ' ' }),
    ).rejects.toThrow(/needs a title/);
  });
});
