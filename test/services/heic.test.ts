import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEIF_PREVIEW_SIZE, heifPreview } from '../../electron/services/heic.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sniffContent } from '../../electron/services/sniff.ts';
import { useTempDirs } from '../helpers/temp.ts';

// See test/fixtures/images/README.md: made here with heif-enc, since no HEVC encoder comes from npm.
const HEIC = readFileSync(path.resolve(import.meta.dirname, '../fixtures/images/quadrants-64x48.heic'));

/** The colour at (x, y) of a decoded image, as [r, g, b]. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 12);

describe('HEIC photos', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;
  beforeEach(async () => {
    locker = await Locker.open(tempDir());
    caseId = (await locker.createCase({ title: 'Photos' })).id;
  });
  afterEach(() => locker.close());

  it('is a HEIC that sharp alone cannot draw', async () => {
    expect(sniffContent(HEIC).mime).toBe('image/heic');
    await expect(sharp(HEIC).webp().toBuffer()).rejects.toThrow();
  });

  it('decodes the HEVC picture to a preview with its colours where they belong', async () => {
    const preview = await heifPreview(HEIC, 150_000_000);
    const meta = await sharp(preview).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 64, 48]);
    expect(HEIF_PREVIEW_SIZE).toBeGreaterThan(64);
    expect(near(await pixel(preview, 2, 2), [230, 20, 60])).toBe(true);
    expect(near(await pixel(preview, 61, 45), [20, 200, 60])).toBe(true);
    await expect(heifPreview(HEIC, 64 * 48 - 1)).rejects.toThrow(/pixel limit/);
  });

  it('files a HEIC with a thumbnail, and a damaged one with a warning instead', async () => {
    const inbox = tempDir();
    const good = path.join(inbox, 'IMG_0042.HEIC');
    const cut = path.join(inbox, 'IMG_0043.HEIC');
    writeFileSync(good, HEIC);
    // The boxes intact, the HEVC data in `mdat` overwritten: readable as a HEIF, not decodable.
    const damagedBytes = Buffer.from(HEIC);
    damagedBytes.fill(0xff, HEIC.indexOf('mdat') + 8);
    writeFileSync(cut, damagedBytes);
    const r = await addPaths(locker, caseId, [good, cut]);
    expect(r.errors).toEqual([]);
    const [ok, damaged] = r.added;
    expect(ok?.warnings.join(' ')).not.toMatch(/no preview/);
    const thumb = await locker.objects.readThumb(ok!.sha256);
    expect(thumb).not.toBeNull();
    expect(near(await pixel(thumb!, 2, 2), [230, 20, 60])).toBe(true);
    expect(damaged?.warnings).toContain(
      'no preview for this image format yet; the original is kept as it is',
    );
    expect(await locker.objects.readThumb(damaged!.sha256)).toBeNull();
  });
});
