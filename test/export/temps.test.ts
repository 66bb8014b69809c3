import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPacket, sweepStaleTemps } from '../../electron/services/export/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe('temp files an interrupted export left behind', () => {
  it('are removed by the next export to the same target when stale, and only they', async () => {
    const out = tempDir();
    const pdf = path.join(out, 'packet.pdf');
    const zip = path.join(out, 'packet.zip');
    const old = Date.now() / 1000 - 3600;
    const stale = [`${pdf}.4242.0.tmp`, `${pdf}.4242.3.tmp`, `${zip}.4242.tmp`];
    const fresh = `${pdf}.4343.0.tmp`;
    const others = [path.join(out, 'packet.pdf.notes.tmp'), path.join(out, 'other.pdf.4242.0.tmp')];
    for (const f of [...stale, fresh, ...others]) writeFileSync(f, 'partial');
    for (const f of [...stale, ...others]) utimesSync(f, old, old);

    const locker = await Locker.open(tempDir());
    try {
      const c = await locker.createCase({ title: 'temps' });
      await exportPacket(locker, c.id, { out: pdf, zip, lang: 'en' });
    } finally {
      locker.close();
    }
    for (const f of stale) expect(existsSync(f), f).toBe(false);
    // Young (an export may be writing it now), or not named after these targets: left alone.
    for (const f of [fresh, ...others]) expect(existsSync(f), f).toBe(true);
    expect(existsSync(pdf) && existsSync(zip)).toBe(true);
    expect(await sweepStaleTemps(pdf, Date.now() + 3_600_000)).toBe(1);
  });
});
