import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { LocalDateTime } from '../util/time.ts';
import { isValidLocal } from '../util/time.ts';
import { decideDateOrder, parseBankDate } from './bank-csv.ts';
import { detectDelimiter, tokenizeCsv } from './csv.ts';
import { minorDigitsOf } from './currency.ts';
import { zoneResolver } from './local-time.ts';
import { minorFromNumber, parseDecimalToMinor } from './money.ts';
import type { Cell, TableRow } from './table.ts';
import { cellText, cellWallClock, normalizeHeader } from './table.ts';
import type { Direction, ImportProblem, ParsedTransaction } from './types.ts';
import { readXlsxSheets, sniffXlsx } from './xlsx.ts';
import { COLUMN_ROLES, TABLE_ENCODINGS } from '../../ipc/words.ts';

/**
 * The column map: a table no importer claims (a bank's CSV, an XLSX of some platform nobody has seen yet)
 * read through the user's own answer to "which column is the date, the amount, the payee…". Pure: bytes and
 * a map in, transactions and per-line problems out. Saving a map, applying it to a filed item and finding a
 * saved one for the next file of the same layout live in services/column-map.ts.
 *
 * What the dialog needs from any table format is a list of `TableRow`s, so a table reader is small: CSV and
 * XLSX are here; a reader for old `.xls` (BIFF) plugs in as one more entry of `tableReaders`.
 */

// ── Reading a table ──────────────────────────────────────────────────────────────────────────────────────

export { TABLE_ENCODINGS };
export type TableEncoding = (typeof TABLE_ENCODINGS)[number];
export type ConcreteEncoding = Exclude<TableEncoding, 'auto'>;

export type TableReadOptions = {
  encoding?: TableEncoding;
  /** The bytes are only the file's head (it may end inside a character, a quoted cell or a row). */
  isHead?: boolean;
};

export type TableSource = {
  /** Which reader: `csv`, `xlsx` (later `xls`). */
  kind: string;
  rows: TableRow[];
  /** The encoding the text was read in (null for spreadsheets, whose cells carry their own text). */
  encoding: ConcreteEncoding | null;
  /** What `auto` would have chosen, so the dialog can say "detected: GB18030". */
  detectedEncoding: ConcreteEncoding | null;
  /** The sheet read, for workbooks. */
  sheet: string | null;
};

export type TableReader = {
  kind: string;
  /** True when this reader should read the file (content first; the name only as a hint). */
  detect: (head: Uint8Array, fileName: string) => boolean;
  read: (bytes: Buffer, options: TableReadOptions) => Promise<TableSource>;
};

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const startsWith = (b: Uint8Array, prefix: readonly number[]) => prefix.every((x, i) => b[i] === x);

