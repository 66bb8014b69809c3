import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { buildRenderer, launchChromium, SCREENS, timelinePage } from './harness.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { insertEvent } from '../../db/queries/events.ts';
import { readRedactions } from '../../electron/services/export/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseSummary } from '../../electron/services/records.ts';
import { gbkFixture, readFixture } from '../importers/helpers.ts';

/*
 * The app end to end: the real renderer build, served by the real loopback bridge over a real locker, driven
 * in Debian's Chromium. Screenshots of each main screen land in test-output/screens/ to be looked at.
 */

const screens = SCREENS;

let work: string;
let rendererDir: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** A phone-screenshot-like PNG with a header bar and a few lines, so thumbnails look like something. */
async function screenshotPng(seed: number): Promise<Buffer> {
  const hue = [
    { r: 22, g: 119, b: 255 },
    { r: 7, g: 193, b: 96 },
    { r: 240, g: 130, b: 40 },
  ][seed % 3]!;
  const lines = Array.from({ length: 7 }, (_, i) => ({
    input: {
      create: {
        width: 200 + ((seed * 37 + i * 53) % 100),
        height: 14,
        channels: 3 as const,
        background: '#c9ced6',
      },
    },
    top: 150 + i * 40,
    left: 32,
  }));
  return sharp({ create: { width: 360, height: 720, channels: 3, background: '#f4f5f7' } })
    .composite([
      { input: { create: { width: 360, height: 96, channels: 3, background: hue } }, top: 0, left: 0 },
      ...lines,
    ])
    .png()
    .toBuffer();
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screens, `${name}.png`) });
}

