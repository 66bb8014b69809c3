import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutList } from '../../electron/services/column-map.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { buildRenderer, launchChromium, SCREENS, timelinePage } from './harness.ts';

/*
 * The column map end to end, in the real renderer over the bridge in Debian's Chromium: a bank CSV no importer
 * knows is uploaded, its columns are mapped in the dialog (the sign of two rows confirmed), its rows appear on
 * Charges, and the next month's file of the same layout is read by itself. Then the second file's rows are
 * removed from its panel, and the file stays.
 *
 * The fixture follows the layout of Chinese banks' web-banking downloads (GBK, CRLF, an account preamble above
 * the header, 记账时间 in its own column, 收支 as 支出 / 收入 / 不计收支, a 合计 footer), written here.
 */

const HEADER = '记账日期,记账时间,交易名称,对手信息,收支,发生金额,余额,附言';

function statement(rows: string[]): Buffer {
  const lines = ['某某银行个人账户明细', '账号:,6222 **** **** 1234', '', HEADER, ...rows, '合计,,,,,,,'];
  return iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030');
}

/** Errors the page reports (React's warnings included): there should be none. */
function pageErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

let work: string;
let locker: Locker;
let browser: Browser;
let caseId: string;
let rendererDir: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-colmap-'));
  mkdirSync(SCREENS, { recursive: true });
  rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  locker?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the column map', () => {
  it('maps an unknown CSV, shows its rows on Charges, and reads the next file of that layout by itself', async () => {
    const { page, url, close } = await timelinePage(browser, locker, rendererDir, caseId);
    const errors = pageErrorsOf(page);
    try {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(url);
      await page.getByTestId('file-input').setInputFiles([
        {
          name: '账户明细-2024-01.csv',
          mimeType: 'text/csv',
          buffer: statement([
            '2024-01-03,17:57:17,快捷支付,元保保险经纪,支出,39.90,1000.00,----------',
            '2024-01-05,08:01:02,工资,某某科技有限公司,收入,"8,000.00",9000.00,一月工资',
            '2024-01-06,12:00:00,转账,本人,不计收支,100.00,9000.00,',
            '2024-02-03,17:57:20,快捷支付,元保保险经纪,支出,39.90,8960.10,',
          ]),
        },
      ]);
      const panel = page.getByTestId('import-panel');
      await panel.getByText('1 added', { exact: true }).waitFor();
      await panel.getByRole('button', { name: 'Map columns…' }).click();

      const dialog = page.getByTestId('column-map-dialog');
      await dialog.getByText('Preview: 4 rows will be read').waitFor();
      // The header row was found by its content, below the account preamble.
      expect(await dialog.getByLabel('Header row').inputValue()).toBe('4');
      // The roles proposed from the header and the cells below it.
      expect(await dialog.getByLabel('What column “记账日期” holds').inputValue()).toBe('date');
      expect(await dialog.getByLabel('What column “记账时间” holds').inputValue()).toBe('time');
      expect(await dialog.getByLabel('What column “发生金额” holds').inputValue()).toBe('amount');
      expect(await dialog.getByLabel('What column “收支” holds').inputValue()).toBe('direction');
      expect(await dialog.getByLabel('What column “对手信息” holds').inputValue()).toBe('counterparty');
      await dialog.getByText('Preview: 4 rows will be read').waitFor();
      expect(await dialog.getByText('detected: GB18030').count()).toBe(1);

      // Nothing can be saved before the sign of both sample rows is confirmed.
      const save = dialog.getByRole('button', { name: 'Save and read 4 rows' });
      expect(await save.isDisabled()).toBe(true);
      const samples = dialog.getByTestId('sign-sample');
      expect(await samples.count()).toBe(2);
      expect(await samples.nth(0).textContent()).toContain('read as money you paid');
      expect(await samples.nth(1).textContent()).toContain('read as money you received');
      await page.screenshot({ path: path.join(SCREENS, '90-column-map-dialog.png') });
      await samples.nth(0).getByRole('button', { name: 'That is right' }).click();
      expect(await save.isDisabled()).toBe(true);
      await samples.nth(1).getByRole('button', { name: 'That is right' }).click();
      await dialog.getByLabel('Remember this map as').fill('某某银行');
      await page.screenshot({ path: path.join(SCREENS, '91-column-map-confirmed.png') });
      await save.click();
      await dialog.waitFor({ state: 'detached' });

      await expect.poll(() => caseTransactions(locker, caseId).length).toBe(4);
      expect(layoutList(locker).map((l) => l.name)).toEqual(['某某银行']);
      await page
        .getByTestId('column-map-card')
        .getByText('Rows read with the column map “某某银行”.')
        .waitFor();

      await page.getByRole('button', { name: 'Dismiss' }).click();
      await page.getByRole('button', { name: 'Charges', exact: true }).click();
      const charges = page.getByTestId('charges');
      await charges.getByText('元保保险经纪').first().waitFor();
      expect(await charges.getByText('元保保险经纪').count()).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: path.join(SCREENS, '92-column-map-charges.png') });

      // March's file: the same columns, read by itself, and the result says with which map.
      await page.getByTestId('file-input').setInputFiles([
        {
          name: '账户明细-2024-03.csv',
          mimeType: 'text/csv',
          buffer: statement(['2024-03-03,17:57:21,快捷支付,元保保险经纪,支出,39.90,1000.00,']),
        },
      ]);
      await panel.getByText('1 added', { exact: true }).waitFor();
      await panel.getByText(/read with your column map “某某银行”/).waitFor();
      await expect.poll(() => caseTransactions(locker, caseId).length).toBe(5);
      await expect.poll(() => charges.getByText('元保保险经纪').count()).toBeGreaterThanOrEqual(3);

      // A wrong map is undone from the item's panel: its rows go, the file stays.
      await panel.getByRole('button', { name: '账户明细-2024-03.csv' }).click();
      const card = page.getByTestId('column-map-card');
      await card.getByRole('button', { name: 'Remove these rows' }).click();
      await card.getByText(/The file itself stays exactly as it is/).waitFor();
      await card.getByRole('button', { name: 'Remove these rows' }).click();
      await card.getByText('1 row removed. The file is kept as it was.').waitFor();
      await expect.poll(() => caseTransactions(locker, caseId).length).toBe(4);
      const march = locker.listEvidence(caseId).find((e) => e.originalName === '账户明细-2024-03.csv')!;
      expect(march.deletedAt).toBeNull();
      expect(locker.custodyLog({ subjectId: march.id }).at(-1)!.action).toBe('evidence.unmap');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('opens from the panel of a filed table, in Chinese, and fits a 1280×720 window', async () => {
    // A file filed before any map existed for it, with a header no importer knows (date, description, out, in,
    // balance under words of its own).
    const { addPaths } = await import('../../electron/services/intake.ts');
    const inbox = path.join(work, 'inbox-zh');
    mkdirSync(inbox, { recursive: true });
    const file = path.join(inbox, '信用卡账单.csv');
    writeFileSync(
      file,
      '日子,事由,出,进,余\r\n2024-04-01,美团外卖,32.50,,1000.00\r\n2024-04-02,还款,,500.00,1500.00\r\n2024-04-03,滴滴出行,18.00,,1482.00\r\n',
    );
    const item = (await addPaths(locker, caseId, [file])).added[0]!;
    expect(item.canMap).toBe(true);
    const { page, url, close } = await timelinePage(browser, locker, rendererDir, caseId);
    const errors = pageErrorsOf(page);
    try {
      await page.addInitScript({ content: "localStorage.setItem('evidence-locker.locale', 'zh-CN');" });
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(url);
      await page.locator('.row', { hasText: '信用卡账单.csv' }).first().click();
      const card = page.getByTestId('column-map-card');
      await card.getByRole('button', { name: '对应表格列…' }).click();
      const dialog = page.getByTestId('column-map-dialog');
      await dialog.getByText('预览：将读出 3 行').waitFor();
      expect(await dialog.getByLabel('表头所在行').inputValue()).toBe('1');
      expect(await dialog.getByLabel('“出”这一列是什么').inputValue()).toBe('debit');
      expect(await dialog.getByLabel('“进”这一列是什么').inputValue()).toBe('credit');
      await dialog.getByText('预览：将读出 3 行').waitFor();
      // The dialog stays inside the window; its body scrolls.
      const box = (await dialog.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(720);
      expect(box.width).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: path.join(SCREENS, '93-column-map-dialog-zh.png') });
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.screenshot({ path: path.join(SCREENS, '94-column-map-card-zh.png') });
      expect(caseTransactions(locker, caseId).filter((t) => t.evidenceId === item.id)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
