import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';

/**
 * Writes an Excel 97–2003 `.xls` (BIFF8) the way bank web-banking systems do: a Compound File holding one
 * `Workbook` stream; text in the shared string table (SST, split over CONTINUE records past 8,224 bytes),
 * numbers as NUMBER records, real dates as date-formatted numbers. Written record by record here (only the
 * container comes from SheetJS's CFB writer), so the reader is tested on bytes it did not make itself.
 * Spec: [MS-XLS] 2.4 (records) and [MS-CFB].
 */

/** A cell: text, a number, a date (`{ date }`: a wall-clock day and time written as an Excel serial), or empty. */
export type XlsCell = string | number | { date: string } | null;
export type XlsSheetSpec = { name: string; rows: readonly (readonly XlsCell[])[] };

const MAX_RECORD = 8224;
// XF indexes written below: 0 General, 1 a date format (builtin 22 `m/d/yy h:mm`).
const XF_GENERAL = 0;
const XF_DATE = 1;

function record(type: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

function bof(dt: number): Buffer {
  return record(0x0809, Buffer.concat([u16(0x0600), u16(dt), u16(0x0dbb), u16(0x07cc), u32(0), u32(6)]));
}

/** An XLUnicodeString: 8-bit when every character fits (as Excel writes ASCII), UTF-16LE otherwise. */
function unicodeString(text: string): Buffer {
  const isWide = [...text].some((ch) => ch.charCodeAt(0) > 0xff);
  return Buffer.concat([
    u16(text.length),
    Buffer.from([isWide ? 1 : 0]),
    Buffer.from(text, isWide ? 'utf16le' : 'latin1'),
  ]);
}

/** The SST, with CONTINUE records started between strings. */
function sst(strings: readonly string[], total: number): Buffer {
  const parts: Buffer[] = [];
  let current: Buffer[] = [u32(total), u32(strings.length)];
  let size = 8;
  let type = 0x00fc;
  for (const s of strings) {
    const bytes = unicodeString(s);
    if (size + bytes.length > MAX_RECORD) {
      parts.push(record(type, Buffer.concat(current)));
      type = 0x003c;
      current = [];
      size = 0;
    }
    current.push(bytes);
    size += bytes.length;
  }
  parts.push(record(type, Buffer.concat(current)));
  return Buffer.concat(parts);
}

function xf(format: number): Buffer {
  // ifnt, ifmt, cell XF with parent style 0, then alignment/border/colour fields left at their defaults.
  return record(0x00e0, Buffer.concat([u16(0), u16(format), u16(0), Buffer.alloc(14)]));
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const serialOf = (wallClock: string) => (Date.parse(`${wallClock}Z`) - EXCEL_EPOCH_MS) / 86_400_000;

function sheetStream(rows: readonly (readonly XlsCell[])[], index: Map<string, number>): Buffer {
  const parts: Buffer[] = [bof(0x0010)];
  const width = Math.max(1, ...rows.map((r) => r.length));
  parts.push(record(0x0200, Buffer.concat([u32(0), u32(rows.length), u16(0), u16(width), u16(0)])));
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null || cell === '') return;
      const at = Buffer.concat([u16(r), u16(c)]);
      if (typeof cell === 'string') {
        parts.push(record(0x00fd, Buffer.concat([at, u16(XF_GENERAL), u32(index.get(cell)!)])));
      } else {
        const value = Buffer.alloc(8);
        value.writeDoubleLE(typeof cell === 'number' ? cell : serialOf(cell.date));
        const xfIndex = typeof cell === 'number' ? XF_GENERAL : XF_DATE;
        parts.push(record(0x0203, Buffer.concat([at, u16(xfIndex), value])));
      }
    });
  });
  parts.push(record(0x000a, Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** The bytes of a `.xls` workbook holding these sheets. */
export function writeXls(sheets: readonly XlsSheetSpec[]): Buffer {
  const index = new Map<string, number>();
  let total = 0;
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      for (const cell of row) {
        if (typeof cell !== 'string' || cell === '') continue;
        total++;
        if (!index.has(cell)) index.set(cell, index.size);
      }
    }
  }
  const streams = sheets.map((s) => sheetStream(s.rows, index));
  const boundSheet = (pos: number, name: string) =>
    record(
      0x0085,
      Buffer.concat([u32(pos), Buffer.from([0, 0, name.length, 1]), Buffer.from(name, 'utf16le')]),
    );
  const globalsWith = (positions: readonly number[]) =>
    Buffer.concat([
      bof(0x0005),
      record(0x0042, u16(1200)), // CODEPAGE: UTF-16
      record(0x0022, u16(0)), // DATEMODE: 1900
      xf(0),
      xf(22),
      ...sheets.map((s, i) => boundSheet(positions[i] ?? 0, s.name)),
      sst([...index.keys()], total),
      record(0x000a, Buffer.alloc(0)),
    ]);
  // The sheet offsets depend only on the globals' length, which the offsets do not change.
  const globalsLength = globalsWith([]).length;
  const positions: number[] = [];
  let at = globalsLength;
  for (const s of streams) {
    positions.push(at);
    at += s.length;
  }
  return writeCfb({ Workbook: Buffer.concat([globalsWith(positions), ...streams]) });
}

/**
 * An Excel 5.0/95 workbook (BIFF5), as older bank back-ends still write: a `Book` stream, text in LABEL
 * records encoded in the workbook's codepage (936 = GBK for Chinese systems), no shared string table.
 * Text cells and numbers only.
 */
export function writeXls5(name: string, rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const gbk = (text: string) => Buffer.from(iconv.encode(text, 'gbk'));
  const bof5 = (dt: number) =>
    record(0x0809, Buffer.concat([u16(0x0500), u16(dt), u16(0x0dbb), u16(0x07cc)]));
  const cells: Buffer[] = [];
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null || cell === '') return;
      const at = Buffer.concat([u16(r), u16(c), u16(XF_GENERAL)]);
      if (typeof cell === 'number') {
        const value = Buffer.alloc(8);
        value.writeDoubleLE(cell);
        cells.push(record(0x0203, Buffer.concat([at, value])));
      } else {
        const bytes = gbk(cell);
        cells.push(record(0x0204, Buffer.concat([at, u16(bytes.length), bytes])));
      }
    });
  });
  const width = Math.max(1, ...rows.map((r) => r.length));
  const sheet = Buffer.concat([
    bof5(0x0010),
    record(0x0000, Buffer.concat([u16(0), u16(rows.length), u16(0), u16(width)])),
    ...cells,
    record(0x000a, Buffer.alloc(0)),
  ]);
  const sheetName = gbk(name);
  const globalsWith = (pos: number) =>
    Buffer.concat([
      bof5(0x0005),
      record(0x0042, u16(936)), // CODEPAGE: GBK
      record(0x0085, Buffer.concat([u32(pos), u16(0), Buffer.from([sheetName.length]), sheetName])),
      record(0x000a, Buffer.alloc(0)),
    ]);
  const globalsLength = globalsWith(0).length;
  return writeCfb({ Book: Buffer.concat([globalsWith(globalsLength), sheet]) });
}

type CfbApi = {
  utils: { cfb_new: () => unknown; cfb_add: (cfb: unknown, name: string, data: Buffer) => void };
  write: (cfb: unknown, options: { type: 'buffer' }) => Uint8Array;
};

/** A Compound File holding these streams (also how a `.doc` or `.msg` looks from outside). */
export function writeCfb(streams: Record<string, Buffer>): Buffer {
  const CFB = XLSX.CFB as CfbApi;
  const cfb = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(cfb, name, data);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }));
}
