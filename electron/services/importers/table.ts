import type { LocalDateTime } from '../util/time.ts';
import { isValidLocal } from '../util/time.ts';

/**
 * Statement exports (CSV and XLSX alike) are tables with a preamble above the header. Both readers turn
 * their input into `TableRow`s so header search and column mapping are written once.
 */

/** A cell as CSV (always text) or a spreadsheet (text, number, or a Date carrying wall-clock time as UTC) gives it. */
export type Cell = string | number | boolean | Date | null;

export type TableRow = {
  /** 1-based line (CSV) or row (XLSX) number. */
  line: number;
  cells: readonly Cell[];
};

const HEADER_SPACE_RE = /\s+/g;

/** `金额（元） ` → `金额(元)`: header names compared without padding and with ASCII brackets. */
export function normalizeHeader(name: string): string {
  return name.replace(HEADER_SPACE_RE, '').replaceAll('（', '(').replaceAll('）', ')');
}

/**
 * True when `names` (a header row, normalized) is this layout's header as a whole: every `required` name is
 * there and at least `share` of the row's names are ones the layout knows. A few shared words are not
 * enough: JD's bill shares 交易时间, 金额, 交易状态 and 交易订单号 with Alipay's but is not Alipay's.
 */
export function isWholeHeader(
  names: ReadonlySet<string>,
  known: ReadonlySet<string>,
  required: readonly (readonly string[])[],
  share = 0.75,
): boolean {
  if (!required.every((anyOf) => anyOf.some((n) => names.has(n)))) return false;
  let total = 0;
  let hits = 0;
  for (const name of names) {
    if (name === '') continue;
    total++;
    if (known.has(name)) hits++;
  }
  return total > 0 && hits >= total * share;
}

const PLACEHOLDER_RE = /^(?:[-—–_=*/.·]+|null|n\/a|无)$/i;

/** `-`, `--`, `----------`, `/`, `null`, `N/A`: what statements write in a cell that says nothing. */
export const isPlaceholder = (text: string): boolean =>
  // The first character rules out almost every cell before the pattern runs (hot in 100,000-row bills).
  text === '' || (PLACEHOLDER_START.has(text.charAt(0)) && PLACEHOLDER_RE.test(text));
const PLACEHOLDER_START = new Set([...'-—–_=*/.·nN无']);

/** Index of the first row (within `limit`) whose normalized cell names satisfy `isHeader`, or -1. */
export function findHeaderRow(
  rows: readonly TableRow[],
  isHeader: (names: ReadonlySet<string>) => boolean,
  limit = 200,
): number {
  const end = Math.min(rows.length, limit);
  for (let i = 0; i < end; i++) {
    const row = rows[i];
    if (!row || row.cells.length < 3) continue;
    const names = new Set<string>();
    for (const cell of row.cells) if (typeof cell === 'string') names.add(normalizeHeader(cell));
    if (isHeader(names)) return i;
  }
  return -1;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function formatWallClock(t: LocalDateTime): string {
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)} ${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
}

/** Exceljs gives a date cell as a Date whose UTC fields are the sheet's wall-clock time. */
function wallClockOfDate(d: Date): LocalDateTime | null {
  if (Number.isNaN(d.getTime())) return null;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Trimmed text of a cell, as shown in the detail view. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (cell instanceof Date) {
    const t = wallClockOfDate(cell);
    return t ? formatWallClock(t) : '';
  }
  return String(cell);
}

const DATE_TIME_RE =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}))?)?$/;

/** `2023-02-12 21:32:14`, `2023/2/12 21:32`, `2023年2月12日 21:32:14`, `2023-02-12` → wall-clock fields; null otherwise. */
export function parseWallClock(text: string): LocalDateTime | null {
  const m = DATE_TIME_RE.exec(text.trim());
  if (!m) return null;
  const t: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  return isValidLocal(t) ? t : null;
}

// Excel serial day 25569 is 1970-01-01; serials before 61 sit on Excel's fictitious 1900-02-29.
const EXCEL_EPOCH_SERIAL = 25569;
const EXCEL_MIN_SERIAL = 61;
const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31

/** Wall-clock time of a cell: text, a spreadsheet Date, or a bare Excel serial number. */
export function cellWallClock(cell: Cell | undefined): LocalDateTime | null {
  if (typeof cell === 'string') return parseWallClock(cell);
  if (cell instanceof Date) return wallClockOfDate(cell);
  if (typeof cell === 'number' && cell >= EXCEL_MIN_SERIAL && cell <= EXCEL_MAX_SERIAL) {
    const seconds = Math.round((cell - EXCEL_EPOCH_SERIAL) * 86400);
    return wallClockOfDate(new Date(seconds * 1000));
  }
  return null;
}
