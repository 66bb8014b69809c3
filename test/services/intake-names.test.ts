import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { gbkFixture } from '../importers/helpers.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe('file names that are not UTF-8', () => {
  it('files a bill and a screenshot whose names are GBK bytes (a Windows ZIP unzipped on Linux), named in Chinese', async () => {
    const inbox = tempDir();
    const dirBytes = Buffer.concat([Buffer.from(inbox + path.sep), iconv.encode('账单', 'gbk')]);
    mkdirSync(dirBytes);
    const bill = Buffer.concat([dirBytes, Buffer.from(path.sep), iconv.encode('支付宝交易明细.csv', 'gbk')]);
    writeFileSync(bill, gbkFixture('alipay-2023.utf8.csv'));
    const shot = Buffer.concat([dirBytes, Buffer.from(path.sep), iconv.encode('截图.png', 'gbk')]);
    writeFileSync(shot, await makePng(60, 120, 3));
    const locker = await Locker.open(tempDir());
    try {
      const c = await locker.createCase({ title: 'names' });
      const r = await addPaths(locker, c.id, [inbox]);
      expect(r.errors).toEqual([]);
      expect(r.added.map((a) => path.relative(inbox, a.path)).sort()).toEqual([
        path.join('账单', '截图.png'),
        path.join('账单', '支付宝交易明细.csv'),
      ]);
      expect(r.added.find((a) => a.path.endsWith('.csv'))).toMatchObject({ format: 'alipay-csv' });
      expect(caseTransactions(locker, c.id).length).toBeGreaterThan(0);
      expect(
        locker
          .listEvidence(c.id)
          .map((e) => e.originalName)
          .sort(),
      ).toEqual(['截图.png', '支付宝交易明细.csv']);
    } finally {
      locker.close();
    }
  });
});
