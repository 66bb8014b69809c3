import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgreement, caseAgreements } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { buildRenderer, launchChromium, SCREENS, timelinePage } from './harness.ts';

/*
 * Issue 4's PDF pages and page of agreements in real Chromium over the loopback bridge: a 2-page PDF filed,
 * opened in the evidence panel, its pages drawn by the locker and loaded as pictures, paged through and
 * switched to its text; a locked PDF said to be locked; agreements listed, one added, one marked closed.
 */

const NOW = new Date('2025-09-05T02:00:00Z');

let work: string;
let locker: Locker;
let browser: Browser;
let page: Page;
let caseId: string;
let close: () => Promise<void>;
let bridgeUrl: string;
const pageErrors: string[] = [];

function makePdf(pages: string[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    pages.forEach((text, i) => {
      doc.addPage();
      doc.fontSize(22).text(`Statement, page ${i + 1}`);
      doc.moveDown().fontSize(12).text(text);
      doc.rect(56, 260 + i * 160, 480, 60).fill(i ? '#3b5bb5' : '#999999');
    });
    doc.end();
  });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

async function shotLightDark(name: string): Promise<void> {
  await shot(`${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(`${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The natural widths of the page pictures that have loaded (0 for one not drawn or failed). */
const loadedWidths = () =>
  page
    .getByTestId('pdf-pages')
    .locator('img')
    .evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-pages-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  caseId = (await locker.createCase({ title: '元保 auto-debit', counterparty: '元保' })).id;
  const files = path.join(work, 'files');
  mkdirSync(files);
  writeFileSync(
    path.join(files, 'bank-statement-2025-08.pdf'),
    await makePdf([
      'Account 6222 **** 1234. Direct debits in August 2025: YUANBAO 39.90 CNY on 2025-08-15.',
      'Page two lists the refunds: none. The disputed debits are marked on page one.',
    ]),
  );
  writeFileSync(
    path.join(files, 'locked-statement.pdf'),
    await makePdf(['Secret'], { userPassword: 'secret', pdfVersion: '1.7ext3' }),
  );
  const filed = await addPaths(locker, caseId, [files]);
  expect(filed.added).toHaveLength(2);
  await addAgreement(locker, caseId, {
    merchant: '元保',
    service: '元保重疾险-自动续费',
    number: '20230315000000012345',
    signedAt: '2023-03-15 08:00',
    paymentMethod: '余额',
  });
  await addAgreement(locker, caseId, {
    merchant: '某视频会员',
    service: '连续包月',
    closedAt: '2025-06-01',
  });

  browser = await launchChromium();
  const opened = await timelinePage(browser, locker, rendererDir, caseId);
  page = opened.page;
  close = opened.close;
  bridgeUrl = opened.url;
  await page.clock.setFixedTime(NOW);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // A locked PDF's pages are never asked for; any failed request is a fault.
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(opened.url);
}, 120_000);

afterAll(async () => {
  await close?.();
  await browser?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a PDF in the evidence panel', () => {
  it('shows its pages as pictures drawn by the locker, pages through them, and switches to the text', async () => {
    await page.locator('.row', { hasText: 'bank-statement-2025-08' }).click();
    const panel = page.getByTestId('evidence-panel');
    const view = panel.getByTestId('pdf-view');
    await view.waitFor();
    expect(await view.getByRole('tab', { name: 'Pages' }).getAttribute('aria-selected')).toBe('true');
    const figures = view.locator('figure.pdf-page');
    expect(await figures.count()).toBe(2);
    expect(await figures.locator('figcaption').allTextContents()).toEqual(['Page 1 of 2', 'Page 2 of 2']);

    // The first page loads as a real picture (the bridge drew it with pdf.js), fitted to the panel.
    await expect.poll(async () => (await loadedWidths())[0] ?? 0).toBeGreaterThan(0);
    const first = view.locator('img').first();
    expect(await first.getAttribute('alt')).toBe('Page 1 of 2');
    expect(await first.getAttribute('src')).toMatch(/^\/files\/page\/ev_[0-9a-z]+\/1\/(\d{3,4})\?token=/);
    const box = await first.boundingBox();
    const frame = await view.getByTestId('pdf-pages').boundingBox();
    expect(box!.width).toBeGreaterThan(frame!.width * 0.8);

    // Next page, by the button and by the keyboard.
    await view.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => view.getByTestId('pdf-current').textContent()).toBe('Page 2 of 2');
    await expect.poll(async () => (await loadedWidths())[1] ?? 0).toBeGreaterThan(0);
    expect(await view.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await view.getByTestId('pdf-pages').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => view.getByTestId('pdf-current').textContent()).toBe('Page 1 of 2');
    await page.keyboard.press('PageDown');
    await expect.poll(() => view.getByTestId('pdf-current').textContent()).toBe('Page 2 of 2');

    // The two pages are two different pictures.
    const srcs = await Promise.all([0, 1].map((i) => view.locator('img').nth(i).getAttribute('src')));
    expect(new Set(srcs).size).toBe(2);
    await page.keyboard.press('Home');
    await shotLightDark('p01-pdf-pages');

    await view.getByRole('tab', { name: 'Text' }).click();
    const text = view.getByTestId('text-view');
    await text.waitFor();
    expect(await text.textContent()).toContain('Direct debits in August 2025');
    expect(await text.textContent()).toContain('Page two lists the refunds');
    expect(await view.getByTestId('pdf-pages').count()).toBe(0);
    await shot('p02-pdf-text-light');
    // The arrow keys move between the two views.
    await view.getByRole('tab', { name: 'Text' }).focus();
    await page.keyboard.press('ArrowLeft');
    await view.getByTestId('pdf-pages').waitFor();
    expect(await view.getByRole('tab', { name: 'Pages' }).getAttribute('aria-selected')).toBe('true');
  });

  it('serves pages over the bridge only with the token, as PNG, and nothing past the last page', async () => {
    const address = new URL(bridgeUrl);
    const token = address.searchParams.get('token')!;
    const id = locker.listEvidence(caseId).find((e) => e.originalName === 'bank-statement-2025-08.pdf')!.id;
    const get = (route: string, withToken = true) =>
      fetch(`${address.origin}${route}${withToken ? `?token=${encodeURIComponent(token)}` : ''}`);
    const ok = await get(`/files/page/${id}/2/600`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const png = Buffer.from(await ok.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(600);
    expect((await get(`/files/page/${id}/2/600`, false)).status).toBe(403);
    for (const route of [
      `/files/page/${id}/3/600`,
      `/files/page/${id}/2`,
      `/files/page/${id}/02/600`,
      `/files/page/${id}/2/600/x`,
      `/files/page/..%2flocker.db/1/600`,
      `/files/original/${id}`,
    ]) {
      expect([route, (await get(route)).status]).toEqual([route, 404]);
    }
  });

  it('says plainly that a password-protected PDF cannot be shown, and asks for no page', async () => {
    const asked: string[] = [];
    const onRequest = (r: { url: () => string }) => asked.push(r.url());
    page.on('request', onRequest);
    await page.locator('.row', { hasText: 'locked-statement' }).click();
    const view = page.getByTestId('evidence-panel').getByTestId('pdf-view');
    await view.getByTestId('pdf-locked').waitFor();
    expect(await view.getByTestId('pdf-locked').textContent()).toContain('locked with a password');
    page.off('request', onRequest);
    expect(asked.filter((u) => u.includes('/files/page/'))).toEqual([]);
    await shot('p03-pdf-locked-light');
  });

  it('keeps the pages readable at 200 % zoom', async () => {
    await page.locator('.row', { hasText: 'bank-statement-2025-08' }).click();
    await page.setViewportSize({ width: 640, height: 400 });
    const view = page.getByTestId('evidence-panel').getByTestId('pdf-view');
    await expect.poll(async () => (await loadedWidths())[0] ?? 0).toBeGreaterThan(0);
    await shot('p04-pdf-pages-zoom200');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await view.getByRole('tab', { name: 'Text' }).isVisible()).toBe(true);
    await page.getByTestId('evidence-panel').getByRole('button', { name: 'Close' }).click();
  });
});

describe('the page of agreements', () => {
  it('lists the agreements with what is known of each', async () => {
    await page.getByRole('button', { name: 'Agreements', exact: true }).click();
    const view = page.getByTestId('agreements');
    await view.getByRole('heading', { name: '元保' }).waitFor();
    const cards = view.getByTestId('agreement');
    expect(await cards.count()).toBe(2);
    const first = cards.filter({ hasText: '元保重疾险' });
    expect(await first.textContent()).toContain('20230315000000012345');
    expect(await first.textContent()).toContain('余额');
    expect(await first.getByTestId('agreement-status').textContent()).toBe('Open (still debiting)');
    const closed = cards.filter({ hasText: '某视频会员' });
    expect(await closed.getByTestId('agreement-status').textContent()).toBe('Closed');
    expect(await closed.getByTestId('agreement-closed-at').textContent()).toBe('Jun 1, 2025');
    // A closed agreement has nothing left to close.
    expect(await closed.getByRole('button', { name: /Mark the agreement/ }).count()).toBe(0);
  });

  it('adds an agreement in a dialog, then marks it closed on a day', async () => {
    const view = page.getByTestId('agreements');
    await view.getByRole('button', { name: 'Add an agreement' }).click();
    const dialog = page.getByTestId('agreement-dialog');
    await dialog.getByRole('button', { name: 'Add the agreement' }).click();
    await dialog.getByText('Enter the merchant').waitFor();
    await dialog.getByLabel('Merchant').fill('轻松保');
    await dialog.getByLabel('Service').fill('轻松保医疗险-自动扣款');
    await dialog.getByLabel('Agreement number (服务协议号)').fill('2024010112345678');
    await dialog.getByLabel('Signed at').fill('2024-01-01T09:30');
    await dialog.getByLabel('Paid with').fill('招商银行储蓄卡(1234)');
    await shotLightDark('p05-agreement-dialog');
    await dialog.getByRole('button', { name: 'Add the agreement' }).click();
    await dialog.waitFor({ state: 'detached' });

    const added = view.getByTestId('agreement').filter({ hasText: '轻松保' });
    await added.waitFor();
    expect(await added.textContent()).toContain('2024010112345678');
    const stored = caseAgreements(locker, caseId).find((a) => a.merchant === '轻松保');
    expect(stored).toMatchObject({
      service: '轻松保医疗险-自动扣款',
      number: '2024010112345678',
      paymentMethod: '招商银行储蓄卡(1234)',
      status: 'active',
      signedUtc: '2024-01-01T01:30:00.000Z',
      closedUtc: null,
    });

    await added.getByRole('button', { name: 'Mark the agreement with 轻松保 closed' }).click();
    const closing = page.getByTestId('agreement-close-dialog');
    // Today in the case's time zone, as the page's clock says.
    expect(await closing.getByLabel('Closed on').inputValue()).toBe('2025-09-05');
    await closing.getByLabel('Closed on').fill('2025-09-03');
    await closing.getByRole('button', { name: 'Mark closed' }).click();
    await closing.waitFor({ state: 'detached' });
    await expect.poll(() => added.getByTestId('agreement-status').textContent()).toBe('Closed');
    expect(await added.getByTestId('agreement-closed-at').textContent()).toBe('Sep 3, 2025');
    const after = caseAgreements(locker, caseId).find((a) => a.merchant === '轻松保');
    expect(after).toMatchObject({ status: 'closed', closedUtc: '2025-09-02T16:00:00.000Z' });
    // Each change is in the custody log.
    const actions = locker.custodyLog({ subjectId: after!.id }).map((e) => e.action);
    expect(actions).toEqual(['agreement.add', 'agreement.edit']);
    await shotLightDark('p06-agreements');
  });

  it('corrects an agreement in the edit dialog', async () => {
    const view = page.getByTestId('agreements');
    await view.getByRole('button', { name: 'Edit the agreement with 元保' }).click();
    const dialog = page.getByTestId('agreement-dialog');
    expect(await dialog.getByLabel('Merchant').inputValue()).toBe('元保');
    expect(await dialog.getByLabel('Signed at').inputValue()).toBe('2023-03-15T08:00');
    await dialog.getByLabel('Paid with').fill('余额宝');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = view.getByTestId('agreement').filter({ hasText: '元保重疾险' });
    await expect.poll(() => card.textContent()).toContain('余额宝');
    const stored = caseAgreements(locker, caseId).find((a) => a.merchant === '元保');
    expect(stored?.paymentMethod).toBe('余额宝');
    // Only the field changed was sent: the signing time is as it was.
    expect(stored?.signedUtc).toBe('2023-03-15T00:00:00.000Z');
  });

  it('is reached from the plan’s step “Stop further debits”', async () => {
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    const step = page.getByTestId('step-stop-debits');
    await step.scrollIntoViewIfNeeded();
    await shot('p08-plan-stop-debits-light');
    await step.getByRole('button', { name: 'Record or close the agreement' }).click();
    await page.getByTestId('agreements').waitFor();
    expect(
      await page.getByRole('button', { name: 'Agreements', exact: true }).getAttribute('aria-current'),
    ).toBe('page');
  });

  it('reads in Chinese', async () => {
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('button', { name: '扣款协议', exact: true }).click();
    await page.getByTestId('agreements').getByText('已关闭').first().waitFor();
    await shot('p07-agreements-zh-light');
    await page.getByTestId('language').selectOption('en');
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
