import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { gbkFixture } from '../importers/helpers.ts';
import { buildRenderer, launchChromium, SCREENS, timelinePage } from './harness.ts';

/*
 * An item's panel shows what was read from it: a bill's rows with a dispute box on each charge, a chat export
 * as a transcript. Real renderer, bridge and Chromium.
 */

let work: string;
let locker: Locker;
let browser: Browser;
let caseId: string;
let rendererDir: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-records-'));
  mkdirSync(SCREENS, { recursive: true });
  rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
  const inbox = path.join(work, 'inbox');
  mkdirSync(inbox);
  writeFileSync(path.join(inbox, '支付宝交易明细.csv'), gbkFixture('alipay-2023.utf8.csv'));
  writeFileSync(
    path.join(inbox, 'WhatsApp Chat with Support.txt'),
    readFileSync(path.resolve('test/fixtures/importers/whatsapp-android-dmy.txt')),
  );
  const r = await addPaths(locker, caseId, [inbox]);
  expect(r.errors).toEqual([]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  locker?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("an item's records in its panel", () => {
  it("shows a bill's rows, disputes one from there, and shows a chat as a transcript", async () => {
    const { page, url, close } = await timelinePage(browser, locker, rendererDir, caseId);
    try {
      await page.goto(url);
      await page.locator('.row', { hasText: '支付宝交易明细.csv' }).first().click();
      const table = page.getByTestId('item-transactions');
      await table.waitFor();
      const rows = caseTransactions(locker, caseId);
      expect(await table.locator('tbody tr').count()).toBe(rows.length);
      expect(await table.locator('h3').textContent()).toBe(`${rows.length} rows read from this file`);
      const charge = rows.find((t) => t.direction === 'out' && !t.disputed)!;
      const box = table.getByRole('checkbox', { name: new RegExp(`to ${charge.counterparty}$`) }).first();
      await box.check();
      await expect
        .poll(() => caseTransactions(locker, caseId).find((t) => t.id === charge.id)!.disputed)
        .toBe(true);
      await expect.poll(() => box.isChecked()).toBe(true);
      await page.screenshot({ path: path.join(SCREENS, '80-item-transactions-light.png') });

      await page.locator('.row', { hasText: 'WhatsApp Chat with Support.txt' }).first().click();
      const transcript = page.getByTestId('item-transcript');
      await transcript.waitFor();
      expect(await transcript.locator('li').count()).toBeGreaterThan(3);
      await page.screenshot({ path: path.join(SCREENS, '81-item-transcript-light.png') });
    } finally {
      await close();
    }
  });
});
