import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bindCalls } from '../../electron/services/calls/index.ts';
import { casePlan } from '../../electron/services/dispute/plan.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { createTesseractEngine, type OcrEngine } from '../../electron/services/ocr/engine.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { alipayAgreementScreen, wechatAgreementScreen } from '../ocr/agreement-screens.ts';
import { renderChat, yuanbaoSupportChat } from '../ocr/chat-screens.ts';
import { paymentDetailScreen } from '../ocr/screens.ts';
import { put } from './helpers.ts';

/*
 * A chat screenshot offered as the conversation with the platform (issue 17, item 9): real OCR over a support
 * window drawn at run time, read as bubbles by side; filed only when the user says so, as the platform contact
 * holding the screenshot, its bubbles kept as messages read by OCR; turned down, it stays quiet. A contact
 * logged by hand carries the evidence the user attached, and the packet names it as that contact's exhibits.
 */

const tempDir = useTempDirs();
let engine: OcrEngine;
let locker: Locker;
let caseId: string;
let inbox: string;
const now = new Date('2025-09-06T02:00:00Z');

beforeAll(async () => {
  engine = await createTesseractEngine();
}, 30_000);
afterAll(async () => {
  await engine.terminate();
});
beforeEach(async () => {
  locker = await Locker.open(tempDir(), { ids: sequentialIds(), clock: () => now });
  caseId = (await locker.createCase({ title: '被元保自动扣款', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

async function fileScreenshot(name: string, png: Buffer): Promise<string> {
  const { added } = await addPaths(locker, caseId, [put(inbox, name, png)]);
  await runOcr(locker, { engine, caseId });
  return added[0]!.id;
}

describe('a chat screenshot offered as the contact with the platform', () => {
  it('reads the bubbles by side with the times shown, and files them only when asked', async () => {
    const id = await fileScreenshot('Screenshot_20250905-102200.png', await yuanbaoSupportChat());
    const calls = bindCalls({ locker });
    const offer = await calls['chat:read']({ evidenceId: id });
    expect(offer.isChat).toBe(true);
    expect(offer.with).toBe('元保');
    expect(offer.title).toBe('元保在线客服');
    expect(offer.contactId).toBeNull();
    const spoken = offer.messages.filter((m) => m.side !== 'middle');
    expect(spoken.map((m) => m.side)).toEqual(['them', 'me', 'them', 'me', 'them']);
    expect(spoken[1]!.text).toContain('自动续费');
    // The time above a bubble, on the picture's day, in the case's zone.
    expect(spoken[0]!.at).toBe('2025-09-05T10:15:00+08:00');
    expect(spoken[3]!.at).toBe('2025-09-05T10:21:00+08:00');
    expect(await calls['chat:offers']({ caseId })).toEqual([
      { evidenceId: id, title: 'Screenshot_20250905-102200.png' },
    ]);
    // Nothing is stored by reading.
    expect(locker.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(casePlan(locker, caseId, { lang: 'en' }).steps[1]!.derivedStatus).toBe('todo');

    const filed = await calls['chat:file']({ evidenceId: id, lang: 'zh-CN' });
    expect(filed.messages).toBe(offer.messages.length);
    expect(filed.offer.contactId).toBe(filed.contactId);
    expect(await calls['chat:offers']({ caseId })).toEqual([]);
    const contact = locker.db.prepare('SELECT * FROM contacts').get() as Record<string, unknown>;
    expect(contact).toMatchObject({ party: 'platform', channel: 'chat', evidence_ids: JSON.stringify([id]) });
    expect(contact.occurred_utc).toBe('2025-09-05T02:15:00.000Z');
    // Plan step 2 follows the evidence.
    expect(casePlan(locker, caseId, { lang: 'en' }).steps[1]!.derivedStatus).not.toBe('todo');

    const rows = locker.db
      .prepare('SELECT sender, text, read_by, side, is_key, is_system FROM messages ORDER BY line')
      .all() as { sender: string; read_by: string; side: string; is_key: number }[];
    expect(rows.every((r) => r.read_by === 'ocr')).toBe(true);
    expect(rows.filter((r) => r.side === 'them').every((r) => r.sender === '元保')).toBe(true);
    expect(rows.filter((r) => r.side === 'me').every((r) => r.sender === '')).toBe(true);
    // On the timeline: under the contact, the screenshot; the bubbles as messages read by OCR.
    const timeline = await calls['timeline:get']({ caseId });
    const event = timeline.rows.find((r) => r.type === 'event' && r.kind === 'message')!;
    expect(event.attachments).toEqual([
      { id, title: 'Screenshot_20250905-102200.png', kind: 'screenshot', hasThumb: true },
    ]);
    const said = timeline.rows.filter((r) => r.type === 'message');
    expect(said.map((r) => r.side)).toEqual(['them', 'me', 'them', 'me', 'them']);
    expect(said.every((r) => r.readBy === 'ocr')).toBe(true);
    // The log has it, and verify holds the item's rows to what the log recorded.
    const log = locker.custodyLog({ subjectId: id }).map((e) => e.action);
    expect(log).toContain('chat.read');
    expect((await verifyLocker(locker)).problems).toEqual([]);
    // The facts read are guarded like every message's.
    expect(() => locker.db.prepare(`UPDATE messages SET side = 'them'`).run()).toThrow(/cannot be changed/);
    // Twice is refused, with a code.
    await expect(calls['chat:file']({ evidenceId: id, lang: 'zh-CN' })).rejects.toMatchObject({
      coded: { code: 'chat.already-filed' },
    });
  }, 60_000);

  it('stays quiet once turned down, and never offers a payment screenshot', async () => {
    const chat = await fileScreenshot('chat.png', await yuanbaoSupportChat());
    const payment = await fileScreenshot('pay.png', await paymentDetailScreen());
    const calls = bindCalls({ locker });
    expect((await calls['chat:read']({ evidenceId: payment })).isChat).toBe(false);
    await expect(calls['chat:file']({ evidenceId: payment, lang: 'en' })).rejects.toMatchObject({
      coded: { code: 'chat.not-a-chat' },
    });
    const declined = await calls['chat:decline']({ evidenceId: chat });
    expect(declined.isDeclined).toBe(true);
    expect((await calls['chat:read']({ evidenceId: chat })).isDeclined).toBe(true);
    expect(await calls['chat:offers']({ caseId })).toEqual([]);
    expect(locker.custodyLog({ subjectId: chat }).map((e) => e.action)).toContain('offer.decline');
    expect(locker.db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
  }, 60_000);

  it('never reads a settings page (labels left, values right) as a chat', async () => {
    const alipay = await fileScreenshot('alipay-agreement.png', await alipayAgreementScreen());
    const wechat = await fileScreenshot('wechat-agreement.png', await wechatAgreementScreen());
    const calls = bindCalls({ locker });
    expect((await calls['chat:read']({ evidenceId: alipay })).isChat).toBe(false);
    expect((await calls['chat:read']({ evidenceId: wechat })).isChat).toBe(false);
    expect(await calls['chat:offers']({ caseId })).toEqual([]);
  }, 60_000);

  it('reads turns without support words as a chat, and a lone note as none', async () => {
    const turns = await fileScreenshot(
      'turns.png',
      await renderChat([
        { text: '订单什么时候退款', side: 'me' },
        { text: '正在处理', side: 'them' },
        { text: '还要等多久', side: 'me' },
        { text: '三天内', side: 'them' },
      ]),
    );
    const note = await fileScreenshot(
      'note.png',
      await renderChat([{ text: '今天下午三点提醒自己打电话', side: 'them' }]),
    );
    const calls = bindCalls({ locker });
    expect((await calls['chat:read']({ evidenceId: turns })).isChat).toBe(true);
    expect((await calls['chat:read']({ evidenceId: note })).isChat).toBe(false);
  }, 60_000);
});

describe('a contact logged with evidence attached', () => {
  it('keeps its attachments, shows them under it and names them as its exhibits in the packet', async () => {
    const shot = await fileScreenshot('call-log.png', await paymentDetailScreen());
    const { added } = await addPaths(locker, caseId, [
      put(inbox, 'reply.eml', 'From: service@yuanbao.example\nSubject: 关于退款\n\n已受理\n'),
    ]);
    const mail = added[0]!.id;
    const calls = bindCalls({ locker });
    const result = await calls['contact:add']({
      caseId,
      party: 'platform',
      channel: 'phone',
      at: '2025-09-05T10:00',
      evidenceIds: [shot, mail],
      lang: 'en',
    });
    expect(result.evidenceIds).toEqual([shot, mail]);
    const entry = locker.custodyLog({ subjectId: result.id })[0]!;
    expect(entry.action).toBe('contact.add');
    expect((entry.details as { after: { evidenceIds: string[] } }).after.evidenceIds).toEqual([shot, mail]);
    const timeline = await calls['timeline:get']({ caseId });
    const row = timeline.rows.find((r) => r.id === result.eventId)!;
    expect(row.attachments?.map((a) => a.id)).toEqual([shot, mail]);
    // Evidence of another case is refused by id.
    const other = (await locker.createCase({ title: 'other' })).id;
    await expect(
      calls['contact:add']({
        caseId: other,
        party: 'bank',
        channel: 'phone',
        at: '2025-09-05',
        evidenceIds: [shot],
        lang: 'en',
      }),
    ).rejects.toMatchObject({ coded: { code: 'not-found' } });

    const out = path.join(tempDir(), 'packet.pdf');
    const packet = await exportPacket(locker, caseId, { out, recipient: 'platform', lang: 'en' });
    const n = (id: string) => packet.exhibits.find((x) => x.evidenceId === id)?.number;
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    // The timeline's row of the call points at both of its exhibits.
    const line = text.split('\n').findIndex((l) => l.includes('Phone call with 元保'));
    expect(line).toBeGreaterThan(-1);
    const near = text
      .split('\n')
      .slice(line, line + 3)
      .join('\n');
    expect(near).toContain(`Exhibit ${n(shot)}`);
    expect(near).toContain(`Exhibit ${n(mail)}`);
  }, 60_000);
});
