import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addContact } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { alipayBill, bocStatement, wechatBill } from '../helpers/seed-story.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The Chinese interface speaks Chinese (issue 17, item 7): every case screen is walked in zh-CN at 1280×720 and
 * 1440×900 and its visible text scanned for Latin-script words. What may stay: the user's own data (file names,
 * order numbers, e-mail addresses read from the bills), short codes such as CSV, PDF or SHA-256, and the
 * language picker's "English". No "CSV text", "Asia/Shanghai", "CNY" or English "(s)" plurals; one term for a
 * disputed charge (有异议, never 有争议).
 */

const NOW = new Date('2025-09-10T02:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
const FILES = {
  'alipay.csv': alipayBill(),
  'wechat.csv': wechatBill(),
  'boc.csv': bocStatement(),
};
/** Words a user may see in Chinese: product names, the language picker, and unit symbols as Intl writes them. */
const ALLOWED = new Set(['English', 'Excel', 'Word', 'WebP', 'Ctrl', 'kB']);

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let dataWords: Set<string>;
const pageErrors: string[] = [];

const latinWords = (text: string) => text.match(/[A-Za-z][A-Za-z0-9_.@*-]*/g) ?? [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-lang-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  const caseId = (
    await locker.createCase({ title: '元保自动扣款', counterparty: '元保', account: '中国银行储蓄卡(3167)' })
  ).id;
  const paths = Object.entries(FILES).map(([name, bytes]) => {
    const file = path.join(work, name);
    writeFileSync(file, bytes);
    return file;
  });
  await addPaths(locker, caseId, paths);
  await disputeTransactions(locker, caseId, { match: '元保' });
  await addContact(locker, caseId, { party: 'platform', at: '2025-08-20 10:00', ticket: '工单1' });
  // The user's own data may be in any script: what the bills say is shown as they say it.
  dataWords = new Set(
    [...Object.keys(FILES), ...Object.values(FILES).map((b) => b.toString('latin1'))].flatMap((s) =>
      latinWords(s).flatMap((w) => [w, ...w.split(/[.@*_-]+/)]),
    ),
  );
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The Latin-script words on screen that are neither the user's data nor an allowed code. */
async function leftovers(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const words = latinWords(text)
    .map((w) => w.replace(/[.\-_*]+$/, ''))
    .filter((w) => w && !dataWords.has(w) && !ALLOWED.has(w))
    // Short codes: CSV, PDF, ZIP, OCR, SHA-256, 12315…
    .filter((w) => !/^[A-Z][A-Z0-9]{1,5}$/.test(w));
  return [...new Set(words)];
}

describe.each(SIZES)('the Chinese screens at $width×$height', (size) => {
  const tag = `${size.width}x${size.height}`;

  it('show no English words, raw zone or currency codes, and one term for a disputed charge', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
    const page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(bridge.url);
    await page.getByTestId('plan').waitFor();
    const section = (name: string) =>
      page.getByRole('navigation', { name: '案件' }).getByRole('button', { name, exact: true }).click();
    const found: Record<string, string[]> = {};
    const visit = async (name: string, ready: () => Promise<unknown>) => {
      await ready();
      const text = await page.locator('body').innerText();
      expect(text, name).not.toContain('有争议');
      expect(text, name).not.toMatch(/Asia\/|\bCNY\b|\(s\)/);
      const left = await leftovers(page);
      if (left.length) found[name] = left;
      await page.screenshot({ path: path.join(SCREENS, `s7-${name}-${tag}.png`) });
    };
    await visit('overview', () => page.getByTestId('deadlines').waitFor());
    await section('时间线');
    await visit('timeline', () => page.locator('.row').first().waitFor());
    await page.getByRole('button', { name: '证据', exact: true }).click();
    await page.locator('.row', { hasText: 'alipay.csv' }).click();
    await visit('panel', () => page.getByTestId('item-transactions').waitFor());
    await section('扣款');
    await visit('charges', () => page.locator('.charges-table').waitFor());
    await section('扣款协议');
    await visit('agreements', () => page.getByTestId('agreements').waitFor());
    await section('投诉');
    await visit('complaint', () => page.getByTestId('complaint').waitFor());
    await section('导出');
    await visit('export', () => page.getByTestId('readiness').waitFor());
    expect(found).toEqual({});
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
