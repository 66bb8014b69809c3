import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { makePdf, makePng } from '../helpers/images.ts';
import { gbkFixture } from '../importers/helpers.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * Issue 17 items 1 and 2 in Chromium, at 1280×720 and 1440×900: a locked bill is never a dead end ("Not now"
 * leaves it visibly waiting on its line, on the overview's next step and on its item; adding it again, even
 * from the trash, asks again; the same for a locked PDF), and one import keeps one result list in which the
 * opened bill's line is updated in place, its entries listed under it, each bill saying what was read.
 */

const NOW = new Date('2025-09-05T02:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

let work: string;
let rendererDir: string;
let browser: Browser;
const pageErrors: string[] = [];

/** A bill as Alipay mails it: an AES-256 ZIP under a 6-digit password, a GBK CSV and a note inside. */
async function billZip(password: string, note: string): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), {
    useWebWorkers: false,
    password,
    encryptionStrength: 3,
  });
  await writer.add('bill.csv', new Uint8ArrayReader(new Uint8Array(gbkFixture('alipay-2023.utf8.csv'))));
  await writer.add('note.txt', new Uint8ArrayReader(new Uint8Array(Buffer.from(note))));
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

function lockedPdf(password: string): Buffer {
  const plain = path.join(work, 'plain.pdf');
  const locked = path.join(work, 'locked.pdf');
  writeFileSync(plain, makePdf('Card statement 2025-08 total 39.90 CNY'));
  execFileSync('qpdf', ['--encrypt', password, 'owner-secret', '256', '--', plain, locked]);
  return readFileSync(locked);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-locked-'));
  mkdirSync(SCREENS, { recursive: true });
  rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.each(SIZES)('a locked bill at $width×$height', ({ width, height }) => {
  let locker: Locker;
  let bridge: Bridge;
  let page: Page;
  let caseId: string;
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENS, `lb-${width}-${name}.png`) });
  const upload = (files: { name: string; buffer: Buffer; mimeType: string }[]) =>
    page.getByTestId('file-input').setInputFiles(files);
  const line = (name: string) => page.getByTestId('import-line').filter({ hasText: name });

  beforeAll(async () => {
    locker = await Locker.open(path.join(work, `store-${width}`), {
      actor: 'app',
      clock: () => new Date(NOW),
    });
    caseId = (
      await locker.createCase({ title: 'Monthly charges', counterparty: '元保', paymentMethod: 'alipay' })
    ).id;
    bridge = await startBridge({ locker, rendererDir, log: () => undefined });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width, height } });
    await context.addInitScript({
      content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
        JSON.stringify({ caseId, section: 'overview' }),
      )});`,
    });
    page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(bridge.url);
    await page.locator('.next-text').waitFor();
  });

  afterAll(async () => {
    await page?.context().close();
    await bridge?.close();
    locker?.close();
  });

  it('leaves a dismissed bill visibly waiting: on its line, the next step and its item', async () => {
    await upload([
      { name: 'alipay_bill.zip', mimeType: 'application/zip', buffer: await billZip('123456', 'March') },
      { name: 'Screenshot_20250827-080112.png', mimeType: 'image/png', buffer: await makePng(120, 240, 1) },
      { name: 'wechat.txt', mimeType: 'text/plain', buffer: Buffer.from('a note from the call') },
    ]);
    const prompt = page.getByTestId('password-prompt');
    await prompt.getByRole('heading', { name: 'This file is locked with a password' }).waitFor();
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });

    // One line per file: the ZIP is kept and waits, said calmly, with the way on.
    expect(await page.getByTestId('import-summary').textContent()).toBe('3 added · 1 waiting for a password');
    expect(await page.getByTestId('import-line').count()).toBe(3);
    expect(await line('alipay_bill.zip').getByTestId('import-waiting').textContent()).toBe(
      'Waiting for password·Enter password',
    );
    await page.getByTestId('next-waiting').getByText('Waiting for password').waitFor();
    expect(await page.locator('.next-text').textContent()).toContain(
      '“alipay_bill.zip” is locked with a password',
    );
    await page.locator('.next-card').getByRole('button', { name: 'Enter password' }).waitFor();
    await shot('01-waiting-overview');

    // The item says it too, with the same button.
    await line('alipay_bill.zip').getByRole('button', { name: 'alipay_bill.zip' }).click();
    await page.getByTestId('row-waiting').getByText('Waiting for password').waitFor();
    const item = page.getByTestId('item-waiting');
    await item.getByText('Waiting for password').waitFor();
    await shot('02-waiting-item');
    await item.getByRole('button', { name: 'Enter password' }).click();
    await prompt.getByRole('heading', { name: 'This file is locked with a password' }).waitFor();
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });
  });

  it('keeps one result list: the password updates the bill’s line in place and lists what was inside', async () => {
    await line('alipay_bill.zip').getByRole('button', { name: 'Enter password' }).click();
    const prompt = page.getByTestId('password-prompt');
    await prompt.getByLabel('Password').fill('000000');
    await prompt.getByRole('button', { name: 'Open the file' }).click();
    await prompt.getByText('That password did not open it. Check it and try again.').waitFor();
    await prompt.getByLabel('Password').fill('123456');
    await prompt.getByRole('button', { name: 'Open the file' }).click();
    await prompt.waitFor({ state: 'detached' });

    // The other two files are still listed; the ZIP's entries come right under it.
    await expect.poll(() => page.getByTestId('import-line').count()).toBe(5);
    expect(await page.getByTestId('import-line').allTextContents()).toEqual([
      expect.stringMatching(/^alipay_bill\.zipAdded$/),
      expect.stringMatching(/^bill\.csvAdded5 rows · 2 charges · Mar 5, 2023 to Mar 10, 2023$/),
      expect.stringMatching(/^note\.txtAdded/),
      expect.stringMatching(/^Screenshot_20250827-080112\.pngAdded/),
      expect.stringMatching(/^wechat\.txtAdded/),
    ]);
    expect(await page.getByTestId('import-summary').textContent()).toBe('5 added');
    expect(caseTransactions(locker, caseId)).toHaveLength(5);
    await shot('03-opened-in-place');
    // Nothing waits any more: the panel of the item and the next step follow.
    await page.getByTestId('item-waiting').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page.locator('.next-text').waitFor();
    expect(await page.getByTestId('next-waiting').count()).toBe(0);
  });

  it('asks again when the same locked file is added again, even from the trash', async () => {
    const zip = await billZip('654321', 'April');
    await upload([{ name: 'bank.zip', mimeType: 'application/zip', buffer: zip }]);
    const prompt = page.getByTestId('password-prompt');
    await prompt.getByText('“bank.zip” is locked with a password', { exact: false }).waitFor();
    await prompt.getByRole('button', { name: 'Not now' }).click();
    const waiting = locker.listEvidence(caseId).find((e) => e.originalName === 'bank.zip')!;
    await locker.trashEvidence(waiting.id);

    await upload([{ name: 'bank.zip', mimeType: 'application/zip', buffer: zip }]);
    await prompt.getByText('“bank.zip” is locked with a password', { exact: false }).waitFor();
    expect(await line('bank.zip').textContent()).toContain('Already there (in the trash)');
    expect(await line('bank.zip').getByTestId('import-waiting').count()).toBe(1);
    await shot('04-asked-again-from-trash');
    await prompt.getByLabel('Password').fill('654321');
    await prompt.getByRole('button', { name: 'Open the file' }).click();
    await prompt.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('import-line').count()).toBe(3);
    expect(locker.getEvidence(waiting.id).deletedAt).toBeNull();
  });

  it('does the same for a password-protected PDF', async () => {
    await upload([{ name: 'statement.pdf', mimeType: 'application/pdf', buffer: lockedPdf('246810') }]);
    const prompt = page.getByTestId('password-prompt');
    await prompt.getByText('“statement.pdf” is locked with a password', { exact: false }).waitFor();
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });
    await line('statement.pdf').getByTestId('import-waiting').waitFor();
    await page.getByTestId('next-waiting').waitFor();
    await shot('05-pdf-waiting');
    await page.locator('.next-card').getByRole('button', { name: 'Enter password' }).click();
    await prompt.getByLabel('Password').fill('246810');
    await prompt.getByRole('button', { name: 'Open the file' }).click();
    await prompt.waitFor({ state: 'detached' });
    await line('statement.pdf').getByText('Added').waitFor();
    expect(await line('statement.pdf').getByTestId('import-waiting').count()).toBe(0);
    await expect.poll(() => page.getByTestId('next-waiting').count()).toBe(0);
  });

  it('reads the same in Chinese: 等待密码 · 输入密码', async () => {
    await page.getByTestId('language').selectOption('zh-CN');
    await upload([
      { name: '银行流水.zip', mimeType: 'application/zip', buffer: await billZip('112233', '五月') },
    ]);
    const prompt = page.getByTestId('password-prompt');
    await prompt.getByRole('button', { name: '稍后再说' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(await line('银行流水.zip').getByTestId('import-waiting').textContent()).toBe('等待密码·输入密码');
    await page.getByRole('button', { name: '概览', exact: true }).click();
    await page.getByTestId('next-waiting').getByText('等待密码').waitFor();
    await page.locator('.next-card').getByRole('button', { name: '输入密码' }).waitFor();
    await shot('06-waiting-zh');
    await page.getByTestId('language').selectOption('en');
  });
});

describe('the page', () => {
  it('logged no errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
