import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { alipayBill } from '../helpers/seed-story.ts';
import { isFocused } from './dom.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The evidence panel can be widened (issue 17, item 8): a handle on its left edge, dragged or moved with the
 * arrow keys, remembered across a reload, and nothing inside it breaks mid-word (the bill's dates stay whole).
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
const pageErrors: string[] = [];
/** The app reopens where the user left it: this case's timeline (set once, so a reload keeps what it saved). */
let lastPlace = '';

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-panel-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  const caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
  const file = path.join(work, 'alipay.csv');
  writeFileSync(file, alipayBill());
  await addPaths(locker, caseId, [file]);
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
  lastPlace = JSON.stringify({ caseId, section: 'timeline' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

async function openPanel(page: Page): Promise<void> {
  await page.goto(bridge.url);
  await page.locator('.row', { hasText: 'alipay.csv' }).click();
  await page.getByTestId('item-transactions').waitFor();
}

describe.each(SIZES)('the evidence panel at $width×$height', (size) => {
  const tag = `${size.width}x${size.height}`;

  it('widens by keyboard and by drag, keeps its width across a reload, and keeps dates whole', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
    await context.addInitScript({
      content: `if (!sessionStorage.getItem('seeded')) { localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(lastPlace)}); sessionStorage.setItem('seeded', '1'); }`,
    });
    const page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openPanel(page);
    const panel = page.getByTestId('evidence-panel');
    const width = async () => Math.round((await panel.boundingBox())!.width);
    expect(await width()).toBe(380);
    // Dates in the narrow panel wrap between date and time, never inside either.
    for (const part of await panel.locator('.when .nowrap').all()) {
      expect((await part.boundingBox())!.height).toBeLessThan(24);
    }
    await page.screenshot({ path: path.join(SCREENS, `s8-panel-narrow-${tag}.png`) });

    const handle = page.getByTestId('panel-resizer');
    expect(await handle.getAttribute('role')).toBe('separator');
    expect(await handle.getAttribute('aria-label')).toBe('详情面板宽度（← 变宽，→ 变窄）');
    await handle.focus();
    expect(await isFocused(handle)).toBe(true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(width).toBe(452);
    expect(await handle.getAttribute('aria-valuenow')).toBe('452');
    await page.keyboard.press('ArrowRight');
    await expect.poll(width).toBe(428);

    // Dragged 40 px to the left from its edge: 40 px wider.
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 20, box.y + 200);
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + 200);
    await page.mouse.up();
    await expect.poll(width).toBe(468);
    // Never so wide that the timeline goes under its minimum.
    await page.keyboard.press('End');
    const max = Number(await handle.getAttribute('aria-valuemax'));
    expect(max).toBe(Math.min(900, size.width - 240 - 560));
    await expect.poll(width).toBe(max);
    const main = (await page.locator('main').boundingBox())!;
    expect(main.width).toBeGreaterThanOrEqual(559);
    for (const part of await panel.locator('.when .nowrap').all()) {
      expect((await part.boundingBox())!.height).toBeLessThan(24);
    }
    await page.screenshot({ path: path.join(SCREENS, `s8-panel-wide-${tag}.png`) });

    // Remembered: the panel opens at the width the user left it.
    await page.reload();
    await openPanel(page);
    await expect.poll(width).toBe(max);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
