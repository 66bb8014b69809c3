import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { exhibitChoices } from '../../electron/services/export/selection.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { LOCALES, type Locale } from '../../renderer/i18n/messages.ts';
import { alipayBill } from '../helpers/seed-story.ts';
import { makePng } from '../helpers/images.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The export page reads its draft, readiness and exhibit list through the shared queries (issue 17, the rest
 * of item 11): a file filed while the page is open is in the exhibit list at once, without leaving the page;
 * leaving an exhibit out is shown at once and kept. In Chinese and English at 1280×720 and 1440×900.
 */

const NOW = new Date('2025-09-10T02:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
const LANGS: Locale[] = ['zh-CN', 'en'];

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-export-live-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(lang: Locale, size: { width: number; height: number }, caseId: string): Promise<Page> {
  const context = await browser.newContext({ locale: lang, viewport: size });
  await context.addInitScript({
    content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
      JSON.stringify({ caseId, section: 'export' }),
    )});`,
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(bridge.url);
  return page;
}

describe.each(LANGS)('the export page in %s', (lang) => {
  const t = LOCALES[lang];

  it.each(SIZES)('lists a file filed while it is open at once, at $width×$height', async (size) => {
    const tag = `${lang}-${size.width}x${size.height}`;
    const caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
    const bill = path.join(work, `alipay-${tag}.csv`);
    writeFileSync(bill, alipayBill());
    await addPaths(locker, caseId, [bill]);
    const page = await open(lang, size, caseId);
    const list = page.getByTestId('exhibits');
    await list.locator('li').first().waitFor();
    expect(await list.locator('li').count()).toBe(1);

    // Filed from this page (the app's file input, as a drop or paste would): no navigation.
    await page
      .getByTestId('file-input')
      .setInputFiles([
        { name: 'Screenshot_20250905-101500.png', mimeType: 'image/png', buffer: await makePng(120, 240, 7) },
      ]);
    const added = list.locator('li', { hasText: 'Screenshot_20250905-101500.png' });
    await added.waitFor();
    expect(await list.locator('li').count()).toBe(2);
    expect(await page.getByTestId('export').count()).toBe(1);
    await added.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, `s11-export-live-${tag}.png`) });

    // Left out: shown at once, kept for this recipient, and the item is never trashed.
    await added.getByRole('checkbox', { name: t.exhibitInclude('Screenshot_20250905-101500.png') }).uncheck();
    await added.getByText(t.exhibitLeftOut).waitFor();
    const id = locker
      .listEvidence(caseId)
      .find((e) => e.originalName === 'Screenshot_20250905-101500.png')!.id;
    await expect
      .poll(() => exhibitChoices(locker, caseId, 'platform').find((x) => x.evidenceId === id)?.included)
      .toBe(false);
    expect(locker.getEvidence(id).deletedAt).toBeNull();
    await page.screenshot({ path: path.join(SCREENS, `s11-export-left-out-${tag}.png`) });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
