import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp.ts';
import { alipayAgreementScreen } from '../ocr/agreement-screens.ts';
import { put, yuanbaoBill } from './helpers.ts';

const run = promisify(execFile);
const BIN = path.resolve('dist/node/locker.js');
const tempDir = useTempDirs();

async function json<T>(store: string, ...args: string[]): Promise<T> {
  const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--json'], {
    env: { ...process.env, LOCKER_STORE: store },
  });
  // tesseract's wasm core prints a stray "Error opening data file" line while it reads; nothing else may.
  if (args[0] !== 'ocr') expect(stderr).toBe('');
  return JSON.parse(stdout) as T;
}

describe('locker agreement --from and dispute --series', () => {
  // A handful of runs of the real command, one of them reading OCR.
  it(
    'records the agreement read from a screenshot, and reports the refunds a disputed series linked',
    { timeout: 180_000 },
    async () => {
      const store = tempDir();
      const inbox = tempDir();
      const c = await json<{ id: string }>(store, 'case', 'new', '被元保自动扣款', '--counterparty', '元保');
      await json(store, 'add', c.id, put(inbox, 'alipay.csv', yuanbaoBill()));
      // The bank statement shows one of the charges coming back.
      const bankRefund = '28/06/2025,支付宝-元保 网上快捷退款,39.90,CNY';
      await json(
        store,
        'add',
        c.id,
        put(inbox, 'bank.csv', `Date,Description,Amount,Currency\n${bankRefund}\n`),
      );
      const txs = await json<{ id: string; description: string; at: string; direction: string }[]>(
        store,
        'transactions',
        c.id,
      );
      const refund = txs.find((t) => t.description.includes('退款'))!;
      const june = txs.find((t) => t.direction === 'out' && t.at.startsWith('2025-06-27'))!;
      const [series] = await json<{ id: string; counterparty: string }[]>(store, 'series', c.id);
      const disputed = await json<{ matched: unknown[]; changed: number; refundsLinked: unknown[] }>(
        store,
        'dispute',
        c.id,
        '--series',
        series!.id,
      );
      expect(disputed).toMatchObject({
        changed: 4,
        refundsLinked: [{ refundId: refund.id, chargeId: june.id, by: 'counterparty' }],
      });
      const summary = await json<{ disputed: { totals: { refunded: string }[] } }>(store, 'summary', c.id);
      expect(summary.disputed.totals[0]!.refunded).toBe('39.90');
      expect(disputed.matched).toHaveLength(4);
      // The text form keeps its fields too.
      const byMatch = await json<{ refundsLinked: unknown[] }>(store, 'dispute', c.id, '--match', '元保');
      expect(byMatch.refundsLinked).toEqual([]);

      const added = await json<{ added: { id: string }[] }>(
        store,
        'add',
        c.id,
        put(inbox, 'Screenshot_20250901-200000.png', await alipayAgreementScreen()),
      );
      const shot = added.added[0]!.id;
      const ocr = await json<{ items: { evidenceId: string; status: string }[] }>(store, 'ocr', c.id);
      expect(ocr.items).toEqual([expect.objectContaining({ evidenceId: shot, status: 'done' })]);
      const agreement = await json<Record<string, unknown>>(
        store,
        'agreement',
        c.id,
        '--from',
        shot,
        '--method',
        '余额宝 (免密支付)',
      );
      expect(agreement).toEqual({
        id: expect.stringMatching(/^agr_/) as string,
        caseId: c.id,
        merchant: '元保保险经纪(北京)有限公司',
        service: '百万医疗险自动续费',
        number: '20250327000000001234',
        signedAt: '2025-03-27T08:00:12+08:00',
        closedAt: null,
        paymentMethod: '余额宝 (免密支付)',
        status: 'active',
        seriesId: series!.id,
        evidenceIds: [shot],
        found: ['merchant', 'service', 'number', 'signedAt', 'method', 'status'],
      });
      const listed = await json<{ id: string; evidenceIds: string[] }[]>(store, 'agreement', c.id);
      expect(listed.map((a) => [a.id, a.evidenceIds])).toEqual([[agreement.id, [shot]]]);
      // The series lists the agreement behind it: open now, closed once the user closes it.
      type Listed = { id: string; agreement: { id: string; status: string; closedAt: string | null } | null };
      expect((await json<Listed[]>(store, 'series', c.id))[0]!.agreement).toEqual({
        id: agreement.id,
        status: 'open',
        closedAt: null,
      });

      const plan = await json<{ steps: { key: string; missing: string[] }[] }>(
        store,
        'plan',
        c.id,
        '--lang',
        'en',
      );
      const missing = plan.steps.flatMap((s) => s.missing);
      expect(missing).not.toContain('agreement page not captured');
      expect(missing).toContain('the auto-debit agreement is not closed yet');
      expect(missing.some((m) => m.startsWith('next charge from 元保'))).toBe(true);
      await json(store, 'agreement', c.id, '--id', String(agreement.id), '--closed-at', '2025-09-02 10:00');
      expect((await json<Listed[]>(store, 'series', c.id))[0]!.agreement).toEqual({
        id: agreement.id,
        status: 'closed',
        closedAt: '2025-09-02T10:00:00+08:00',
      });
    },
  );
});
