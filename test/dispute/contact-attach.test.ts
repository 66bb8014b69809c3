import { execFileSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindCalls } from '../../electron/services/calls/index.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { put } from './helpers.ts';

/*
 * Evidence attached to a contact after it was logged (issue 17, item 9): `contact:attach` adds and removes items
 * on a logged contact, the custody log keeps each change, the timeline and the packet follow, and the items
 * themselves are never touched. The contact's title names the party where the locker knows it.
 */

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir(), {
    ids: sequentialIds(),
    clock: () => new Date('2025-09-06T02:00:00Z'),
  });
  caseId = (await locker.createCase({ title: '被元保自动扣款', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

async function screenshot(name: string): Promise<string> {
  const png = await sharp({
    create: { width: 60, height: 120, channels: 3, background: { r: 240, g: 240, b: 250 } },
  })
    .png()
    .toBuffer();
  const { added } = await addPaths(locker, caseId, [put(inbox, name, png)]);
  return added[0]!.id;
}

describe('evidence attached to a contact already logged', () => {
  it('is logged as contact.attach, shows under the contact and in the packet; detaching leaves the item', async () => {
    const calls = bindCalls({ locker });
    const contact = await calls['contact:add']({
      caseId,
      party: 'platform',
      channel: 'chat',
      at: '2025-09-05T10:00',
      lang: 'en',
    });
    expect(contact.evidenceIds).toEqual([]);
    const shot = await screenshot('chat-with-yuanbao.png');
    const entriesBefore = locker.custodyLog({}).length;

    const after = await calls['contact:attach']({ id: contact.id, add: [shot] });
    expect(after.evidenceIds).toEqual([shot]);
    const entries = locker.custodyLog({ subjectId: contact.id });
    expect(entries.map((e) => e.action)).toEqual(['contact.add', 'contact.attach']);
    expect(entries[1]!.details).toMatchObject({ added: [shot], removed: [], before: [], after: [shot] });
    expect(locker.custodyLog({}).length).toBe(entriesBefore + 1);
    // Attaching it again changes nothing and logs nothing.
    await calls['contact:attach']({ id: contact.id, add: [shot] });
    expect(locker.custodyLog({}).length).toBe(entriesBefore + 1);

    const timeline = await calls['timeline:get']({ caseId });
    const row = timeline.rows.find((r) => r.id === contact.eventId)!;
    expect(row.title).toBe('Chat with 元保');
    expect(row.contactId).toBe(contact.id);
    expect(row.attachments?.map((a) => a.id)).toEqual([shot]);
    expect((await verifyLocker(locker)).ok).toBe(true);

    // The packet's timeline names the contact's exhibit on its row, and says the title in Chinese.
    const out = path.join(tempDir(), 'packet.pdf');
    const packet = await exportPacket(locker, caseId, { out, recipient: 'platform', lang: 'zh-CN' });
    const n = packet.exhibits.find((x) => x.evidenceId === shot)?.number;
    expect(n).toBeDefined();
    const lines = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).split('\n');
    const at = lines.findIndex((l) => l.includes('与元保在线沟通'));
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at, at + 3).join('\n')).toMatch(new RegExp(`证据\\s*${n}`));

    // Detached: gone from the contact, logged, and the screenshot is still in the case as it was.
    const sha = locker.getEvidence(shot).sha256;
    expect((await calls['contact:attach']({ id: contact.id, remove: [shot] })).evidenceIds).toEqual([]);
    expect(locker.custodyLog({ subjectId: contact.id }).map((e) => e.action)).toEqual([
      'contact.add',
      'contact.attach',
      'contact.attach',
    ]);
    const again = (await calls['timeline:get']({ caseId })).rows.find((r) => r.id === contact.eventId)!;
    expect(again.attachments).toBeUndefined();
    expect(locker.getEvidence(shot).sha256).toBe(sha);
    expect((await verifyLocker(locker)).ok).toBe(true);
  }, 60_000);

  it('takes off the item a contact was logged with: the packet no longer names it on the contact', async () => {
    const calls = bindCalls({ locker });
    const shot = await screenshot('first.png');
    const contact = await calls['contact:add']({
      caseId,
      party: 'platform',
      channel: 'phone',
      at: '2025-09-05T10:00',
      evidenceIds: [shot],
      lang: 'en',
    });
    const entryOf = () => locker.timeline(caseId).find((e) => e.eventId === contact.eventId)!;
    expect(entryOf()).toMatchObject({ evidenceId: shot, attachments: [shot] });
    await calls['contact:attach']({ id: contact.id, remove: [shot] });
    expect(entryOf().evidenceId).toBeUndefined();
    expect(entryOf().attachments).toBeUndefined();
    const out = path.join(tempDir(), 'packet.pdf');
    const packet = await exportPacket(locker, caseId, { out, recipient: 'platform', lang: 'en' });
    const n = packet.exhibits.find((x) => x.evidenceId === shot)?.number;
    expect(n).toBeDefined();
    const lines = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).split('\n');
    const at = lines.findIndex((l) => l.includes('Phone call with 元保'));
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at, at + 2).join('\n')).not.toMatch(new RegExp(`Exhibit ${n}\\b`));
    expect((await verifyLocker(locker)).ok).toBe(true);
  }, 60_000);

  it('refuses an unknown contact and evidence of another case by id, and changes nothing', async () => {
    const calls = bindCalls({ locker });
    const contact = await calls['contact:add']({
      caseId,
      party: 'bank',
      channel: 'phone',
      at: '2025-09-05T10:00',
      lang: 'zh-CN',
    });
    await expect(calls['contact:attach']({ id: 'contact-nope', add: [] })).rejects.toMatchObject({
      coded: { code: 'not-found' },
    });
    const other = (await locker.createCase({ title: 'other' })).id;
    const { added } = await addPaths(locker, other, [put(inbox, 'x.txt', 'x\n')]);
    await expect(calls['contact:attach']({ id: contact.id, add: [added[0]!.id] })).rejects.toMatchObject({
      coded: { code: 'not-found' },
    });
    expect(locker.custodyLog({ subjectId: contact.id }).map((e) => e.action)).toEqual(['contact.add']);
  });
});
