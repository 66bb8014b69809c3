import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import type ExcelJSModule from 'exceljs';
import type { Cell, TableRow } from './table.ts';
import { readZip, type ZipLimits } from './zip.ts';

/**
 * XLSX helpers shared by spreadsheet importers: a cheap sniff over the first bytes of the zip and a
 * reader that flattens each worksheet into `TableRow`s.
 */

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SHEET_PART_RE = /^xl\/worksheets\/[^/]+\.xml$/;
/** What the head sniff may inflate: a part compressed 1000:1 would otherwise give 64 MB from 64 KB. */
const MAX_SNIFF_INFLATE = 8 * 1024 * 1024;
/**
 * exceljs (through JSZip) inflates every part whole, trusting no size and capping none: a 300 KB workbook
 * whose shared strings unpack to 300 MB took 1.4 GB. A payment bill is a few MB unpacked, so the parts are
 * first inflated here within these limits (sizes as declared, never past them) and a bomb is refused.
 */
const XLSX_LIMITS: ZipLimits = { maxTotalBytes: 64 * 1024 * 1024, maxRatio: 200, maxEntries: 2000 };

export type XlsxSniff = {
  /** A zip holding `xl/…` parts, i.e. an Office Open spreadsheet. */
  isWorkbook: boolean;
  /** Decompressed text of the shared-strings and sheet parts found in the head (possibly partial). */
  visibleText: string;
  /** The whole shared-strings part lay inside the head, so `visibleText` holds every shared string. */
  hasAllSharedStrings: boolean;
};

/**
 * Walks the local file headers present in `head`. Part sizes may only be known from a trailing data
 * descriptor, so each part is inflated with SYNC_FLUSH, which yields what is there instead of failing
 * on a cut stream.
 */
export function sniffXlsx(head: Uint8Array): XlsxSniff {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const sniff: XlsxSniff = { isWorkbook: false, visibleText: '', hasAllSharedStrings: false };
  if (buf.length < 30 || !buf.subarray(0, 4).equals(LOCAL_HEADER)) return sniff;
  const texts: string[] = [];
  let at = 0;
  while (at >= 0 && at + 30 <= buf.length) {
    const method = buf.readUInt16LE(at + 8);
    const compressedSize = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extraLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('latin1', at + 30, Math.min(buf.length, at + 30 + nameLength));
    const dataStart = at + 30 + nameLength + extraLength;
    const next = buf.indexOf(LOCAL_HEADER, Math.max(at + 4, dataStart));
    if (name.startsWith('xl/')) sniff.isWorkbook = true;
    if (name === 'xl/sharedStrings.xml' || SHEET_PART_RE.test(name)) {
      const knownEnd = compressedSize > 0 ? dataStart + compressedSize : next < 0 ? Infinity : next;
      const end = Math.min(buf.length, knownEnd);
      const data = buf.subarray(Math.min(dataStart, end), end);
      try {
        const plain =
          method === 0
            ? data
            : inflateRawSync(data, {
                finishFlush: zlibConstants.Z_SYNC_FLUSH,
                maxOutputLength: MAX_SNIFF_INFLATE,
              });
        texts.push(plain.toString('utf8'));
        if (name === 'xl/sharedStrings.xml' && knownEnd <= buf.length) sniff.hasAllSharedStrings = true;
      } catch {
        // A part that cannot be inflated from the head alone just stays invisible.
      }
    }
    at = next;
  }
  sniff.visibleText = texts.join('\n');
  return sniff;
}

type ExcelValue = ExcelJSModule.CellValue;

let excel: Promise<typeof ExcelJSModule> | null = null;

/**
 * exceljs (with JSZip, archiver, unzipper and their dependencies) is loaded on the first workbook only: it took
 * a third of a second to load, paid by every first import of the day, a CSV bill's too (npm run bench).
 */
function exceljs(): Promise<typeof ExcelJSModule> {
  excel ??= import('exceljs').then((m) => m.default);
  return excel;
}

function toCell(value: ExcelValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result: unknown = value.result;
    if (result === null || result === undefined) return null;
    if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean')
      return result;
    return result instanceof Date ? result : null;
  }
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : null;
  return null;
}

export type XlsxSheet = { name: string; rows: TableRow[] };

/** Loads a workbook and flattens every sheet. Throws when the bytes are not a readable workbook. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<XlsxSheet[]> {
  const checked = await readZip(bytes, { limits: XLSX_LIMITS });
  if (checked.problems.length) throw new Error(`refused before reading: ${checked.problems[0]}`);
  const ExcelJS = await exceljs();
  const workbook = new ExcelJS.Workbook();
  // exceljs types `load` with its own ArrayBuffer-shaped Buffer; JSZip underneath reads an ArrayBuffer as is.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  await workbook.xlsx.load(copy.buffer);
  const sheets: XlsxSheet[] = [];
  workbook.eachSheet((worksheet) => {
    const rows: TableRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = toCell(cell.value);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows.push({ line: rowNumber, cells });
    });
    sheets.push({ name: worksheet.name, rows });
  });
  return sheets;
}
