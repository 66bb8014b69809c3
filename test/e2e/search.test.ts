import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { isOcrEnabled } from '../../electron/services/ocr/runner.ts';
import { readFixture } from '../importers/helpers.ts';
import { paymentDetailScreen } from '../ocr/screens.ts';

/*
 * Search and background OCR end to end: a payment screenshot filed through the page is read in the
 * background by the bridge, found by its words and its amount, opened at the region where they were read,
 * and its suggested time accepted into the item's history. Real renderer, bridge, tesseract and Chromium.
 */

const screens = SCREENS;

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let page: Page;
let caseId: string;
const pageErrors: string[] = [];

/** An Alipay bill (GBK) with one 元保 charge of 39.90, and a chat that names the same charge. */
function billAndChat(dir: string): string[] {
  const fixture = readFixture('alipay-2023.utf8.csv').toString('utf8').split('\n');
  const header = fixture.slice(0, fixture.findIndex((l) => l.startsWith('交易时间')) + 1);
  const row =
    '2025-07-27 08:00:00,保险,元保,yb***@example.com,元保百万医疗险-自动续费,支出,39.90,余额,交易成功,2025072722001400009999\t,YB20250727\t,,';
  const bill = path.join(dir, 'alipay_record_20250801.csv');
  writeFileSync(bill, iconv.encode([...header, row, ''].join('\n'), 'gbk'));
  const chat = path.join(dir, 'WhatsApp Chat with 客服.txt');
  writeFileSync(
    chat,
    [
      '28/08/2025, 10:02 - 客服: 您好，元保的自动扣款 39.90 元已受理退款申请',
      '28/08/2025, 10:03 - Me: 谢谢，请停止每月扣款',
      '',
    ].join('\n'),
  );
  return [bill, chat];
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screens, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(screens, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-search-'));
  mkdirSync(screens, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  const c = await locker.createCase({ title: '元保自动扣款', counterparty: '元保', paymentMethod: 'alipay' });
  caseId = c.id;
  const inbox = path.join(work, 'inbox');
  mkdirSync(inbox);
  await addPaths(locker, caseId, billAndChat(inbox));
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
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
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('search and background OCR in the app', () => {
  it('reads a filed payment screenshot in the background and says so in one calm line', async () => {
    await page.goto(bridge.url);
    await page.getByTestId('search').waitFor();
    await page.getByTestId('file-input').setInputFiles([
      {
        name: 'Screenshot_20250901-120000.png',
        mimeType: 'image/png',
        buffer: await paymentDetailScreen(),
      },
    ]);
    await page.getByTestId('import-panel').getByText('1 added', { exact: true }).waitFor();
    const status = page.getByTestId('ocr-status');
    await expect
      .poll(() => status.getAttribute('data-state'), { timeout: 30_000, interval: 250 })
      .toBe('idle');
    expect(await status.textContent()).toContain('Text read from 1 picture');
    await page.getByTestId('import-panel').getByRole('button', { name: 'Dismiss' }).click();
  }, 40_000);

  it('finds 元保 and 39.90 in the picture, the bill and the chat, and opens the picture at the region', async () => {
    const search = page.getByTestId('search');
    const results = page.getByTestId('search-results');
    await search.fill('元保');
    await results.locator('.search-hit[data-kind="ocr"]').waitFor();
    const kindsOfHits = async () =>
      Promise.all((await results.locator('.search-hit').all()).map((h) => h.getAttribute('data-kind')));
    const kinds = await kindsOfHits();
    expect(kinds).toEqual(expect.arrayContaining(['ocr', 'payment', 'message']));
    // The snippet's marks are elements made from text, never HTML from the data.
    expect(await results.locator('.search-hit[data-kind="ocr"] mark').first().textContent()).toBe('元保');
    expect(await results.textContent()).not.toContain('«');

    await search.fill('39.90');
    await results.locator('.search-hit[data-kind="ocr"]').waitFor();
    await expect.poll(() => results.locator('mark').first().textContent()).toBe('39.90');
    await shot('30-search-results');

    // Keyboard: ↓ from the box into the results, along to the picture's hit, Enter opens it.
    await search.focus();
    await page.keyboard.press('ArrowDown');
    const focused = (attr: string) =>
      page.evaluate<string | null>(`document.activeElement?.getAttribute('${attr}') ?? null`);
    expect(await focused('role')).toBe('option');
    const ocrIndex = (await kindsOfHits()).indexOf('ocr');
    for (let i = 0; i < ocrIndex; i++) await page.keyboard.press('ArrowDown');
    expect(await focused('data-kind')).toBe('ocr');
    // The pointer must not rest where the panel's suggestions appear: hovering one shows its own boxes.
    await page.mouse.move(1, 1);
    await page.keyboard.press('Enter');

    const panel = page.getByTestId('evidence-panel');
    const box = panel.getByTestId('found-box');
    await box.waitFor();
    await panel.getByTestId('found-caption').getByText('39.90').waitFor();
    const img = await panel.locator('.redaction-stage img').boundingBox();
    const mark = await box.boundingBox();
    expect(img && mark).toBeTruthy();
    // -39.90 is drawn large, a sixth of the way down the screenshot, in the middle.
    const relY = (mark!.y + mark!.height / 2 - img!.y) / img!.height;
    const relX = (mark!.x + mark!.width / 2 - img!.x) / img!.width;
    expect(relY).toBeGreaterThan(0.08);
    expect(relY).toBeLessThan(0.25);
    expect(relX).toBeGreaterThan(0.3);
    expect(relX).toBeLessThan(0.7);
    await shot('31-search-ocr-region');
  });

  it('jumps to the bill row in Charges and to the message in Messages', async () => {
    const results = page.getByTestId('search-results');
    await results.locator('.search-hit[data-kind="payment"]').first().click();
    await page.locator('.charges-table tr.is-found', { hasText: '元保' }).waitFor();
    await shot('32-search-charge-row');

    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    await page.getByTestId('search').fill('退款申请');
    await results.locator('.search-hit[data-kind="message"]').click();
    await page.locator('.message.is-found', { hasText: '退款申请' }).waitFor();
    await shot('33-search-message');
  });

  it('suggests the facts of the screenshot beside where each was read, and applies the time only when asked', async () => {
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    await page.getByTestId('search').fill('');
    const row = page.locator('.row', { hasText: 'Screenshot_20250901-120000.png' });
    await row.click();
    const panel = page.getByTestId('evidence-panel');
    const facts = panel.getByTestId('suggestions');
    await facts.locator('[data-fact="time"]').waitFor();
    expect(await facts.locator('[data-fact="amount"] .fact-value').textContent()).toBe('−CN¥39.90');
    expect(await facts.locator('[data-fact="time"] .fact-value').textContent()).toBe(
      'Aug 27, 2025, 08:01:12',
    );
    expect(await facts.locator('[data-fact="counterparty"] .fact-value').textContent()).toBe('元保保险经纪');
    expect(await facts.locator('[data-fact="orderId"] .fact-value').textContent()).toBe(
      '2025082722001400001234',
    );
    // Each fact beside a crop of the picture where it was read.
    expect(await facts.locator('.crop img').count()).toBe(4);
    await panel.getByText('Text read from the image').click();
    expect(await panel.getByTestId('ocr-text').locator('pre').textContent()).toContain('支付时间');
    // Nothing was applied by merely reading.
    const item = locker
      .listEvidence(caseId)
      .find((e) => e.originalName === 'Screenshot_20250901-120000.png')!;
    expect(locker.getEvidence(item.id).occurredSource).toBe('filename');
    await facts.locator('[data-fact="time"]').hover();
    await panel.getByTestId('found-box').first().waitFor();
    await shot('34-suggestions');

    // The item was filed on 1 September (its file name): the screen says 27 August, and moves it there.
    const titles = () => page.locator('.row .row-title').allTextContents();
    const before = await titles();
    await facts
      .locator('[data-fact="time"]')
      .getByRole('button', { name: /Use this/ })
      .click();
    await facts.locator('[data-fact="time"]').getByText('Added').waitFor();
    await expect
      .poll(async () => (await titles()).indexOf('Screenshot_20250901-120000.png'))
      .toBeLessThan(before.indexOf('Screenshot_20250901-120000.png'));
    expect(locker.getEvidence(item.id)).toMatchObject({
      occurredUtc: '2025-08-27T00:01:12.000Z',
      occurredSource: 'user',
    });

    // The order number goes into the notes, as the text next to its button says.
    await facts
      .locator('[data-fact="orderId"]')
      .getByRole('button', { name: /Use this/ })
      .click();
    await facts.locator('[data-fact="orderId"]').getByText('Added').waitFor();
    expect(locker.getEvidence(item.id).notes).toBe(
      'Order number (read from the picture): 2025082722001400001234',
    );

    await panel.getByText('Proof details').click();
    const history = panel.getByTestId('history');
    await history.getByText('Aug 27, 2025, 08:01:12').waitFor();
    expect(locker.custodyLog({ subjectId: item.id }).map((e) => e.action)).toEqual([
      'evidence.add',
      'evidence.edit',
      'evidence.edit',
    ]);
    await history.scrollIntoViewIfNeeded();
    await shot('35-suggestion-history');

    // In Chinese: the same facts, in plain words.
    await page.getByTestId('language').selectOption('zh-CN');
    await facts.getByText('从这张图片中识别到').waitFor();
    await facts.locator('[data-fact="counterparty"]').scrollIntoViewIfNeeded();
    await shot('37-suggestions-zh');
    await page.getByTestId('language').selectOption('en');
    await facts.getByText('Read from this picture').waitFor();
  });

  it('switches reading off and on in Settings', async () => {
    await page.getByTestId('settings').click();
    const toggle = page.getByTestId('ocr-switch');
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await expect.poll(() => isOcrEnabled(locker)).toBe(false);
    await shot('36-settings');
    await toggle.check();
    await expect.poll(() => isOcrEnabled(locker)).toBe(true);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
