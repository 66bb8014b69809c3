import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { insertEvent } from '../../db/queries/events.ts';
import { Locker } from '../../electron/services/locker.ts';

/*
 * The app end to end: the real renderer build, served by the real loopback bridge over a real locker, driven
 * in Debian's Chromium. Screenshots of each main screen land in test-output/screens/ to be looked at.
 */

const root = path.resolve(import.meta.dirname, '../..');
const screens = path.join(root, 'test-output', 'screens');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

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
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: rendererDir },
  });
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
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
    await panel.getByRole('button', { name: 'Show each file' }).click();
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

  it('searches titles and references', async () => {
    await page.getByTestId('search').fill('12345');
    await expect
      .poll(() => page.locator('.row .row-title').allTextContents())
      .toEqual(['Called 95188, they promised a refund']);
    await page.getByTestId('search').fill('0826');
    await expect
      .poll(() => page.locator('.row .row-title').allTextContents())
      .toEqual(['Screenshot_20250826-210501.png']);
    expect(await page.locator('.row mark').textContent()).toBe('0826');
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

describe('the loopback bridge', () => {
  it('refuses API and file requests without the token', async () => {
    const id = locker.listEvidence(locker.listCases()[0]!.id)[0]!.id;
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
    const bigBridge = await startBridge({ locker: big, rendererDir, log: () => undefined });
    const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    // Reopen straight on the timeline, as the app does for a user who left it there.
    await ctx.addInitScript({
      content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
        JSON.stringify({ caseId: c.id, section: 'timeline' }),
      )});`,
    });
    const p = await ctx.newPage();
    try {
      await p.goto(bigBridge.url);
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
      await p.getByTestId('search').fill('Charge notice 9999');
      await p.locator('.row', { hasText: 'Charge notice 9999' }).waitFor();
      await p.getByTestId('search').fill('');
      await p.locator('.row').first().click();
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('ArrowDown');
      await p.locator('.row.selected', { hasText: 'Charge notice 2 ' }).waitFor();
    } finally {
      await ctx.close();
      await bigBridge.close();
      big.close();
    }
  });
});
