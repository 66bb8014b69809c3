import type * as XlsxModule from '@e965/xlsx';
import type { Cell, TableRow } from './table.ts';

/**
 * Old Excel `.xls` workbooks (BIFF8, and BIFF5 from older bank systems), which many banks' web banking
 * still exports (CCB, CITIC, SPDB …), flattened into `TableRow`s like XLSX sheets.
 *
 * Read with SheetJS, as republished unchanged on npm under `@e965/xlsx` (0.20.3): the `xlsx` package on npm
 * stops at 0.18.5, which has a prototype-pollution (CVE-2023-30533) and a ReDoS (CVE-2024-22363) advisory,
 * both fixed by 0.20.2. Its codepage tables are loaded so BIFF5 text in GBK (codepage 936) reads right.
 * Both are loaded on the first `.xls` only: they are large, and most lockers never see one.
 */

let loaded: Promise<typeof XlsxModule> | null = null;

function sheetjs(): Promise<typeof XlsxModule> {
  loaded ??= (async () => {
    const [XLSX, cptable] = await Promise.all([
      import('@e965/xlsx'),
      import('@e965/xlsx/dist/cpexcel.full.mjs'),
    ]);
    XLSX.set_cptable(cptable);
    return XLSX;
  })();
  return loaded;
}

/**
 * The same bounds as XLSX (see `xlsx.ts`). A BIFF file is not compressed, so the danger is not inflation
 * but a small file claiming much (a row or sheet count, a string table): rows and sheets are capped and
 * only cells actually written are visited (dense sheets; a claimed range is never walked).
 */
export const XLS_LIMITS = { maxBytes: 64 * 1024 * 1024, maxSheets: 256, maxRows: 1_100_000 } as const;

export type XlsSheet = { name: string; rows: TableRow[] };

type SheetCell = { t?: string; v?: unknown; z?: unknown };

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date-formatted number as a Date whose UTC fields are the sheet's wall clock (as `table.ts` expects). */
function dateOfSerial(serial: number, is1904: boolean): Date {
  const days = serial + (is1904 ? 1462 : 0);
  return new Date(EXCEL_EPOCH_MS + Math.round(days * 86400) * 1000);
}

function isDateFormat(XLSX: typeof XlsxModule, format: unknown): boolean {
  if (typeof format !== 'string' || format === 'General') return false;
  try {
    return Boolean((XLSX.SSF as { is_date: (f: string) => boolean }).is_date(format));
  } catch {
    return false;
  }
}

function toCell(XLSX: typeof XlsxModule, cell: SheetCell | undefined, is1904: boolean): Cell {
  if (!cell) return null;
  const { t, v } = cell;
  if (t === 's' || t === 'str') return typeof v === 'string' ? v : null;
  if (t === 'b') return typeof v === 'boolean' ? v : null;
  if (t === 'd') return v instanceof Date ? v : null;
  if (t === 'n' && typeof v === 'number') {
    // A time-only format (`hh:mm:ss`) stays a day fraction; a date format becomes a wall-clock Date.
    if (isDateFormat(XLSX, cell.z) && v >= 1) return dateOfSerial(v, is1904);
    return v;
  }
  return null;
}

/** Loads a `.xls` workbook and flattens every sheet. Throws when the bytes are not a readable workbook or pass the limits. */
export async function readXlsSheets(bytes: Uint8Array): Promise<XlsSheet[]> {
  if (bytes.byteLength > XLS_LIMITS.maxBytes) {
    throw new Error(`refused before reading: larger than ${XLS_LIMITS.maxBytes / 1024 / 1024} MB`);
  }
  const XLSX = await sheetjs();
  return flatten(XLSX, XLSX.read(bytes, { ...READ_OPTIONS, type: 'buffer' }));
}

/**
 * What many Chinese banks export under a `.xls` name: an HTML page holding a `<table>`, or an Excel 2003
 * XML workbook (SpreadsheetML, `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`), already
 * decoded to text. Read by the same library and flattened the same way. An HTML cell is kept as the text
 * written (`raw`): SheetJS would otherwise take `0012` for 12 and `2024-01-02` for a float day count;
 * SpreadsheetML says each cell's type itself.
 */
export async function readTextTableSheets(text: string, kind: 'html' | 'spreadsheetml'): Promise<XlsSheet[]> {
  if (text.length > XLS_LIMITS.maxBytes) {
    throw new Error(`refused before reading: larger than ${XLS_LIMITS.maxBytes / 1024 / 1024} MB`);
  }
  const XLSX = await sheetjs();
  return flatten(XLSX, XLSX.read(text, { ...READ_OPTIONS, type: 'string', raw: kind === 'html' }));
}

const READ_OPTIONS = {
  dense: true,
  cellDates: false,
  cellNF: true,
  cellText: false,
  cellHTML: false,
  cellFormula: false,
  cellStyles: false,
  sheetRows: XLS_LIMITS.maxRows,
} as const;

function flatten(XLSX: typeof XlsxModule, workbook: XlsxModule.WorkBook): XlsSheet[] {
  if (workbook.SheetNames.length > XLS_LIMITS.maxSheets) {
    throw new Error(`refused: ${workbook.SheetNames.length} sheets (at most ${XLS_LIMITS.maxSheets})`);
  }
  const is1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const sheets: XlsSheet[] = [];
  let total = 0;
  for (const name of workbook.SheetNames) {
    const sheet = workbook.Sheets[name] as { '!data'?: (SheetCell[] | undefined)[] } | undefined;
    const data = sheet?.['!data'] ?? [];
    const rows: TableRow[] = [];
    data.forEach((row, r) => {
      if (!row) return;
      const cells: Cell[] = [];
      let hasValue = false;
      for (let c = 0; c < row.length; c++) {
        const value = toCell(XLSX, row[c], is1904);
        cells.push(value);
        if (value !== null && value !== '') hasValue = true;
      }
      if (hasValue) rows.push({ line: r + 1, cells });
    });
    total += rows.length;
    if (total > XLS_LIMITS.maxRows) throw new Error(`refused: more than ${XLS_LIMITS.maxRows} rows`);
    sheets.push({ name, rows });
  }
  return sheets;
}
