import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

async function zipOf(entries: { name: string; bytes: Uint8Array }[]): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), { useWebWorkers: false });
  for (const e of entries) await writer.add(e.name, new Uint8ArrayReader(e.bytes));
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

describe('archives inside archives', () => {
  it('unpacks four levels deep, then files the rest as it is with its own error', async () => {
    // level-6.zip › level-5.zip › … › level-1.zip › note-1.txt; each level also holds a note of its own.
    let inner = await zipOf([{ name: 'note-0.txt', bytes: Buffer.from('the innermost note\n') }]);
    for (let level = 1; level <= 6; level++) {
      inner = await zipOf([
        { name: `level-${level - 1}.zip`, bytes: inner },
        { name: `note-${level}.txt`, bytes: Buffer.from(`a note at level ${level}\n`) },
      ]);
    }
    const inbox = tempDir();
    const file = path.join(inbox, 'nest.zip');
    writeFileSync(file, inner);
    const locker = await Locker.open(tempDir());
    try {
      const c = await locker.createCase({ title: 'nest' });
      const r = await addPaths(locker, c.id, [file]);
      // The file itself, then four levels of (zip + note): 1 + 4 × 2 items.
      expect(r.added).toHaveLength(9);
      expect(
        r.added
          .filter((a) => a.path.endsWith('.txt'))
          .map((a) => a.path.split(' › ').at(-1))
          .sort(),
      ).toEqual(['note-3.txt', 'note-4.txt', 'note-5.txt', 'note-6.txt']);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.path).toMatch(/level-2\.zip$/);
      expect(r.errors[0]!.error).toMatch(/nested more than 4 archives deep/);
      expect((await verifyLocker(locker)).ok).toBe(true);
    } finally {
      locker.close();
    }
  });
});