/** The same screen in light, in dark, and at 200 % zoom (a 1280×800 window seen as 640×400). */
async function shotAll(name: string): Promise<void> {
  await shot(`${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(`${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 640, height: 400 });
  await shot(`${name}-zoom200`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * An Alipay bill (GBK, as Alipay writes it) with six monthly 元保 auto-debits, the last at a higher price:
 * the export's own preamble and header from the fixture, rows made here.
 */
function yuanbaoBill(): Buffer {
  const fixture = readFixture('alipay-2023.utf8.csv').toString('utf8').split('\n');
  const header = fixture.slice(0, fixture.findIndex((l) => l.startsWith('交易时间')) + 1);
  const rows = [1, 2, 3, 4, 5, 6].map((m) => {
    const amount = m === 6 ? '49.90' : '39.90';
    return `2023-0${m}-15 08:00:00,保险,元保,yb***@example.com,元保重疾险-自动续费,支出,${amount},余额,交易成功,20230${m}1522001400${m}00\t,YB20230${m}15\t,,`;
  });
  return iconv.encode([...header, ...rows, ''].join('\n'), 'gbk');
}

function rawRequest(options: http.RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bridge.port, ...options }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-'));
  mkdirSync(screens, { recursive: true });
  rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the app in Chromium over the loopback bridge', () => {
  it('greets a first-time user with three lines and one button', async () => {
    await page.goto(bridge.url);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Keep your proof safe, in one place');
    // The token is taken out of the address bar once read.
    expect(page.url()).not.toContain('token');
    await shot('01-welcome');
  });

  it('creates a case from three questions and leads with the next step', async () => {
    await page.getByRole('button', { name: 'Start a case' }).click();
    await shot('02-new-case');
    await page.getByLabel('What happened, in a few words').fill('Monthly charges I never agreed to');
    await page.getByLabel('Who charged you?').fill('元保');
    await page.getByLabel('Alipay').check();
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByText('Add the screenshots and bills that show the charges.').waitFor();
    expect(await page.locator('.case-sub').textContent()).toBe('元保 · Alipay');
    const cases = locker.listCases();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ counterparty: '元保', paymentMethod: 'alipay', status: 'collecting' });
    await shot('03-overview-empty');
  });

  it('imports files with a result for each: added, already there, could not read', async () => {
    const files = [
      { name: 'Screenshot_20250827-080112.png', mimeType: 'image/png', buffer: await screenshotPng(0) },
      { name: 'Screenshot_20250826-210501.png', mimeType: 'image/png', buffer: await screenshotPng(1) },
      { name: 'Screenshot_20250901-093000.png', mimeType: 'image/png', buffer: await screenshotPng(2) },
      { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
    ];
    const panel = page.getByTestId('import-panel');
    await page.getByTestId('file-input').setInputFiles(files);
    await panel.getByText('3 added · 1 could not be read', { exact: true }).waitFor();
    // The same bytes again, under another name: reported, not filed twice.
    await page.getByTestId('file-input').setInputFiles([
      { name: 'copy of the first.png', mimeType: 'image/png', buffer: await screenshotPng(0) },
      { name: 'Screenshot_20250826-210501.png', mimeType: 'image/png', buffer: await screenshotPng(1) },
      { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
    ]);
    await panel.getByText('2 already there · 1 could not be read', { exact: true }).waitFor();
    // A short list is open at once: each file's line without a click.
    await panel.getByRole('button', { name: 'Hide the list' }).waitFor();
    const list = page.getByTestId('import-list');
    expect(await list.locator('li').count()).toBe(3);
    await list.getByText(/Could not read: the file is empty/).waitFor();
    await shot('04-import-results');
    expect(locker.listEvidence(locker.listCases()[0]!.id).map((e) => e.acquisitionMethod)).toEqual([
      'upload',
      'upload',
      'upload',
    ]);
  });

  it('shows the items on a timeline grouped by day, in the case’s time zone, with thumbnails', async () => {
    await page.getByTestId('import-panel').getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    const rows = page.locator('.row');
    await rows.first().waitFor();
    await expect
      .poll(() => rows.locator('.row-title').allTextContents())
      .toEqual([
        'Screenshot_20250826-210501.png',
        'Screenshot_20250827-080112.png',
        'Screenshot_20250901-093000.png',
      ]);
    expect(await rows.locator('.row-time').allTextContents()).toEqual(['21:05', '08:01', '09:30']);
    expect(await page.locator('.day-header').first().textContent()).toContain('Tuesday, August 26, 2025');
    await expect
      .poll(() =>
        rows.locator('img.row-thumb').evaluateAll((imgs) =>
          imgs.every((i) => {
            const img = i as unknown as { complete: boolean; naturalWidth: number };
            return img.complete && img.naturalWidth > 0;
          }),
        ),
      )
      .toBe(true);
    await shot('05-timeline');
  });

  it('edits a date: the item moves on the timeline and the edit is in its history', async () => {
    await page.locator('.row', { hasText: 'Screenshot_20250901-093000.png' }).click();
    const panel = page.getByTestId('evidence-panel');
    await panel.getByLabel('Title').fill('Alipay deduction screen');
    await panel.getByLabel('When it happened').fill('2025-08-20T10:00:00');
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await panel.getByText('Saved').waitFor();
    await expect
      .poll(() => page.locator('.row .row-title').allTextContents())
      .toEqual([
        'Alipay deduction screen',
        'Screenshot_20250826-210501.png',
        'Screenshot_20250827-080112.png',
      ]);
    await panel.getByText('Proof details').click();
    const history = page.getByTestId('history');
    await history.getByText('Changed').waitFor();
    expect(await history.textContent()).toContain('Aug 20, 2025, 10:00:00');
    const item = locker
      .listEvidence(locker.listCases()[0]!.id)
      .find((e) => e.title === 'Alipay deduction screen')!;
    expect(item).toMatchObject({ occurredUtc: '2025-08-20T02:00:00.000Z', occurredSource: 'user' });
    expect(locker.custodyLog({ subjectId: item.id }).map((e) => e.action)).toEqual([
      'evidence.add',
      'evidence.edit',
    ]);
    await shot('06-evidence-detail');
    await history.scrollIntoViewIfNeeded();
    await shot('06b-proof-details');
  });

  it('adds a call to the timeline', async () => {
    await page.getByRole('button', { name: 'Add a call or deadline' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What happened').fill('Called 95188, they promised a refund');
    await dialog.getByLabel('When').fill('2025-08-28T10:30');
    await dialog.getByLabel('Ticket or reference number').fill('12345');
    await shot('07-add-event');
    await dialog.getByRole('button', { name: 'Add to timeline' }).click();
    await page.locator('.row', { hasText: 'Called 95188' }).waitFor();
    expect(await page.locator('.row .row-title').count()).toBe(4);
  });

  it('searches titles and references, in one list of results', async () => {
    const titles = () => page.locator('.search-hit .search-hit-title').allTextContents();
    await page.getByTestId('search').fill('12345');
    await expect.poll(titles).toEqual(['Called 95188, they promised a refund']);
    // The results are the one list: the timeline is not filtered beneath them.
    expect(await page.locator('.row').count()).toBe(0);
    await page.getByTestId('search').fill('0826');
    await expect.poll(titles).toContain('Screenshot_20250826-210501.png');
    expect(await page.locator('.search-hit mark').first().textContent()).toBe('0826');
    await shot('08-search');
    await page.getByTestId('search').fill('');
  });

  it('switches to Chinese and back', async () => {
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('button', { name: '时间线', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.day-header').first().textContent()).toContain('2025年8月20日星期三');
    await shot('09-timeline-zh');
    await page.getByRole('button', { name: '概览', exact: true }).click();
    await page.getByText('下一步', { exact: true }).waitFor();
    await shot('10-overview-zh');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('11-overview-zh-dark');
    await page.getByRole('button', { name: '时间线', exact: true }).click();
    await page.locator('.row').first().click();
    await shot('12-timeline-zh-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('button', { name: 'Timeline', exact: true }).waitFor();
  });

  it('stays usable at 200 % zoom (a 1280×800 window seen as 640×400)', async () => {
    await page.setViewportSize({ width: 640, height: 400 });
    try {
      await page.keyboard.press('Escape');
      await page.getByTestId('evidence-panel').waitFor({ state: 'detached' });
      await shot('13-zoom-200-timeline');
      await page.locator('.row').first().click();
      // On a narrow window the detail panel becomes a full view, closable.
      await shot('14-zoom-200-detail');
      await page.getByTestId('evidence-panel').getByRole('button', { name: 'Close' }).click();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('defaults to Chinese on a Chinese system', async () => {
    const zh = await browser.newContext({ locale: 'zh-CN' });
    const p = await zh.newPage();
    await p.goto(bridge.url);
    await p.getByText('下一步', { exact: true }).waitFor();
    await zh.close();
  });

  it('logged no errors and no CSP violations in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('charges, messages, redaction and the packet', () => {
  let downloadPath = '';

  it('files a bill and a chat through the upload and shows the charges with their series', async () => {
    await page.getByRole('button', { name: 'Charges', exact: true }).click();
    await page.getByText(/No charges yet/).waitFor();
    await page.getByTestId('file-input').setInputFiles([
      {
        name: 'alipay_record_20230401.csv',
        mimeType: 'text/csv',
        buffer: gbkFixture('alipay-2023.utf8.csv'),
      },
      { name: 'alipay_record_yuanbao.csv', mimeType: 'text/csv', buffer: yuanbaoBill() },
      {
        name: 'WhatsApp Chat with Ana.txt',
        mimeType: 'text/plain',
        buffer: readFixture('whatsapp-android-dmy.txt'),
      },
    ]);
    await page.getByTestId('import-panel').getByText('3 added', { exact: true }).waitFor();
    await page.getByTestId('import-panel').getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page.getByText('Your bills are in. Mark the charges you never agreed to as disputed.').waitFor();
    await page.getByRole('button', { name: 'Open the charges' }).first().click();
    const series = page.getByTestId('series');
    await series.getByText('元保', { exact: true }).waitFor();
    expect(await series.textContent()).toContain('6 charges, every month');
    expect(await series.textContent()).toContain('Price changed from CN¥39.90 to CN¥49.90');
    await page.getByTestId('totals').getByText('No charge is disputed yet.').waitFor();
    // Time in the case's zone, amounts through Intl, the source named with its line.
    const lunch = page.locator('tr', { hasText: '某某餐厅' });
    expect(await lunch.locator('.c-time').textContent()).toBe('Mar 5, 2023 12:30');
    // Money out is signed; the file is a short badge, its row named in full on hover.
    expect(await lunch.locator('.c-amount').textContent()).toBe('−CN¥38.50');
    expect(await lunch.locator('.c-source').textContent()).toBe('Alipay');
    expect(await lunch.locator('.source-badges').getAttribute('title')).toMatch(
      /^alipay_record_20230401\.csv, line \d+$/,
    );
    // The columns fill the table's card, to its right edge (its 1 px border aside).
    const edges = await page.evaluate<{ card: number; table: number }>(`(() => {
      const card = document.querySelector('.charges-table');
      return {
        card: card.getBoundingClientRect().right,
        table: card.querySelector('table').getBoundingClientRect().right,
      };
    })()`);
    expect(edges.card - edges.table).toBeLessThanOrEqual(2);
  });

  it('disputes a row and a series, and the totals follow', async () => {
    const caseId = locker.listCases()[0]!.id;
    await page.getByRole('checkbox', { name: /^Dispute this charge: 某某餐厅/ }).check();
    await expect.poll(() => page.getByTestId('charged-CNY').textContent()).toBe('CN¥38.50');
    await page.getByRole('button', { name: 'Dispute all 6 charges' }).click();
    await expect.poll(() => page.getByTestId('charged-CNY').textContent()).toBe('CN¥287.90');
    expect(await page.getByTestId('outstanding-CNY').textContent()).toBe('CN¥287.90');
    expect(caseSummary(locker, caseId).disputed.totals).toEqual([
      { currency: 'CNY', count: 7, charged: '287.90', refunded: '0.00', outstanding: '287.90' },
    ]);
    expect(await page.locator('tr.is-disputed').count()).toBe(7);
    await page.getByTestId('charges-filter').fill('元保');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(6);
    await page.getByTestId('charges-filter').fill('');
    await page.getByLabel('Disputed only').check();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(7);
    await shotAll('15-charges');
    await page.getByLabel('Disputed only').uncheck();
    // The overview carries the same totals, and the next step moves on to contacting the company.
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page.getByTestId('overview-totals').getByText('CN¥287.90').first().waitFor();
    await shot('15b-overview-totals');
  });

  it('stars a message and it stands on the timeline', async () => {
    await page.getByRole('button', { name: 'Messages', exact: true }).click();
    const message = page.locator('.message', { hasText: 'Did you get the receipt?' });
    await message.waitFor();
    expect(await page.locator('.day-header').first().textContent()).toContain('Wednesday, January 30, 2019');
    await message.getByRole('button', { name: 'Star this message' }).click();
    await message.getByRole('button', { name: 'Remove the star' }).waitFor();
    await shotAll('16-messages');
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    await page.getByTestId('timeline-chips').getByRole('button', { name: 'Key messages' }).click();
    await expect
      .poll(() => page.locator('.row .row-title').allTextContents())
      .toEqual(['Ana: Did you get the receipt?']);
    await page.getByTestId('timeline-chips').getByRole('button', { name: 'Charges' }).click();
    await expect.poll(() => page.locator('.row .row-title').count()).toBe(7);
    expect(await page.locator('.row .badge.disputed').count()).toBe(7);
    expect(await page.locator('.row .row-amount').first().textContent()).toBe('CN¥39.90');
    await shotAll('17-timeline-charges');
    await page.getByTestId('timeline-chips').getByRole('button', { name: 'All', exact: true }).click();
  });

  it('draws a redaction box on a screenshot, lists it and saves it to the custody log', async () => {
    // The timeline is virtualised and now starts in 2019: search finds the screenshot and opens it.
    await page.getByTestId('search').fill('Screenshot_20250827');
    await page.locator('.search-hit', { hasText: 'Screenshot_20250827-080112.png' }).first().click();
    await page.getByTestId('search').fill('');
    const panel = page.getByTestId('evidence-panel');
    await panel.getByRole('button', { name: 'Black out parts' }).click();
    await panel.getByText(/The original is never changed/).waitFor();
    const img = panel.getByTestId('redaction-stage').locator('img');
    await expect
      .poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(360);
    const box = (await img.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.2, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3, { steps: 4 });
    await page.mouse.up();
    await panel.getByText('Box 1').waitFor();
    // A second box, then removed again: the list edits before anything is saved.
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.7, { steps: 4 });
    await page.mouse.up();
    await panel.getByText('Box 2').waitFor();
    await panel.getByRole('button', { name: 'Remove' }).nth(1).click();
    await shotAll('18-redaction');
    await panel.getByRole('button', { name: 'Save the boxes' }).click();
    await panel.getByText('Saved. These parts will be black in the export.').waitFor();
    const item = locker
      .listEvidence(locker.listCases()[0]!.id)
      .find((e) => e.originalName === 'Screenshot_20250827-080112.png')!;
    // Pixels of the 360×720 image, whatever size the panel showed it at.
    const [saved] = await readRedactions(locker, item.id);
    expect(saved!.x).toBeGreaterThanOrEqual(34);
    expect(saved!.x).toBeLessThanOrEqual(38);
    expect(saved!.y).toBeGreaterThanOrEqual(70);
    expect(saved!.y).toBeLessThanOrEqual(74);
    expect(saved!.width).toBeGreaterThanOrEqual(178);
    expect(saved!.width).toBeLessThanOrEqual(182);
    expect(saved!.height).toBeGreaterThanOrEqual(142);
    expect(saved!.height).toBeLessThanOrEqual(146);
    expect(locker.custodyLog({ subjectId: item.id }).map((e) => e.action)).toContain('evidence.redact');
    await panel.getByText('Proof details').click();
    await page.getByTestId('history').getByText('Parts blacked out for export').waitFor();
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.getByRole('button', { name: 'Close' }).click();
  });

  it('renames the case and archives it, then brings it back', async () => {
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Case name').fill('元保 auto-debits');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.case-title').textContent()).toBe('元保 auto-debits');
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive the case' }).click();
    await page.getByRole('heading', { level: 1, name: 'Keep your proof safe, in one place' }).waitFor();
    expect(locker.listCases()).toEqual([]);
    await page.getByText('Archived cases').click();
    await page.getByRole('button', { name: /元保 auto-debits/ }).click();
    await page.getByTestId('archived-banner').getByRole('button', { name: 'Bring back' }).click();
    await page.getByTestId('archived-banner').waitFor({ state: 'detached' });
    expect(locker.listCases().map((c) => c.title)).toEqual(['元保 auto-debits']);
  });

  it('exports a packet in Chinese from an edited letter and downloads it', async () => {
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('button', { name: '导出', exact: true }).click();
    await page.getByLabel('你的银行或支付平台').check();
    await page.getByLabel('中文', { exact: true }).check();
    const letter = page.getByTestId('letter');
    await expect.poll(() => letter.inputValue()).toContain('元保');
    await letter.fill(`${await letter.inputValue()}\n补充说明：我从未同意自动续费。`);
    await shotAll('19-export');
    await page.getByRole('button', { name: '生成材料包' }).click();
    const result = page.getByTestId('export-result');
    await result.waitFor({ timeout: 30_000 });
    const link = result.getByRole('link', { name: '下载' }).first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^EL-\d{8}-[0-9A-F]{8}\.pdf$/);
    downloadPath = path.join(work, download.suggestedFilename());
    await download.saveAs(downloadPath);
    const info = execFileSync('pdfinfo', [downloadPath], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(0);
    const text = execFileSync('pdftotext', [downloadPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    const shot0 = locker
      .listEvidence(locker.listCases()[0]!.id)
      .find((e) => e.originalName === 'Screenshot_20250827-080112.png')!;
    expect(text).toContain(shot0.sha256);
    expect(text).toContain('我从未同意自动续费');
    // What the page showed is what was written.
    const sha = createHash('sha256').update(readFileSync(downloadPath)).digest('hex');
    expect(await result.textContent()).toContain(sha);
    await result.getByText('指纹（SHA-256）').click();
    await shotAll('20-export-done');
    expect(locker.custodyLog().at(-1)?.action).toBe('case.export');
    await page.getByTestId('language').selectOption('en');
  });

  it('serves the packet by its download id only, as an attachment, with the token', async () => {
    const href = await page.getByTestId('export-result').getByRole('link').first().getAttribute('href');
    const id = /\/files\/export\/([0-9a-f]{32})\?/.exec(href ?? '')?.[1];
    expect(id).toBeTruthy();
    const ok = await fetch(`${bridge.origin}/files/export/${id}?token=${bridge.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="EL-/);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await ok.arrayBuffer()).equals(readFileSync(downloadPath))).toBe(true);
    expect((await fetch(`${bridge.origin}/files/export/${id}`)).status).toBe(403);
    expect(await rawRequest({ path: `/files/export/${'0'.repeat(32)}?token=${bridge.token}` })).toBe(404);
    expect(await rawRequest({ path: `/files/export/..%2f..%2flocker.db?token=${bridge.token}` })).toBe(404);
    expect(await rawRequest({ path: `/files/export/${id}/x?token=${bridge.token}` })).toBe(404);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('the loopback bridge', () => {
  it('refuses API and file requests without the token', async () => {
    const id = locker.listEvidence(locker.listCases()[0]!.id).find((e) => e.mime.startsWith('image/'))!.id;
    const noToken = await fetch(`${bridge.origin}/api/case:list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(403);
    const wrongToken = await fetch(`${bridge.origin}/api/case:list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Locker-Token': 'x'.repeat(43) },
      body: '{}',
    });
    expect(wrongToken.status).toBe(403);
    expect((await fetch(`${bridge.origin}/files/thumb/${id}`)).status).toBe(403);
    const thumb = await fetch(`${bridge.origin}/files/thumb/${id}?token=${bridge.token}`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(thumb.headers.get('x-content-type-options')).toBe('nosniff');
    expect(thumb.headers.get('cache-control')).toBe('no-store');
  });

  it('answers several declared calls in one request, each as its own route would, and nothing else', async () => {
    const batch = (body: unknown, headers: Record<string, string> = { 'X-Locker-Token': bridge.token }) =>
      fetch(`${bridge.origin}/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const one = async (name: string, input: unknown) =>
      (
        await fetch(`${bridge.origin}/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Locker-Token': bridge.token },
          body: JSON.stringify(input),
        })
      ).json();
    const caseId = locker.listCases()[0]!.id;
    const asked = [
      { name: 'case:list', input: { includeArchived: true } },
      { name: 'timeline:get', input: { caseId, first: 2 } },
      { name: 'case:get', input: { id: 'case_nope' } },
    ];
    const answered = await batch(asked);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('cache-control')).toBe('no-store');
    const results = (await answered.json()) as { ok: boolean }[];
    // In order, each the Result its own route gives: a value, or the same refusal (an unknown case).
    expect(results).toEqual(await Promise.all(asked.map(({ name, input }) => one(name, input))));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    // The token is checked as on every API route; only declared calls, at most eight, are batched.
    expect((await batch(asked, {})).status).toBe(403);
    expect((await batch(asked, { 'X-Locker-Token': 'x'.repeat(43) })).status).toBe(403);
    expect((await batch([{ name: 'import:begin', input: { caseId } }])).status).toBe(400);
    expect((await batch([{ name: 'nope:nope', input: {} }])).status).toBe(400);
    expect((await batch([])).status).toBe(400);
    expect((await batch(Array.from({ length: 9 }, () => asked[0]))).status).toBe(400);
    expect((await batch({ name: 'case:list', input: {} })).status).toBe(400);
  });

  it('lets the browser keep the hashed scripts and styles for good, and asks for the page itself every time', async () => {
    const html = await fetch(`${bridge.origin}/`);
    expect(html.headers.get('cache-control')).toBe('no-store');
    const text = await html.text();
    const assets = [...text.matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) {
      const r = await fetch(`${bridge.origin}${asset}`);
      expect(r.status, asset).toBe(200);
      expect(r.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
    }
    // Not hashed: may change with the next build, so never kept.
    expect((await fetch(`${bridge.origin}/boot.js`)).headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a Host that is not 127.0.0.1:port (DNS rebinding)', async () => {
    expect(await rawRequest({ path: '/', headers: { Host: 'evil.example' } })).toBe(403);
    expect(await rawRequest({ path: '/', headers: { Host: `localhost:${bridge.port}` } })).toBe(403);
    expect(
      await rawRequest({
        path: `/api/case:list?token=${bridge.token}`,
        method: 'POST',
        headers: { Host: `evil.example:${bridge.port}`, 'Content-Type': 'application/json' },
      }),
    ).toBe(403);
    expect(await rawRequest({ path: '/', headers: { Host: `127.0.0.1:${bridge.port}` } })).toBe(200);
  });

  it('refuses another origin, paths out of the build, and files by anything but an id', async () => {
    const post = await fetch(`${bridge.origin}/api/case:list`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Locker-Token': bridge.token,
        Origin: 'http://evil.example',
      },
      body: '{}',
    });
    expect(post.status).toBe(403);
    expect(await rawRequest({ path: '/%2e%2e/%2e%2e/etc/passwd' })).toBe(404);
    expect(await rawRequest({ path: `/files/original/..%2f..%2flocker.db?token=${bridge.token}` })).toBe(404);
    expect(await rawRequest({ path: `/files/original/ev_nope?token=${bridge.token}` })).toBe(404);
  });
});

describe('a case of 10,000 events', () => {
  it('paints the first rows soon after the page loads, finds the last by search, moves by keyboard', async () => {
    const big = await Locker.open(path.join(work, 'big'), { actor: 'app' });
    const c = await big.createCase({ title: '10,000 events', counterparty: '元保' });
    // One transaction, each row with its custody entry, as the locker itself writes them.
    big.write((log) => {
      const start = Date.UTC(2024, 0, 1);
      for (let i = 0; i < 10_000; i++) {
        const id = `evt_${String(i).padStart(6, '0')}`;
        insertEvent(big.db, {
          id,
          caseId: c.id,
          kind: i % 10 === 0 ? 'call' : 'message',
          title: `Charge notice ${i} 扣款通知`,
          notes: '',
          reference: i % 7 === 0 ? `T${i}` : '',
          occurredUtc: new Date(start + i * 47 * 60_000).toISOString(),
          occurredOffset: 480,
          evidenceId: null,
          createdAt: big.now(),
          deletedAt: null,
        });
        log({ action: 'event.add', caseId: c.id, subjectId: id, details: { title: `Charge notice ${i}` } });
      }
    });
    const { page: p, url, close } = await timelinePage(browser, big, rendererDir, c.id);
    // What the page asks the bridge, by call and input, one at a time or several in one request.
    const asked: string[] = [];
    const batches: string[][] = [];
    p.on('request', (r) => {
      const call = /\/api\/([^?]+)/.exec(r.url())?.[1];
      if (call) asked.push(`${decodeURIComponent(call)} ${r.postData() ?? ''}`);
      if (new URL(r.url()).pathname === '/batch') {
        const calls = (r.postDataJSON() as { name: string; input: unknown }[]).map(
          ({ name, input }) => `${name} ${JSON.stringify(input)}`,
        );
        batches.push(calls);
        asked.push(...calls);
      }
    });
    try {
      await p.goto(url);
      await p.locator('.row').first().waitFor();
      const paintedAt = await p.evaluate<number>(
        'new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))',
      );
      console.log(
        `10,000-event timeline: first rows painted ${Math.round(paintedAt)} ms after navigation start`,
      );
      expect(paintedAt).toBeLessThan(5000);
      // Virtualised: only a screenful of rows is in the page, whatever the length.
      expect(await p.locator('.row').count()).toBeLessThan(80);
      // The first rows come ahead of the rest; then the list holds all of them, the last one a scroll away.
      await p.locator('.timeline .toolbar [aria-live]', { hasText: '10000 items' }).waitFor();
      const last = p.locator('.row', { hasText: 'Charge notice 9999 ' });
      const scrollTo = (where: string) =>
        p.evaluate(`document.querySelector('[data-testid=virtuoso-scroller]').scrollTo({ top: ${where} })`);
      await expect
        .poll(async () => {
          await scrollTo('1e9');
          return last.count();
        })
        .toBe(1);
      await scrollTo('0');
      // The first screen's questions were asked by boot.js before the app's script ran, all in one request,
      // and the app took those answers rather than asking again: each was asked once, none is left untaken.
      const first = ['locker:status {}', 'case:list {"includeArchived":true}'];
      first.push(
        `timeline:get {"caseId":"${c.id}","first":200}`,
        `plan:get {"caseId":"${c.id}","lang":"en"}`,
      );
      expect(batches).toEqual([first]);
      for (const call of first) expect(asked.filter((a) => a === call)).toHaveLength(1);
      expect(await p.evaluate('window.__lockerBoot instanceof Map && window.__lockerBoot.size')).toBe(0);
      await p.getByTestId('search').fill('Charge notice 9999');
      await p.locator('.search-hit', { hasText: 'Charge notice 9999' }).first().waitFor();
      await p.getByTestId('search').fill('');
      await p.locator('.row').first().click();
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('ArrowDown');
      await p.locator('.row.selected', { hasText: 'Charge notice 2 ' }).waitFor();
    } finally {
      await close();
      big.close();
    }
  });
});

describe('timeline filters', () => {
  it('narrows the timeline by tag, by the file rows came from, and by a range of days', async () => {
    const store = await Locker.open(path.join(work, 'filters'), { actor: 'app' });
    const c = await store.createCase({ title: 'filters', counterparty: '元保' });
    await store.addEvent(c.id, { kind: 'call', occurredAt: '2025-08-20 10:00', title: 'Called the hotline' });
    await store.addEvent(c.id, { kind: 'deadline', occurredAt: '2025-09-16', title: 'Bank must reply' });
    const inbox = path.join(work, 'filters-inbox');
    mkdirSync(inbox, { recursive: true });
    const shot = path.join(inbox, 'Screenshot_20250827-080112.png');
    await sharp({ create: { width: 40, height: 80, channels: 3, background: '#ddd' } })
      .png()
      .toFile(shot);
    const { addPaths } = await import('../../electron/services/intake.ts');
    const [item] = (await addPaths(store, c.id, [shot])).added;
    await store.updateEvidence(item!.id, { tags: ['charge'] });
    const { page: p, url, close } = await timelinePage(browser, store, rendererDir, c.id);
    const titles = async () => (await p.locator('.row .row-title').allInnerTexts()).map((x) => x.trim());
    try {
      await p.goto(url);
      await p.locator('.row').first().waitFor();
      expect(await p.locator('.row').count()).toBe(3);

      await p.getByRole('button', { name: '#charge' }).click();
      await expect.poll(titles).toEqual(['Screenshot_20250827-080112.png']);
      await p.getByRole('button', { name: '#charge' }).click();

      await p.getByTestId('filter-source').selectOption('manual');
      await expect.poll(titles).toEqual(['Called the hotline', 'Bank must reply']);
      await p.getByTestId('filter-source').selectOption('all');

      await p.getByTestId('filter-from').fill('2025-08-21');
      await p.getByTestId('filter-to').fill('2025-08-31');
      await expect.poll(titles).toEqual(['Screenshot_20250827-080112.png']);
      await p.screenshot({ path: path.join(screens, '21-timeline-filters.png') });
      await p.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(async () => p.locator('.row').count()).toBe(3);
    } finally {
      await close();
      store.close();
    }
  });
});

describe('reading an email and a text file in the panel', () => {
  it('shows an email with its headers and body, and a text file as plain text', async () => {
    const store = await Locker.open(path.join(work, 'reading'), { actor: 'app' });
    const c = await store.createCase({ title: 'reading', counterparty: '元保' });
    const inbox = path.join(work, 'reading-inbox');
    mkdirSync(inbox, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      path.join(inbox, 'renewal.eml'),
      [
        'From: "元保客服" <service@yuanbao.example>',
        'To: me@example.com',
        'Subject: 自动续费成功通知',
        'Date: Wed, 27 Aug 2025 08:30:00 +0800',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '您的百万医疗险已自动续费，扣款 39.90 元。<script>alert(1)</script>',
        '',
      ].join('\r\n'),
    );
    writeFileSync(path.join(inbox, 'call-notes.txt'), 'Called 95188 at 10:30, agent promised a refund.\n');
    const { addPaths } = await import('../../electron/services/intake.ts');
    const added = (await addPaths(store, c.id, [inbox])).added;
    const mail = added.find((a) => a.kind === 'email')!;
    const note = added.find((a) => a.path.endsWith('call-notes.txt'))!;
    const { page: p, url, close } = await timelinePage(browser, store, rendererDir, c.id);
    const dialogs: string[] = [];
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await p.goto(url);
      await p.locator('.row', { hasText: mail.title }).click();
      const view = p.getByTestId('mail-view');
      await expect.poll(() => view.innerText()).toContain('自动续费成功通知');
      const text = await view.innerText();
      expect(text).toContain('service@yuanbao.example');
      expect(text).toContain('扣款 39.90 元');
      // The body is shown as text: markup in it is words on the screen, never run.
      expect(text).toContain('<script>alert(1)</script>');
      expect(dialogs).toEqual([]);
      await p.screenshot({ path: path.join(screens, '22-email-view.png') });
      await p.locator('.row', { hasText: note.title }).click();
      await expect.poll(() => p.getByTestId('text-view').innerText()).toContain('agent promised a refund');
    } finally {
      await close();
      store.close();
    }
  });
});
