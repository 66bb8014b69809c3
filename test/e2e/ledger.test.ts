import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { caseLedger, disputedPayments } from '../../electron/services/ledger/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseSummary, disputeTransactions } from '../../electron/services/records.ts';
import { alipayBill, bocStatement, wechatBill } from '../helpers/seed-story.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The Charges page reads the dispute ledger: one row per payment however many files show it, the files as
 * badges, the rows behind a payment on demand, and the matches the user confirms. The seed story's bank
 * statement prints no time for March, so that line is a suggestion until the user says it is the same payment.
 */

const NOW = new Date('2025-09-10T02:00:00Z');
let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let page: Page;
let caseId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-ledger-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  caseId = (
    await locker.createCase({ title: '元保自动扣款', counterparty: '元保', account: '中国银行储蓄卡(3167)' })
  ).id;
  const put = (name: string, bytes: Buffer) => {
    const file = path.join(work, name);
    writeFileSync(file, bytes);
    return file;
  };
  await addPaths(locker, caseId, [
    put('alipay.csv', alipayBill()),
    put('wechat.csv', wechatBill()),
    put('boc.csv', bocStatement(['03'])),
  ]);
  await disputeTransactions(locker, caseId, { match: '元保' });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the Charges page on the ledger', () => {
  it('lists one row per payment with its sources, and asks about the date-only bank line', async () => {
    await page.goto(bridge.url);
    await page.getByRole('button', { name: '扣款', exact: true }).click();
    const table = page.locator('.charges-table');
    await table.waitFor();
    // 10 元保 charges + lunch + the refund, and March's bank line on its own until it is confirmed.
    await page.getByText('共 13 笔').waitFor();
    await page.getByTestId('to-confirm').getByText('有 1 处匹配等您确认').waitFor();
    await page.getByLabel('只看有异议的').check();
    await page.getByText('11 / 13 笔').waitFor();
    await page.getByLabel('只看有异议的').uncheck();
    const badges = await page.locator('tr.is-disputed .source-badges').first().textContent();
    expect(badges).toBe('支付宝 + 中国银行');
    // The table fits the window: the dispute box is first and nothing scrolls sideways.
    await page.screenshot({ path: path.join(SCREENS, 'l01-charges-ledger.png') });
    const inner = await table.locator('table').boundingBox();
    const section = await page.getByTestId('charges').boundingBox();
    const right = (box: { x: number; width: number } | null) => (box ? box.x + box.width : Infinity);
    expect(right(inner)).toBeLessThanOrEqual(Math.min(right(section), page.viewportSize()!.width));
    const firstHeader = await table.locator('th').first().textContent();
    expect(firstHeader).toBe('有异议');
    await page.screenshot({ path: path.join(SCREENS, 'l01-charges-ledger.png') });
  });

  it('shows the rows behind a payment and confirms the suggested match, and the totals follow', async () => {
    const waiting = page.locator('tr', { has: page.locator('.badge.waiting') }).first();
    await waiting.getByRole('button').first().click();
    const detail = page.getByTestId('payment-detail').first();
    await detail.waitFor();
    expect(await detail.textContent()).toContain('可能与这笔是同一笔付款');
    expect(await detail.textContent()).toContain('同一天（有一份账单没有具体时间）');
    await page.screenshot({ path: path.join(SCREENS, 'l02-charges-suggestion.png') });
    await detail.getByRole('button', { name: '是同一笔', exact: true }).click();
    await page.getByText('共 12 笔').waitFor();
    await page.getByTestId('to-confirm').waitFor({ state: 'detached' });
    expect(disputedPayments(caseLedger(locker, caseId))).toHaveLength(10);
    expect(caseSummary(locker, caseId).disputed.totals[0]).toMatchObject({
      charged: '399.00',
      outstanding: '339.10',
    });
    expect(await page.getByTestId('outstanding-CNY').textContent()).toContain('339.10');
    expect(locker.custodyLog({ caseId }).some((e) => e.action === 'ledger.join')).toBe(true);
  });

  it('takes a wrong row out of a payment, logged, and the count follows', async () => {
    const row = page.locator('tr.is-disputed', { hasText: '支付宝 + 中国银行' }).first();
    await row.getByRole('button').first().click();
    const detail = page.getByTestId('payment-detail').first();
    await detail.getByRole('button', { name: '不是同一笔' }).first().click();
    await page.getByText('共 13 笔').waitFor();
    expect(locker.custodyLog({ caseId }).some((e) => e.action === 'ledger.split')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('joins a row the matcher missed from a picker of same-amount rows in other files, nearest first', async () => {
    // The Alipay row taken out above now stands alone; the bank's line two minutes later is its own payment.
    const alone = page.locator('tr', {
      has: page.locator('.source-badges', { hasText: /^支付宝$/ }),
      hasText: '−¥39.90',
    });
    const detail = page.getByTestId('payment-detail').filter({ hasText: 'alipay.csv，第 7 行' });
    if (!(await detail.count())) await alone.first().getByRole('button').first().click();
    await detail.getByRole('button', { name: '与另一条记录是同一笔…' }).click();
    const picker = detail.getByTestId('join-picker');
    const options = await picker.locator('option').allTextContents();
    // Only rows that could be the same payment: same amount, another file; the bank line two minutes away first.
    expect(options[0]).toBe('选择一条记录');
    expect(options[1]).toContain('boc.csv，第 3 行');
    expect(options.slice(1).every((o) => o.includes('boc.csv') && o.includes('¥39.90'))).toBe(true);
    await page.screenshot({ path: path.join(SCREENS, 'l04-charges-join-picker.png') });
    await picker.locator('select').selectOption({ index: 1 });
    await picker.getByRole('button', { name: '合并为同一笔付款' }).click();
    await page.getByText('共 12 笔').waitFor();
    const joins = locker.custodyLog({ caseId }).filter((e) => e.action === 'ledger.join');
    expect(joins).toHaveLength(2);
    expect(caseSummary(locker, caseId).disputed.totals[0]).toMatchObject({ outstanding: '339.10' });
    expect(pageErrors).toEqual([]);
  });

  it('says on the export page what an officer would send the packet back for', async () => {
    await page.getByRole('button', { name: '导出', exact: true }).click();
    await page.getByLabel('你的银行或支付平台').check();
    const card = page.getByTestId('readiness');
    await card.getByText('缺少申请人姓名').waitFor();
    expect(await card.textContent()).toContain('还没有联系过平台的记录');
    expect(await card.textContent()).toContain('打印后请在申请函末尾签名');
    // The rules are cited only when asked, and only those that fit how the money moved (quick pay here).
    const letter = page.getByTestId('letter');
    await expect.poll(() => letter.inputValue()).toContain('请求事项');
    expect(await letter.inputValue()).not.toContain('相关规定');
    await page.getByTestId('cite-rules').check();
    await expect.poll(() => letter.inputValue()).toContain('中国人民银行公告〔2015〕第43号');
    expect(await letter.inputValue()).not.toContain('银行卡组织争议处理规则');
    await page.screenshot({ path: path.join(SCREENS, 'l03-export-readiness.png') });
    expect(pageErrors).toEqual([]);
  });

  it('picks and orders the exhibits on the export page without trashing anything, and says what is missing', async () => {
    const list = page.getByTestId('exhibits');
    await list.getByText('boc.csv').waitFor();
    // Move the bank statement to the top (two steps up) and leave the Alipay bill out.
    const up = list.getByRole('button', { name: '把“boc.csv”上移' });
    await up.click();
    await expect
      .poll(async () => (await list.locator('li').nth(1).textContent()) ?? '')
      .toMatch(/^2boc\.csv/);
    await up.click();
    await expect
      .poll(async () => (await list.locator('li').first().textContent()) ?? '')
      .toMatch(/^1boc\.csv/);
    await list.getByLabel('把“alipay.csv”放进材料包').uncheck();
    await list.locator('li', { hasText: 'alipay.csv' }).getByText('不放入').waitFor();
    // The bank statement still proves every charge: nothing is flagged. Leave it out too and the page says so.
    expect(await page.getByTestId('readiness').textContent()).not.toContain('没有收入材料包');
    await list.getByLabel('把“boc.csv”放进材料包').uncheck();
    await page.getByTestId('readiness').getByText('有异议的扣款所在的账单没有收入材料包').waitFor();
    await page.screenshot({ path: path.join(SCREENS, 'l05-export-exhibits.png'), fullPage: true });
    await list.getByLabel('把“boc.csv”放进材料包').check();
    await expect
      .poll(async () => (await page.getByTestId('readiness').textContent()) ?? '')
      .not.toContain('没有收入材料包');
    expect(locker.listEvidence(caseId)).toHaveLength(3);
    expect(
      locker.custodyLog({ caseId }).filter((e) => e.action === 'export.exhibits').length,
    ).toBeGreaterThan(2);
    expect(pageErrors).toEqual([]);
  });
});
