import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { gbkFixture } from '../importers/helpers.ts';
import { makePdf, makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: '元保 auto-debit' })).id;
  const inbox = tempDir();
  const files = {
    shot: path.join(inbox, 'Screenshot_20250827-080112.png'),
    bill: path.join(inbox, 'alipay.csv'),
    pdf: path.join(inbox, 'policy.pdf'),
  };
  writeFileSync(files.shot, await makePng(60, 120));
  writeFileSync(files.bill, gbkFixture('alipay-2023.utf8.csv'));
  writeFileSync(files.pdf, makePdf());
  await addPaths(locker, caseId, Object.values(files));
});
afterEach(() => locker.close());

describe('backup and restore', () => {
  it('restores a backup into a new locker that verifies item by item and holds the same case', async () => {
    const out = path.join(tempDir(), 'locker-backup.zip');
    const made = await backupLocker(locker, out);
    expect(made).toMatchObject({ path: out, objects: 3, entries: 4 });

    const restoredDir = path.join(tempDir(), 'restored');
    const report = await restoreLocker(out, restoredDir);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, objects: 3 });
    const restored = await Locker.open(restoredDir);
    try {
      expect(
        restored
          .listEvidence(caseId)
          .map((e) => e.sha256)
          .sort(),
      ).toEqual(
        locker
          .listEvidence(caseId)
          .map((e) => e.sha256)
          .sort(),
      );
      expect(caseTransactions(restored, caseId)).toEqual(caseTransactions(locker, caseId));
      // The backup holds the log as it was when copied; the locker then logged the backup itself.
      const log = locker.custodyLog();
      expect(log.at(-1)).toMatchObject({ action: 'locker.backup', details: { sha256: made.sha256 } });
      expect(restored.custodyLog().map((e) => e.hash)).toEqual(log.slice(0, -1).map((e) => e.hash));
    } finally {
      restored.close();
    }
  });

  it('refuses to restore over anything, and names the entry of a damaged backup', async () => {
    const out = path.join(tempDir(), 'b.zip');
    await backupLocker(locker, out);
    await expect(restoreLocker(out, locker.dir)).rejects.toThrow(/not empty/);

    // Flip one byte inside the stored (uncompressed) PNG original.
    const bytes = readFileSync(out);
    const png = bytes.indexOf(Buffer.from('IDAT'));
    bytes[png + 10] = bytes[png + 10]! ^ 0xff;
    const damaged = path.join(tempDir(), 'damaged.zip');
    writeFileSync(damaged, bytes);
    await expect(restoreLocker(damaged, path.join(tempDir(), 'r'))).rejects.toThrow(
      /damaged|CRC|signature|match/i,
    );
  });
});
