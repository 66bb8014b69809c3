import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { addContact, caseContacts } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { createTesseractEngine, type OcrEngine } from '../../electron/services/ocr/engine.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { LOCALES, type Locale } from '../../renderer/i18n/messages.ts';
import { alipayBill } from '../helpers/seed-story.ts';
import { renderChat, yuanbaoSupportChat } from '../ocr/chat-screens.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';

/*
 * A conversation with the platform (issue 17, item 9): a screenshot whose OCR text (real tesseract over a
 * support window drawn at run time) reads as a chat is offered, calmly, as the contact with the platform —
 * accepted, it is that contact with the screenshot attached and its messages on the timeline marked as read
 * from the screenshot; declined, it stays quiet after a reload. The contact dialog attaches evidence already in
 * the case and a new file; the contact lists them, on the timeline and in its panel, whose "Attach evidence…"
 * attaches (and detaches) items to a contact already logged. In Chinese and English,
 * at 1280×720 and 1440×900; every string checked is the catalogue's.
 */

const NOW = new Date('2025-09-10T02:00:00Z');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
const LANGS: Locale[] = ['zh-CN', 'en'];

let work: string;
let locker: Locker;
let bridge: Bridge;
let browser: Browser;
let engine: OcrEngine;
const cases = new Map<string, { caseId: string; chatId: string; otherChatId: string }>();
const pageErrors: string[] = [];

