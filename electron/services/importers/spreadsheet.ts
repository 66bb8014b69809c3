import { isAlipayHeader, parseAlipayRows } from './alipay-csv.ts';
import { isBankHeader, isBankTable, parseBankRows } from './bank-csv.ts';
import { isAppHeader, JD, MEITUAN, parseAppRows } from './payment-apps.ts';
import type { TableRow } from './table.ts';
import { findHeaderRow } from './table.ts';
import type { ImportContext, ImportProblem, ImportResult, Importer, ParsedTransaction } from './types.ts';
import { isWechatHeader, parseWechatRows } from './wechatpay.ts';
import { cfbDirectoryOffset, isXlsHead } from '../sniff.ts';
import { decodeHead, decodeText } from './text.ts';
import { readTextTableSheets, readXlsSheets } from './xls.ts';
import { readXlsxSheets, sniffXlsx } from './xlsx.ts';

/**
 * Statements and bills that arrive as spreadsheets (`.xls` BIFF, and `.xlsx` other than WeChat's own, which
 * `wechatpay.ts` reads first): each sheet is offered to the table layouts in turn, the same readers the CSV
 * importers use, so a bank's `.xls` and its `.csv` read alike. A statement longer than one BIFF sheet
 * (65,536 rows) goes on in the next sheets, with or without the header repeated: those sheets are read
 * under the first sheet's header, and every row and problem says its sheet (as `page`).
 */

type TableReader = {
  id: string;
  name: string;
  /** The layout's header test (for finding the header to carry onto continuation sheets). */
  isHeader: (names: ReadonlySet<string>) => boolean;
  claims: (rows: readonly TableRow[]) => boolean;
  parse: (rows: readonly TableRow[], ctx: ImportContext, format: string, label: string) => ImportResult;
};

const HEADER_SEARCH_LINES = 200;
const hasHeader = (isHeader: (names: ReadonlySet<string>) => boolean) => (rows: readonly TableRow[]) =>
  findHeaderRow(rows, isHeader, HEADER_SEARCH_LINES) >= 0;

/** In the CSV importers' order: the payment apps by their whole headers, then any bank statement. */
const READERS: readonly TableReader[] = [
  {
    id: 'wechatpay',
    name: 'WeChat Pay bill',
    isHeader: isWechatHeader,
    claims: hasHeader(isWechatHeader),
    parse: (rows, _ctx, format, label) => parseWechatRows(rows, format, label),
  },
  {
    id: 'alipay',
    name: 'Alipay transaction details',
    isHeader: isAlipayHeader,
    claims: hasHeader(isAlipayHeader),
    parse: (rows, _ctx, format, label) => parseAlipayRows(rows, format, label),
  },
  ...[JD, MEITUAN].map((app): TableReader => ({
    id: app.id,
    name: app.name,
    isHeader: isAppHeader(app),
    claims: hasHeader(isAppHeader(app)),
    parse: (rows, _ctx, format, label) => parseAppRows(rows, app, format, label),
  })),
  {
    id: 'bank',
    name: 'Bank statement',
    isHeader: isBankHeader,
    claims: isBankTable,
    parse: (rows, ctx, format, label) => parseBankRows(rows, ctx, { format, label }),
  },
];

type Sheet = { name: string; rows: TableRow[] };

const withPage = <T extends ParsedTransaction | ImportProblem>(items: T[], page: number): T[] =>
  items.map((item) => ({ ...item, page }));

/** The header row of a sheet a reader claimed; null for a headerless table. */
function headerRowOf(rows: readonly TableRow[], reader: TableReader): TableRow | null {
  return rows[findHeaderRow(rows, reader.isHeader, HEADER_SEARCH_LINES)] ?? null;
}

type SheetKind = 'xls' | 'xlsx' | 'html' | 'spreadsheetml';

const KIND_LABELS: Readonly<Record<SheetKind, string>> = {
  xls: 'XLS',
  xlsx: 'XLSX',
  html: 'HTML table',
  spreadsheetml: 'Excel 2003 XML',
};

