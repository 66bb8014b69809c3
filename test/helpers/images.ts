import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A phone-screenshot-like PNG: flat colour plus a few bands, so it compresses like a real one. */
export async function makePng(width = 120, height = 240, seed = 0): Promise<Buffer> {
  const bands = Array.from({ length: 6 }, (_, i) => ({
    input: {
      create: {
        width,
        height: Math.max(1, Math.floor(height / 12)),
        channels: 3 as const,
        background: { r: (seed * 37 + i * 40) % 256, g: (seed * 11 + i * 20) % 256, b: 200 },
      },
    },
    top: Math.floor((height / 6) * i),
    left: 0,
  }));
  return sharp({ create: { width, height, channels: 3, background: { r: 245, g: 245, b: 245 } } })
    .composite(bands)
    .png()
    .toBuffer();
}

/** A JPEG carrying camera EXIF: the time it was taken, its offset, a device and an orientation. */
export async function makeJpeg(options: {
  width?: number;
  height?: number;
  taken?: string;
  offset?: string;
  orientation?: number;
  make?: string;
  model?: string;
}): Promise<Buffer> {
  const IFD0: Record<string, string> = {};
  if (options.make) IFD0.Make = options.make;
  if (options.model) IFD0.Model = options.model;
  const IFD2: Record<string, string> = {};
  if (options.taken) IFD2.DateTimeOriginal = options.taken;
  if (options.offset) IFD2.OffsetTimeOriginal = options.offset;
  let img = sharp({
    create: {
      width: options.width ?? 80,
      height: options.height ?? 48,
      channels: 3,
      background: { r: 200, g: 30, b: 30 },
    },
  })
    .composite([
      {
        input: { create: { width: 20, height: 48, channels: 3, background: { r: 0, g: 0, b: 255 } } },
        left: 0,
        top: 0,
      },
    ])
    .jpeg();
  if (Object.keys(IFD0).length || Object.keys(IFD2).length) img = img.withExif({ IFD0, IFD2 });
  const buf = await img.toBuffer();
  if (!options.orientation) return buf;
  return sharp(buf).withMetadata({ orientation: options.orientation }).jpeg().toBuffer();
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A tiny PNG whose header claims a huge canvas: the classic decompression bomb. */
export function makePngBomb(width = 40_000, height = 40_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal one-page PDF with a text layer, written by hand so the test owns every byte. */
export function makePdf(
  text = 'Invoice 42183017 total 4.11 USD',
  created = "D:20250827080112+08'00'",
): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /CreationDate (${created}) /Producer (test) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
