import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { suggestTitle } from '../../electron/services/title-suggest.ts';
import { alipayBill } from '../helpers/seed-story.ts';
import { renderScreen } from '../ocr/screens.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * Evidence that says what it is (issue 17, item 9): a bill is offered the title of whose bill it is and the days
 * it covers, a screenshot whose text (real OCR) reads as a support chat is offered "截图 · 元保客服聊天"; the
 * user accepts with one click and it is in the item's history; a tall screenshot's timeline thumbnail is its top.
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
let billId: string;
let chatId: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-evidence-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
  const chat = await renderScreen([
    { text: '元保在线客服', size: 44, left: 380 },
    { text: '您好，请问有什么可以帮您？', size: 38 },
    { text: '我没有开通过自动续费，请退款', size: 38, left: 300 },
    { text: '已为您转人工客服处理', size: 38 },
  ]);
  const files = { 'alipay.csv': alipayBill(), 'Screenshot_20250905-101500.png': chat };
  const { added } = await addPaths(
    locker,
    caseId,
    Object.entries(files).map(([name, bytes]) => {
      const file = path.join(work, name);
      writeFileSync(file, bytes);
      return file;
    }),
  );
  billId = added.find((a) => a.title === 'alipay.csv')!.id;
  chatId = added.find((a) => a.title.startsWith('Screenshot'))!.id;
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

describe('titles and thumbnails from what was read', () => {
  it('suggests a bill title from its rows and a chat title from the screenshot’s text', () => {
    expect(suggestTitle(locker, billId)).toEqual({
      kind: 'bill',
      source: 'alipay',
      bank: '',
      from: '2025-01-12',
      to: '2025-08-12',
    });
    expect(suggestTitle(locker, chatId)).toEqual({ kind: 'chat-screenshot', with: '元保' });
  });

  it('keeps the top of a tall screenshot as its thumbnail', async () => {
    const thumb = await locker.objects.readThumb(locker.getEvidence(chatId).sha256);
    expect(thumb).not.toBeNull();
    const meta = await sharp(thumb!).metadata();
    expect([meta.width, meta.height]).toEqual([360, 480]);
  });
});

describe.each(SIZES)('the evidence panel at $width×$height', (size) => {
  const tag = `${size.width}x${size.height}`;

  it('offers the read title, and the user takes it with one click', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
    await context.addInitScript({
      content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
        JSON.stringify({ caseId, section: 'timeline' }),
      )});`,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(bridge.url);
    await page.getByTestId('timeline').waitFor();
    const panel = page.getByTestId('evidence-panel');

    await page.locator('.row', { hasText: 'Screenshot_20250905-101500.png' }).click();
    const offer = panel.getByTestId('title-suggestion');
    expect(await offer.locator('strong').textContent()).toBe('截图 · 元保客服聊天');
    await offer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, `s9-chat-title-${tag}.png`) });

    await page.locator('.row', { hasText: /alipay\.csv|支付宝账单/ }).click();
    await expect
      .poll(() => offer.locator('strong').textContent())
      .toBe('支付宝账单 2025-01-12 至 2025-08-12');
    await offer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, `s9-bill-offer-${tag}.png`) });
    if (size.width === 1440) {
      await offer.getByRole('button', { name: '使用这个标题' }).click();
      await page.locator('.row', { hasText: '支付宝账单 2025-01-12 至 2025-08-12' }).waitFor();
      expect(locker.getEvidence(billId).title).toBe('支付宝账单 2025-01-12 至 2025-08-12');
      expect(await offer.count()).toBe(0);
      expect(locker.custodyLog({ subjectId: billId }).some((e) => e.action === 'evidence.edit')).toBe(true);
    }
    await page.screenshot({ path: path.join(SCREENS, `s9-bill-title-${tag}.png`) });
    expect(errors).toEqual([]);
    await context.close();
  });
});