/** Reads the sheets with the first layout that claims one; null when no sheet holds a known layout. */
export function readSheets(
  sheets: readonly Sheet[],
  ctx: ImportContext,
  kind: SheetKind,
): ImportResult | null {
  const firstAt = sheets.findIndex((s) => READERS.some((r) => r.claims(s.rows)));
  const first = sheets[firstAt];
  if (!first) return null;
  const reader = READERS.find((r) => r.claims(first.rows))!;
  const format = `${reader.id}-${kind}`;
  const label = `${reader.name} (${KIND_LABELS[kind]})`;
  const result = reader.parse(first.rows, ctx, format, label);
  const header = headerRowOf(first.rows, reader);
  const more: { page: number; part: ImportResult }[] = [];
  for (let i = firstAt + 1; i < sheets.length; i++) {
    const sheet = sheets[i]!;
    if (sheet.rows.length === 0) continue;
    const rows = reader.claims(sheet.rows) || !header ? sheet.rows : [{ ...header, line: 0 }, ...sheet.rows];
    const part = reader.parse(rows, ctx, format, label);
    // A sheet of totals or notes after the statement adds nothing and is no problem.
    if (part.transactions.length > 0) more.push({ page: i + 1, part });
  }
  if (more.length === 0) return result;
  result.transactions = withPage(result.transactions, firstAt + 1);
  result.problems = withPage(result.problems, firstAt + 1);
  for (const { page, part } of more) {
    result.transactions.push(...withPage(part.transactions, page));
    result.problems.push(...withPage(part.problems, page));
  }
  return result;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const xlsImporter: Importer = {
  format: 'xls',
  label: 'Excel 97–2003 workbook (XLS)',
  // Any Compound File: a big workbook's directory lies past the head, so parse looks at the whole file.
  detect: (head) => cfbDirectoryOffset(head) !== null,
  parse: async (bytes, ctx) => {
    const directoryAt = cfbDirectoryOffset(bytes) ?? 0;
    // A .doc, .msg or .ppt is some other reader's.
    if (!isXlsHead(bytes.subarray(0, 65536), bytes.subarray(directoryAt, directoryAt + 4096))) return null;
    let sheets: Sheet[];
    try {
      sheets = await readXlsSheets(bytes);
    } catch (error) {
      return {
        format: 'xls',
        label: 'Excel 97–2003 workbook (XLS)',
        transactions: [],
        messages: [],
        problems: [{ line: 0, error: `not a readable XLS workbook: ${messageOf(error)}` }],
      };
    }
    return readSheets(sheets, ctx, 'xls');
  },
};

/** XLSX statements other than WeChat Pay's (a bank's, Alipay's or JD's bill saved as a workbook). */
export const xlsxTableImporter: Importer = {
  format: 'xlsx',
  label: 'Excel workbook (XLSX)',
  detect: (head) => sniffXlsx(head).isWorkbook,
  parse: async (bytes, ctx) => {
    let sheets: Sheet[];
    try {
      sheets = await readXlsxSheets(bytes);
    } catch {
      // Not readable as a workbook: the WeChat reader before this one has already said why, or it is a document.
      return null;
    }
    return readSheets(sheets, ctx, 'xlsx');
  },
};

/**
 * What kind of text table a file is, from its first bytes: an Excel 2003 XML workbook, an HTML page with a
 * table in it (what many Chinese banks' web banking saves under a `.xls` name), or neither. The markup must
 * start the file, so an e-mail or a text that mentions `<table>` is not taken for one.
 */
export function textTableKind(head: Uint8Array): 'html' | 'spreadsheetml' | null {
  const text = decodeHead(head)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!text.startsWith('<')) return null;
  if (/<Workbook[\s>]/.test(text) && text.includes('urn:schemas-microsoft-com:office:spreadsheet'))
    return 'spreadsheetml';
  const lower = text.toLowerCase();
  if (/<table[\s>]/.test(lower) && /<t[dh][\s>]/.test(lower)) return 'html';
  return null;
}

/** Statements saved as an HTML table or Excel 2003 XML (often named `.xls`): read like the workbooks. */
export const textTableImporter: Importer = {
  format: 'text-table',
  label: 'Table saved as HTML or Excel 2003 XML',
  detect: (head) => textTableKind(head) !== null,
  parse: async (bytes, ctx) => {
    const kind = textTableKind(bytes.subarray(0, 65536));
    if (kind === null) return null;
    let sheets: Sheet[];
    try {
      sheets = await readTextTableSheets(decodeText(bytes), kind);
    } catch {
      // Not a table SheetJS can read: a web page or XML document of some other kind, filed as such.
      return null;
    }
    return readSheets(sheets, ctx, kind);
  },
};
