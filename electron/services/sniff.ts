/**
 * Decides what a file is from its first bytes, never from its name: evidence arrives renamed, re-saved by
 * chat apps and exported by banks under the wrong extension, and a name is what a user changes by accident.
 */
import { coded, say, type Coded } from '../messages/say.ts';
import { looksLikeGbk, looksLikeSingleByteText } from './importers/text-guess.ts';

export type Sniffed = {
  mime: string;
  family: 'image' | 'pdf' | 'audio' | 'video' | 'archive' | 'office' | 'text' | 'email' | 'binary';
  label: string;
};

type Family = Sniffed['family'];

type Kind = Sniffed & {
  /** `a`, `an`, or '' for mass nouns (`plain text`), used to build readable messages. */
  article: string;
  /** Short name for "filed as …" (`PDF`, `PNG`). */
  short: string;
};

const kinds = new Map<string, Kind>();

/** The kind of file a label names (`PDF document`), for words written before kinds were codes. */
export function kindOfLabel(label: string): Pick<Kind, 'family' | 'label'> | undefined {
  return kinds.get(label);
}

function kind(mime: string, family: Family, label: string, article: string, short = label): Kind {
  const k = { mime, family, label, article, short };
  kinds.set(label, k);
  return k;
}

const K = {
  png: kind('image/png', 'image', 'PNG image', 'a', 'PNG'),
  jpeg: kind('image/jpeg', 'image', 'JPEG image', 'a', 'JPEG'),
  gif: kind('image/gif', 'image', 'GIF image', 'a', 'GIF'),
  webp: kind('image/webp', 'image', 'WebP image', 'a', 'WebP'),
  bmp: kind('image/bmp', 'image', 'BMP image', 'a', 'BMP'),
  tiff: kind('image/tiff', 'image', 'TIFF image', 'a', 'TIFF'),
  heic: kind('image/heic', 'image', 'HEIC image', 'an', 'HEIC'),
  heif: kind('image/heif', 'image', 'HEIF image', 'an', 'HEIF'),
  avif: kind('image/avif', 'image', 'AVIF image', 'an', 'AVIF'),
  pdf: kind('application/pdf', 'pdf', 'PDF document', 'a', 'PDF'),
  zip: kind('application/zip', 'archive', 'ZIP archive', 'a', 'ZIP'),
  xlsx: kind(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'office',
    'Excel workbook',
    'an',
  ),
  docx: kind(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'office',
    'Word document',
    'a',
  ),
  pptx: kind(
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'office',
    'PowerPoint presentation',
    'a',
  ),
  // A zip with `[Content_Types].xml` but no part name in the head: Office Open XML, kind unknown.
  ooxml: kind('application/x-ooxml', 'office', 'Office Open XML document', 'an'),
  xls: kind('application/vnd.ms-excel', 'office', 'Excel 97–2003 workbook', 'an', 'XLS workbook'),
  // ZIP containers that are one document each (ODF, EPUB, China's OFD e-invoices, XPS, iWork): filed
  // whole, never unpacked into their parts.
  odt: kind('application/vnd.oasis.opendocument.text', 'office', 'OpenDocument text', 'an'),
  ods: kind('application/vnd.oasis.opendocument.spreadsheet', 'office', 'OpenDocument spreadsheet', 'an'),
  odp: kind('application/vnd.oasis.opendocument.presentation', 'office', 'OpenDocument presentation', 'an'),
  odg: kind('application/vnd.oasis.opendocument.graphics', 'office', 'OpenDocument drawing', 'an'),
  odf: kind('application/x-opendocument', 'office', 'OpenDocument file', 'an'),
  epub: kind('application/epub+zip', 'office', 'EPUB book', 'an', 'EPUB'),
  ofd: kind('application/ofd', 'office', 'OFD document', 'an', 'OFD'),
  xps: kind('application/oxps', 'office', 'XPS document', 'an', 'XPS'),
  iwork: kind('application/x-iwork', 'office', 'Apple iWork document', 'an'),
  ole: kind(
    'application/x-ole-storage',
    'office',
    'legacy Microsoft Office document',
    'a',
    'legacy Office document',
  ),
  rar: kind('application/vnd.rar', 'archive', 'RAR archive', 'a', 'RAR'),
  sevenZip: kind('application/x-7z-compressed', 'archive', '7-Zip archive', 'a', '7-Zip'),
  gzip: kind('application/gzip', 'archive', 'gzip archive', 'a', 'gzip'),
  mp4: kind('video/mp4', 'video', 'MP4 video', 'an', 'MP4'),
  m4v: kind('video/x-m4v', 'video', 'M4V video', 'an', 'M4V'),
  mov: kind('video/quicktime', 'video', 'QuickTime video', 'a', 'QuickTime movie'),
  threeGp: kind('video/3gpp', 'video', '3GP video', 'a', '3GP'),
  threeG2: kind('video/3gpp2', 'video', '3G2 video', 'a', '3G2'),
  avi: kind('video/x-msvideo', 'video', 'AVI video', 'an', 'AVI'),
  webm: kind('video/webm', 'video', 'WebM video', 'a', 'WebM'),
  mkv: kind('video/x-matroska', 'video', 'Matroska video', 'a', 'Matroska'),
  m4a: kind('audio/mp4', 'audio', 'M4A audio', 'an', 'M4A'),
  mp3: kind('audio/mpeg', 'audio', 'MP3 audio', 'an', 'MP3'),
  aac: kind('audio/aac', 'audio', 'AAC audio', 'an', 'AAC'),
  wav: kind('audio/wav', 'audio', 'WAV audio', 'a', 'WAV'),
  ogg: kind('audio/ogg', 'audio', 'Ogg audio', 'an', 'Ogg'),
  flac: kind('audio/flac', 'audio', 'FLAC audio', 'a', 'FLAC'),
  amr: kind('audio/amr', 'audio', 'AMR audio', 'an', 'AMR'),
  amrWb: kind('audio/amr-wb', 'audio', 'AMR-WB audio', 'an', 'AMR-WB'),
  silk: kind('audio/x-silk', 'audio', 'SILK voice message', 'a', 'SILK voice message'),
  email: kind('message/rfc822', 'email', 'email message', 'an'),
  tnef: kind('application/vnd.ms-tnef', 'email', 'Outlook TNEF attachment (winmail.dat)', 'an', 'TNEF'),
  json: kind('application/json', 'text', 'JSON', ''),
  html: kind('text/html', 'text', 'HTML page', 'an'),
  xml: kind('application/xml', 'text', 'XML document', 'an'),
  ofx: kind('application/x-ofx', 'text', 'OFX statement', 'an'),
  csv: kind('text/csv', 'text', 'CSV text', ''),
  tsv: kind('text/csv', 'text', 'tab-separated text', ''),
  text: kind('text/plain', 'text', 'plain text', ''),
  binary: kind('application/octet-stream', 'binary', 'unrecognised binary data', ''),
  empty: kind('application/octet-stream', 'binary', 'empty file', 'an'),
} as const;

