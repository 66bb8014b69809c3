import { writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * Two copies of the same bytes in one batch: the first one given is filed and the other is "already there",
 * whichever lane's `stat` comes back first. On a loaded machine the second file's `stat` could answer first,
 * and the copy was filed instead (seen once in a CI rehearsal). Here the first file's `stat` is held back on
 * purpose, so the race happens every time.
 */

const slow = new Set<string>();
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof FsPromises>();
  return {
    ...fs,
    stat: async (...args: Parameters<typeof fs.stat>) => {
      if (slow.has(String(args[0]))) await new Promise((r) => setTimeout(r, 150));
      return fs.stat(...args);
    },
  };
});

const tempDir = useTempDirs();

describe('addPaths with copies of one file whose stat answers out of order', () => {
  afterEach(() => slow.clear());

  it('files the first one given and reports the later copies as that item', async () => {
    const { addPaths } = await import('../../electron/services/intake.ts');
    const { Locker } = await import('../../electron/services/locker.ts');
    const dir = tempDir();
    const locker = await Locker.open(path.join(dir, 'store'), { actor: 'test' });
    try {
      const c = await locker.createCase({ title: 'order' });
      const png = await makePng(40, 40, 3);
      const [a, b, d] = ['a.png', 'b-copy.png', 'c-copy.png'].map((name) => {
        const file = path.join(dir, name);
        writeFileSync(file, png);
        return file;
      }) as [string, string, string];
      slow.add(a);
      const r = await addPaths(locker, c.id, [a, b, d]);
      expect(r.errors).toEqual([]);
      expect(r.added.map((x) => x.path)).toEqual([a]);
      expect(r.duplicates.map((x) => [x.path, x.existingId])).toEqual([
        [b, r.added[0]!.id],
        [d, r.added[0]!.id],
      ]);
    } finally {
      locker.close();
    }
  });
});
