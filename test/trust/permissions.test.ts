import { chmodSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const mode = (file: string) => statSync(file).mode & 0o777;

// POSIX permission bits; Windows keeps other users out with the profile folder's ACL (see README).
describe.skipIf(process.platform === 'win32')('a locker is the owner’s only', () => {
  it('makes the folder 0700, the database 0600, originals 0400 and the packet archive 0600', async () => {
    const dir = path.join(tempDir(), 'locker');
    let locker = await Locker.open(dir);
    const c = await locker.createCase({ title: 'perms' });
    const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(20, 30, 1));
    const { added } = await addPaths(locker, c.id, [shot]);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'locker.db'))).toBe(0o600);
    expect(mode(path.join(dir, 'locker.db-wal'))).toBe(0o600);
    expect(mode(path.join(dir, 'objects'))).toBe(0o700);
    expect(mode(locker.objects.pathFor(added[0]!.sha256))).toBe(0o400);

    const out = tempDir();
    await exportPacket(locker, c.id, {
      out: path.join(out, 'packet.pdf'),
      zip: path.join(out, 'packet.zip'),
      record: false,
    });
    expect(mode(path.join(out, 'packet.pdf'))).toBe(0o600);
    expect(mode(path.join(out, 'packet.zip'))).toBe(0o600);
    locker.close();

    // A locker made by an older version (folder 0755, database 0644) is closed to others at the next open.
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'locker.db'), 0o644);
    locker = await Locker.open(dir);
    locker.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'locker.db'))).toBe(0o600);
  });
});
