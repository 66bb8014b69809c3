import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { vatOfd } from '../helpers/invoices.ts';
import { buildRenderer, launchChromium, SCREENS, timelinePage } from './harness.ts';

/* An OFD e-invoice's panel shows the invoice read from it. Real renderer, bridge and Chromium. */

let work: string;
let locker: Locker;
let browser: Browser;
let caseId: string;
let rendererDir: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-invoice-'));
  mkdirSync(SCREENS, { recursive: true });
  rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  caseId = (await locker.createCase({ title: '会员自动续费' })).id;
  const file = path.join(work, '电子发票.ofd');
  writeFileSync(file, await vatOfd());
  const r = await addPaths(locker, caseId, [file]);
  expect(r.errors).toEqual([]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  locker?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("an e-invoice's panel", () => {
  it('shows the invoice number, date, parties and amounts read from the OFD', async () => {
    const { page, url, close } = await timelinePage(browser, locker, rendererDir, caseId);
    try {
      await page.goto(url);
      await page.locator('.row', { hasText: '电子发票.ofd' }).first().click();
      const facts = page.getByTestId('invoice-facts');
      await facts.waitFor();
      const text = (await facts.textContent()) ?? '';
      for (const part of [
        '12345678',
        '2024-01-05',
        '深圳市某某科技有限公司',
        '李&伟',
        '39.90 CNY',
        '4.50 CNY',
      ]) {
        expect(text).toContain(part);
      }
      await page.screenshot({ path: path.join(SCREENS, '85-invoice-panel-light.png') });
    } finally {
      await close();
    }
  });
});
