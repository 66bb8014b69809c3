import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { caseAgreements } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { put, yuanbaoBill } from '../dispute/helpers.ts';
import { alipayAgreementScreen } from '../ocr/agreement-screens.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The empty agreements page points at the screenshot where an agreement was read (issue 17, item 10): the
 * Alipay 自动扣款 page, read by real OCR, is shown with what was read and recorded only when the user asks; the
 * state reads "生效中（仍在扣款）" on this page and in the screenshot's suggestions alike.
 */

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-agreements-empty-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保', paymentMethod: 'alipay' }))
    .id;
  const inbox = path.join(work, 'inbox');
  mkdirSync(inbox);
  await addPaths(locker, caseId, [
    put(inbox, 'alipay.csv', yuanbaoBill()),
    put(inbox, 'Screenshot_20250901-200000.png', await alipayAgreementScreen()),
  ]);
  await runOcr(locker, { caseId });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.each(SIZES)('the agreements page at $width×$height', (size) => {
  const tag = `${size.width}x${size.height}`;

  it('points at the screenshot an agreement was read from, and records it only when asked', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
    await context.addInitScript({
      content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
        JSON.stringify({ caseId, section: 'agreements' }),
      )});`,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(bridge.url);
    const detected = page.getByTestId('agreements-detected');
    await detected.waitFor();
    const text = (await detected.textContent()) ?? '';
    expect(text).toContain('在 1 张截图里发现了扣款协议页面');
    expect(text).toContain('读自 Screenshot_20250901-200000.png');
    expect(text).toContain('生效中（仍在扣款）');
    expect(await detected.locator('img').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENS, `s10-agreements-detected-${tag}.png`) });
    // Nothing was recorded by looking.
    expect(caseAgreements(locker, caseId)).toHaveLength(0);
    if (size.width === 1440) {
      await detected.getByRole('button', { name: '记录这份协议' }).click();
      await page.getByTestId('agreement').waitFor();
      expect(caseAgreements(locker, caseId)).toHaveLength(1);
      expect(await page.getByTestId('agreement-status').textContent()).toBe('生效中（仍在扣款）');
      await page.screenshot({ path: path.join(SCREENS, `s10-agreements-recorded-${tag}.png`) });
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
