import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { rawZip } from '../helpers/hostile.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'archives' })).id;
});
afterEach(() => locker.close());

const refused: [string, Buffer, RegExp][] = [
  [
    'a ratio bomb',
    rawZip([{ name: '支付宝交易明细.csv', data: Buffer.alloc(48 << 20, 0x2c) }]),
    /compressed \d+:1; refused/,
  ],
  [
    'too many entries',
    rawZip(
      Array.from({ length: 10_002 }, (_, i) => ({
        name: `r${i}.txt`,
        data: Buffer.from(`row ${i}\n`),
        method: 0 as const,
      })),
    ),
    /over the \d+-file limit/,
  ],
  [
    'a declared size over the limit',
    rawZip([{ name: 'a.csv', data: Buffer.from('x'), declaredSize: 0xfffffff0 }]),
    /over the \d+-byte limit/,
  ],
  [
    'an entry lying about its size',
    rawZip([{ name: 'statement.pdf', data: Buffer.alloc(16 << 20, 0x25), declaredSize: 1000 }]),
    /more than the size its header declares/,
  ],
];

describe('an archive refused in part', () => {
  it.each(refused)('is filed with a warning that says so when it is %s', async (_what, bytes, reason) => {
    const file = path.join(tempDir(), 'bill.zip');
    writeFileSync(file, bytes);
    const r = await addPaths(locker, caseId, [file]);
    expect(r.added).toHaveLength(1);
    const warning = r.added[0]!.warnings.find((w) => /not everything in it was unpacked/.test(w));
    expect(warning, JSON.stringify(r.added[0]!.warnings)).toMatch(reason);
  });
});