const put = (name: string, bytes: Buffer | string) => {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  return file;
};

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-contacts-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  locker = await Locker.open(path.join(work, 'store'), { actor: 'app', clock: () => new Date(NOW) });
  engine = await createTesseractEngine();
  const chat = await yuanbaoSupportChat();
  const other = await renderChat([
    { text: '元保客服', side: 'middle', size: 44 },
    { text: '请问还有什么可以帮您', side: 'them' },
    { text: '没有了', side: 'me' },
  ]);
  // One case per language and size: each walk starts from a chat nobody has answered yet.
  for (const lang of LANGS) {
    for (const size of SIZES) {
      const tag = `${lang}-${size.width}`;
      const caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
      const { added } = await addPaths(locker, caseId, [
        put('alipay.csv', alipayBill()),
        put('Screenshot_20250905-102200.png', chat),
        put('Screenshot_20250905-110000.png', other),
      ]);
      await runOcr(locker, { engine, caseId });
      // The charges disputed: the plan's next step is to contact the platform.
      await disputeTransactions(locker, caseId, { match: '元保' });
      cases.set(tag, {
        caseId,
        chatId: added.find((a) => a.title === 'Screenshot_20250905-102200.png')!.id,
        otherChatId: added.find((a) => a.title === 'Screenshot_20250905-110000.png')!.id,
      });
    }
  }
  await engine.terminate();
  bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  locker?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(
  lang: Locale,
  size: { width: number; height: number },
  caseId: string,
  section = 'timeline',
): Promise<Page> {
  const context = await browser.newContext({ locale: lang, viewport: size });
  await context.addInitScript({
    content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
      JSON.stringify({ caseId, section }),
    )});`,
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(bridge.url);
  return page;
}

/**
 * Clicks a row of the timeline by its text; the screenshots are its last day, so the list is scrolled there —
 * as a user scrolls, until the row is drawn: the window's first rows are drawn before the virtual list, which
 * takes their place (where they were scrolled to) after the first frame.
 */
async function clickRow(page: Page, text: string): Promise<void> {
  await page.getByTestId('timeline').waitFor();
  const row = page.locator('.row', { hasText: text });
  await expect
    .poll(async () => {
      await page
        .locator('[data-testid="timeline"] [data-virtuoso-scroller]')
        .evaluate((e: { scrollTop: number; scrollHeight: number }) => {
          e.scrollTop = e.scrollHeight;
        });
      return row.count();
    })
    .toBeGreaterThan(0);
  await row.click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENS, `${name}.png`) });

describe.each(LANGS)('a conversation with the platform in %s', (lang) => {
  const t = LOCALES[lang];
  const w = t.talk;

  describe.each(SIZES)('at $width×$height', (size) => {
    const tag = `${lang}-${size.width}x${size.height}`;
    const seed = () => cases.get(`${lang}-${size.width}`)!;

    it('points the overview’s next step at a screenshot that reads as a chat with the platform', async () => {
      const { caseId, otherChatId } = seed();
      const page = await open(lang, size, caseId, 'overview');
      const next = page.locator('.next-card');
      await expect
        .poll(() => next.locator('.next-text').textContent())
        .toBe(w.nextChat('Screenshot_20250905-110000.png', '元保'));
      await shot(page, `s9-chat-next-step-${tag}`);
      await next.getByRole('button', { name: w.nextChatAction }).click();
      const offer = page.getByTestId('chat-offer');
      await offer.waitFor();
      // The screenshot it named is the one open.
      expect(locker.getEvidence(otherChatId).title).toBe('Screenshot_20250905-110000.png');
      expect(await page.getByTestId('evidence-panel').locator('input[name="title"]').inputValue()).toBe(
        'Screenshot_20250905-110000.png',
      );
      expect(caseContacts(locker, caseId)).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });

    it('offers a chat screenshot as the contact with the platform, and files it when accepted', async () => {
      const { caseId, chatId } = seed();
      const page = await open(lang, size, caseId);
      await clickRow(page, 'Screenshot_20250905-102200.png');
      const offer = page.getByTestId('chat-offer');
      await offer.waitFor();
      expect(await offer.locator('h3').textContent()).toBe(w.offer('元保'));
      expect(await offer.locator('.bubble').count()).toBe(4);
      expect(await offer.locator('.bubble.me').first().textContent()).toContain(w.me);
      expect(await offer.getByText(w.shownMore(1)).count()).toBe(1);
      // The offer is in view as the panel opens: no scrolling to find it.
      const box = await offer.boundingBox();
      expect(box!.y).toBeLessThan(size.height);
      await shot(page, `s9-chat-offer-${tag}`);
      // Nothing is filed by looking.
      expect(caseContacts(locker, caseId)).toEqual([]);

      await offer.getByRole('button', { name: w.accept }).click();
      const filed = page.getByTestId('chat-filed');
      await filed.waitFor();
      expect(await filed.textContent()).toBe(w.filed('元保', fmtDate(lang)));
      expect(caseContacts(locker, caseId)).toMatchObject([
        { party: 'platform', channel: 'chat', evidenceIds: [chatId] },
      ]);
      // On the timeline: the contact, with the screenshot under it, and the messages read from it.
      const contactRow = page.locator('.row-event', { has: page.getByTestId('row-attachments') });
      await contactRow.waitFor();
      expect(await contactRow.getByTestId('row-attachments').textContent()).toBe(
        w.attachedLine(['Screenshot_20250905-102200.png']),
      );
      const read = page.locator('.row-message', { hasText: w.readByOcr });
      await expect.poll(() => read.count()).toBe(5);
      expect(await read.filter({ hasText: w.said(w.me) }).count()).toBe(2);
      expect(await read.filter({ hasText: w.said(w.them('元保')) }).count()).toBe(3);
      await shot(page, `s9-chat-filed-${tag}`);

      // The contact's panel lists what it holds; one click opens the screenshot.
      await contactRow.click();
      const attached = page.getByTestId('contact-attachments');
      await attached.waitFor();
      expect(await attached.locator('h3').textContent()).toBe(w.attachments);
      await shot(page, `s9-contact-panel-${tag}`);
      // With the panel open, every stage's name in the header is whole: none is cut to an ellipsis.
      const cut = await page.evaluate<string[]>(
        `[...document.querySelectorAll('[data-testid=stepper] .step-label')]
          .filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent)`,
      );
      expect(cut).toEqual([]);
      await attached.getByRole('button', { name: w.open('Screenshot_20250905-102200.png') }).click();
      await page.getByTestId('evidence-panel').waitFor();
      await page.getByTestId('chat-filed').waitFor();
      expect(await page.getByTestId('chat-offer').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });

    it('keeps a declined offer quiet, also after a reload', async () => {
      const { caseId, otherChatId } = seed();
      const page = await open(lang, size, caseId);
      await clickRow(page, 'Screenshot_20250905-110000.png');
      const offer = page.getByTestId('chat-offer');
      await offer.waitFor();
      await offer.getByRole('button', { name: w.decline }).click();
      await offer.waitFor({ state: 'detached' });
      expect(locker.custodyLog({ subjectId: otherChatId }).map((e) => e.action)).toContain('offer.decline');
      expect(caseContacts(locker, caseId).filter((c) => c.evidenceIds.includes(otherChatId))).toEqual([]);
      await page.reload();
      await clickRow(page, 'Screenshot_20250905-110000.png');
      await page.getByTestId('suggestions').waitFor();
      expect(await page.getByTestId('chat-offer').count()).toBe(0);
      await shot(page, `s9-chat-declined-${tag}`);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });

    it('attaches evidence already in the case and a new file to a logged contact', async () => {
      const { caseId, otherChatId } = seed();
      const page = await open(lang, size, caseId, 'overview');
      // The plan's own button: the next step above it may name a contact too (a chat screenshot to file).
      await page.getByTestId('plan').getByRole('button', { name: t.dispute.logContact, exact: true }).click();
      const dialog = page.getByTestId('contact-dialog');
      await dialog.waitFor();
      await dialog.getByLabel(t.dispute.contactChannel).selectOption('phone');
      const attach = dialog.getByTestId('contact-attach');
      expect(await attach.locator('legend').textContent()).toBe(w.attachTitle);
      expect(await attach.getByText(w.attachHint).count()).toBe(1);
      await attach
        .locator('label', { hasText: 'Screenshot_20250905-110000.png' })
        .getByRole('checkbox')
        .check();
      expect(await attach.getByRole('status').textContent()).toBe(w.attached(1));
      // A new file, added here: filed in the case and ticked at once.
      await dialog.getByTestId('contact-file-input').setInputFiles([
        {
          name: 'call-recording.eml',
          mimeType: 'message/rfc822',
          buffer: Buffer.from('From: service@yuanbao.example\nSubject: 通话记录\n\n已受理退款申请\n'),
        },
      ]);
      await expect.poll(() => attach.getByRole('status').textContent()).toBe(w.attached(2));
      await shot(page, `s9-contact-attach-${tag}`);
      await dialog.getByRole('button', { name: t.dispute.contactSubmit }).click();
      await dialog.getByTestId('contact-attached').waitFor();
      expect(await dialog.getByTestId('contact-attached').textContent()).toBe(
        w.attachedLine(['Screenshot_20250905-110000.png', '通话记录']),
      );
      await shot(page, `s9-contact-saved-${tag}`);
      const mail = locker.listEvidence(caseId).find((e) => e.originalName === 'call-recording.eml')!;
      const phone = caseContacts(locker, caseId).find((c) => c.channel === 'phone')!;
      expect(phone.evidenceIds).toEqual([otherChatId, mail.id]);
      const entry = locker.custodyLog({ subjectId: phone.id }).find((e) => e.action === 'contact.add')!;
      expect((entry.details as { after: { evidenceIds: string[] } }).after.evidenceIds).toEqual([
        otherChatId,
        mail.id,
      ]);
      await dialog.getByRole('button', { name: t.dispute.done }).click();
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });
  });

  it('attaches a screenshot to a contact already logged, from its panel, at 1280×720', async () => {
    const size = SIZES[0];
    const caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
    const png = await sharp({
      create: { width: 90, height: 160, channels: 3, background: { r: 235, g: 240, b: 250 } },
    })
      .png()
      .toBuffer();
    const { added } = await addPaths(locker, caseId, [put(`chat-later-${lang}.png`, png)]);
    const shotId = added[0]!.id;
    const { contact } = await addContact(locker, caseId, {
      party: 'platform',
      channel: 'chat',
      at: '2025-09-08T09:30',
      lang,
    });
    const title = lang === 'en' ? 'Chat with 元保' : '与元保在线沟通';
    const page = await open(lang, size, caseId);
    await page.getByTestId('timeline').waitFor();
    await page.locator('.row', { hasText: title }).click();
    const panel = page.getByTestId('contact-attachments');
    await panel.waitFor();
    expect(await panel.getByRole('button', { name: w.open(`chat-later-${lang}.png`) }).count()).toBe(0);
    await panel.getByRole('button', { name: w.attachLater }).click();
    const dialog = page.getByTestId('attach-dialog');
    await dialog.waitFor();
    await dialog
      .locator('label', { hasText: `chat-later-${lang}.png` })
      .getByRole('checkbox')
      .check();
    expect(await dialog.getByRole('status').textContent()).toBe(w.attached(1));
    await shot(page, `s9-attach-later-dialog-${lang}-1280x720`);
    await dialog.getByRole('button', { name: w.attachSave }).click();
    await dialog.waitFor({ state: 'detached' });
    const listed = panel.getByRole('button', { name: w.open(`chat-later-${lang}.png`) });
    await listed.waitFor();
    await page.locator('.row', { hasText: title }).getByTestId('row-attachments').waitFor();
    await shot(page, `s9-attach-later-${lang}-1280x720`);
    expect(caseContacts(locker, caseId)[0]!.evidenceIds).toEqual([shotId]);
    expect(locker.custodyLog({ subjectId: contact.id }).map((e) => e.action)).toEqual([
      'contact.add',
      'contact.attach',
    ]);
    // Detached again: off the contact, the screenshot still in the case.
    await panel.getByRole('button', { name: w.attachLater }).click();
    await dialog
      .locator('label', { hasText: `chat-later-${lang}.png` })
      .getByRole('checkbox')
      .uncheck();
    await dialog.getByRole('button', { name: w.attachSave }).click();
    await listed.waitFor({ state: 'detached' });
    expect(caseContacts(locker, caseId)[0]!.evidenceIds).toEqual([]);
    expect(locker.getEvidence(shotId).deletedAt ?? null).toBeNull();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});

/** The day the chat was filed as, in the page's words (the first bubble's, 2025-09-05 in Shanghai). */
function fmtDate(lang: Locale): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(
    new Date('2025-09-05T02:15:00Z'),
  );
}
