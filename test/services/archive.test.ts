import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { gbkFixture } from '../importers/helpers.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'Alipay bill by email' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

/**
 * A bill archive as Alipay mails it: one entry with a Chinese name written in GBK without the UTF-8 flag,
 * encrypted with AES-256 (or ZipCrypto, as many banks' tools still do) under a 6-digit password.
 */
async function billZip(
  entries: [name: string, bytes: Uint8Array][],
  password: string | null,
  zipCrypto = false,
) {
  const writer = new ZipWriter(new BlobWriter('application/zip'), {
    useWebWorkers: false,
    useUnicodeFileNames: false,
    encodeText: (text: string) => new Uint8Array(iconv.encode(text, 'gbk')),
    ...(password ? { password, encryptionStrength: 3 as const, zipCrypto } : {}),
  });
  for (const [name, bytes] of entries) await writer.add(name, new Uint8ArrayReader(bytes));
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

function put(name: string, bytes: Buffer): string {
  const file = path.join(inbox, name);
  writeFileSync(file, bytes);
  return file;
}

describe('archives', () => {
  it('files an AES-256 bill ZIP and, with the password, each entry under its GBK name, imported as a bill', async () => {
    const zip = await billZip(
      [['支付宝交易明细(20230301-20230331).csv', gbkFixture('alipay-2023.utf8.csv')]],
      '123456',
    );
    const file = put('alipay_bill.zip', zip);

    const locked = await addPaths(locker, caseId, [file]);
    expect(locked.added).toEqual([expect.objectContaining({ path: file, mime: 'application/zip' })]);
    expect(locked.errors).toEqual([
      {
        path: file,
        error: expect.stringMatching(/password-protected/) as string,
        code: 'intake.password-needed',
        params: {},
        needsPassword: true,
      },
    ]);
    expect(caseTransactions(locker, caseId)).toEqual([]);

    const wrong = await addPaths(locker, caseId, [file], { password: '000000' });
    expect(wrong.duplicates).toHaveLength(1);
    expect(wrong.errors).toEqual([
      {
        path: file,
        error: expect.stringMatching(/password is wrong/) as string,
        code: 'intake.password-wrong',
        params: {},
        needsPassword: true,
      },
    ]);

    const opened = await addPaths(locker, caseId, [file], { password: '123456' });
    expect(opened.errors).toEqual([]);
    expect(opened.duplicates).toHaveLength(1);
    const entry = opened.added[0]!;
    expect(entry).toMatchObject({
      path: `${file} › 支付宝交易明细(20230301-20230331).csv`,
      kind: 'statement',
      format: 'alipay-csv',
      parentId: locked.added[0]!.id,
    });
    expect(caseTransactions(locker, caseId).length).toBe(entry.transactions);
    // The password is in no record: not in the item, not in the custody log.
    const everything = JSON.stringify([locker.listEvidence(caseId), locker.custodyLog()]);
    expect(everything).not.toContain('123456');
    // Once inside, the archive does not open twice.
    const again = await addPaths(locker, caseId, [file], { password: '123456' });
    expect([again.added.length, again.duplicates.length]).toEqual([0, 1]);
  });

  it('opens a ZipCrypto archive with the password given on first filing', async () => {
    const png = await makePng(20, 40);
    const zip = await billZip(
      [
        ['回单/Screenshot_20250827-080112.png', png],
        ['../../evil.txt', Buffer.from('names are data, never paths')],
      ],
      '654321',
      true,
    );
    const r = await addPaths(locker, caseId, [put('bank.zip', zip)], { password: '654321' });
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind])).toEqual([
      ['bank.zip', 'other'],
      ['Screenshot_20250827-080112.png', 'screenshot'],
      ['evil.txt', 'document'],
    ]);
    expect(r.added[1]!.occurredAt).toBe('2025-08-27T08:01:12+08:00');
  });

  it('opens a plain ZIP without asking for anything', async () => {
    const zip = await billZip([['a.txt', Buffer.from('hello')]], null);
    const r = await addPaths(locker, caseId, [put('plain.zip', zip)]);
    expect(r.errors).toEqual([]);
    expect(r.added).toHaveLength(2);
  });
});

describe('password-protected PDFs', () => {
  it('files a locked statement PDF as received, and reads its text once the password is given', async () => {
    const { execFileSync } = await import('node:child_process');
    const { makePdf } = await import('../helpers/images.ts');
    const plain = put('plain.pdf', makePdf('Statement 2025-08 YUANBAO 39.90'));
    const locked = path.join(inbox, 'statement.pdf');
    execFileSync('qpdf', ['--encrypt', '246810', 'owner-secret', '256', '--', plain, locked]);

    const first = await addPaths(locker, caseId, [locked]);
    const item = first.added[0]!;
    expect(item).toMatchObject({ mime: 'application/pdf' });
    expect(first.errors).toEqual([
      {
        path: locked,
        error: expect.stringMatching(/password-protected/) as string,
        code: 'intake.password-needed',
        params: {},
        needsPassword: true,
      },
    ]);
    expect(locker.getEvidence(item.id).contentText).toBeNull();

    const wrong = await addPaths(locker, caseId, [locked], { password: '000000' });
    expect(wrong.errors).toEqual([
      {
        path: locked,
        error: expect.stringMatching(/password is wrong/) as string,
        code: 'intake.password-wrong',
        params: {},
        needsPassword: true,
      },
    ]);

    const opened = await addPaths(locker, caseId, [locked], { password: '246810' });
    expect(opened.errors).toEqual([]);
    expect(opened.duplicates).toEqual([expect.objectContaining({ existingId: item.id })]);
    const after = locker.getEvidence(item.id);
    expect(after.contentText).toContain('YUANBAO 39.90');
    expect(after.facts).toMatchObject({ pdf: { encrypted: false, unlocked: true, pages: 1 } });
    expect(locker.custodyLog({ subjectId: item.id }).map((e) => e.action)).toEqual([
      'evidence.add',
      'evidence.unlock',
    ]);
    expect(JSON.stringify(locker.custodyLog())).not.toContain('246810');
    // The original is untouched: still the encrypted bytes as received.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(locker.objects.pathFor(item.sha256)).equals(readFileSync(locked))).toBe(true);
  });
});
