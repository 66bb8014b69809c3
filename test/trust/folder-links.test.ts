import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe.skipIf(process.platform === 'win32')('links inside a dropped folder', () => {
  it('follows a link to a file inside the folder, skips one leading outside it, and says so', async () => {
    const outside = path.join(tempDir(), 'passwd');
    writeFileSync(outside, 'root:x:0:0:SECRET-OUTSIDE:/root:/bin/sh\n');
    const folder = path.join(tempDir(), 'dropped');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'sub', 'note.txt'), 'a note inside the folder\n');
    symlinkSync(path.join(folder, 'sub', 'note.txt'), path.join(folder, 'inside-link.txt'));
    symlinkSync(outside, path.join(folder, 'outside-link.txt'));
    symlinkSync('../../../../../../../../etc/passwd', path.join(folder, 'etc-passwd'));

    const locker = await Locker.open(tempDir());
    try {
      const c = await locker.createCase({ title: 'links' });
      const r = await addPaths(locker, c.id, [folder]);
      const filed = [...r.added, ...r.duplicates].map((x) => path.basename(x.path)).sort();
      expect(filed).toEqual(['inside-link.txt', 'note.txt']);
      expect(r.skipped).toEqual(
        expect.arrayContaining([
          {
            path: path.join(folder, 'outside-link.txt'),
            reason: 'link to a file outside the folder given; not followed',
            code: 'skip.link-outside',
            params: {},
          },
          {
            path: path.join(folder, 'etc-passwd'),
            reason: 'link to a file outside the folder given; not followed',
            code: 'skip.link-outside',
            params: {},
          },
        ]),
      );
      const texts = locker.listEvidence(c.id).map((e) => e.contentText ?? '');
      expect(texts.join('\n')).not.toContain('SECRET-OUTSIDE');
    } finally {
      locker.close();
    }
  });
});
