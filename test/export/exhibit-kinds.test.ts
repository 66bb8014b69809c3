import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const pdfText = (file: string) =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .normalize('NFKC')
    .replace(/\s+/g, ' ');

let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'Refund dispute', counterparty: 'Acme Insurance' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

describe('exhibits of every kind', () => {
  it('prints an email with its headers and body, a text file as text, and an opaque file as a described page', async () => {
    const eml = [
      'From: "Acme Support" <support@acme.example>',
      'To: me@example.com',
      'Subject: Your renewal of policy P-2291',
      'Date: Mon, 1 Sep 2025 09:15:00 +0800',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'We renewed your policy automatically and charged 39.90 CNY.',
      '',
    ].join('\r\n');
    const opaque = Buffer.from([0x00, 0x13, 0x37, 0xff, 0x42, 0x00, 0x99, 0x01]);
    const files = {
      mail: path.join(inbox, 'renewal.eml'),
      note: path.join(inbox, 'call-notes.txt'),
      blob: path.join(inbox, 'recording.bin'),
    };
    writeFileSync(files.mail, eml);
    writeFileSync(files.note, 'Called the hotline at 10:30; agent Li promised a refund within 7 days.\n');
    writeFileSync(files.blob, opaque);
    const r = await addPaths(locker, caseId, Object.values(files));
    expect(r.errors).toEqual([]);

    const out = path.join(tempDir(), 'packet.pdf');
    const result = await exportPacket(locker, caseId, { out, lang: 'en', recipient: 'plain' });
    expect(result.exhibits).toHaveLength(3);
    const text = pdfText(out);
    expect(text).toContain('Your renewal of policy P-2291');
    expect(text).toContain('support@acme.example');
    expect(text).toContain('We renewed your policy automatically and charged 39.90 CNY.');
    expect(text).toContain('agent Li promised a refund within 7 days');
    expect(text).toContain(createHash('sha256').update(opaque).digest('hex'));
    expect(text).toContain('recording.bin');
  });
});