const out = ({ mime, family, label }: Kind): Sniffed => ({ mime, family, label });

const ascii = (buf: Buffer, start: number, end: number) =>
  buf.length >= end ? buf.toString('latin1', start, end) : '';

const startsWithBytes = (buf: Buffer, bytes: readonly number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);

/**
 * `cfbDirectory`: for a Compound File whose directory lies past the head (a big `.xls`), the bytes at
 * `cfbDirectoryOffset(head)`, so a workbook can still be told from a `.doc` or `.msg`.
 */
export function sniffContent(head: Buffer, more: { cfbDirectory?: Buffer } = {}): Sniffed {
  if (head.length === 0) return out(K.empty);
  if (more.cfbDirectory && isXlsHead(head, more.cfbDirectory)) return out(K.xls);
  const k = sniffMagic(head) ?? sniffPdf(head) ?? sniffText(head) ?? K.binary;
  return out(k);
}

function sniffMagic(b: Buffer): Kind | null {
  if (startsWithBytes(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return K.png;
  if (startsWithBytes(b, [0xff, 0xd8, 0xff])) return K.jpeg;
  const six = ascii(b, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return K.gif;
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 12);
    if (form === 'WEBP') return K.webp;
    if (form === 'WAVE') return K.wav;
    if (form === 'AVI ') return K.avi;
  }
  if (isBmp(b)) return K.bmp;
  if (
    startsWithBytes(b, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWithBytes(b, [0x4d, 0x4d, 0x00, 0x2a]) ||
    startsWithBytes(b, [0x49, 0x49, 0x2b, 0x00]) ||
    startsWithBytes(b, [0x4d, 0x4d, 0x00, 0x2b])
  ) {
    return K.tiff;
  }
  if (ascii(b, 4, 8) === 'ftyp') return sniffFtyp(b);
  if (isOldQuickTime(b)) return K.mov;
  if (startsWithBytes(b, [0x50, 0x4b, 0x03, 0x04]) || startsWithBytes(b, [0x50, 0x4b, 0x05, 0x06])) {
    return sniffZip(b);
  }
  if (startsWithBytes(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return isXlsHead(b) ? K.xls : K.ole;
  // winmail.dat: the TNEF signature 0x223E9F78, little-endian.
  if (startsWithBytes(b, [0x78, 0x9f, 0x3e, 0x22])) return K.tnef;
  if (startsWithBytes(b, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return K.rar;
  if (startsWithBytes(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return K.sevenZip;
  if (startsWithBytes(b, [0x1f, 0x8b, 0x08])) return K.gzip;
  if (startsWithBytes(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    return b.subarray(0, 64).includes('webm', 0, 'latin1') ? K.webm : K.mkv;
  }
  if (ascii(b, 0, 4) === 'OggS') return K.ogg;
  if (ascii(b, 0, 4) === 'fLaC') return K.flac;
  if (ascii(b, 0, 9) === '#!AMR-WB\n') return K.amrWb;
  if (ascii(b, 0, 6) === '#!AMR\n') return K.amr;
  // WeChat voice notes: Tencent prefixes the standard SILK header with one 0x02 byte.
  if (ascii(b, 0, 9) === '#!SILK_V3' || (b[0] === 0x02 && ascii(b, 1, 10) === '#!SILK_V3')) return K.silk;
  // ID3v2: "ID3", a major version 2–4, a minor version that is never 0xFF.
  if (ascii(b, 0, 3) === 'ID3' && b.length >= 5 && b[3]! >= 2 && b[3]! <= 4 && b[4] !== 0xff) return K.mp3;
  return sniffMpegFrame(b);
}

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// Directory entry names (UTF-16LE) of the workbook stream: BIFF8 `Workbook`, BIFF5 `Book`.
const WORKBOOK_NAMES = [Buffer.from('Workbook\0', 'utf16le'), Buffer.from('Book\0', 'utf16le')];

/** A BIFF BOF record for the workbook globals: type 0x0809, length 16 (BIFF8) or 8 (BIFF5), version 0x0600 or 0x0500, dt 0x0005. */
const isWorkbookBof = (b: Buffer, at: number) =>
  b.readUInt16LE(at) === 0x0809 &&
  [8, 16].includes(b.readUInt16LE(at + 2)) &&
  [0x0500, 0x0600].includes(b.readUInt16LE(at + 4)) &&
  b.readUInt16LE(at + 6) === 0x0005;

/**
 * An old Excel workbook (`.xls`) among Compound Files (which also hold `.doc`, `.msg`, `.ppt`): the
 * directory names a workbook stream, or — when the directory lies past the head, as in big files — a
 * workbook BOF record starts one of the head's sectors.
 */
export function isXlsHead(head: Uint8Array, directory?: Uint8Array): boolean {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.length < 512 || !buf.subarray(0, 8).equals(CFB_MAGIC)) return false;
  const dir = directory ? Buffer.from(directory.buffer, directory.byteOffset, directory.byteLength) : null;
  if (WORKBOOK_NAMES.some((name) => buf.includes(name) || dir?.includes(name))) return true;
  const sectorSize = 2 ** buf.readUInt16LE(30);
  if (sectorSize !== 512 && sectorSize !== 4096) return false;
  for (let at = sectorSize; at + 8 <= buf.length; at += sectorSize) {
    if (isWorkbookBof(buf, at)) return true;
  }
  return false;
}

/** Where a Compound File's first directory sector starts ([MS-CFB] 2.2: header field at 0x30), or null. */
export function cfbDirectoryOffset(head: Uint8Array): number | null {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.length < 512 || !buf.subarray(0, 8).equals(CFB_MAGIC)) return null;
  const sectorSize = 2 ** buf.readUInt16LE(30);
  const first = buf.readUInt32LE(48);
  if ((sectorSize !== 512 && sectorSize !== 4096) || first >= 0xfffffffa) return null;
  return (first + 1) * sectorSize;
}

/** "BM" alone starts ordinary words; require a known DIB header size too. */
function isBmp(b: Buffer): boolean {
  if (b.length < 18 || b[0] !== 0x42 || b[1] !== 0x4d) return false;
  return [12, 40, 52, 56, 64, 108, 124].includes(b.readUInt32LE(14));
}

function sniffFtyp(b: Buffer): Kind | null {
  const major = ascii(b, 8, 12);
  const boxSize = b.length >= 4 ? b.readUInt32BE(0) : 0;
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= Math.min(boxSize, b.length, 256); at += 4)
    compatible.push(ascii(b, at, at + 4));
  // `mif1`/`msf1` are the generic HEIF brands; AVIF and HEIC files often carry them as the major brand.
  if (major === 'mif1' || major === 'msf1') {
    if (compatible.some((c) => c === 'avif' || c === 'avis')) return K.avif;
    if (compatible.some((c) => HEIC_BRANDS.has(c))) return K.heic;
    return K.heif;
  }
  for (const brand of [major, ...compatible]) {
    const k = ftypBrand(brand);
    if (k) return k;
  }
  return null;
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);

function ftypBrand(brand: string): Kind | null {
  if (HEIC_BRANDS.has(brand)) return K.heic;
  if (brand === 'avif' || brand === 'avis') return K.avif;
  if (brand === 'M4A ' || brand === 'M4B ' || brand === 'M4P ' || brand === 'F4A ') return K.m4a;
  if (brand === 'M4V ' || brand === 'M4VH' || brand === 'M4VP') return K.m4v;
  if (brand === 'qt  ') return K.mov;
  if (brand.startsWith('3g2')) return K.threeG2;
  if (
    brand.startsWith('3gp') ||
    brand.startsWith('3gg') ||
    brand.startsWith('3ge') ||
    brand.startsWith('3gs')
  ) {
    return K.threeGp;
  }
  if (/^(isom|iso[2-9]|mp41|mp42|mp71|avc1|mmp4|dash|MSNV|NDAS|F4V |XAVC)$/.test(brand)) return K.mp4;
  return null;
}

/** QuickTime files from before `ftyp` start straight with a top-level atom. */
function isOldQuickTime(b: Buffer): boolean {
  // The size's high byte stays small for a first atom and keeps text ("xxxxfree…") from matching.
  return (
    b.length >= 8 && b[0]! < 0x20 && ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(ascii(b, 4, 8))
  );
}

function sniffZip(b: Buffer): Kind {
  return zipKind(zipEntryNames(b), zipMimetypeEntry(b));
}

const ODF_KINDS: Readonly<Record<string, Kind>> = {
  'application/vnd.oasis.opendocument.text': K.odt,
  'application/vnd.oasis.opendocument.spreadsheet': K.ods,
  'application/vnd.oasis.opendocument.presentation': K.odp,
  'application/vnd.oasis.opendocument.graphics': K.odg,
};

/** What a ZIP is, from its entry names and the `mimetype` entry that ODF and EPUB store first. */
function zipKind(names: Iterable<string>, mimetype: string | null): Kind {
  if (mimetype !== null) {
    if (Object.hasOwn(ODF_KINDS, mimetype)) return ODF_KINDS[mimetype]!;
    if (mimetype.startsWith('application/vnd.oasis.opendocument.')) return K.odf;
    if (mimetype === 'application/epub+zip') return K.epub;
  }
  let hasContentTypes = false;
  for (const name of names) {
    if (name.startsWith('xl/')) return K.xlsx;
    if (name.startsWith('word/')) return K.docx;
    if (name.startsWith('ppt/')) return K.pptx;
    // GB/T 33190: the package's entry point is `OFD.xml`, its documents `Doc_0/Document.xml`.
    if (name === 'OFD.xml' || /^Doc_\d+\/Document\.xml$/.test(name)) return K.ofd;
    if (name === 'FixedDocSeq.fdseq' || name === 'FixedDocumentSequence.fdseq') return K.xps;
    if (name === 'Index/Document.iwa' || name === 'index.apxl' || name === 'index.xml.gz') return K.iwork;
    if (name === '[Content_Types].xml') hasContentTypes = true;
  }
  return hasContentTypes ? K.ooxml : K.zip;
}

/** The content of a first entry named `mimetype` stored uncompressed, as ODF and EPUB require; else null. */
function zipMimetypeEntry(b: Buffer): string | null {
  if (b.length < 30 || b.readUInt32LE(0) !== 0x04034b50) return null;
  const flags = b.readUInt16LE(6);
  const method = b.readUInt16LE(8);
  const nameLength = b.readUInt16LE(26);
  const extraLength = b.readUInt16LE(28);
  if (method !== 0 || b.toString('latin1', 30, 30 + nameLength) !== 'mimetype') return null;
  const at = 30 + nameLength + extraLength;
  let size = b.readUInt32LE(18);
  // Written with a data descriptor (bit 3), the size follows the data: it ends at the next signature.
  if (size === 0 && flags & 0x08) size = b.subarray(at, at + 201).indexOf('PK', 0, 'latin1');
  if (size <= 0 || size > 200 || at + size > b.length) return null;
  const value = b.toString('latin1', at, at + size).trim();
  return /^[\w.+-]+\/[\w.+-]+$/.test(value) ? value : null;
}

/**
 * A ZIP's kind from its central directory, read from the end of the whole file: a large DOCX or OFD may hold
 * none of its telling part names in the first 64 KiB. `sniffed` is returned unchanged when that says no more.
 */
export function refineZip(whole: Buffer, sniffed: Sniffed): Sniffed {
  if (sniffed.mime !== K.zip.mime && sniffed.mime !== K.ooxml.mime) return sniffed;
  const names = centralDirectoryNames(whole);
  if (names.length === 0) return sniffed;
  const k = zipKind(names, zipMimetypeEntry(whole));
  return k === K.zip || (k === K.ooxml && sniffed.mime === K.ooxml.mime) ? sniffed : out(k);
}

const MAX_DIRECTORY_NAMES = 20_000;

function centralDirectoryNames(b: Buffer): string[] {
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65,535 bytes).
  const from = Math.max(0, b.length - 65_557);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < from || eocd + 22 > b.length) return [];
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_DIRECTORY_NAMES); i++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    if (at + 46 + nameLength > b.length) break;
    names.push(b.toString('latin1', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Entry names from local headers (and from the central directory when a small zip fits in the head). */
function* zipEntryNames(b: Buffer): Generator<string> {
  const signatures = [
    { sig: Buffer.from([0x50, 0x4b, 0x03, 0x04]), nameLenAt: 26, nameAt: 30 },
    { sig: Buffer.from([0x50, 0x4b, 0x01, 0x02]), nameLenAt: 28, nameAt: 46 },
  ];
  for (const { sig, nameLenAt, nameAt } of signatures) {
    let seen = 0;
    for (let at = b.indexOf(sig); at !== -1 && seen < 500; at = b.indexOf(sig, at + 4), seen++) {
      if (at + nameAt > b.length) break;
      const len = b.readUInt16LE(at + nameLenAt);
      if (len === 0 || len > 1024 || at + nameAt + len > b.length) continue;
      yield b.toString('latin1', at + nameAt, at + nameAt + len);
    }
  }
}

/** MPEG audio (MP3/MP2) or ADTS AAC frame sync at offset 0. */
function sniffMpegFrame(b: Buffer): Kind | null {
  if (b.length < 4 || b[0] !== 0xff) return null;
  const b1 = b[1]!;
  const b2 = b[2]!;
  if ((b1 & 0xf6) === 0xf0) {
    // ADTS: 12 sync bits, layer 00; sampling-frequency index 13–15 is reserved.
    return ((b2 >> 2) & 0x0f) <= 12 ? K.aac : null;
  }
  if ((b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  // Layer I is vanishingly rare and its sync word matches a UTF-16LE BOM (FF FE), so only II and III count.
  if (version === 1 || (layer !== 1 && layer !== 2)) return null;
  if (b2 >> 4 === 0x0f || ((b2 >> 2) & 3) === 3) return null;
  return K.mp3;
}

function sniffPdf(b: Buffer): Kind | null {
  // Acrobat accepts the header anywhere in the first 1024 bytes; some scanners write junk before it.
  return b.subarray(0, 1024).includes('%PDF-', 0, 'latin1') ? K.pdf : null;
}

// ---------------------------------------------------------------------------------------------------------
// Text

function sniffText(b: Buffer): Kind | null {
  const text = decodeText(b);
  return text === null ? null : refineText(text.replace(/^\uFEFF/, ''));
}

function decodeText(b: Buffer): string | null {
  if (startsWithBytes(b, [0xff, 0xfe]) || startsWithBytes(b, [0xfe, 0xff])) {
    const encoding = b[0] === 0xff ? 'utf-16le' : 'utf-16be';
    // An odd byte count means the head cut a code unit in half; drop it.
    const even = b.subarray(2, 2 + ((b.length - 2) & ~1));
    const text = new TextDecoder(encoding).decode(even);
    return text.includes('\0') || !hasFewControls(text) ? null : text;
  }
  if (b.includes(0)) return null;
  const utf8 = decodeStrict('utf-8', b);
  if (utf8 !== null) return hasFewControls(utf8) ? utf8 : null;
  if (looksLikeGbk(b)) {
    const gbk = new TextDecoder('gb18030').decode(b);
    return hasFewControls(gbk) ? gbk : null;
  }
  // A Western bank's or program's export in Windows-1252 / Latin-1 (an OFX with CHARSET:1252, a German CSV).
  if (!looksLikeSingleByteText(b)) return null;
  const latin = new TextDecoder('windows-1252').decode(b);
  return hasFewControls(latin) ? latin : null;
}

/**
 * Strict decode that tolerates a multi-byte character cut off by the end of the head (`stream: true` holds it
 * back instead of failing). Null when invalid, or when nothing but a cut character is there.
 */
function decodeStrict(encoding: string, b: Buffer): string | null {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(b, { stream: true });
    return text.length > 0 ? text : null;
  } catch {
    return null;
  }
}

/** C0 controls other than tab, newlines, form feed, backspace, ESC and DOS EOF are rare in real text. */
function hasFewControls(text: string): boolean {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && ![0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b].includes(c)) || c === 0x7f) bad++;
  }
  return bad * 100 <= text.length;
}

function refineText(text: string): Kind {
  if (isEmail(text)) return K.email;
  const trimmed = text.trimStart();
  if (/^OFXHEADER:/i.test(trimmed)) return K.ofx;
  if (trimmed.startsWith('<') && /<OFX>|<\?OFX\s/i.test(text)) return K.ofx;
  if (isJsonStart(trimmed)) return K.json;
  if (/^<!doctype\s+html[\s>]/i.test(trimmed) || /^<html[\s>]/i.test(trimmed)) return K.html;
  if (trimmed.startsWith('<?xml')) return K.xml;
  return sniffDelimited(text) ?? K.text;
}

const EMAIL_HEADERS = new Set([
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'received',
  'content-type',
]);

function isEmail(text: string): boolean {
  const lines = text.split(/\r?\n/);
  const endsCut = !/\n$/.test(text);
  let i = lines[0]?.startsWith('From ') ? 1 : 0;
  const seen = new Set<string>();
  let headers = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (headers === 0) return false;
      continue;
    }
    const m = /^([\x21-\x39\x3b-\x7e]+):/.exec(line);
    if (!m) {
      // The head may end in the middle of a header line.
      if (i === lines.length - 1 && endsCut) break;
      return false;
    }
    headers++;
    const name = m[1]!.toLowerCase();
    if (EMAIL_HEADERS.has(name)) seen.add(name);
  }
  return seen.size >= 2;
}

/** `{` then a key or `}`; `[` then a JSON value — so an INI `[section]` stays plain text. */
function isJsonStart(trimmed: string): boolean {
  const rest = trimmed.slice(1).trimStart();
  if (trimmed.startsWith('{')) return rest === '' || rest.startsWith('"') || rest.startsWith('}');
  if (trimmed.startsWith('[')) return rest === '' || /^(?:[{["\]\-0-9]|true\b|false\b|null\b)/.test(rest);
  return false;
}

function sniffDelimited(text: string): Kind | null {
  const lines = text.split(/\r\n|\n|\r/);
  // The last line may be cut by the end of the head.
  if (lines.length > 1 && !/[\r\n]$/.test(text)) lines.pop();
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 50);
  if (sample.length < 2) return null;
  for (const [delimiter, k] of [
    [',', K.csv],
    ['\t', K.tsv],
  ] as const) {
    const freq = new Map<number, number>();
    for (const line of sample) {
      const n = countOutsideQuotes(line, delimiter);
      if (n >= 2) freq.set(n, (freq.get(n) ?? 0) + 1);
    }
    const best = Math.max(0, ...freq.values());
    if (best >= 2 && best * 2 > sample.length) return k;
  }
  return null;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Extensions

const EXTENSION_MIME: Record<string, string> = {
  jpg: K.jpeg.mime,
  jpeg: K.jpeg.mime,
  png: K.png.mime,
  gif: K.gif.mime,
  webp: K.webp.mime,
  heic: K.heic.mime,
  heif: K.heif.mime,
  avif: K.avif.mime,
  bmp: K.bmp.mime,
  tif: K.tiff.mime,
  tiff: K.tiff.mime,
  pdf: K.pdf.mime,
  zip: K.zip.mime,
  rar: K.rar.mime,
  '7z': K.sevenZip.mime,
  gz: K.gzip.mime,
  xlsx: K.xlsx.mime,
  xls: K.xls.mime,
  docx: K.docx.mime,
  pptx: K.pptx.mime,
  odt: K.odt.mime,
  ods: K.ods.mime,
  odp: K.odp.mime,
  odg: K.odg.mime,
  epub: K.epub.mime,
  ofd: K.ofd.mime,
  xps: K.xps.mime,
  oxps: K.xps.mime,
  pages: K.iwork.mime,
  numbers: K.iwork.mime,
  mp3: K.mp3.mime,
  m4a: K.m4a.mime,
  aac: K.aac.mime,
  wav: K.wav.mime,
  ogg: K.ogg.mime,
  flac: K.flac.mime,
  amr: K.amr.mime,
  silk: K.silk.mime,
  slk: K.silk.mime,
  mp4: K.mp4.mime,
  m4v: K.m4v.mime,
  mov: K.mov.mime,
  '3gp': K.threeGp.mime,
  webm: K.webm.mime,
  mkv: K.mkv.mime,
  avi: K.avi.mime,
  txt: K.text.mime,
  csv: K.csv.mime,
  tsv: K.csv.mime,
  eml: K.email.mime,
  json: K.json.mime,
  html: K.html.mime,
  htm: K.html.mime,
  xml: K.xml.mime,
  ofx: K.ofx.mime,
  qfx: K.ofx.mime,
};

function extensionOf(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : null;
}

/** The MIME type a file's extension promises, or null for an absent or unfamiliar extension. */
export function expectedMimeForExtension(fileName: string): string | null {
  const ext = extensionOf(fileName);
  return ext !== null && Object.hasOwn(EXTENSION_MIME, ext) ? EXTENSION_MIME[ext]! : null;
}

/**
 * Content types an extension may loosely carry without a complaint. ISO-BMFF files are one container whatever
 * their brand (encoders write `isom` into .m4a files and `qt  ` into .mp4 files), and text can always be read
 * as text.
 */
const ISO_BMFF = [K.mp4, K.m4v, K.mov, K.m4a, K.threeGp, K.threeG2].map((k) => k.mime);
const OOXML = [K.xlsx, K.docx, K.pptx, K.ooxml].map((k) => k.mime);
const ZIP_DOCUMENTS = [K.odt, K.ods, K.odp, K.odg, K.odf, K.epub, K.ofd, K.xps, K.iwork].map((k) => k.mime);
const LOOSE: Record<string, readonly string[]> = {
  [K.heic.mime]: [K.heic.mime, K.heif.mime],
  [K.heif.mime]: [K.heic.mime, K.heif.mime],
  [K.zip.mime]: [K.zip.mime, ...OOXML, ...ZIP_DOCUMENTS],
  // ODF's own kinds are told apart by the `mimetype` entry; an OpenDocument of another kind is still one.
  [K.odt.mime]: [K.odt.mime, K.odf.mime],
  [K.ods.mime]: [K.ods.mime, K.odf.mime],
  [K.odp.mime]: [K.odp.mime, K.odf.mime],
  [K.odg.mime]: [K.odg.mime, K.odf.mime],
  [K.xlsx.mime]: [K.xlsx.mime, K.ooxml.mime],
  [K.docx.mime]: [K.docx.mime, K.ooxml.mime],
  [K.pptx.mime]: [K.pptx.mime, K.ooxml.mime],
  [K.amr.mime]: [K.amr.mime, K.amrWb.mime],
  [K.mp4.mime]: ISO_BMFF,
  [K.m4v.mime]: ISO_BMFF,
  [K.mov.mime]: ISO_BMFF,
  [K.m4a.mime]: ISO_BMFF,
  [K.threeGp.mime]: ISO_BMFF,
  [K.csv.mime]: [K.csv.mime, K.text.mime],
  [K.json.mime]: [K.json.mime, K.text.mime],
  [K.html.mime]: [K.html.mime, K.xml.mime, K.text.mime],
  [K.xml.mime]: [K.xml.mime, K.ofx.mime, K.text.mime],
  [K.ofx.mime]: [K.ofx.mime, K.xml.mime],
};

function agrees(expected: string, sniffed: Sniffed): boolean {
  // A .txt may hold any text at all: CSV, JSON, a saved email.
  if (expected === K.text.mime) return sniffed.family === 'text' || sniffed.family === 'email';
  return (LOOSE[expected] ?? [expected]).includes(sniffed.mime);
}

const phrase = (k: Pick<Kind, 'article'>, words: string) => (k.article ? `${k.article} ${words}` : words);

/**
 * Null when the extension agrees with the content or says nothing. An error when a binary extension hides
 * text or unknown bytes (the file is not what it claims and cannot be shown as such); a warning when the
 * content is another known type, which is then filed as what it really is.
 */
export function describeMismatch(
  fileName: string,
  sniffed: Sniffed,
): { severity: 'error' | 'warning'; message: string; coded: Coded } | null {
  const expected = expectedMimeForExtension(fileName);
  if (expected === null || agrees(expected, sniffed)) return null;
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const expectedKind = [...kinds.values()].find((k) => k.mime === expected)!;
  const actual = kinds.get(sniffed.label) ?? { ...sniffed, article: '', short: sniffed.label };
  const isTextual = (f: Family) => f === 'text' || f === 'email';
  const isUnknown = sniffed.family === 'binary';
  // Many Chinese banks' web banking saves an HTML table, an Excel 2003 XML workbook or plain CSV under a
  // `.xls` name: what the bank gave, read as the table it is, never refused.
  const isTextSpreadsheet = expected === K.xls.mime && sniffed.family === 'text';
  if (isUnknown || (!isTextual(expectedKind.family) && isTextual(sniffed.family) && !isTextSpreadsheet)) {
    const c = coded('type.not-what-named', {
      name: base,
      expected: kindCoded(expectedKind, expectedKind.label),
      actual: kindCoded(actual, actual.label),
    });
    return { severity: isTextual(expectedKind.family) ? 'warning' : 'error', message: say(c), coded: c };
  }
  const c = coded('type.really-other', {
    name: base,
    actual: kindCoded(actual, actual.label),
    filedAs: kindCoded(actual, actual.short),
  });
  return { severity: 'warning', message: say(c), coded: c };
}

/** A kind of file as a message: the English phrase (`a PDF document`), and what Chinese words it from. */
function kindCoded(k: Pick<Kind, 'article' | 'family' | 'label'>, words: string): Coded {
  const token = k.label === 'empty file' ? 'empty' : (k.label.split(' ')[0] ?? '');
  return coded('kind', { en: phrase(k, words), token, family: k.family });
}
