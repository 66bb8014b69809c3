import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { caseAgreements } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { caseSeries } from '../../electron/services/records.ts';
import { put, yuanbaoBill } from '../dispute/helpers.ts';
import { alipayAgreementScreen } from '../ocr/agreement-screens.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The agreement page in the app: a screenshot of Alipay's 自动扣款 page, read by OCR, is offered as an
 * agreement record with every field shown for the user to check; pressing the button records it, linked to
 * the screenshot and to the recurring 元保 charges. Real renderer, bridge, tesseract and Chromium.
 */

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let page: Page;
let caseId: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SCREENS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-agreement-'));
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
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await context.addInitScript({
    content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
      JSON.stringify({ caseId, section: 'timeline' }),
    )});`,
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('an agreement page screenshot in the app', () => {
  it('offers the agreement with its fields to check, and records it only when asked', async () => {
    await page.goto(bridge.url);
    await page.locator('.row', { hasText: 'Screenshot_20250901-200000.png' }).click();
    const panel = page.getByTestId('evidence-panel');
    const card = panel.getByTestId('agreement-suggestion');
    await card.waitFor();
    await card.getByText('This looks like an auto-debit agreement page').waitFor();
    expect(await card.locator('#agreement-merchant').inputValue()).toBe('元保保险经纪(北京)有限公司');
    expect(await card.locator('#agreement-number').inputValue()).toBe('20250327000000001234');
    expect(await card.locator('#agreement-signedAt').inputValue()).toBe('2025-03-27 08:00:12');
    expect(await card.locator('#agreement-status').inputValue()).toBe('active');
    expect(await card.locator('.crop img').count()).toBeGreaterThanOrEqual(6);
    await card.getByText('It will be linked to the recurring charges from 元保.').waitFor();
    // The payment facts are not offered for an agreement page: its signing time is no payment time.
    expect(await panel.locator('[data-fact="amount"], [data-fact="orderId"]').count()).toBe(0);
    expect(caseAgreements(locker, caseId)).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await shot('60-agreement-suggestion');

    await card.locator('#agreement-method').fill('余额宝（免密支付）');
    await card.getByRole('button', { name: 'Create the agreement record' }).click();
    await card.getByText('Agreement recorded.', { exact: false }).waitFor();
    const [a] = caseAgreements(locker, caseId);
    const shotItem = locker.listEvidence(caseId).find((e) => e.originalName.startsWith('Screenshot_'))!;
    expect(a).toMatchObject({
      merchant: '元保保险经纪(北京)有限公司',
      number: '20250327000000001234',
      paymentMethod: '余额宝（免密支付）',
      seriesId: caseSeries(locker, caseId)[0]!.id,
      evidenceIds: [shotItem.id],
    });
    await shot('61-agreement-recorded');

    await page.getByTestId('language').selectOption('zh-CN');
    await card.getByText('这看起来是自动扣款协议页面').waitFor();
    await card.getByText('协议已记录', { exact: false }).waitFor();
    await shot('62-agreement-zh');
    await page.getByTestId('language').selectOption('en');
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
