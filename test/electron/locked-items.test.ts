import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../electron/ipc/contract.ts';
import { dispatch } from '../../electron/ipc/dispatch.ts';
import { bindCalls, type BoundCalls } from '../../electron/services/calls/index.ts';
import { UploadStaging } from '../../electron/ipc/uploads.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePdf } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { gbkFixture } from '../importers/helpers.ts';

/*
 * Issue 17 item 1: a file filed without its password is never a dead end. The item itself carries "waiting
 * for its password" (nothing is kept beside the locker while it waits), the overview and the timeline say so,
 * adding the same file again — even from the trash — says so again, and the password opens it from the store.
 * Item 2: one line per file, and a bill says what was read from it.
 */

async function billZip(password: string, entries: [string, Buffer][]): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), {
    useWebWorkers: false,
    password,
    encryptionStrength: 3,
  });
  for (const [name, bytes] of entries) await writer.add(name, new Uint8ArrayReader(new Uint8Array(bytes)));
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

const CASE = 'case_000001';

describe('items waiting for their password', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let staging: UploadStaging;
  let tmpRoot: string;
  let handlers: BoundCalls;
  const call = async <C extends keyof BoundCalls>(channel: C, input: unknown) => {
    const r = await dispatch(channel, input, handlers[channel] as never, () => undefined);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as Awaited<ReturnType<BoundCalls[C]>>;
  };
  const upload = async (name: string, bytes: Buffer) => {
    const { batchId } = await staging.begin(CASE);
    await staging.receive(batchId, name, null, [bytes]);
    return staging.commit(batchId);
  };

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), {
      ids: sequentialIds(),
      actor: 'app',
      clock: () => new Date('2025-09-05T02:00:00Z'),
    });
    tmpRoot = tempDir();
    staging = new UploadStaging(locker, { tmpRoot });
    handlers = bindCalls({ locker });
    await locker.createCase({ title: 'Yuanbao', counterparty: '元保' });
  });
  afterEach(async () => {
    await staging.close();
    locker.close();
  });

  it('files a locked ZIP as one line waiting for its password, and says so on the item, overview and timeline', async () => {
    const zip = await billZip('123456', [['bill.csv', gbkFixture('alipay-2023.utf8.csv')]]);
    const first = await upload('alipay.zip', zip);
    expect(first.files).toHaveLength(1);
    const [line] = first.files as [ImportOutcome & { outcome: 'added' }];
    expect(line).toMatchObject({ name: 'alipay.zip', outcome: 'added', needsPassword: true });
    expect(line.lockedId).toBe(line.evidenceId);
    expect(line.read).toBeUndefined();
    // Nothing waits beside the locker: the original in the store is what the password opens.
    expect(readdirSync(tmpRoot)).toEqual([]);

    expect((await call('evidence:get', { id: line.evidenceId })).needsPassword).toBe(true);
    expect((await call('case:get', { id: CASE })).waitingForPassword).toEqual([
      { id: line.evidenceId, title: 'alipay.zip' },
    ]);
    const row = (await call('timeline:get', { caseId: CASE })).rows.find((r) => r.id === line.evidenceId);
    expect(row?.needsPassword).toBe(true);
  });

  it('asks again when the same file is added again, even from the trash', async () => {
    const zip = await billZip('123456', [['bill.csv', gbkFixture('alipay-2023.utf8.csv')]]);
    const id = (await upload('alipay.zip', zip)).files[0]!;
    const evidenceId = id.outcome === 'added' ? id.evidenceId : '';

    const again = await upload('alipay (1).zip', zip);
    expect(again.files).toEqual([
      expect.objectContaining({
        outcome: 'duplicate',
        evidenceId,
        inTrash: false,
        needsPassword: true,
        lockedId: evidenceId,
      }),
    ]);

    await call('evidence:trash', { id: evidenceId, trashed: true });
    expect((await call('case:get', { id: CASE })).waitingForPassword).toEqual([]);
    const fromTrash = await upload('alipay.zip', zip);
    expect(fromTrash.files).toEqual([
      expect.objectContaining({ outcome: 'duplicate', evidenceId, inTrash: true, needsPassword: true }),
    ]);

    // The password opens it, and it comes back out of the trash with what was inside.
    const opened = await call('import:unlock', { lockedId: evidenceId, password: '123456' });
    expect(opened.files[0]).toMatchObject({ outcome: 'duplicate', evidenceId, inTrash: false });
    expect(opened.files[0]).not.toHaveProperty('needsPassword');
    expect(locker.getEvidence(evidenceId).deletedAt).toBeNull();
    expect(caseTransactions(locker, CASE).length).toBeGreaterThan(0);
    expect(locker.custodyLog({ subjectId: evidenceId }).map((e) => e.action)).toContain('evidence.restore');
  });

  it('keeps it waiting on a wrong password, and opens it from the store with the right one', async () => {
    const csv = gbkFixture('alipay-2023.utf8.csv');
    const zip = await billZip('123456', [
      ['bill.csv', csv],
      ['note.txt', Buffer.from('账单说明：三月份的扣款。')],
    ]);
    const first = (await upload('alipay.zip', zip)).files[0]!;
    const evidenceId = first.outcome === 'added' ? first.evidenceId : '';

    const wrong = await call('import:unlock', { lockedId: evidenceId, password: '000000' });
    expect(wrong.files).toEqual([
      expect.objectContaining({
        outcome: 'duplicate',
        evidenceId,
        needsPassword: true,
        lockedId: evidenceId,
      }),
    ]);
    expect(caseTransactions(locker, CASE)).toEqual([]);

    const right = await call('import:unlock', { lockedId: evidenceId, password: '123456' });
    const [zipLine, billLine, noteLine] = right.files;
    expect(zipLine).toMatchObject({ name: 'alipay.zip', outcome: 'duplicate', evidenceId });
    expect(zipLine).not.toHaveProperty('needsPassword');
    // Each entry of the ZIP is its own line under it, and the bill says what was read from it.
    expect(billLine).toMatchObject({
      name: 'alipay.zip › bill.csv',
      outcome: 'added',
      parentId: evidenceId,
      read: {
        transactions: 5,
        charges: 2,
        messages: 0,
        firstUtc: '2023-03-05T04:30:01.000Z',
        lastUtc: '2023-03-10T13:00:00.000Z',
      },
    });
    expect(noteLine).toMatchObject({ name: 'alipay.zip › note.txt', outcome: 'added', parentId: evidenceId });
    expect(noteLine).not.toHaveProperty('read');

    expect((await call('evidence:get', { id: evidenceId })).needsPassword).toBe(false);
    expect((await call('case:get', { id: CASE })).waitingForPassword).toEqual([]);
    // Opening it twice files nothing twice: the ZIP is no longer waiting.
    const twice = await call('import:unlock', { lockedId: evidenceId, password: '123456' });
    expect(twice.files).toHaveLength(1);
    const everything = JSON.stringify([locker.listEvidence(CASE), locker.custodyLog()]);
    expect(everything).not.toContain('123456');
  });

  it('does the same for a password-protected PDF', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'plain.pdf'), makePdf('Statement 2025-08 total 39.90 CNY'));
    execFileSync('qpdf', [
      '--encrypt',
      '246810',
      'owner-secret',
      '256',
      '--',
      path.join(dir, 'plain.pdf'),
      path.join(dir, 'statement.pdf'),
    ]);
    const bytes = execFileSync('cat', [path.join(dir, 'statement.pdf')]);
    const first = (await upload('statement.pdf', bytes)).files;
    expect(first).toEqual([expect.objectContaining({ outcome: 'added', needsPassword: true })]);
    const evidenceId = first[0]!.outcome === 'added' ? first[0]!.evidenceId : '';
    expect((await call('evidence:get', { id: evidenceId })).pdf).toMatchObject({ isLocked: true });
    expect((await upload('statement.pdf', bytes)).files).toEqual([
      expect.objectContaining({ outcome: 'duplicate', needsPassword: true, lockedId: evidenceId }),
    ]);

    const wrong = await call('import:unlock', { lockedId: evidenceId, password: '111111' });
    expect(wrong.files[0]).toMatchObject({ needsPassword: true });
    const right = await call('import:unlock', { lockedId: evidenceId, password: '246810' });
    expect(right.files[0]).not.toHaveProperty('needsPassword');
    const detail = await call('evidence:get', { id: evidenceId });
    expect(detail.needsPassword).toBe(false);
    expect(detail.text).toContain('Statement 2025-08');
  });

  it('refuses an id of no item', async () => {
    const r = await dispatch(
      'import:unlock',
      { lockedId: 'ev_zzzz', password: '1' },
      handlers['import:unlock'] as never,
      () => undefined,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
