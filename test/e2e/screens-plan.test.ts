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
import { backgroundOf, edges, focused, isFocused, styleOf } from './dom.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * The overview a stressed user reads at a glance (issue 17, items 4, 5 and 13), in Chinese at 1280×720 and
 * 1440×900: one progress model (the header's stepper is the plan's, and follows the logged contacts), deadlines
 * that name their party and rule and are amber before red, red only for a miss the user can act on, and a
 * keyboard path (skip link to the next step, a visible focus ring on the stepper). The seed story as files, a
 * card payment at a gym whose 120-day window has closed, and contacts with 元保 and the bank.
 */

const NOW = new Date('2025-09-10T02:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let caseId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-plan-'));
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
  const gym = [
    '交易日期,交易时间,交易金额,币种,对方户名,交易详情,交易渠道',
    '2025-04-02,19:30:00,-88.00,人民币,某某健身,POS消费 某某健身,POS',
  ].join('\n');
  await addPaths(locker, caseId, [
    put('alipay.csv', alipayBill()),
    put('wechat.csv', wechatBill()),
    put('boc.csv', bocStatement()),
    put('card.csv', Buffer.from(gym + '\n')),
  ]);
  await disputeTransactions(locker, caseId, { match: '元保' });
  await disputeTransactions(locker, caseId, { match: '健身' });
  // 元保 owed an answer by 09-04 and gave none (red); the bank's answer is due on 09-14 (amber).
  await addContact(locker, caseId, { party: 'platform', at: '2025-08-20 10:00', ticket: 'YB-1' });
  await addContact(locker, caseId, { party: 'bank', at: '2025-08-30 15:00', ticket: 'BOC-7' });
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(size: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(bridge.url);
  await page.getByTestId('plan').waitFor();
  return page;
}

describe.each(SIZES)('the overview at $width×$height', (size) => {
  const tag = `${size.width}x${size.height}`;

  it('shows one progress: the stepper is the plan, follows the contacts, and is one stop in the tab order', async () => {
    const page = await open(size);
    const stepper = page.getByTestId('stepper');
    // Collected, platform contacted, bank asked (no reply yet): the stepper stands on the bank.
    await expect.poll(() => stepper.locator('.step-done').count()).toBe(2);
    expect(await stepper.locator('.step-current').getAttribute('data-stage')).toBe('bank');
    expect(await stepper.getAttribute('aria-label')).toBe('第 3 步，共 5 步：联系银行。打开计划');
    expect(await page.locator('.stepper-nav button, .stepper-nav [tabindex]').count()).toBe(0);
    // No stage name breaks inside a word: each label is one line.
    for (const label of await stepper.locator('.step-label').all()) {
      const box = await label.boundingBox();
      expect(box!.height).toBeLessThan(22);
    }
    // The plan carries no dropdown on each step: the override is a quiet menu.
    expect(await page.getByTestId('plan').locator('select').count()).toBe(0);
    const complain = page.getByTestId('step-complain');
    await complain.getByRole('button', { name: '“向监管部门或消费者协会投诉”的更多操作' }).click();
    await page.screenshot({ path: path.join(SCREENS, `s4-plan-menu-${tag}.png`) });
    await page.getByRole('menuitem', { name: '标记为已完成' }).click();
    // The header reads the same plan: the regulator stage is done at once.
    await expect
      .poll(() => stepper.locator('[data-stage="regulator"]').getAttribute('class'))
      .toContain('step-done');
    await complain.getByText('由你设定').waitFor();
    await complain.getByRole('button', { name: '“向监管部门或消费者协会投诉”的更多操作' }).click();
    await page.getByRole('menuitem', { name: '恢复按证据判断' }).click();
    await expect
      .poll(() => stepper.locator('[data-stage="regulator"]').getAttribute('class'))
      .not.toContain('step-done');
    await page.context().close();
  });

  it('names each deadline with its party and rule; amber before red, red only where the user can act', async () => {
    const page = await open(size);
    const list = page.getByTestId('deadlines');
    const items = list.getByTestId('deadline');
    await expect.poll(() => items.count()).toBe(3);
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('向中国银行申请拒付退款');
    expect(text).toContain('卡组织规则 120 天');
    expect(text).toContain('元保应答复你的投诉');
    expect(text).toContain('中国银行应答复你的投诉');
    expect(text).toContain('银行业保险业投诉处理办法 15 天');
    expect(text).not.toMatch(/chargeback/i);
    // The gym's card window closed on 07-31: grey and calm, not red.
    const lapsed = items.filter({ hasText: '向中国银行申请拒付退款' });
    expect(await lapsed.getAttribute('data-state')).toBe('lapsed');
    expect(await lapsed.textContent()).toContain('中国银行仍可能受理你的申请');
    const missed = items.filter({ hasText: '元保应答复你的投诉' });
    expect(await missed.getAttribute('data-state')).toBe('missed');
    const soon = items.filter({ hasText: '中国银行应答复你的投诉' });
    expect(await soon.getAttribute('data-state')).toBe('soon');
    expect(await soon.locator('.badge.warn').textContent()).toBe('还剩 4 天');
    const color = (l: typeof items) => styleOf(l.locator('.deadline-title'), 'color');
    const red = await styleOf(missed.locator('.badge.danger'), 'color');
    expect(await color(missed)).toBe(red);
    expect(await color(lapsed)).not.toBe(red);
    expect(await color(soon)).not.toBe(red);
    // Badge and words never run together.
    for (const item of await items.all()) {
      const parts = await edges(item.locator('.deadline-meta > *'));
      for (let i = 1; i < parts.length; i++)
        expect(parts[i]![0]).toBeGreaterThanOrEqual(parts[i - 1]![1] + 6);
    }
    // The next step leads with the miss, in a calm card carrying one red badge.
    const card = page.locator('.next-card');
    expect(await card.textContent()).toContain('元保应答复你的投诉：期限已过仍未答复，现在可以投诉。');
    expect(await card.locator('.badge.danger').textContent()).toBe('有期限已过');
    expect(await styleOf(card, 'backgroundColor')).not.toBe(await backgroundOf(page, 'var(--danger-soft)'));
    await list.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, `s5-deadlines-${tag}.png`), fullPage: true });
    await page.context().close();
  });

  it('skips to the next step from the first Tab, and rings the stepper when focused', async () => {
    const page = await open(size);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    expect(await isFocused(skip)).toBe(true);
    expect(await skip.textContent()).toBe('跳到下一步');
    const box = await skip.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENS, `s13-skip-link-${tag}.png`) });
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ text: '打开投诉', isPrimary: true });
    // Backwards from the next step: the stepper is the stop before it, with a visible ring.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ testid: 'stepper', outline: 'solid', width: '2px' });
    await page.screenshot({ path: path.join(SCREENS, `s13-stepper-focus-${tag}.png`) });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
