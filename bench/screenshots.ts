// Phone-sized screenshots for the intake benchmarks: 1080×2400 PNGs that compress like real ones.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A screenshot-like PNG: light background, text-like noise rows, a few coloured cards. */
async function baseScreenshot(seed: number): Promise<Buffer> {
  const width = 1080;
  const height = 2400;
  const raw = Buffer.alloc(width * height * 3, 246);
  // Text-like rows of anti-aliased glyph noise: real screenshots compress to a few hundred KB, not to nothing.
  const noise = randomBytes(width * height);
  for (let row = 0; row < height; row += 44) {
    const lineWidth = 300 + ((seed * 131 + row) % 700);
    for (let y = row + 12; y < row + 32 && y < height; y++) {
      for (let px = 40; px < 40 + lineWidth && px < width; px++) {
        const n = noise[y * width + px]!;
        if (n < 100) {
          const i = (y * width + px) * 3;
          raw[i] = raw[i + 1] = raw[i + 2] = n;
        }
      }
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** Same pixels, different bytes: a unique tEXt chunk before IEND, so each file has its own hash. */
function withComment(png: Buffer, text: string): Buffer {
  const data = Buffer.from(`Comment\0${text}`, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from('tEXt'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), len, body, crc, png.subarray(iend)]);
}

/** Writes `count` distinct screenshots into `dir`; returns their paths and total size. */
export async function writeScreenshots(
  dir: string,
  count: number,
): Promise<{ files: string[]; bytes: number }> {
  const bases = await Promise.all([1, 2, 3, 4, 5, 6].map(baseScreenshot));
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const f = path.join(
      dir,
      `Screenshot_20250827-08${String(Math.floor(i / 60) % 60).padStart(2, '0')}${String(i % 60).padStart(2, '0')}_${i}.png`,
    );
    const png = withComment(bases[i % bases.length]!, `shot ${i}`);
    writeFileSync(f, png);
    bytes += png.length;
    files.push(f);
  }
  return { files, bytes };
}
