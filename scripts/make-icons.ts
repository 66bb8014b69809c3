#!/usr/bin/env -S node --import tsx
// Renders build/icon.svg into the icons electron-builder packs: build/icon.png (1024², macOS builds its .icns
// from it), build/icons/<n>x<n>.png (Linux) and build/icon.ico (Windows). Run after editing the SVG:
//   node --import tsx scripts/make-icons.ts
// The outputs are committed: packaging must not depend on this script having run.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** Linux icon-theme sizes (hicolor) electron-builder copies from build/icons/. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** What Windows asks an .ico for: small-icon, taskbar, Explorer views up to 256 (the largest an ICO holds). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** Below this size the tile's margin costs too many pixels, so it is cropped away. */
const SMALL = 48;
/** The tile is 824 pixels on a 1024 canvas (Apple's grid); small icons show it almost edge to edge. */
const SMALL_VIEWBOX = '88 88 848 848';

/** One PNG of the icon at `size`², rasterised straight from the vector shapes (not scaled down from 1024). */
export async function renderIcon(svg: string, size: number): Promise<Buffer> {
  const source = size <= SMALL ? svg.replace(/viewBox="[^"]*"/, `viewBox="${SMALL_VIEWBOX}"`) : svg;
  // The SVG is 1024 units wide: at 72 dpi it renders at 1024 pixels, so this density renders it at `size`.
  return sharp(Buffer.from(source), { density: Math.max(1, (72 * size) / 1024) })
    .resize(size, size, { fit: 'fill' })
    .png({ compressionLevel: 9, adaptiveFiltering: false })
    .toBuffer();
}

/**
 * An ICO container holding PNG images (read by Windows since Vista). Layout: a 6-byte header (reserved 0,
 * type 1 = icon, count), one 16-byte directory entry per image (width and height with 0 meaning 256, colour
 * count, reserved, planes, bits per pixel, byte length, offset), then the PNG bytes.
 */
export function encodeIco(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    if (!Number.isInteger(size) || size < 1 || size > 256)
      throw new RangeError(`ICO sizes are 1–256, not ${size}`);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size === 256 ? 0 : size, 0);
    entry.writeUInt8(size === 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** Writes every icon file under `buildDir` from its icon.svg; returns the paths written. */
export async function makeIcons(buildDir: string): Promise<string[]> {
  const svg = await readFile(path.join(buildDir, 'icon.svg'), 'utf8');
  const written: string[] = [];
  const write = async (file: string, bytes: Buffer) => {
    await writeFile(file, bytes);
    written.push(file);
  };
  await write(path.join(buildDir, 'icon.png'), await renderIcon(svg, 1024));
  await mkdir(path.join(buildDir, 'icons'), { recursive: true });
  const pngs = new Map<number, Buffer>();
  for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES])) pngs.set(size, await renderIcon(svg, size));
  for (const size of LINUX_SIZES) {
    await write(path.join(buildDir, 'icons', `${size}x${size}.png`), pngs.get(size) as Buffer);
  }
  await write(
    path.join(buildDir, 'icon.ico'),
    encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) as Buffer }))),
  );
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const buildDir = path.resolve(import.meta.dirname, '..', 'build');
  for (const file of await makeIcons(buildDir)) console.log(path.relative(process.cwd(), file));
}
