import { createRequire } from 'node:module';
import sharp from 'sharp';

/**
 * HEIC/HEIF photos (every iPhone's default) carry HEVC-coded pixels, which the libvips inside sharp's prebuilt
 * binaries cannot decode (it has libheif with the AV1 decoder only: AVIF works, HEIC does not). They are
 * decoded here with libheif compiled to WebAssembly (`heic-decode` over `libheif-js`): pure wasm, loaded from
 * the package on disk, no network and no native addon. libheif applies the file's own rotation and mirror.
 */

type Decoded = { width: number; height: number; data: Uint8ClampedArray };
type HeifImage = { width: number; height: number; decode: () => Promise<Decoded> };
type DecodeAll = (input: { buffer: Uint8Array }) => Promise<HeifImage[] & { dispose: () => void }>;

const require = createRequire(import.meta.url);
let decodeAll: DecodeAll | null = null;

/** Big enough to look at a receipt in a photo, small enough to keep: the preview of a HEIC in the panel. */
export const HEIF_PREVIEW_SIZE = 1600;

/**
 * A WebP preview of a HEIC/HEIF image's primary picture. Refuses, before decoding, a picture larger than
 * `maxPixels`; throws on a file libheif cannot read.
 */
export async function heifPreview(bytes: Buffer, maxPixels: number): Promise<Buffer> {
  decodeAll ??= (require('heic-decode') as { all: DecodeAll }).all;
  const images = await decodeAll({
    buffer: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  });
  try {
    const primary = images[0];
    if (!primary) throw new Error('the HEIF file holds no image');
    if (primary.width * primary.height > maxPixels) throw new Error('pixel limit exceeded');
    const { width, height, data } = await primary.decode();
    return await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      raw: { width, height, channels: 4 },
    })
      .resize(HEIF_PREVIEW_SIZE, HEIF_PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
  } finally {
    images.dispose();
  }
}
