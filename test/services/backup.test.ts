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

describe('a backup of one case', () => {
  it('holds that case with its records and originals and nothing of the others, and restores and verifies', async () => {
    // A second case with its own bill and screenshot, which must stay out of the first case's backup.
    const other = await locker.createCase({ title: 'Gym membership' });
    const inbox = tempDir();
    const marker = 'GYM-MEMBERSHIP-QX81';
    writeFileSync(
      path.join(inbox, 'bank.csv'),
      `Date,Description,Amount\n2025-08-01,${marker} monthly,-49.00\n2025-09-01,${marker} monthly,-49.00\n`,
    );
    const otherPng = await makePng(64, 128, 7);
    writeFileSync(path.join(inbox, 'Screenshot_20250901-090000.png'), otherPng);
    const r = await addPaths(locker, other.id, [inbox]);
    expect(r.errors).toEqual([]);
    expect(caseTransactions(locker, other.id)).toHaveLength(2);

    const out = path.join(tempDir(), 'case.backup');
    const made = await backupLocker(locker, out, { caseId });
    expect(made.objects).toBe(3);
    const bytes = readFileSync(out);
    // Entries are stored uncompressed: a leak of the other case's rows or screenshot would show here.
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(otherPng.subarray(40, 104))).toBe(false);

    const dir = path.join(tempDir(), 'restored');
    const report = await restoreLocker(out, dir);
    expect(report.problems).toEqual([]);
    const restored = await Locker.open(dir);
    try {
      expect(restored.listCases().map((c) => c.id)).toEqual([caseId]);
      expect(restored.listEvidence(caseId)).toHaveLength(3);
      expect(caseTransactions(restored, caseId)).toEqual(caseTransactions(locker, caseId));
      // The log stays whole (its chain spans every case): it still checks.
      expect(restored.custodyLog().length).toBeGreaterThan(locker.custodyLog({ caseId }).length);
    } finally {
      restored.close();
    }
    // A case backup is not a backup of the locker: it is not the one offered when the locker is damaged.
    expect(locker.custodyLog().some((e) => e.action === 'locker.backup')).toBe(false);
  });
});
