import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * A Chinese user drops files the locker cannot take (or takes with a note): the reasons come from the locker as
 * codes and read in Chinese, in the import results and in the item's panel. Real renderer, bridge and Chromium.
 */

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let caseId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-errors-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app' });
  caseId = (await locker.createCase({ title: '元保自动扣款' })).id;
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
  // A Chinese system: the page picks Chinese itself (nothing saved), and reopens on the case's timeline.
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  await context.addInitScript({
    content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
      JSON.stringify({ caseId, section: 'timeline' }),
    )});`,
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await bridge?.close();
  locker?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Drops files on the window the way a file manager does: a `drop` event carrying them. */
async function dropFiles(files: { name: string; type: string; base64: string }[]): Promise<void> {
  // A string: the test runs under Node's types, the script in the page (DataTransfer, DragEvent).
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    for (const f of ${JSON.stringify(files)}) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  })()`);
}

describe('errors and warnings in the UI’s language', () => {
  it('tells a Chinese user in Chinese why a dropped file could not be read', async () => {
    await page.goto(bridge.url);
    await page.getByText('这里还是空的', { exact: false }).waitFor();
    const png = (await makePng(30, 60)).toString('base64');
    await dropFiles([
      // A "PDF" that is a few words of text, and a file with nothing in it: both refused.
      {
        name: '账单.pdf',
        type: 'application/pdf',
        base64: Buffer.from('not a PDF at all\n').toString('base64'),
      },
      { name: 'empty.png', type: 'image/png', base64: '' },
      // A picture named as text: filed, as what it really is, with a note.
      { name: 'notes.txt', type: 'text/plain', base64: png },
    ]);
    // A short result list opens by itself.
    const list = page.getByTestId('import-list');
    await list.getByText(/文件名为“账单\.pdf”，但内容不是PDF 文档（实际是文本）/).waitFor();
    await list.getByText(/文件是空的（0 字节）：里面没有可以保存的内容/).waitFor();
    const text = (await list.textContent()) ?? '';
    expect(text).not.toMatch(/named|empty \(0 bytes\)/);
    await page.screenshot({ path: path.join(SCREENS, '90-import-errors-zh.png') });

    // What was filed with a note keeps the note, in Chinese, in its panel.
    await page.locator('.row', { hasText: 'notes.txt' }).first().click();
    const warnings = page.getByTestId('evidence-panel').locator('.warnings');
    await warnings.getByText(/文件名为“notes\.txt”，但实际是PNG 图片；已按PNG 图片保存/).waitFor();
    expect(await warnings.textContent()).not.toMatch(/named|really/);
  });

  it('tells a Chinese user in Chinese why a line of a bill was not read', async () => {
    // Alipay's 2023 layout in GBK: the second row's amount is written in words, not a number (line 4).
    const bill = iconv.encode(
      [
        '支付宝交易明细',
        '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
        '2024-03-01 08:00:01,保险,元保保险经纪,/,元保-百万医疗险月缴,支出,39.90,余额宝,交易成功,2024030100001\t,M1\t,,',
        '2024-04-01 08:00:01,保险,元保保险经纪,/,元保-百万医疗险月缴,支出,三十九,余额宝,交易成功,2024040100001\t,M2\t,,',
        '',
      ].join('\n'),
      'gbk',
    );
    await dropFiles([
      { name: 'alipay_record_20240401.csv', type: 'text/csv', base64: bill.toString('base64') },
    ]);
    await page.locator('.row', { hasText: 'alipay_record_20240401.csv' }).first().click();
    const warnings = page.getByTestId('evidence-panel').locator('.warnings');
    await warnings.getByText('有 1 行无法读取（第一处：第 4 行：金额无法读取：“三十九”）').waitFor();
    expect(await warnings.textContent()).not.toMatch(/unreadable|could not be read/);
  });

  it('words the same results in English once the user switches the language', async () => {
    await page.getByTestId('language').selectOption('en');
    const warnings = page.getByTestId('evidence-panel').locator('.warnings');
    await warnings
      .getByText('1 line(s) could not be read (first: line 4: unreadable amount "三十九")')
      .waitFor();
    await page.locator('.row', { hasText: 'notes.txt' }).first().click();
    await warnings.getByText('named "notes.txt" but it is really a PNG image; filed as a PNG').waitFor();
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
