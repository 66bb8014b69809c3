import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type Io } from '../electron/cli.ts';
import { runDeclared } from '../electron/services/calls/define.ts';
import { searchCalls } from '../electron/services/calls/search.ts';
import { addContact } from '../electron/services/dispute/records.ts';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { caseMessages, disputeTransactions, markMessageKey } from '../electron/services/records.ts';
import { searchCase } from '../electron/services/search.ts';
import { sequentialIds } from '../electron/services/util/ids.ts';
import { makePng } from './helpers/images.ts';
import { alipayBill, bocStatement } from './helpers/seed-story.ts';
import { useTempDirs } from './helpers/temp.ts';

/*
 * `locker timeline`, `search`, `series` and `layout` on the calls (issue 16): what they print is what the
 * services they used to call directly answer, and their human lines are worded in the command's locale.
 */

const tempDir = useTempDirs();
let store: string;
let locker: Locker;
let caseId: string;

const CHAT = [
  '12/06/2025, 09:15 - 客服小元: 您好，请问有什么可以帮您？',
  '12/06/2025, 09:16 - 我: 我没有开通元保的自动续费，为什么每个月扣款？',
].join('\n');

/** A case with every kind of timeline row: items, events (one linked, one a contact), payments, a key message. */
beforeEach(async () => {
  store = tempDir();
  const inbox = tempDir();
  locker = await Locker.open(store, { ids: sequentialIds() });
  const c = await locker.createCase({ title: '元保', counterparty: '元保' });
  caseId = c.id;
  const file = (name: string, bytes: Buffer | string) => {
    const p = path.join(inbox, name);
    writeFileSync(p, bytes);
    return p;
  };
  const shots = [
    file('Screenshot_20250827-080112.png', await makePng(40, 80)),
    file('Screenshot_20250828-101500.png', await makePng(50, 90)),
  ];
  const r = await addPaths(locker, c.id, [
    file('alipay.csv', alipayBill()),
    file('boc.csv', bocStatement()),
    file('chat.txt', CHAT),
    ...shots,
  ]);
  expect(r.errors).toEqual([]);
  const [first, second] = shots.map((s) => r.added.find((a) => a.path === s)!.id);
  await locker.addEvent(c.id, {
    kind: 'letter',
    title: '投诉信',
    occurredAt: '2025-08-30 10:00',
    reference: 'L-1',
    evidenceId: first!,
  });
  // A contact with two attachments, the second then put in the trash: the command still names both.
  await addContact(locker, c.id, {
    party: 'platform',
    at: '2025-08-29 09:00',
    ticket: 'T20250829',
    evidenceIds: [first!, second!],
  });
  await locker.trashEvidence(second!);
  await disputeTransactions(locker, c.id, { match: '自动续费', disputed: true });
  const asked = caseMessages(locker, c.id).find((m) => m.text.includes('为什么'))!;
  await markMessageKey(locker, asked.id, true);
});
afterEach(() => locker.close());

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, isTTY = false) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), env, isTTY };
  const code = await main([...argv, '--store', store], io);
  return { code, out, err };
}

describe('locker timeline on timeline:get', () => {
  it('prints, entry for entry, the timeline the Locker reads (items, events, contacts, payments, messages)', async () => {
    const expected = JSON.parse(JSON.stringify(locker.timeline(caseId))) as Record<string, unknown>[];
    expect(new Set(expected.map((e) => e.type))).toEqual(
      new Set(['evidence', 'event', 'transaction', 'message']),
    );
    // The contact's entry lists the trashed attachment too; the letter points at the item it was written with.
    expect(expected.find((e) => Array.isArray(e.attachments))?.attachments).toHaveLength(2);
    expect(expected.find((e) => e.reference === 'L-1')).toHaveProperty('evidenceId');
    locker.close();
    const r = await cli(['timeline', caseId.slice(0, 9), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(expected);
    locker = await Locker.open(store);
  });
});

describe('locker search on search:query', () => {
  it('lists every matching row on its own (the bill and the bank both), where the window groups by payment', async () => {
    const rows = searchCase(locker, caseId, '元保', { limit: 50 });
    const grouped = await runDeclared({ locker }, searchCalls['search:query'], {
      caseId,
      query: '元保',
      limit: 50,
    });
    expect(grouped.length).toBeLessThan(rows.length);
    const limited = searchCase(locker, null, '退款', { limit: 2 });
    locker.close();
    const r = await cli(['search', caseId, '元保', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(rows)));
    const all = await cli(['search', '--all', '退款', '--limit', '2', '--json']);
    expect(JSON.parse(all.out)).toEqual(JSON.parse(JSON.stringify(limited)));
    locker = await Locker.open(store);
  });
});

describe('the human lines of series and layout', () => {
  it('are in English by default and in Chinese under LANG=zh_CN.UTF-8', async () => {
    locker.close();
    const en = await cli(['series', caseId]);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(
      /元保: 8× monthly, 39\.90 CNY, 2025-01-12 → 2025-08-12, total .*, next expected 2025-09-1\d/,
    );
    expect(en.out).toMatch(/\(price changed 2×\)/);
    expect(en.out).toMatch(/\[\d disputed\]/);
    const zh = await cli(['series', caseId], { LANG: 'zh_CN.UTF-8' });
    expect(zh.out).toMatch(
      /元保：8 次 monthly，39\.90 CNY，2025-01-12 → 2025-08-12，合计 .*，预计下次 2025-09-1\d/,
    );
    expect(zh.out).toMatch(/（价格变过 2 次）/);
    expect(zh.out).toMatch(/\[\d 笔有争议\]/);

    expect((await cli(['layout', 'list'])).out).toBe(
      'No column maps yet. Map a table with: locker layout guess FILE\n',
    );
    expect((await cli(['layout', 'list'], { LANG: 'zh_CN.UTF-8' })).out).toBe(
      '还没有列映射。映射一个表格：locker layout guess FILE\n',
    );
    const table = path.join(tempDir(), 'jan.csv');
    writeFileSync(
      table,
      'Posted on,Payee,Paid out,Paid in\n03/01/2024,COFFEE SHOP,4.50,\n04/01/2024,ACME,,20.00\n',
    );
    const guessed = await cli(['layout', 'guess', table], { LANG: 'zh_CN.UTF-8' });
    expect(guessed.code).toBe(0);
    expect(guessed.out).toContain('表头：Posted on | Payee | Paid out | Paid in');
    expect(guessed.out).toContain('读出 2 行');
    expect(guessed.out).toContain('请检查这几行的收支方向，然后用 --confirm 确认：');
    expect(guessed.out).not.toMatch(/\b(header|reads|line|columns)\b/);
    locker = await Locker.open(store);
  });
});

describe('locker ocr on disk:ocr (a command-only call)', () => {
  it('reads the pending pictures now, says how far it is on a terminal in the locale, and reports each', async () => {
    locker.close();
    const r = await cli(['ocr', caseId], { LANG: 'zh_CN.UTF-8' }, true);
    expect(r.code).toBe(0);
    // One screenshot waits (the other is in the trash): the progress is worded like the rest of the command.
    expect(r.err).toContain('已读取 1/1…');
    expect(r.out).toMatch(/^ev_\w+ {2}已读取 /m);
    expect(r.out).toContain('已读取 1 个；仍在等待：0 个');
    const again = await cli(['ocr', caseId, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ enabled: true, items: [], queue: { pending: 0 } });
    locker = await Locker.open(store);
  });
});
