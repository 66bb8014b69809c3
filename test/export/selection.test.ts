import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { packetReadiness } from '../../electron/services/dispute/readiness.ts';
import { setClaimant } from '../../electron/services/dispute/records.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { exhibitChoices, setExhibitChoices } from '../../electron/services/export/selection.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { alipayBill, bocStatement, wechatBill } from '../helpers/seed-story.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * The user picks and orders the packet's exhibits without trashing evidence: the choice is kept per case and
 * recipient in the locker, logged, and every packet, draft and complaint list follows it.
 */
const tempDir = useTempDirs();

async function seedCase(dir: string) {
  const locker = await Locker.open(path.join(dir, 'locker'));
  const caseId = (
    await locker.createCase({ title: '元保', counterparty: '元保', account: '中国银行储蓄卡(3167)' })
  ).id;
  const put = (name: string, bytes: Buffer) => {
    writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  await addPaths(locker, caseId, [
    put('wechat.csv', wechatBill()),
    put('alipay.csv', alipayBill()),
    put('boc.csv', bocStatement()),
  ]);
  await disputeTransactions(locker, caseId, { match: '元保' });
  await setClaimant(locker, null, { name: '张小明', idNumber: '110101199001011234', phone: '13800001234' });
  const ids = Object.fromEntries(locker.listEvidence(caseId).map((e) => [e.originalName, e.id]));
  return { locker, caseId, ids };
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('choosing the packet’s exhibits', () => {
  it('leaves an item out and reorders the rest, kept per recipient, logged, and the packet follows', async () => {
    const dir = tempDir();
    const { locker, caseId, ids } = await seedCase(dir);
    try {
      // By default every item is in, in the recipient's order.
      expect(exhibitChoices(locker, caseId, 'bank').every((x) => x.included)).toBe(true);
      const chosen = await setExhibitChoices(locker, caseId, 'bank', {
        order: [ids['boc.csv']!, ids['alipay.csv']!, ids['wechat.csv']!],
        excluded: [ids['wechat.csv']!],
      });
      expect(chosen.map((x) => [x.title, x.number])).toEqual([
        ['boc.csv', 1],
        ['alipay.csv', 2],
        ['wechat.csv', null],
      ]);
      expect(locker.custodyLog({ caseId }).some((e) => e.action === 'export.exhibits')).toBe(true);
      // The other recipients keep their own (default) list.
      expect(exhibitChoices(locker, caseId, 'regulator').filter((x) => x.included)).toHaveLength(3);
      const out = path.join(dir, 'packet.pdf');
      const result = await exportPacket(locker, caseId, { out, recipient: 'bank', record: false });
      expect(result.exhibits.map((x) => x.title)).toEqual(['boc.csv', 'alipay.csv']);
      const text = pdfText(out);
      expect(text).toMatch(/证据 1\s+boc\.csv/);
      expect(text).not.toContain('wechat.csv');
      // Nothing was trashed: the item is still in the case.
      expect(locker.listEvidence(caseId).map((e) => e.originalName)).toContain('wechat.csv');
      // An item filed later joins the list at the end.
      writeFileSync(path.join(dir, 'later.txt'), '客服说会处理');
      await addPaths(locker, caseId, [path.join(dir, 'later.txt')]);
      expect(exhibitChoices(locker, caseId, 'bank').map((x) => [x.title, x.number])).toEqual([
        ['boc.csv', 1],
        ['alipay.csv', 2],
        ['wechat.csv', null],
        ['later.txt', 3],
      ]);
    } finally {
      locker.close();
    }
  });

  it('warns before export when a claimed charge is only in a file left out, and refuses an empty packet', async () => {
    const dir = tempDir();
    const { locker, caseId, ids } = await seedCase(dir);
    try {
      const codes = () => packetReadiness(locker, caseId, 'bank').map((x) => x.code);
      expect(codes()).not.toContain('charge-not-in-packet');
      // The bank statement alone still proves every charge the bank is asked for.
      await setExhibitChoices(locker, caseId, 'bank', { order: null, excluded: [ids['alipay.csv']!] });
      expect(codes()).not.toContain('charge-not-in-packet');
      await setExhibitChoices(locker, caseId, 'bank', {
        order: null,
        excluded: [ids['alipay.csv']!, ids['boc.csv']!],
      });
      expect(codes()).toContain('charge-not-in-packet');
      await expect(
        setExhibitChoices(locker, caseId, 'bank', { order: null, excluded: Object.values(ids) }),
      ).rejects.toThrow(/at least one exhibit/);
      await expect(
        setExhibitChoices(locker, caseId, 'bank', { order: ['ev_nosuchitem00'], excluded: [] }),
      ).rejects.toThrow(/No item ev_nosuchitem00/);
    } finally {
      locker.close();
    }
  });

  it('shows an archive by the files read from it, each pointing at its exhibit', async () => {
    const dir = tempDir();
    const locker = await Locker.open(path.join(dir, 'locker'));
    try {
      const caseId = (await locker.createCase({ title: '元保', counterparty: '元保' })).id;
      const writer = new ZipWriter(new BlobWriter('application/zip'));
      await writer.add('支付宝账单/alipay.csv', new Uint8ArrayReader(new Uint8Array(alipayBill())));
      await writer.add('说明.txt', new TextReader('账单导出说明'));
      const zip = Buffer.from(await (await writer.close()).arrayBuffer());
      writeFileSync(path.join(dir, 'bills.zip'), zip);
      await addPaths(locker, caseId, [path.join(dir, 'bills.zip')]);
      const out = path.join(dir, 'packet.pdf');
      const result = await exportPacket(locker, caseId, { out, recipient: 'plain', record: false });
      const zipExhibit = result.exhibits.find((x) => x.title === 'bills.zip')!;
      const csvExhibit = result.exhibits.find((x) => x.title.endsWith('alipay.csv'))!;
      const text = pdfText(out).replace(/[ \t]+/g, ' ');
      expect(text).toContain('从中取出的文件');
      expect(text).toMatch(new RegExp(`alipay\\.csv\\s+证据 ${csvExhibit.number}`));
      expect(text).not.toMatch(/此类文件无法在 PDF 中直接展示/);
      expect(zipExhibit.number).toBeGreaterThan(0);
    } finally {
      locker.close();
    }
  });
});
