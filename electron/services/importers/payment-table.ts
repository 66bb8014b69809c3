import { instantFromLocal } from '../util/time.ts';
import { minorFromNumber, parseDecimalToMinor, splitAmountText } from './money.ts';
import type { Cell, TableRow } from './table.ts';
import { cellText, cellWallClock, isPlaceholder, normalizeHeader } from './table.ts';
import { coded } from '../../messages/say.ts';
import { lineProblem } from '../import-problems.ts';
import type { Direction, ImportProblem, ParsedTransaction } from './types.ts';

/** The transaction fields a payment statement fills, each found by header name. */
export type PaymentField =
  | 'time'
  | 'amount'
  | 'direction'
  | 'category'
  | 'counterparty'
  | 'description'
  | 'method'
  | 'status'
  | 'orderId'
  | 'merchantOrderId'
  | 'note';

export type PaymentLayout = {
  /**
   * Normalized header names per field, in order of preference. When a row leaves the first column empty
   * the next one present is used (old Alipay: 交易创建时间, then 付款时间).
   */
  columns: Readonly<Record<PaymentField, readonly string[]>>;
  currency: string;
  /** UTC offset of the times written (minutes). */
  offset: number;
};

export type PaymentTable = { transactions: ParsedTransaction[]; problems: ImportProblem[] };

const FIELDS: readonly PaymentField[] = [
  'time',
  'amount',
  'direction',
  'category',
  'counterparty',
  'description',
  'method',
  'status',
  'orderId',
  'merchantOrderId',
  'note',
];

/** 收/支 as written by Alipay and WeChat; 不计收支, `/`, blank and anything unknown are neutral. */
function directionOf(text: string): Direction {
  if (text === '支出') return 'out';
  if (text === '收入') return 'in';
  return 'neutral';
}

/** Exports write `/` or a rule of hyphens for "nothing"; the normalized fields say nothing, `raw` keeps it. */
const clean = (text: string): string => (isPlaceholder(text) ? '' : text);

/** The amount of a cell; `remarkOf` gives what is written beside it (JD: `131.77(已退款89.84)`). */
function minorOf(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return minorFromNumber(cell);
  if (typeof cell !== 'string') return null;
  return parseDecimalToMinor(cell) ?? parseDecimalToMinor(splitAmountText(cell).number);
}

const remarkOf = (cell: Cell | undefined): string | null =>
  typeof cell === 'string' ? splitAmountText(cell).remark : null;

const PLAIN_NUMBER_RE = /^[\s¥￥+-]*[\d,.]+\s*$/;
const isPlainNumber = (text: string) => PLAIN_NUMBER_RE.test(text);

function rawKeys(header: readonly Cell[]): (string | null)[] {
  const seen = new Map<string, number>();
  return header.map((cell) => {
    const name = cellText(cell);
    if (name === '') return null;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/**
 * Reads the rows below `headerIndex` as transactions. Blank rows and short summary/footer rows (`共77笔记录`,
 * `已收入:…`, a `----` rule) are skipped silently; a row that looks like data but has an unreadable time or
 * amount becomes one problem with its line number.
 */
export function parsePaymentTable(
  rows: readonly TableRow[],
  headerIndex: number,
  layout: PaymentLayout,
): PaymentTable {
  const transactions: ParsedTransaction[] = [];
  const problems: ImportProblem[] = [];
  const header = rows[headerIndex]?.cells ?? [];
  // Every column of a name: WeChat's bill can carry two 备注 columns, and both are kept.
  const position = new Map<string, number[]>();
  header.forEach((cell, i) => {
    const name = typeof cell === 'string' ? normalizeHeader(cell) : '';
    if (name !== '') position.set(name, [...(position.get(name) ?? []), i]);
  });
  const columns = {} as Record<PaymentField, number[]>;
  for (const field of FIELDS) {
    columns[field] = layout.columns[field].flatMap((name) => position.get(name) ?? []);
  }
  const headerLine = rows[headerIndex]?.line ?? 0;
  if (columns.time.length === 0 || columns.amount.length === 0) {
    return {
      transactions,
      problems: [lineProblem(headerLine, coded('problem.header-no-time-amount'))],
    };
  }
  const keys = rawKeys(header);
  const mappedCount = FIELDS.filter((f) => columns[f].length > 0).length;
  const timeHeader = cellText(header[columns.time[0] ?? 0]);

  const texts: string[] = [];
  /** Index of the first non-empty cell among a field's columns, or -1. */
  const pick = (field: PaymentField): number => {
    for (const at of columns[field]) if (texts[at] !== '') return at;
    return -1;
  };
  const text = (field: PaymentField): string => {
    const at = pick(field);
    return at < 0 ? '' : (texts[at] ?? '');
  };

  /** Every non-empty note column, then the remark beside the amount. */
  const notes = (amountCell: Cell | undefined): string => {
    // Hot path (one note column, a plain amount): no array for the common row.
    const remark = typeof amountCell === 'string' && !isPlainNumber(amountCell) ? remarkOf(amountCell) : null;
    if (columns.note.length === 1 && remark === null) return clean(texts[columns.note[0] ?? 0] ?? '');
    const parts: string[] = [];
    for (const at of columns.note) {
      const t = clean(texts[at] ?? '');
      if (t !== '' && !parts.includes(t)) parts.push(t);
    }
    if (remark) parts.push(remark);
    return parts.join('; ');
  };

  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const { cells, line } = row;

    // Trim each cell once; long statements make this the hot loop.
    let nonEmpty = 0;
    texts.length = Math.max(cells.length, header.length);
    for (let i = 0; i < texts.length; i++) {
      const t = cellText(cells[i]);
      texts[i] = t;
      if (t !== '') nonEmpty++;
    }
    if (nonEmpty === 0) continue;

    const timeAt = pick('time');
    const wallClock = timeAt < 0 ? null : cellWallClock(cells[timeAt]);
    if (!wallClock) {
      const timeText = text('time');
      // A repeated header or a summary/footer line is not a transaction and not a problem.
      if (timeText === timeHeader || nonEmpty * 2 < mappedCount || timeText.startsWith('---')) continue;
      problems.push(lineProblem(line, coded('problem.unreadable-time', { value: timeText })));
      continue;
    }
    const amountAt = pick('amount');
    const signed = amountAt < 0 ? null : minorOf(cells[amountAt]);
    if (signed === null) {
      problems.push(lineProblem(line, coded('problem.unreadable-amount', { value: text('amount') })));
      continue;
    }
    let direction = directionOf(text('direction'));
    // Amounts are written unsigned; a negative one flips the direction so the sign is never lost.
    if (signed < 0) direction = direction === 'out' ? 'in' : direction === 'in' ? 'out' : direction;

    const raw: Record<string, string> = {};
    keys.forEach((key, i) => {
      if (key !== null) raw[key] = texts[i] ?? '';
    });
    const instant = instantFromLocal(wallClock, layout.offset);
    transactions.push({
      utc: instant.utc,
      offset: instant.offset,
      amountMinor: Math.abs(signed),
      currency: layout.currency,
      direction,
      counterparty: clean(text('counterparty')),
      description: clean(text('description')),
      status: clean(text('status')),
      method: clean(text('method')),
      orderId: clean(text('orderId')),
      merchantOrderId: clean(text('merchantOrderId')),
      category: clean(text('category')),
      note: notes(cells[amountAt]),
      line,
      raw,
    });
  }
  return { transactions, problems };
}
