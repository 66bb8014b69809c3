import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../electron/cli.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe.skipIf(process.platform !== 'linux')(
  'a file name that is not UTF-8, given on the command line',
  () => {
    it('is found by its bytes and filed, though Node hands the argument over with U+FFFD in it', async () => {
      const store = tempDir();
      const locker = await Locker.open(store);
      const caseId = (await locker.createCase({ title: 'gbk' })).id;
      locker.close();
      const inbox = tempDir();
      const name = iconv.encode('支付宝账单说明.txt', 'gbk');
      writeFileSync(Buffer.concat([Buffer.from(inbox + path.sep), name]), 'a note about the bill\n');
      // What process.argv holds for those bytes: each invalid sequence decoded as U+FFFD.
      const arg = Buffer.concat([Buffer.from(inbox + path.sep), name]).toString('utf8');
      expect(arg).toContain('\uFFFD');

      let out = '';
      const io: Io = { out: (t) => (out += t), err: () => undefined, env: {}, isTTY: false };
      const code = await main(['add', caseId, arg, '--store', store, '--json'], io);
      const result = JSON.parse(out) as { added: { path: string }[]; errors: unknown[] };
      expect(result.errors).toEqual([]);
      expect(code).toBe(0);
      expect(result.added.map((a) => path.basename(a.path))).toEqual(['支付宝账单说明.txt']);
    });
  },
);
