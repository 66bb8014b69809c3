import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { ImportContext, ImportResult } from '../../electron/services/importers/types.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/importers');

export const readFixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

/** The Alipay fixtures are kept as UTF-8 for review; the real export is GBK, so tests encode them. */
export const gbkFixture = (name: string): Buffer => iconv.encode(readFixture(name).toString('utf8'), 'gbk');

export const ctx = (fileName = 'export.csv', timeZone = 'Asia/Shanghai'): ImportContext => ({
  fileName,
  timeZone,
});

/** Every problem points at a line and says something; used wherever a parse must degrade, not throw. */
export function expectWellFormed(result: ImportResult): void {
  for (const p of result.problems) {
    if (!Number.isInteger(p.line) || p.line < 0 || p.error === '') {
      throw new Error(`malformed problem ${JSON.stringify(p)}`);
    }
  }
  for (const t of result.transactions) {
    if (!Number.isSafeInteger(t.amountMinor) || t.amountMinor < 0 || !t.utc.endsWith('Z')) {
      throw new Error(`malformed transaction ${JSON.stringify(t)}`);
    }
  }
}
