// 300 phone-sized screenshots (1080×2400 PNG): first import (hash + store + thumbnail) and re-import.
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, mb, memorySampler, report, tempDir } from './lib.ts';

const COUNT = Number(process.env.BENCH_SCREENSHOTS ?? 300);
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

const inbox = tempDir('shots');
const store = tempDir('store');
try {
  const bases = await Promise.all([1, 2, 3, 4, 5, 6].map(baseScreenshot));
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < COUNT; i++) {
    const f = path.join(
      inbox.dir,
      `Screenshot_20250827-08${String(Math.floor(i / 60) % 60).padStart(2, '0')}${String(i % 60).padStart(2, '0')}_${i}.png`,
    );
    const png = withComment(bases[i % bases.length]!, `shot ${i}`);
    writeFileSync(f, png);
    bytes += png.length;
    files.push(f);
  }
  const locker = await Locker.open(store.dir);
  const c = await locker.createCase({ title: 'bench' });
  const mem = memorySampler();
  const rssAt: number[] = [];

  const t0 = performance.now();
  const first = await addPaths(locker, c.id, files, {
    onProgress: (p) => {
      if (p.done === Math.floor(COUNT / 3) || p.done === COUNT) rssAt.push(mem.peak());
    },
  });
  const firstS = (performance.now() - t0) / 1000;
  const firstPeak = mem.peak();
  if (first.added.length !== COUNT)
    throw new Error(`expected ${COUNT} added, got ${first.added.length}: ${JSON.stringify(first.errors[0])}`);

  mem.reset();
  const t1 = performance.now();
  const again = await addPaths(locker, c.id, files);
  const againS = (performance.now() - t1) / 1000;
  if (again.duplicates.length !== COUNT) throw new Error('re-import did not find every duplicate');
  const againPeak = mem.peak();
  mem.stop();
  locker.close();

  report('intake: screenshots', {
    files: COUNT,
    'avg file KB': fmt(bytes / COUNT / 1024, 0),
    'first import files/s': fmt(COUNT / firstS),
    'first import MB/s': fmt(mb(bytes) / firstS),
    're-import files/s': fmt(COUNT / againS),
    're-import MB/s': fmt(mb(bytes) / againS),
    'peak RSS MB (first import)': fmt(mb(firstPeak), 0),
    [`peak RSS MB after ${Math.floor(COUNT / 3)} / ${COUNT} files`]: rssAt
      .map((r) => fmt(mb(r), 0))
      .join(' / '),
    'peak RSS MB (re-import)': fmt(mb(againPeak), 0),
  });
} finally {
  inbox.remove();
  store.remove();
}
