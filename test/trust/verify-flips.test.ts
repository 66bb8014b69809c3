import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../electron/cli.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { readFixture } from '../importers/helpers.ts';

const tempDir = useTempDirs();

/** A small seeded generator (mulberry32): the same flips on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function verifyCli(store: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), env: {}, isTTY: false };
  const code = await main(['verify', '--store', store, '--json'], io);
  return { code, out, err };
}

describe('verify on a locker.db with bytes flipped', () => {
  it('never crashes: each flip is either harmless (exit 0) or named as damage (exit 3), with no stack trace', async () => {
    const base = tempDir();
    const locker = await Locker.open(base);
    const c = await locker.createCase({ title: 'flips' });
    const inbox = tempDir();
    writeFileSync(path.join(inbox, 'wechatpay.csv'), readFixture('wechatpay.csv'));
    for (let i = 0; i < 3; i++) {
      writeFileSync(path.join(inbox, `Screenshot_20250827-08011${i}.png`), await makePng(20, 30, i));
    }
    await addPaths(locker, c.id, [inbox]);
    locker.close();
    const size = statSync(path.join(base, 'locker.db')).size;

    const next = random(18);
    // Twelve places across the file, and one in the schema's own text, which no open survives.
    const schema = readFileSync(path.join(base, 'locker.db')).indexOf('CREATE TABLE cases') + 7;
    expect(schema).toBeGreaterThan(7);
    const offsets = [...Array.from({ length: 12 }, () => Math.floor(next() * size)), schema];
    const codes: number[] = [];
    for (const offset of offsets) {
      const dir = path.join(tempDir(), 'copy');
      cpSync(base, dir, { recursive: true });
      const file = path.join(dir, 'locker.db');
      const bytes = readFileSync(file);
      bytes[offset] = bytes[offset]! ^ 0x5a;
      writeFileSync(file, bytes);
      const r = await verifyCli(dir);
      const label = `flip at byte ${offset}: exit ${r.code}, ${r.err}`;
      expect([0, 3], label).toContain(r.code);
      expect(r.out + r.err, label).not.toMatch(/\n\s+at /);
      if (r.code === 3) {
        const report = JSON.parse(r.out) as { problems: { message: string }[] };
        expect(report.problems.length, label).toBeGreaterThan(0);
        expect(report.problems.every((p) => p.message.length > 10)).toBe(true);
      }
      codes.push(r.code);
    }
    expect(codes.at(-1)).toBe(3);
    expect(codes.filter((x) => x === 3).length).toBeGreaterThan(1);
  });
});