/** BOM first (UTF-8, UTF-16), then strict UTF-8 (GBK text is almost never valid UTF-8), else GB18030. */
export function detectEncoding(bytes: Uint8Array, isHead = false): ConcreteEncoding {
  if (startsWith(bytes, UTF8_BOM)) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  try {
    // stream: a head cut inside a character is still valid UTF-8 so far.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: isHead });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Decodes in `encoding`, dropping the BOM that belongs to it. Never throws (bad bytes become U+FFFD). */
export function decodeAs(bytes: Buffer, encoding: ConcreteEncoding): string {
  const text = iconv.decode(bytes, encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const MAX_TABLE_ROWS = 200_000;

export const csvTableReader: TableReader = {
  kind: 'csv',
  detect: (head) => {
    // Text with a delimiter on its first lines; NUL bytes mean a binary file (UTF-16 has its BOM).
    if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return true;
    return !head.includes(0) && head.length > 0;
  },
  read: (bytes, options) => {
    const detected = detectEncoding(bytes, options.isHead);
    const encoding = !options.encoding || options.encoding === 'auto' ? detected : options.encoding;
    const text = decodeAs(bytes, encoding);
    const rows = tokenizeCsv(text, detectDelimiter(text)).slice(0, MAX_TABLE_ROWS);
    return Promise.resolve({ kind: 'csv', rows, encoding, detectedEncoding: detected, sheet: null });
  },
};

export const xlsxTableReader: TableReader = {
  kind: 'xlsx',
  detect: (head) => sniffXlsx(head).isWorkbook,
  read: async (bytes) => {
    const sheets = await readXlsxSheets(bytes);
    // The sheet with the most rows is the statement; the others are covers and notes.
    const sheet = sheets.reduce<(typeof sheets)[number] | null>(
      (a, b) => (a === null || b.rows.length > a.rows.length ? b : a),
      null,
    );
    return {
      kind: 'xlsx',
      rows: sheet?.rows.slice(0, MAX_TABLE_ROWS) ?? [],
      encoding: null,
      detectedEncoding: null,
      sheet: sheet?.name ?? null,
    };
  },
};

/** Types a table reader reads; plain text only when intake saw a table in it (the item's `facts.table`). */
const TABLE_MIMES = new Set([
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

export function isTableMime(mime: string): boolean {
  return TABLE_MIMES.has(mime);
}

/** In detection order: workbooks sniff first, CSV takes any text. An `.xls` (BIFF) reader goes before CSV. */
export const tableReaders: TableReader[] = [xlsxTableReader, csvTableReader];

/** The reader for these bytes, or null (a binary file no reader knows). */
export function tableReaderFor(bytes: Uint8Array, fileName: string): TableReader | null {
  const head = bytes.subarray(0, 64 * 1024);
  return tableReaders.find((r) => r.detect(head, fileName)) ?? null;
}

// ── Cells ───────────────────────────────────────────────────────────────────────────────────────────────

const PLACEHOLDER_RE = /^(?:-+|—+|\/|null|n\/a|none|无)$/i;

/** Trimmed text of a cell; Excel's `="123"` text guard unwrapped; `-----`, `/`, `null` and `N/A` read as empty. */
export function cleanCell(cell: Cell | undefined): string {
  let t = cellText(cell).replace(/\s+/g, ' ').trim();
  const guarded = /^="(.*)"$/.exec(t);
  if (guarded) t = (guarded[1] ?? '').trim();
  return PLACEHOLDER_RE.test(t) ? '' : t;
}

const CURRENCY_NOISE_RE = /^(?:[A-Z]{3}|RMB|人民币|¥|￥|\$|€|£)\s*|\s*(?:[A-Z]{3}|元|人民币)$/i;

const DECIMAL_COMMA_RE = /^[+-]?\d{1,3}(?:\.\d{3})*,\d{2}$|^[+-]?\d+,\d{2}$/;

export type AmountReading = { minor: number; note: string } | null;

/**
 * `-12.30`, `CNY 123.18`, `¥1,000.00`, `(12.30)` (negative), `12.30-` (negative), `12.30 DR` (negative),
 * `12.30 CR`, `131.77(已退款89.84)` (131.77, the refund kept as a note); spreadsheet numbers rounded once.
 */
export function readAmount(cell: Cell | undefined, digits: number): AmountReading {
  if (typeof cell === 'number') {
    const minor = minorFromNumber(cell, digits);
    return minor === null ? null : { minor, note: '' };
  }
  let t = cleanCell(cell);
  if (t === '') return null;
  let note = '';
  let negative = false;
  const trailing = /^(.*?\d)\s*[(（]([^)）]*)[)）]$/.exec(t);
  if (trailing && /\D/.test(trailing[2] ?? '')) {
    t = trailing[1] ?? '';
    note = (trailing[2] ?? '').trim();
  }
  const paren = /^[(（](.*)[)）]$/.exec(t);
  if (paren) {
    t = paren[1] ?? '';
    negative = true;
  }
  const mark = /^(.*?)\s*(DR|CR|D|C)$/i.exec(t);
  if (mark && /\d/.test(mark[1] ?? '')) {
    t = mark[1] ?? '';
    if (/^d/i.test(mark[2] ?? '')) negative = true;
  }
  if (/^[^-]*\d-$/.test(t)) {
    t = t.slice(0, -1);
    negative = true;
  }
  for (let i = 0; i < 2; i++) t = t.replace(CURRENCY_NOISE_RE, '').trim();
  // A decimal comma (`-12,99`, `1.234,56`): two digits after the last comma and no other comma.
  if (DECIMAL_COMMA_RE.test(t)) t = t.replaceAll('.', '').replace(',', '.');
  const minor = parseDecimalToMinor(t, digits);
  if (minor === null) return null;
  return { minor: negative ? -Math.abs(minor) : minor, note };
}

const CLOCK_RE = /^(\d{1,2})[:：.](\d{2})(?:[:：.](\d{2}))?$/;
const COMPACT_CLOCK_RE = /^(\d{2})(\d{2})(\d{2})?$/;

/** `17:57:17`, `17:57`, `123456` (12:34:56), `1234`, an Excel time fraction or a time-only Date; null otherwise. */
export function readClock(cell: Cell | undefined): { hour: number; minute: number; second: number } | null {
  if (cell instanceof Date) {
    return { hour: cell.getUTCHours(), minute: cell.getUTCMinutes(), second: cell.getUTCSeconds() };
  }
  if (typeof cell === 'number' && cell >= 0 && cell < 1) {
    const s = Math.round(cell * 86400);
    return { hour: Math.floor(s / 3600) % 24, minute: Math.floor(s / 60) % 60, second: s % 60 };
  }
  const t = cleanCell(cell);
  const m = CLOCK_RE.exec(t) ?? (t.length === 6 || t.length === 4 ? COMPACT_CLOCK_RE.exec(t) : null);
  if (!m) return null;
  const clock = { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) };
  return clock.hour < 24 && clock.minute < 60 && clock.second < 60 ? clock : null;
}

function readDate(cell: Cell | undefined, order: DateOrder): LocalDateTime | null {
  if (cell instanceof Date || typeof cell === 'number') return cellWallClock(cell);
  const t = cleanCell(cell);
  if (t === '') return null;
  return parseBankDate(t, order) ?? cellWallClock(t);
}

const isDateLike = (cell: Cell | undefined) =>
  cell instanceof Date || (typeof cell === 'string' && readDate(cell, 'dmy') !== null);
const isAmountLike = (cell: Cell | undefined) =>
  typeof cell === 'number' || (cleanCell(cell) !== '' && readAmount(cell, 2) !== null);

// ── The map ──────────────────────────────────────────────────────────────────────────────────────────────

export { COLUMN_ROLES };
export type ColumnRole = (typeof COLUMN_ROLES)[number];
export type DateOrder = 'dmy' | 'mdy';

export type MapColumn = {
  /** The header's text as written (`交易时间`); `Column 3` for a table without a header row. */
  name: string;
  /** 0-based position, used when the file has no header row or its header repeats a name. */
  index: number;
  role: ColumnRole;
};

export type ColumnMap = {
  /** False for a table whose first row is already data (date, description, debit, credit, balance). */
  hasHeader: boolean;
  columns: MapColumn[];
  /** What each value of the direction column means (支出 → out, 收入 → in, 不计收支 → neutral). */
  directions: Record<string, Direction>;
  /** The user said the preview had money in and out the wrong way round: every direction is swapped. */
  isFlipped: boolean;
  /** For `a/b/yyyy` dates: day or month first (decided from the file, shown for the user to change). */
  dateOrder: DateOrder;
  currency: string;
  encoding: TableEncoding;
};

const ROLE_NAMES: Readonly<Record<Exclude<ColumnRole, 'ignore'>, readonly string[]>> = {
  date: [
    '交易日期',
    '记账日期',
    '入账日期',
    '交易时间',
    '日期',
    '时间',
    '创建时间',
    '下单时间',
    '支付时间',
    '付款时间',
    'date',
    'transactiondate',
    'bookingdate',
    'postingdate',
    'valuedate',
    'datetime',
    'time',
  ],
  time: ['记账时间', '交易时刻', '交易时间', '时间', 'transactiontime', 'time'],
  amount: [
    '金额',
    '交易金额',
    '实付金额',
    '实付',
    '支付金额',
    '发生额',
    '金额(元)',
    'amount',
    'transactionamount',
    'billingamount',
    'betrag',
    'montant',
    'importo',
    'importe',
    'bedrag',
    'value',
    'sum',
  ],
  debit: ['支出', '支出金额', '借方', '借方金额', '借方发生额', 'debit', 'withdrawal', 'moneyout', 'paidout'],
  credit: ['收入', '收入金额', '贷方', '贷方金额', '贷方发生额', 'credit', 'deposit', 'moneyin', 'paidin'],
  direction: [
    '收/支',
    '收支',
    '收支类型',
    '借贷标志',
    '借/贷',
    '借贷',
    '资金方向',
    'type',
    'dr/cr',
    'direction',
  ],
  counterparty: [
    '交易对方',
    '对方',
    '对方户名',
    '对方账户名',
    '对方账户名称',
    '对方名称',
    '对手信息',
    '商户名称',
    '商家',
    '商户',
    '收款方',
    'payee',
    'merchant',
    'counterparty',
    'name',
    'beneficiary',
  ],
  description: [
    '商品说明',
    '商品名称',
    '商品',
    '交易名称',
    '摘要',
    '交易摘要',
    '用途',
    '说明',
    '描述',
    '备注',
    'description',
    'details',
    'memo',
    'narrative',
    'reference',
  ],
  orderId: [
    '订单号',
    '交易订单号',
    '交易单号',
    '订单编号',
    '流水号',
    '交易流水号',
    'orderid',
    'ordernumber',
    'transactionid',
    'id',
  ],
  status: ['交易状态', '状态', '订单状态', 'status'],
};

const keyOf = (name: string) => normalizeHeader(name).toLowerCase();

const OUT_WORDS = [
  '支出',
  '出',
  '付款',
  '支付',
  '借',
  '借方',
  'd',
  'dr',
  'debit',
  'out',
  'expense',
  'withdrawal',
];
const IN_WORDS = ['收入', '入', '收款', '贷', '贷方', 'c', 'cr', 'credit', 'in', 'income', 'deposit'];
const NEUTRAL_WORDS = ['不计收支', '其他', '中性', 'neutral', 'transfer', '/'];

/** 支出 → out, 贷 Cr → in, 不计收支 → neutral; null for a value no one would guess. */
export function guessDirection(value: string): Direction | null {
  const t = value.trim().toLowerCase();
  const words = [t, ...t.split(/[\s/]+/)];
  for (const w of words) {
    if (NEUTRAL_WORDS.includes(w)) return 'neutral';
    if (OUT_WORDS.includes(w)) return 'out';
    if (IN_WORDS.includes(w)) return 'in';
  }
  return null;
}

/**
 * A handful of distinct short values that are direction words (支出 / 收入 / 不计收支, 借 / 贷, Dr / Cr): all of them
 * for a column found by content; at least one for a column whose name already says so (the others are asked).
 */
function isDirectionColumn(values: readonly (Cell | undefined)[], isNamed = false): boolean {
  const distinct = [...new Set(values.map((c) => cleanCell(c)).filter((v) => v !== ''))];
  if (distinct.length < 1 || distinct.length > 5) return false;
  const known = distinct.filter((v) => guessDirection(v) !== null).length;
  return isNamed ? known > 0 : known === distinct.length;
}

// ── Header by content ────────────────────────────────────────────────────────────────────────────────────

const HEADER_SEARCH_ROWS = 200;
const SUMMARY_RE = /合计|总计|小计|汇总|共\s*\d+\s*笔|^total|^subtotal|^summary/i;

const nonEmpty = (cells: readonly Cell[]) => cells.filter((c) => cleanCell(c) !== '').length;
const isLabel = (c: Cell | undefined) => {
  const t = cleanCell(c);
  return t !== '' && typeof c === 'string' && !isDateLike(c) && !isAmountLike(c) && t.length <= 40;
};

/**
 * The header row, found by what it holds and what follows it (never by a line count): a row of short labels,
 * none of them a date or a number, as wide as the data, followed by a row holding a date. -1 when the first
 * data rows come with no header at all.
 */
export function findHeaderByContent(rows: readonly TableRow[]): number {
  const end = Math.min(rows.length, HEADER_SEARCH_ROWS);
  // How wide the data is: the most common count of filled cells among rows that hold a date.
  const widths = new Map<number, number>();
  for (let i = 0; i < end; i++) {
    const cells = rows[i]!.cells;
    if (cells.some(isDateLike)) widths.set(nonEmpty(cells), (widths.get(nonEmpty(cells)) ?? 0) + 1);
  }
  let dataWidth = 0;
  let seen = 0;
  for (const [w, n] of widths) if (n > seen || (n === seen && w > dataWidth)) [dataWidth, seen] = [w, n];
  const minWidth = Math.max(2, Math.ceil(dataWidth * 0.6));
  for (let i = 0; i < end; i++) {
    const cells = rows[i]!.cells;
    const filled = nonEmpty(cells);
    if (filled < minWidth) continue;
    const labels = cells.filter(isLabel).length;
    if (labels < filled || cells.some(isDateLike)) continue;
    // The next non-empty row holds a date: data follows the header.
    for (let j = i + 1; j < Math.min(rows.length, i + 4); j++) {
      const next = rows[j]!.cells;
      if (nonEmpty(next) === 0) continue;
      if (next.some(isDateLike)) return i;
      break;
    }
  }
  return -1;
}

/** Worth offering the column map for: some row of three or more cells that holds a date. */
export function looksLikeStatement(rows: readonly TableRow[]): boolean {
  return rows.slice(0, HEADER_SEARCH_ROWS).some((r) => nonEmpty(r.cells) >= 3 && r.cells.some(isDateLike));
}

/** The header's names, as a signature a later file of the same layout gives again (order and text matter). */
export function headerSignature(header: readonly Cell[] | null, width: number): string {
  if (!header) return `columns:${width}`;
  const names = header.map((c) => keyOf(cellText(c)));
  while (names.length && names[names.length - 1] === '') names.pop();
  return 'sha256:' + createHash('sha256').update(names.join('\u001f')).digest('hex').slice(0, 32);
}

/** The first data row after the header: the table's width and each column's name. */
export type TableShape = {
  headerIndex: number;
  header: string[];
  signature: string;
  /** Index into `rows` of the first row below the header (0 without a header). */
  bodyStart: number;
};

export function shapeOf(rows: readonly TableRow[], hasHeader?: boolean): TableShape {
  const found = hasHeader === false ? -1 : findHeaderByContent(rows);
  if (found >= 0) {
    const cells = rows[found]!.cells;
    const header = cells.map((c, i) => cellText(c) || `Column ${i + 1}`);
    while (header.length && cellText(cells[header.length - 1]) === '') header.pop();
    return {
      headerIndex: found,
      header,
      signature: headerSignature(cells, header.length),
      bodyStart: found + 1,
    };
  }
  let width = 0;
  for (const r of rows.slice(0, HEADER_SEARCH_ROWS)) width = Math.max(width, r.cells.length);
  const header = Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  return { headerIndex: -1, header, signature: headerSignature(null, width), bodyStart: 0 };
}

/** The shape with the header on a line the user chose (`null`: the table has no header row). */
export function shapeAtLine(rows: readonly TableRow[], line: number | null): TableShape {
  const at = line === null ? -1 : rows.findIndex((r) => r.line === line);
  if (at < 0) return shapeOf(rows, false);
  const cells = rows[at]!.cells;
  const header = cells.map((c, i) => cellText(c) || `Column ${i + 1}`);
  while (header.length && cellText(cells[header.length - 1]) === '') header.pop();
  return { headerIndex: at, header, signature: headerSignature(cells, header.length), bodyStart: at + 1 };
}

/** The row whose header gives `signature` (a saved layout's), or -1. */
export function findHeaderBySignature(rows: readonly TableRow[], signature: string): number {
  if (signature.startsWith('columns:')) return -1;
  const end = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < end; i++) {
    const cells = rows[i]!.cells;
    if (nonEmpty(cells) >= 2 && headerSignature(cells, cells.length) === signature) return i;
  }
  return -1;
}

// ── Guessing roles ───────────────────────────────────────────────────────────────────────────────────────

const SAMPLE_ROWS = 50;

/** Four in five at least: a stray label or footer among the first rows does not hide a column's kind. */
const mostly = (values: readonly Cell[], test: (c: Cell) => boolean) =>
  values.filter(test).length >= values.length * 0.8;

/** Proposes a role per column: by its name first, then by what its cells hold. One column per role. */
export function guessMap(
  rows: readonly TableRow[],
  shape: TableShape,
  defaults: { currency: string; timeZone: string; encoding: TableEncoding },
): ColumnMap {
  const sample = rows
    .slice(shape.bodyStart, shape.bodyStart + SAMPLE_ROWS)
    .filter((r) => nonEmpty(r.cells) > 1);
  const values = (i: number): Cell[] =>
    sample.map((r) => r.cells[i] ?? null).filter((c) => cleanCell(c) !== '');
  const roles: ColumnRole[] = shape.header.map(() => 'ignore');
  const taken = new Set<ColumnRole>();
  const assign = (i: number, role: ColumnRole) => {
    if (roles[i] !== 'ignore' || taken.has(role)) return;
    roles[i] = role;
    taken.add(role);
  };
  // By name, in order of the role lists' preference; a date column must hold dates to be taken as one.
  for (const role of Object.keys(ROLE_NAMES) as Exclude<ColumnRole, 'ignore'>[]) {
    for (const name of ROLE_NAMES[role]) {
      const i = shape.headerIndex < 0 ? -1 : shape.header.findIndex((h) => keyOf(h) === name);
      if (i < 0) continue;
      const vs = values(i);
      if (role === 'date' && vs.length && vs.filter(isDateLike).length < vs.length * 0.8) continue;
      if (role === 'time' && vs.length && vs.filter((c) => readClock(c) !== null).length < vs.length * 0.8)
        continue;
      if (
        (role === 'amount' || role === 'debit' || role === 'credit') &&
        vs.length &&
        vs.filter(isAmountLike).length < vs.length * 0.8
      )
        continue;
      if (role === 'direction' && !isDirectionColumn(vs, true)) continue;
      assign(i, role);
    }
  }
  // Paired money columns named by what they hold: ICBC's 交易金额(收入) / 交易金额(支出), `Debit amount`.
  if (!taken.has('amount')) {
    shape.header.forEach((h, i) => {
      const k = keyOf(h);
      if (shape.headerIndex < 0 || !values(i).length || values(i).some((c) => !isAmountLike(c))) return;
      if (/支出|借方|debit|withdraw|moneyout/.test(k)) assign(i, 'debit');
      else if (/收入|贷方|credit|deposit|moneyin/.test(k)) assign(i, 'credit');
    });
  }
  // By content: dates, times, amounts, a short list of direction words, then text.
  shape.header.forEach((_, i) => {
    const vs = values(i);
    if (!vs.length) return;
    if (!taken.has('date') && mostly(vs, isDateLike)) assign(i, 'date');
    else if (!taken.has('time') && mostly(vs, (c) => typeof c !== 'number' && readClock(c) !== null))
      assign(i, 'time');
  });
  const distinct = (i: number) => [...new Set(values(i).map((c) => cleanCell(c)))];
  shape.header.forEach((_, i) => {
    const d = distinct(i);
    if (!taken.has('direction') && d.length <= 3 && isDirectionColumn(values(i))) assign(i, 'direction');
  });
  if (!taken.has('amount') && !taken.has('debit') && !taken.has('credit')) {
    const amounts = shape.header
      .map((_, i) => i)
      .filter((i) => roles[i] === 'ignore' && values(i).length > 0 && mostly(values(i), isAmountLike));
    // Headerless bank CSVs: date, description, debit, credit, balance — two sparse amount columns that never
    // both hold a value are debit and credit; otherwise the first amount column is the amount.
    const [a, b] = amounts;
    const isPair =
      a !== undefined &&
      b !== undefined &&
      sample.every((r) => cleanCell(r.cells[a]) === '' || cleanCell(r.cells[b]) === '') &&
      sample.some((r) => cleanCell(r.cells[a]) === '') &&
      sample.some((r) => cleanCell(r.cells[b]) === '');
    if (isPair) {
      assign(a, 'debit');
      assign(b, 'credit');
    } else if (a !== undefined) assign(a, 'amount');
  }
  if (!taken.has('description') || !taken.has('counterparty')) {
    // The remaining text columns with the most distinct values: description first, then counterparty.
    const texts = shape.header
      .map((_, i) => i)
      .filter((i) => roles[i] === 'ignore' && values(i).length > 0 && values(i).every((c) => isLabel(c)))
      .sort((x, y) => distinct(y).length - distinct(x).length);
    for (const i of texts) {
      if (!taken.has('description')) assign(i, 'description');
      else if (!taken.has('counterparty')) assign(i, 'counterparty');
    }
  }

  const columns = shape.header.map((name, index) => ({ name, index, role: roles[index] ?? 'ignore' }));
  const map: ColumnMap = {
    hasHeader: shape.headerIndex >= 0,
    columns,
    directions: {},
    isFlipped: false,
    dateOrder: 'dmy',
    currency: defaults.currency,
    encoding: defaults.encoding,
  };
  return withFileFacts(map, rows, shape, defaults.timeZone);
}

/** Fills what follows from the file under a map: the values of its direction column, the date order. */
export function withFileFacts(
  map: ColumnMap,
  rows: readonly TableRow[],
  shape: TableShape,
  timeZone: string,
): ColumnMap {
  const at = (role: ColumnRole) => columnAt(map, shape, role);
  const body = rows.slice(shape.bodyStart);
  const directions = { ...map.directions };
  const dirAt = at('direction');
  if (dirAt >= 0) {
    for (const r of body.slice(0, 5000)) {
      const v = cleanCell(r.cells[dirAt]);
      if (v !== '' && !Object.hasOwn(directions, v) && Object.keys(directions).length < 20) {
        const guess = guessDirection(v);
        if (guess) directions[v] = guess;
      }
    }
  }
  const dateAt = at('date');
  const dateOrder =
    dateAt >= 0
      ? decideDateOrder(
          body.map((r) => cleanCell(r.cells[dateAt])),
          timeZone,
        )
      : map.dateOrder;
  return { ...map, directions, dateOrder };
}

/** The distinct values of the map's direction column (for the dialog to ask about each), at most 20. */
export function directionValues(map: ColumnMap, rows: readonly TableRow[], shape: TableShape): string[] {
  const at = columnAt(map, shape, 'direction');
  if (at < 0) return [];
  const out = new Set<string>();
  for (const r of rows.slice(shape.bodyStart)) {
    const v = cleanCell(r.cells[at]);
    if (v !== '') out.add(v);
    if (out.size >= 20) break;
  }
  return [...out];
}

/** Where a role's column is in this file: by its header name when the file has one, else by position. */
function columnAt(map: ColumnMap, shape: TableShape, role: ColumnRole): number {
  const col = map.columns.find((c) => c.role === role);
  if (!col) return -1;
  if (map.hasHeader && shape.headerIndex >= 0) {
    const named = shape.header.map(keyOf);
    const first = named.indexOf(keyOf(col.name));
    // A repeated name (two 备注 columns) is told apart by position.
    if (first >= 0 && named.lastIndexOf(keyOf(col.name)) !== first && named[col.index] === keyOf(col.name))
      return col.index;
    return first;
  }
  return col.index < shape.header.length ? col.index : -1;
}

/** What is wrong with a map before it can read anything (codes; words live in the message catalogues). */
export type MapIssue = 'no-date' | 'no-amount' | 'direction-needs-amount' | 'missing-column';

export function checkMap(map: ColumnMap, shape?: TableShape): MapIssue[] {
  const has = (role: ColumnRole) => map.columns.some((c) => c.role === role);
  const issues: MapIssue[] = [];
  if (!has('date')) issues.push('no-date');
  if (!has('amount') && !has('debit') && !has('credit')) issues.push('no-amount');
  if (has('direction') && !has('amount')) issues.push('direction-needs-amount');
  if (shape && map.columns.some((c) => c.role !== 'ignore' && columnAt(map, shape, c.role) < 0))
    issues.push('missing-column');
  return issues;
}

// ── Applying a map ───────────────────────────────────────────────────────────────────────────────────────

export type MappedTable = { transactions: ParsedTransaction[]; problems: ImportProblem[] };

const flip = (d: Direction): Direction => (d === 'out' ? 'in' : d === 'in' ? 'out' : d);

function rawKeys(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/**
 * Reads every row below the header under `map`. Blank rows, repeated headers and short summary lines
 * (`合计`, `共12笔`, a `----` rule) are skipped; a row that looks like data but has no readable date or amount
 * becomes one problem with its line. Times are the case's zone's local time.
 */
export function applyMap(
  rows: readonly TableRow[],
  shape: TableShape,
  map: ColumnMap,
  timeZone: string,
): MappedTable {
  const transactions: ParsedTransaction[] = [];
  const problems: ImportProblem[] = [];
  const issues = checkMap(map, shape);
  if (issues.length) {
    return {
      transactions,
      problems: [{ line: rows[shape.headerIndex]?.line ?? 0, error: `map: ${issues.join(', ')}` }],
    };
  }
  const at = (role: ColumnRole) => columnAt(map, shape, role);
  const [dateAt, timeAt, amountAt, debitAt, creditAt, dirAt] = (
    ['date', 'time', 'amount', 'debit', 'credit', 'direction'] as const
  ).map(at) as [number, number, number, number, number, number];
  const text = (cells: readonly Cell[], role: ColumnRole) => {
    const i = at(role);
    return i < 0 ? '' : cleanCell(cells[i]);
  };
  const digits = minorDigitsOf(map.currency);
  const resolve = zoneResolver(timeZone);
  const keys = rawKeys(shape.header);
  const mapped = map.columns.filter((c) => c.role !== 'ignore').length;
  const headerKey = shape.headerIndex >= 0 ? keyOf(shape.header[dateAt] ?? '') : null;

  for (let r = shape.bodyStart; r < rows.length; r++) {
    const { cells, line } = rows[r]!;
    const filled = nonEmpty(cells);
    if (filled === 0) continue;
    const firstText = cleanCell(cells.find((c) => cleanCell(c) !== ''));
    let t = readDate(cells[dateAt], map.dateOrder);
    if (!t) {
      const dateText = cleanCell(cells[dateAt]);
      if (
        SUMMARY_RE.test(firstText) ||
        keyOf(dateText) === headerKey ||
        cellText(cells[dateAt]).startsWith('---')
      )
        continue;
      if (filled * 2 < mapped) continue;
      problems.push({ line, error: `unreadable date "${dateText}"` });
      continue;
    }
    if (timeAt >= 0) {
      const clock = readClock(cells[timeAt]);
      if (clock) {
        const timed = { ...t, ...clock };
        if (isValidLocal(timed)) t = timed;
      }
    }
    let signed: number;
    let note: string;
    let direction: Direction;
    if (amountAt >= 0) {
      const amount = readAmount(cells[amountAt], digits);
      if (!amount) {
        const shown = cleanCell(cells[amountAt]);
        if (shown === '' && filled * 2 < mapped) continue;
        problems.push({ line, error: shown === '' ? 'no amount' : `unreadable amount "${shown}"` });
        continue;
      }
      signed = amount.minor;
      note = amount.note;
      if (dirAt >= 0) {
        const value = cleanCell(cells[dirAt]);
        // Own keys only: a cell reading `constructor` must not find Object's.
        const stated =
          value === '' ? 'neutral' : Object.hasOwn(map.directions, value) ? map.directions[value] : undefined;
        if (!stated) {
          problems.push({ line, error: `direction "${value}" is not in the map` });
          continue;
        }
        // The column says which way; the sign, where a file writes one as well, says the same (HSBC: -18.00 DEBIT).
        direction = stated;
      } else direction = signed < 0 ? 'out' : signed > 0 ? 'in' : 'neutral';
    } else {
      const debit = debitAt >= 0 ? readAmount(cells[debitAt], digits) : null;
      const credit = creditAt >= 0 ? readAmount(cells[creditAt], digits) : null;
      const bad = [debitAt, creditAt].find(
        (i) => i >= 0 && cleanCell(cells[i]) !== '' && readAmount(cells[i], digits) === null,
      );
      if (bad !== undefined) {
        problems.push({ line, error: `unreadable amount "${cleanCell(cells[bad])}"` });
        continue;
      }
      const out = Math.abs(debit?.minor ?? 0);
      const inn = Math.abs(credit?.minor ?? 0);
      if (!debit && !credit) {
        if (filled * 2 < mapped) continue;
        problems.push({ line, error: 'no amount' });
        continue;
      }
      signed = inn - out;
      note = debit?.note || credit?.note || '';
      direction = out > 0 && inn === 0 ? 'out' : inn > 0 && out === 0 ? 'in' : signed < 0 ? 'out' : 'in';
    }
    if (map.isFlipped) direction = flip(direction);
    const raw: Record<string, string> = {};
    keys.forEach((k, i) => {
      raw[k] = cellText(cells[i]);
    });
    const instant = resolve(t);
    transactions.push({
      utc: instant.utc,
      offset: instant.offset,
      amountMinor: Math.abs(signed),
      currency: map.currency,
      direction,
      counterparty: text(cells, 'counterparty'),
      description: text(cells, 'description'),
      status: text(cells, 'status'),
      method: '',
      orderId: text(cells, 'orderId'),
      merchantOrderId: '',
      category: '',
      note,
      line,
      raw,
    });
  }
  return { transactions, problems };
}

/**
 * The two rows the user is asked about before anything is written: one that reads as money out and one as
 * money in when the file has both, else the first two rows.
 */
export function signSamples(transactions: readonly ParsedTransaction[]): ParsedTransaction[] {
  const out = transactions.find((t) => t.direction === 'out');
  const inn = transactions.find((t) => t.direction === 'in');
  if (out && inn) return [out, inn].sort((a, b) => a.line - b.line);
  return transactions.slice(0, 2);
}
