import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMismatch, expectedMimeForExtension, sniffContent } from '../../electron/services/sniff.ts';
import type { Sniffed } from '../../electron/services/sniff.ts';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const cat = (...parts: (Buffer | string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? ascii(p) : Buffer.from(p))));
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** An ISO-BMFF `ftyp` box with the given brands, followed by an empty `mdat`. */
const ftyp = (major: string, ...compatible: string[]) =>
  cat(u32be(16 + 4 * compatible.length), 'ftyp', major, [0, 0, 0, 0], ...compatible, u32be(8), 'mdat');

/** A ZIP local file header (stored, empty) for each name, then an end-of-central-directory record. */
const zip = (...names: string[]) =>
  Buffer.concat([
    ...names.map((name) => {
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(Buffer.byteLength(name), 26);
      return cat(h, name);
    }),
    cat([0x50, 0x4b, 0x05, 0x06], Buffer.alloc(18)),
  ]);

const bmp = () => {
  const b = Buffer.alloc(54);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(58, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  return b;
};

/** Deterministic pseudo-random bytes (mulberry32), so a failure can be replayed. */
const randomBytes = (length: number, seed: number) => {
  const out = Buffer.alloc(length);
  let a = seed;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
};

const real: Record<string, Buffer> = {};

beforeAll(async () => {
  const img = () => sharp({ create: { width: 2, height: 2, channels: 3, background: '#c00' } });
  real.png = await img().png().toBuffer();
  real.jpeg = await img().jpeg().toBuffer();
  real.webp = await img().webp().toBuffer();
  real.gif = await img().gif().toBuffer();
  real.tiff = await img().tiff().toBuffer();
  real.avif = await img().avif().toBuffer();
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').addRow(['交易时间', '金额']);
  real.xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  real.gzip = gzipSync('hello');
});

const FAMILIES = ['image', 'pdf', 'audio', 'video', 'archive', 'office', 'text', 'email', 'binary'];

describe('sniffContent', () => {
  it.each([
    ['png', 'image/png', 'image', 'PNG image'],
    ['jpeg', 'image/jpeg', 'image', 'JPEG image'],
    ['webp', 'image/webp', 'image', 'WebP image'],
    ['gif', 'image/gif', 'image', 'GIF image'],
    ['tiff', 'image/tiff', 'image', 'TIFF image'],
    ['avif', 'image/avif', 'image', 'AVIF image'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'office', 'Excel workbook'],
    ['gzip', 'application/gzip', 'archive', 'gzip archive'],
  ])('recognises a real %s file made by its library', (name, mime, family, label) => {
    expect(sniffContent(real[name]!)).toEqual({ mime, family, label });
  });

  it.each<[string, Buffer, string, string]>([
    ['a BMP with a Windows DIB header', bmp(), 'image/bmp', 'image'],
    ['a big-endian TIFF', cat('MM', [0, 42, 0, 0, 0, 8]), 'image/tiff', 'image'],
    ['an iPhone HEIC', ftyp('heic', 'mif1', 'heic'), 'image/heic', 'image'],
    ['a HEIC with the heix brand', ftyp('heix', 'mif1'), 'image/heic', 'image'],
    ['a HEIC sequence (hevc)', ftyp('hevc', 'msf1'), 'image/heic', 'image'],
    ['a generic HEIF (mif1)', ftyp('mif1', 'mif1'), 'image/heif', 'image'],
    ['a mif1 HEIF whose compatible brands say heic', ftyp('mif1', 'mif1', 'heic'), 'image/heic', 'image'],
    ['an AVIF tagged mif1 with avif compatible', ftyp('mif1', 'avif', 'miaf'), 'image/avif', 'image'],
    ['a HEIF sequence (msf1)', ftyp('msf1', 'msf1'), 'image/heif', 'image'],
    ['a PDF', cat('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'application/pdf', 'pdf'],
    ['a PDF after scanner junk', cat(Buffer.alloc(1000, 0x20), '%PDF-1.4\n'), 'application/pdf', 'pdf'],
    ['a plain ZIP', zip('photos/a.jpg', 'photos/b.jpg'), 'application/zip', 'archive'],
    ['an empty ZIP', cat([0x50, 0x4b, 0x05, 0x06], Buffer.alloc(18)), 'application/zip', 'archive'],
    [
      'a DOCX by its word/ entries',
      zip('[Content_Types].xml', '_rels/.rels', 'word/document.xml'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'office',
    ],
    [
      'an XLSX by its xl/ entries',
      zip('[Content_Types].xml', 'xl/workbook.xml'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'office',
    ],
    [
      'a PPTX by its ppt/ entries',
      zip('ppt/presentation.xml'),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'office',
    ],
    ['an OOXML whose parts lie past the head', zip('[Content_Types].xml'), 'application/x-ooxml', 'office'],
    [
      'a legacy Office file (OLE2)',
      cat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], Buffer.alloc(24)),
      'application/x-ole-storage',
      'office',
    ],
    ['a RAR 4 archive', cat('Rar!', [0x1a, 0x07, 0x00]), 'application/vnd.rar', 'archive'],
    ['a RAR 5 archive', cat('Rar!', [0x1a, 0x07, 0x01, 0x00]), 'application/vnd.rar', 'archive'],
    [
      'a 7z archive',
      cat([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]),
      'application/x-7z-compressed',
      'archive',
    ],
    ['an MP4 (isom)', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4', 'video'],
    ['an MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video/mp4', 'video'],
    ['an MP4 (avc1)', ftyp('avc1'), 'video/mp4', 'video'],
    ['an M4V', ftyp('M4V ', 'M4V ', 'M4A ', 'mp42', 'isom'), 'video/x-m4v', 'video'],
    ['an iPhone MOV', ftyp('qt  ', 'qt  '), 'video/quicktime', 'video'],
    [
      'an old QuickTime MOV with no ftyp',
      cat(u32be(8), 'wide', u32be(1000), 'mdat'),
      'video/quicktime',
      'video',
    ],
    ['a 3GP', ftyp('3gp4', 'isom', '3gp4'), 'video/3gpp', 'video'],
    ['a 3G2', ftyp('3g2a', '3g2a'), 'video/3gpp2', 'video'],
    ['an M4A', ftyp('M4A ', 'M4A ', 'mp42', 'isom'), 'audio/mp4', 'audio'],
    ['an MP3 with an ID3 tag', cat('ID3', [4, 0, 0, 0, 0, 0, 0x23]), 'audio/mpeg', 'audio'],
    ['an MP3 starting with a frame (MPEG-1 layer III)', cat([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg', 'audio'],
    ['an MP3 starting with a frame (MPEG-2 layer III)', cat([0xff, 0xf3, 0x48, 0xc4]), 'audio/mpeg', 'audio'],
    ['an ADTS AAC stream', cat([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), 'audio/aac', 'audio'],
    ['a WAV', cat('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav', 'audio'],
    ['an AVI', cat('RIFF', [0x24, 0, 0, 0], 'AVI LIST'), 'video/x-msvideo', 'video'],
    ['an Ogg', cat('OggS', [0, 2]), 'audio/ogg', 'audio'],
    ['a FLAC', cat('fLaC', [0, 0, 0, 0x22]), 'audio/flac', 'audio'],
    ['an AMR voice note', cat('#!AMR\n', [0x3c, 0x48]), 'audio/amr', 'audio'],
    ['an AMR-WB voice note', cat('#!AMR-WB\n', [0x24]), 'audio/amr-wb', 'audio'],
    [
      'a WeChat SILK voice note (0x02 prefix)',
      cat([0x02], '#!SILK_V3', [0x14, 0x00]),
      'audio/x-silk',
      'audio',
    ],
    ['a plain SILK file', cat('#!SILK_V3', [0x14, 0x00]), 'audio/x-silk', 'audio'],
    [
      'a WebM',
      cat([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'),
      'video/webm',
      'video',
    ],
    [
      'a Matroska MKV',
      cat([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88], 'matroska'),
      'video/x-matroska',
      'video',
    ],
  ])('recognises %s', (_name, head, mime, family) => {
    expect(sniffContent(head)).toMatchObject({ mime, family });
  });

  const gbk = (s: string) => iconv.encode(s, 'gbk');
  const alipayCsv =
    '支付宝交易记录明细查询\n账号:[a***@example.com]\n起始日期:[2025-08-01 00:00:00]    终止日期:[2025-08-31 00:00:00]\n' +
    '---------------------------------交易记录明细列表------------------------------------\n' +
    '交易号,商户订单号,交易创建时间,付款时间,金额（元）,\n' +
    '2025082722001,T2001,2025-08-27 08:01:12,2025-08-27 08:01:13,39.90,\n' +
    '2025082722002,T2002,2025-08-27 09:01:12,2025-08-27 09:01:13,12.00,\n' +
    '2025082722003,T2003,2025-08-27 10:01:12,2025-08-27 10:01:13,8.50,\n' +
    '2025082722004,T2004,2025-08-27 11:01:12,2025-08-27 11:01:13,1.00,\n';
  const email =
    'Received: from mx.example.com\n\tby mail.example.com; Wed, 27 Aug 2025 08:01:12 +0800\n' +
    'From: Shop <shop@example.com>\nTo: me@example.com\nSubject: =?UTF-8?B?6K6i5Y2V?=\n' +
    'Date: Wed, 27 Aug 2025 08:01:12 +0800\nMIME-Version: 1.0\n\nYour order has shipped.\n';
  const cnText = Buffer.from('我已经付款了，但是商家一直没有发货。');

  it.each<[string, Buffer, string, string]>([
    ['plain ASCII text', ascii('I paid on 27 August.\n'), 'text/plain', 'plain text'],
    ['UTF-8 text with a BOM', cat([0xef, 0xbb, 0xbf], cnText), 'text/plain', 'plain text'],
    [
      'UTF-8 text cut inside a multi-byte character',
      cnText.subarray(0, cnText.length - 1),
      'text/plain',
      'plain text',
    ],
    [
      'UTF-16LE text with a BOM',
      cat([0xff, 0xfe], Buffer.from('付款记录 payment', 'utf16le')),
      'text/plain',
      'plain text',
    ],
    [
      'UTF-16BE text with a BOM',
      cat([0xfe, 0xff], Buffer.from('a,b,c\n1,2,3\n', 'utf16le').swap16()),
      'text/csv',
      'CSV text',
    ],
    ['GBK text', gbk('我已经付款了，但是商家一直没有发货。'), 'text/plain', 'plain text'],
    ['a GBK Alipay CSV export with a preamble', gbk(alipayCsv), 'text/csv', 'CSV text'],
    ['a UTF-8 Alipay CSV export', Buffer.from(alipayCsv), 'text/csv', 'CSV text'],
    ['a CSV cut mid-line by the head', ascii('a,b,c\n1,2,3\n4,5,6\n7,8'), 'text/csv', 'CSV text'],
    [
      'a CSV with quoted commas',
      ascii('name,note,amount\n"Li, Wei","a, b",1\n"Wang",x,2\n'),
      'text/csv',
      'CSV text',
    ],
    [
      'tab-separated text',
      ascii('time\tamount\tshop\n08:01\t39.90\tA\n09:00\t1.00\tB\n'),
      'text/csv',
      'tab-separated text',
    ],
    [
      'prose with stray commas',
      ascii('Yes, I paid.\nThe shop, however, never shipped it.\nOK\n'),
      'text/plain',
      'plain text',
    ],
    ['an email', ascii(email), 'message/rfc822', 'email message'],
    [
      'an email in an mbox',
      ascii(`From shop@example.com Wed Aug 27 08:01:12 2025\n${email}`),
      'message/rfc822',
      'email message',
    ],
    [
      'an email cut inside its headers',
      ascii('From: a@example.com\nTo: b@example.com\nSubj'),
      'message/rfc822',
      'email message',
    ],
    [
      'a note with a single header-like line',
      ascii('Subject: refund\n\nplease refund me\n'),
      'text/plain',
      'plain text',
    ],
    [
      'a note that only starts like headers',
      ascii('From: me\nTo: shop\nI want my money back\n'),
      'text/plain',
      'plain text',
    ],
    ['a JSON object', ascii('\n  {"orderId": "T2001", "amount": "39.90"}'), 'application/json', 'JSON'],
    ['a JSON array', cat([0xef, 0xbb, 0xbf], '[{"a":1}]'), 'application/json', 'JSON'],
    [
      'an INI file, which starts with [ but is not JSON',
      ascii('[settings]\nname=value\n'),
      'text/plain',
      'plain text',
    ],
    [
      'an HTML page by doctype',
      ascii('<!DOCTYPE html>\n<html><body>receipt</body></html>'),
      'text/html',
      'HTML page',
    ],
    ['an HTML page by <html>', ascii('<html lang="zh">\n<head>'), 'text/html', 'HTML page'],
    ['an XML document', ascii('<?xml version="1.0"?>\n<root/>'), 'application/xml', 'XML document'],
    [
      'an SGML OFX statement',
      ascii('OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n'),
      'application/x-ofx',
      'OFX statement',
    ],
    [
      'an XML OFX statement',
      ascii('<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX><SIGNONMSGSRSV1>'),
      'application/x-ofx',
      'OFX statement',
    ],
    ['text starting with "BM"', ascii('BMW paid the deposit\n'), 'text/plain', 'plain text'],
    ['text starting with "ID3"', ascii('ID3 tags are metadata\n'), 'text/plain', 'plain text'],
  ])('reads %s', (_name, head, mime, label) => {
    expect(sniffContent(head)).toMatchObject({ mime, label });
  });

  it.each<[string, Buffer, string]>([
    ['an empty buffer', Buffer.alloc(0), 'empty file'],
    ['a single NUL byte', Buffer.from([0]), 'unrecognised binary data'],
    ['a single 0xFF byte', Buffer.from([0xff]), 'unrecognised binary data'],
    ['a lone UTF-8 lead byte', Buffer.from([0xc3]), 'unrecognised binary data'],
    ['text containing a NUL byte', ascii('hello\0world\n'), 'unrecognised binary data'],
    ['text full of control characters', ascii('\x01\x02\x03\x04abc\x05\x06'), 'unrecognised binary data'],
    // A Latin-1 letter among ASCII ones (`caf\xe9 ok`) is Windows-1252 text now: see western-files.test.ts.
    ['an ftyp box with an unknown brand', ftyp('zzzz'), 'unrecognised binary data'],
    [
      'a PDF marker past the first 1024 bytes',
      cat(Buffer.alloc(1024, 0x01), '%PDF-1.4'),
      'unrecognised binary data',
    ],
    ['64 KiB of seeded random bytes', randomBytes(64 * 1024, 42), 'unrecognised binary data'],
    ['a RIFF of an unknown form', cat('RIFF', [4, 0, 0, 0], 'CDXA', [0]), 'unrecognised binary data'],
  ])('refuses to name %s', (_name, head, label) => {
    expect(sniffContent(head)).toEqual({ mime: 'application/octet-stream', family: 'binary', label });
  });

  it('reads a single printable byte as plain text', () => {
    expect(sniffContent(ascii('A'))).toMatchObject({ mime: 'text/plain', family: 'text' });
  });

  it('never throws and always names a known family, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const s = sniffContent(Buffer.from(bytes));
        expect(FAMILIES).toContain(s.family);
        expect(s.mime).toMatch(/^[a-z0-9]+\/[a-z0-9.+-]+$/);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('never throws on a truncated prefix of any recognised header', () => {
    for (const head of [...Object.values(real), bmp(), ftyp('heic', 'mif1'), zip('xl/a.xml')]) {
      for (let n = 0; n <= Math.min(head.length, 64); n++)
        expect(() => sniffContent(head.subarray(0, n))).not.toThrow();
    }
  });
});

describe('expectedMimeForExtension', () => {
  it.each<[string, string | null]>([
    ['photo.jpg', 'image/jpeg'],
    ['photo.JPEG', 'image/jpeg'],
    ['IMG_0001.PNG', 'image/png'],
    ['a.gif', 'image/gif'],
    ['a.webp', 'image/webp'],
    ['IMG_1234.HEIC', 'image/heic'],
    ['a.heif', 'image/heif'],
    ['a.bmp', 'image/bmp'],
    ['scan.tif', 'image/tiff'],
    ['scan.tiff', 'image/tiff'],
    ['bill.pdf', 'application/pdf'],
    ['export.zip', 'application/zip'],
    ['statement.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['call.mp3', 'audio/mpeg'],
    ['call.m4a', 'audio/mp4'],
    ['clip.mp4', 'video/mp4'],
    ['IMG_0002.MOV', 'video/quicktime'],
    ['call.wav', 'audio/wav'],
    ['voice.amr', 'audio/amr'],
    ['notes.txt', 'text/plain'],
    ['alipay.csv', 'text/csv'],
    ['mail.eml', 'message/rfc822'],
    ['order.json', 'application/json'],
    ['receipt.html', 'text/html'],
    ['feed.xml', 'application/xml'],
    ['bank.ofx', 'application/x-ofx'],
    ['bank.qfx', 'application/x-ofx'],
    ['backup.tar.gz', 'application/gzip'],
    ['C:\\Users\\me\\Desktop\\scan.PDF', 'application/pdf'],
    ['/home/me/dir.jpg/notes', null],
    ['README', null],
    ['.jpg', null],
    ['trailing.', null],
    ['strange.xyz', null],
    ['proto.__proto__', null],
    ['ctor.constructor', null],
    ['', null],
  ])('maps %s to %s', (name, mime) => {
    expect(expectedMimeForExtension(name)).toBe(mime);
  });
});

describe('describeMismatch', () => {
  const sniffed: Record<string, Sniffed> = {
    jpeg: sniffContent(cat([0xff, 0xd8, 0xff, 0xe0])),
    png: sniffContent(cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    tiff: sniffContent(cat('II*', [0])),
    heic: sniffContent(ftyp('heic', 'mif1')),
    heif: sniffContent(ftyp('mif1')),
    pdf: sniffContent(ascii('%PDF-1.7\n')),
    zip: sniffContent(zip('a.txt')),
    xlsx: sniffContent(zip('xl/workbook.xml')),
    ooxml: sniffContent(zip('[Content_Types].xml')),
    ole: sniffContent(cat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
    mp4: sniffContent(ftyp('isom')),
    mov: sniffContent(ftyp('qt  ')),
    m4a: sniffContent(ftyp('M4A ')),
    mp3: sniffContent(cat('ID3', [3, 0])),
    amrWb: sniffContent(ascii('#!AMR-WB\n')),
    text: sniffContent(ascii('just some words\n')),
    csv: sniffContent(ascii('a,b,c\n1,2,3\n')),
    json: sniffContent(ascii('{"a":1}')),
    xml: sniffContent(ascii('<?xml version="1.0"?><a/>')),
    ofx: sniffContent(ascii('OFXHEADER:100\n')),
    email: sniffContent(ascii('From: a@b.c\nTo: d@e.f\n\nhi\n')),
    binary: sniffContent(cat([0, 1, 2, 3])),
    empty: sniffContent(Buffer.alloc(0)),
  };

  it.each<[string, string]>([
    ['photo.jpg', 'jpeg'],
    ['photo.JPEG', 'jpeg'],
    ['IMG_0001.PNG', 'png'],
    ['scan.tif', 'tiff'],
    ['IMG_1.heic', 'heif'],
    ['IMG_1.heif', 'heic'],
    ['statement.xlsx', 'xlsx'],
    ['statement.xlsx', 'ooxml'],
    ['bundle.zip', 'xlsx'],
    ['clip.mp4', 'mov'],
    ['clip.mov', 'mp4'],
    ['voice.m4a', 'mp4'],
    ['clip.mp4', 'm4a'],
    ['voice.amr', 'amrWb'],
    ['notes.txt', 'csv'],
    ['notes.txt', 'json'],
    ['notes.txt', 'email'],
    ['alipay.csv', 'text'],
    ['order.json', 'text'],
    ['feed.xml', 'ofx'],
    ['bank.qfx', 'ofx'],
    ['mail.eml', 'email'],
    ['no-extension', 'binary'],
    ['strange.xyz', 'pdf'],
  ])('accepts %s holding %s content', (name, content) => {
    expect(describeMismatch(name, sniffed[content]!)).toBeNull();
  });

  it.each<[string, string, 'error' | 'warning', string]>([
    [
      'photo.jpg',
      'text',
      'error',
      'named "photo.jpg" but its content is not a JPEG image (it is plain text)',
    ],
    ['photo.jpg', 'csv', 'error', 'named "photo.jpg" but its content is not a JPEG image (it is CSV text)'],
    [
      'call.mp3',
      'binary',
      'error',
      'named "call.mp3" but its content is not an MP3 audio (it is unrecognised binary data)',
    ],
    [
      '/tmp/in/bill.pdf',
      'empty',
      'error',
      'named "bill.pdf" but its content is not a PDF document (it is an empty file)',
    ],
    [
      'bill.pdf',
      'email',
      'error',
      'named "bill.pdf" but its content is not a PDF document (it is an email message)',
    ],
    ['scan.jpg', 'pdf', 'warning', 'named "scan.jpg" but it is really a PDF document; filed as a PDF'],
    ['IMG_1.heic', 'jpeg', 'warning', 'named "IMG_1.heic" but it is really a JPEG image; filed as a JPEG'],
    ['photo.png', 'jpeg', 'warning', 'named "photo.png" but it is really a JPEG image; filed as a JPEG'],
    [
      'statement.xlsx',
      'ole',
      'warning',
      'named "statement.xlsx" but it is really a legacy Microsoft Office document; filed as a legacy Office document',
    ],
    [
      'statement.xlsx',
      'zip',
      'warning',
      'named "statement.xlsx" but it is really a ZIP archive; filed as a ZIP',
    ],
    ['voice.mp3', 'm4a', 'warning', 'named "voice.mp3" but it is really an M4A audio; filed as an M4A'],
    ['notes.txt', 'png', 'warning', 'named "notes.txt" but it is really a PNG image; filed as a PNG'],
    [
      'notes.txt',
      'binary',
      'warning',
      'named "notes.txt" but its content is not plain text (it is unrecognised binary data)',
    ],
    ['alipay.csv', 'json', 'warning', 'named "alipay.csv" but it is really JSON; filed as JSON'],
    ['mail.eml', 'text', 'warning', 'named "mail.eml" but it is really plain text; filed as plain text'],
  ])('flags %s holding %s content as %s', (name, content, severity, message) => {
    expect(describeMismatch(name, sniffed[content]!)).toMatchObject({ severity, message });
  });
});
