import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { alipayBill, bocStatement, wechatBill } from '../helpers/seed-story.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * Search shows one list (issue 17, item 12; issue 13): a payment seen in the Alipay bill and again in the bank
 * statement is one result, said as the Charges page says it (kind, signed amount, date, the files that show it);
 * a refund reads as money back; and the timeline is not filtered underneath the results.
 */

const NOW = new Date('2025-09-10T02:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let lastPlace = '';
const pageErrors: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-search-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  const caseId = (
    await locker.createCase({ title: '元保自动扣款', counterparty: '元保', account: '中国银行储蓄卡(3167)' })
  ).id;
  const files = { 'alipay.csv': alipayBill(), 'wechat.csv': wechatBill(), 'boc.csv': bocStatement() };
  await addPaths(
    locker,
    caseId,
    Object.entries(files).map(([name, bytes]) => {
      const file = path.join(work, name);
      writeFileSync(file, bytes);
      return file;
    }),
  );
  await disputeTransactions(locker, caseId, { match: '元保' });
  lastPlace = JSON.stringify({ caseId, section: 'timeline' });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.each(SIZES)('search at $width×$height', (size) => {
  const tag = `${size.width}x${size.height}`;

  it('lists each payment once, in words, with refunds as money back, and no timeline beneath', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
    await context.addInitScript({
      content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(lastPlace)});`,
    });
    const page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(bridge.url);
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('searchbox').fill('元保');
    const results = page.getByTestId('search-results');
    const payments = results.getByTestId('payment-hit');
    // 8 card payments and their refund (each in the Alipay bill and the bank statement) and 2 WeChat charges.
    await expect.poll(() => payments.count()).toBe(11);
    expect(await page.getByTestId('timeline').count()).toBe(0);
    expect(await page.getByTestId('timeline-chips').count()).toBe(0);

    const first = payments.filter({ hasText: '2025年1月12日' });
    expect(await first.count()).toBe(1);
    expect(await first.getByTestId('payment-amount').textContent()).toBe('−¥39.90');
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('扣款');
    expect(text).toContain('支付宝 + 银行');
    expect(text).toContain('有异议');
    expect(text).toContain('2 份账单中找到');

    const refund = payments.filter({ hasText: '退款-元保百万医疗险' });
    expect(await refund.count()).toBe(1);
    expect(await refund.getAttribute('class')).toContain('is-refund');
    expect(await refund.getByTestId('payment-amount').textContent()).toBe('+¥59.90');
    expect(await refund.locator('.search-hit-payment').textContent()).toContain('退款');

    const all = (await results.textContent()) ?? '';
    expect(all).not.toMatch(/\bCNY\b/);
    await page.screenshot({ path: path.join(SCREENS, `s12-search-${tag}.png`) });

    // A payment opens where it stands on the Charges page.
    await first.click();
    await page.locator('.charges-table').waitFor();
    await page.locator('.charges-table tr.is-found').first().waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
