import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeThumbnail, THUMBNAIL_SIZE } from '../../electron/services/image-facts.ts';

/** A picture `width`×`height`, white, with a black band over its top `band` pixels. */
async function banded(width: number, height: number, band: number): Promise<Buffer> {
  const top = await sharp({ create: { width, height: band, channels: 3, background: '#000000' } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: top, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

/** Mean brightness (0–255) of a horizontal strip of a picture. */
async function brightness(image: Buffer, fromY: number, toY: number): Promise<number> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = fromY; y < toY; y++)
    for (let x = 0; x < info.width; x++) sum += data[(y * info.width + x) * info.channels]!;
  return sum / ((toY - fromY) * info.width);
}

describe('makeThumbnail', () => {
  it('keeps the readable top of a tall phone screenshot at 3:4, not the whole strip', async () => {
    // 1080×2400: the black header is the top 600 px, a quarter of the picture.
    const thumb = await makeThumbnail(await banded(1080, 2400, 600));
    const meta = await sharp(thumb).metadata();
    expect([meta.width, meta.height]).toEqual([(THUMBNAIL_SIZE * 3) / 4, THUMBNAIL_SIZE]);
    // Cropped to the top at 1080 px wide → 360 px: the 600 px band is the top 200 px of the thumbnail.
    expect(await brightness(thumb, 0, 190)).toBeLessThan(20);
    expect(await brightness(thumb, 210, THUMBNAIL_SIZE)).toBeGreaterThan(235);
  });

  it('shrinks an ordinary picture whole', async () => {
    const thumb = await makeThumbnail(await banded(1600, 1200, 300));
    const meta = await sharp(thumb).metadata();
    expect([meta.width, meta.height]).toEqual([THUMBNAIL_SIZE, 360]);
    expect(await brightness(thumb, 0, 85)).toBeLessThan(20);
    expect(await brightness(thumb, 95, 360)).toBeGreaterThan(235);
  });
});
