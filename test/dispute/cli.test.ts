import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp.ts';
import { put, yuanbaoBill } from './helpers.ts';

const run = promisify(execFile);
const BIN = path.resolve('dist/node/locker.js');
const tempDir = useTempDirs();
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;

async function locker(
  store: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOCKER_STORE: store },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function json<T>(store: string, ...args: string[]): Promise<T> {
  const r = await locker(store, ...args, '--json');
  expect([r.code, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.stdout) as T;
}

describe('locker dispute commands', () => {
  // About twenty runs of the real command, each a fresh process: allow slow machines time.
  it(
    'keeps the JSON shapes of contact, agreement, plan, complaint and claimant',
    { timeout: 180_000 },
    async () => {
      const store = tempDir();
      const inbox = tempDir();
      const c = await json<{ id: string }>(store, 'case', 'new', '被元保自动扣款', '--counterparty', '元保');
      await json(store, 'add', c.id, put(inbox, 'alipay.csv', yuanbaoBill()));
      await json(store, 'dispute', c.id, '--match', '元保');

      const contact = await json<{ id: string; at: string; deadline: { at: string; rule: string } | null }>(
        store,
        'contact',
        c.id,
        '--with',
        'bank',
        '--at',
        '2025-08-28 10:30',
        '--channel',
        'phone',
        '--ticket',
        'CMB-1',
        '--note',
        '客服说 15 天内答复',
      );
      expect(contact).toMatchObject({
        id: expect.any(String) as string,
        at: '2025-08-28T10:30:00+08:00',
        deadline: { at: '2025-09-12T23:59:59+08:00', rule: 'cn-bank-insurer-complaint' },
      });
      const none = await json<{ deadline: unknown }>(
        store,
        'contact',
        c.id,
        '--with',
        'other',
        '--at',
        '2025-08-29',
      );
      expect(none.deadline).toBeNull();

      const agreement = await json<{
        id: string;
        merchant: string;
        signedAt: string;
        closedAt: string | null;
      }>(
        store,
        'agreement',
        c.id,
        '--merchant',
        '元保',
        '--number',
        '2025032700001',
        '--signed-at',
        '2025-03-27 08:00',
      );
      expect(agreement).toMatchObject({
        merchant: '元保',
        signedAt: '2025-03-27T08:00:00+08:00',
        closedAt: null,
      });

      type PlanJson = {
        steps: { key: string; title: string; status: string; missing: string[] }[];
        deadlines: { at: string; title: string; rule: string | null; overdue: boolean }[];
      };
      const plan = await json<PlanJson>(store, 'plan', c.id, '--lang', 'en');
      expect(plan.steps.map((s) => s.key)).toEqual([
        'confirm-charges',
        'contact-platform',
        'ask-bank',
        'complain',
        'keep-proof',
        'stop-debits',
      ]);
      for (const s of plan.steps) {
        expect(['todo', 'doing', 'done']).toContain(s.status);
        expect(s.missing.every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
      }
      expect(plan.steps[0]!.status).toBe('done');
      expect(plan.steps[1]!.missing).toEqual(['no record of contacting the platform']);
      expect(plan.deadlines).toEqual([
        {
          id: expect.any(String) as string,
          at: '2025-09-12T23:59:59+08:00',
          title: 'The bank must answer your complaint',
          rule: 'cn-bank-insurer-complaint',
          party: 'the bank',
          ruleLabel: 'banking and insurance complaint rules, 15 days',
          state: 'missed',
          daysLeft: expect.any(Number) as number,
          overdue: true, // the real clock is long past 2025
          isDone: false,
          isEstimate: false,
          whoActs: 'them',
          contactId: contact.id,
        },
      ]);
      for (const d of plan.deadlines) expect(d.at).toMatch(ISO_WITH_OFFSET);

      const closed = await json<{ status: string }>(
        store,
        'agreement',
        c.id,
        '--id',
        agreement.id,
        '--closed-at',
        '2025-09-01 20:00',
      );
      expect(closed.status).toBe('closed');
      const overridden = await json<PlanJson>(
        store,
        'plan',
        c.id,
        '--step',
        'contact-platform',
        '--status',
        'done',
      );
      expect(
        overridden.steps
          .map((s) => s.status)
          .slice(1, 2)
          .concat(overridden.steps[5]!.status),
      ).toEqual(['done', 'done']);

      const claimant = await locker(
        store,
        'claimant',
        '--name',
        '张小明',
        '--id-number',
        '11010519491231002X',
        '--phone',
        '13812345678',
        '--json',
      );
      expect(claimant.code).toBe(0);
      expect(JSON.parse(claimant.stdout)).toEqual({
        scope: 'locker',
        changed: ['name', 'idNumber', 'phone'],
      });
      expect(claimant.stdout + claimant.stderr).not.toMatch(/13812345678|11010519491231002X/);

      for (const lang of ['zh-CN', 'en']) {
        const complaint = await json<{ fields: { label: string; value: string }[] }>(
          store,
          'complaint',
          c.id,
          '--to',
          '12378',
          '--lang',
          lang,
        );
        expect(complaint.fields).toHaveLength(5);
        for (const f of complaint.fields) {
          expect(Object.keys(f).sort()).toEqual(['key', 'label', 'value']);
          expect(typeof f.value).toBe('string');
        }
        expect(complaint.fields[0]!.value).toContain('13812345678');
        expect(complaint.fields[3]!.value).toContain(lang === 'en' ? 'CN¥159.60' : '¥159.60');
      }

      const log = await locker(store, 'log', '--json');
      expect(log.stdout).not.toMatch(/13812345678|11010519491231002X|张小明/);
      expect((await json<{ ok: boolean }>(store, 'verify')).ok).toBe(true);
    },
  );

  it('words the rules in the command line’s language, and their changes', async () => {
    const store = tempDir();
    const say = async (lang: string, ...args: string[]) => {
      const { stdout } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, LOCKER_STORE: store, LC_ALL: '', LC_MESSAGES: '', LANG: lang },
      });
      return stdout;
    };
    const key = 'cn-bank-insurer-complaint';
    expect(await say('C', 'rule', 'set', key, '--days', '20', '--disable')).toBe(
      `${key}: 20 calendar day(s) (off)\n`,
    );
    const en = await say('en_GB.UTF-8', 'rules');
    expect(en).toContain(`${key} (off) (changed by you): 20 day(s)\n  The bank or insurer must decide`);
    expect(en).toContain('cn-12315-acceptance: 7 working day(s)\n');
    const zh = await say('zh_CN.UTF-8', 'rules');
    expect(zh).toContain(`${key}（已关闭）（已由你修改）：20 天\n  银行保险机构应作出投诉处理决定\n`);
    expect(zh).toContain('cn-12315-acceptance：7 个工作日\n');
    expect(zh).not.toMatch(/day\(s\)|changed by you|\(off\)/);
    expect(await say('zh_CN.UTF-8', 'rule', 'reset', key)).toBe(`${key}：15 天（自然日）\n`);
  });

  it('marks a deadline met by the start of its id, as a case or an item is named', async () => {
    const store = tempDir();
    const c = await json<{ id: string }>(store, 'case', 'new', 'x');
    const a = await json<{ id: string }>(
      store,
      'deadline',
      'add',
      c.id,
      '--at',
      '2026-01-05',
      '--title',
      'A',
    );
    const b = await json<{ id: string }>(
      store,
      'deadline',
      'add',
      c.id,
      '--at',
      '2026-02-05',
      '--title',
      'B',
    );
    const met = await json<{ id: string; isDone: boolean }>(store, 'deadline', 'done', a.id.slice(0, 14));
    expect(met).toMatchObject({ id: a.id, isDone: true });
    expect(await json(store, 'deadline', 'done', b.id, '--undo')).toMatchObject({ id: b.id, isDone: false });
    // The start both ids share names neither: refused as ambiguous, and nothing is marked.
    const shared = a.id.slice(
      0,
      [...a.id].findIndex((ch, i) => ch !== b.id[i]),
    );
    const both = await locker(store, 'deadline', 'done', shared, '--json');
    expect(both.code).toBe(1);
    expect(JSON.parse(both.stdout)).toMatchObject({ code: 'ambiguous-id', params: { id: shared } });
    const unknown = await locker(store, 'deadline', 'done', 'deadline_nope', '--json');
    expect([unknown.code, (JSON.parse(unknown.stdout) as { code: string }).code]).toEqual([1, 'not-found']);
    const plan = await json<{ deadlines: { id: string; state: string }[] }>(store, 'plan', c.id);
    expect(plan.deadlines.find((d) => d.id === a.id)?.state).toBe('done');
    expect(plan.deadlines.find((d) => d.id === b.id)?.state).not.toBe('done');
  });

  it('refuses days that are not a whole number and an agreement without a merchant with their own words', async () => {
    const store = tempDir();
    const c = await json<{ id: string }>(store, 'case', 'new', 'x');
    const inLang = async (lang: string, ...args: string[]) =>
      run(process.execPath, [BIN, ...args], {
        env: { ...process.env, LOCKER_STORE: store, LC_ALL: '', LC_MESSAGES: '', LANG: lang },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    const key = 'cn-bank-insurer-complaint';
    const shipped = await json(store, 'rules');
    const days = await locker(store, 'rule', 'set', key, '--days', 'abc', '--json');
    expect(days.code).toBe(1);
    expect(JSON.parse(days.stdout)).toEqual({
      error: 'That rule change cannot be kept: days must be a whole number from 1 to 3650.',
      code: 'rule.cannot-keep',
      params: { problems: 'days must be a whole number from 1 to 3650' },
    });
    expect(await inLang('zh_CN.UTF-8', 'rule', 'set', key, '--days', 'abc')).toEqual({
      code: 1,
      stderr: 'locker: 这项规则修改无法保存：天数（days）必须是 1 到 3650 之间的整数。\n',
    });
    // Nothing was kept: the rules are as shipped.
    expect(await json(store, 'rules')).toEqual(shipped);

    const blank = await locker(store, 'agreement', c.id, '--merchant', '', '--json');
    expect(blank.code).toBe(1);
    expect(JSON.parse(blank.stdout)).toMatchObject({ code: 'agreement.needs-merchant' });
    expect(await inLang('zh_CN.UTF-8', 'agreement', c.id, '--merchant', '  ')).toEqual({
      code: 1,
      stderr: 'locker: 扣款协议需要填写签约的商家。\n',
    });
    const a = await json<{ id: string }>(store, 'agreement', c.id, '--merchant', '元保');
    const cleared = await locker(store, 'agreement', c.id, '--id', a.id, '--merchant', ' ', '--json');
    expect([cleared.code, (JSON.parse(cleared.stdout) as { code: string }).code]).toEqual([
      1,
      'agreement.needs-merchant',
    ]);
    expect(await json(store, 'agreement', c.id)).toMatchObject([{ id: a.id, merchant: '元保' }]);
  });

  it('refuses bad usage with exit 2', async () => {
    const store = tempDir();
    const c = await json<{ id: string }>(store, 'case', 'new', 'x');
    expect((await locker(store, 'contact', c.id, '--with', 'boss', '--at', '2025-01-01')).code).toBe(2);
    expect((await locker(store, 'complaint', c.id, '--to', '110')).code).toBe(2);
    expect((await locker(store, 'plan', c.id, '--step', 'nap', '--status', 'done')).code).toBe(2);
  });
});
