import type { LocalDateTime } from '../util/time.ts';
import { CHINA_OFFSET, instantFromLocal, isValidLocal, withClock } from '../util/time.ts';
import { isAlipayHeader } from './alipay-csv.ts';
import { firstLines, tokenizeCsv } from './csv.ts';
import type { CsvRow } from './csv.ts';
import { currencyCode, currencyOfZone, isUsZone, minorDigitsOf } from './currency.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { parseDecimalToMinor } from './money.ts';
import type { TableRow } from './table.ts';
import { findHeaderRow, normalizeHeader } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { Direction, ImportContext, ImportResult, Importer, ParsedTransaction } from './types.ts';
import { isWechatHeader } from './wechatpay.ts';

/**
 * A bank statement CSV of unknown bank. The header row is found by content — a date column plus either a
 * signed amount column or separate money-in / money-out columns, in Chinese or English — and every other
 * field is mapped by name. Cells are trimmed of the padding and TABs banks add; `-` and `--` mean empty.
 *
 * Dates: ISO-like (`2023-05-02`, `2023/5/2`, `20230502`, `2023年5月2日`) are unambiguous. For `a/b/yyyy` the
 * order is decided once for the whole file: any first field > 12 ⇒ day first; else any second field > 12
 * ⇒ month first; else (every date ambiguous) month first only when the case's zone is in the United States,
 * day first everywhere else.
 *
 * Times: a Chinese header (any CJK column name) means a Chinese bank, whose times are UTC+08:00; otherwise
 * times are read in `ctx.timeZone`. Date-only rows are local midnight. Currency: a currency column when
 * present (人民币 → CNY, 港币 → HKD …); else CNY for a Chinese header, else the home currency of the case's
 * zone (a row is a problem when none can be known).
 */

const FORMAT = 'bank-csv';
const LABEL = 'Bank statement (CSV)';
const HEADER_SEARCH_LINES = 200;

const key = (cell: string) => normalizeHeader(cell).toLowerCase();

const DATE_COLUMNS = [
  '交易日期',
  '记账日期',
  '入账日期',
  '发生日期',
  '交易日',
  '日期',
  'transactiondate',
  'transdate',
  'date',
  'bookingdate',
  'postingdate',
  'postdate',
  'posteddate',
  'valuedate',
  'completeddate',
  'starteddate',
  '交易时间',
];
const TIME_COLUMNS = ['交易时间', '时间', 'transactiontime', 'time'];
const SIGNED_COLUMNS = [
  '交易金额',
  '金额',
  '发生额',
  '交易发生额',
  '入账金额',
  'amount',
  'transactionamount',
  'billingamount',
  'postedamount',
];
const IN_COLUMNS = [
  '收入金额',
  '收入',
  '存入金额',
  '存入',
  '贷方金额',
  '贷方发生额',
  '贷方',
  'credit',
  'creditamount',
  'credits',
  'deposit',
  'deposits',
  'paidin',
  'moneyin',
];
const OUT_COLUMNS = [
  '支出金额',
  '支出',
  '支取金额',
  '支取',
  '取出金额',
  '借方金额',
  '借方发生额',
  '借方',
  'debit',
  'debitamount',
  'debits',
  'withdrawal',
  'withdrawals',
  'paidout',
  'moneyout',
];
const CURRENCY_COLUMNS = [
  '币种',
  '货币',
  '币别',
  '交易币种',
  '记账币种',
  'currency',
  'billingcurrency',
  'transactioncurrency',
  'ccy',
];
const DIRECTION_COLUMNS = [
  '收/支',
  '收支',
  '借贷标志',
  '借贷',
  '借/贷',
  '收付标志',
  'credit/debit',
  'debit/credit',
  'dr/cr',
  'cr/dr',
];
const TEXT_COLUMNS = {
  counterparty: [
    '对方户名',
    '对方账户名称',
    '对方名称',
    '对方账户名',
    '交易对方',
    '收/付款人',
    '收款人',
    'payee',
    'merchantname',
    'merchant',
    'counterparty',
    'beneficiary',
    'name',
  ],
  description: [
    '交易详情',
    '交易场所',
    '用途',
    '附言',
    '交易备注',
    'description',
    'transactiondetails',
    'details',
    'narrative',
    'particulars',
    'memo',
  ],
  category: ['摘要', '交易摘要', '交易类型', '业务类型', 'type', 'transactiontype', 'category'],
  status: ['交易状态', '状态', 'status', 'transactionstatus'],
  method: ['交易渠道', '渠道', '交易方式', 'channel'],
  orderId: [
    '交易流水号',
    '流水号',
    '交易参考号',
    '凭证号',
    'reference',
    'ref',
    'transactionid',
    'referencenumber',
  ],
  note: ['备注', 'note', 'notes', 'remarks'],
} as const;

type TextField = keyof typeof TEXT_COLUMNS;

/** Where one row's amount can come from, in order of preference (ICBC: booked 记账 columns, then 交易 ones). */
type AmountSource =
  | { kind: 'pair'; inAt: number; outAt: number; currencyAt: number }
  | { kind: 'signed'; at: number; currencyAt: number };

type Layout = {
  dateAt: number;
  timeAt: number;
  sources: AmountSource[];
  directionAt: number;
  /** Candidate columns per text field; a row uses the first non-empty one (ICBC: 交易详情, else 交易场所). */
  text: Record<TextField, number[]>;
  isChinese: boolean;
  mapped: number;
};

const CJK_RE = /[\u4e00-\u9fff]/;

function firstAt(positions: ReadonlyMap<string, number>, names: readonly string[]): number {
  for (const name of names) {
    const at = positions.get(name);
    if (at !== undefined) return at;
  }
  return -1;
}

function positionsOf(cells: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  cells.forEach((cell, i) => {
    const k = key(cell);
    if (k !== '' && !positions.has(k)) positions.set(k, i);
  });
  return positions;
}

function layoutOf(cells: readonly string[]): Layout | null {
  const positions = positionsOf(cells);
  const dateAt = firstAt(positions, DATE_COLUMNS);
  if (dateAt < 0) return null;
  const currencyAt = firstAt(positions, CURRENCY_COLUMNS);
  const sources: AmountSource[] = [];
  for (const prefix of ['记账金额', '交易金额']) {
    const inAt = positions.get(`${prefix}(收入)`);
    const outAt = positions.get(`${prefix}(支出)`);
    if (inAt !== undefined && outAt !== undefined) {
      const own = positions.get(prefix === '记账金额' ? '记账币种' : '交易币种');
      sources.push({ kind: 'pair', inAt, outAt, currencyAt: own ?? currencyAt });
    }
  }
  const inAt = firstAt(positions, IN_COLUMNS);
  const outAt = firstAt(positions, OUT_COLUMNS);
  if (inAt >= 0 && outAt >= 0) sources.push({ kind: 'pair', inAt, outAt, currencyAt });
  const signedAt = firstAt(positions, SIGNED_COLUMNS);
  if (signedAt >= 0) sources.push({ kind: 'signed', at: signedAt, currencyAt });
  if (sources.length === 0) return null;
  const timeAt = firstAt(positions, TIME_COLUMNS);
  const text = {} as Record<TextField, number[]>;
  for (const field of Object.keys(TEXT_COLUMNS) as TextField[]) {
    text[field] = TEXT_COLUMNS[field].flatMap((name) => {
      const at = positions.get(name);
      return at === undefined ? [] : [at];
    });
  }
  const directionAt = firstAt(positions, DIRECTION_COLUMNS);
  const mapped =
    [dateAt, directionAt, currencyAt].filter((at) => at >= 0).length +
    Object.values(text).filter((ats) => ats.length > 0).length +
    1;
  return {
    dateAt,
    timeAt: timeAt === dateAt ? -1 : timeAt,
    sources,
    directionAt,
    text,
    isChinese: cells.some((c) => CJK_RE.test(c)),
    mapped,
  };
}

/** True for a bank statement header; payment-app headers are left to their own readers. */
export function isBankHeader(names: ReadonlySet<string>): boolean {
  if (isAlipayHeader(names) || isWechatHeader(names)) return false;
  return layoutOf([...names]) !== null;
}

// [1] year [2] month [3] day, then an optional time [4] h [5] m [6] s.
const TIME_PART = String.raw`(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?(?:\.\d+)?)?`;
const YMD_RE = new RegExp(String.raw`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?${TIME_PART}$`);
const COMPACT_RE = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${TIME_PART}$`);
// [1] first [2] second [3] year, then time.
const AB_YEAR_RE = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TIME_PART}$`);
// `02 May 2023`, `02-May-23`, then time.
const D_MON_Y_RE = new RegExp(String.raw`^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-],?(\d{4}|\d{2})${TIME_PART}$`);
// `May 2, 2023`.
const MON_D_Y_RE = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s(\d{1,2}),?\s(\d{4})${TIME_PART}$`);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

type DateOrder = 'dmy' | 'mdy';

function local(
  year: number,
  month: number,
  day: number,
  h: string | undefined,
  m: string | undefined,
  s: string | undefined,
): LocalDateTime | null {
  const t = { year, month, day, hour: Number(h ?? 0), minute: Number(m ?? 0), second: Number(s ?? 0) };
  return isValidLocal(t) ? t : null;
}

export function parseBankDate(text: string, order: DateOrder): LocalDateTime | null {
  let m = YMD_RE.exec(text) ?? COMPACT_RE.exec(text);
  if (m) return local(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6]);
  m = AB_YEAR_RE.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = order === 'dmy' ? [a, b] : [b, a];
    return local(fullYear(m[3] ?? ''), month, day, m[4], m[5], m[6]);
  }
  m = D_MON_Y_RE.exec(text);
  if (m) return local(fullYear(m[3] ?? ''), monthOf(m[2] ?? ''), Number(m[1]), m[4], m[5], m[6]);
  m = MON_D_Y_RE.exec(text);
  if (m) return local(Number(m[3]), monthOf(m[1] ?? ''), Number(m[2]), m[4], m[5], m[6]);
  return null;
}

/** Day or month first, from every `a/b/yyyy` date in the column (see the module comment). */
export function decideDateOrder(dates: Iterable<string>, timeZone: string): DateOrder {
  let isSecondBig = false;
  for (const text of dates) {
    const m = AB_YEAR_RE.exec(text);
    if (!m) continue;
    if (Number(m[1]) > 12) return 'dmy';
    if (Number(m[2]) > 12) isSecondBig = true;
  }
  if (isSecondBig) return 'mdy';
  return isUsZone(timeZone) ? 'mdy' : 'dmy';
}

const EMPTY_MARKS = new Set(['', '-', '--', '—', '/', 'null', 'N/A', 'n/a']);
const SUMMARY_RE = /合计|总计|小计|汇总|共\s*\d+\s*笔|^total|^subtotal|^summary|^opening|^closing|balance/i;
const SPACES_RE = /\s+/g;
const BALANCE_ROW_RE =
  /^(?:opening|closing|starting|ending)\s+balance|^balance\s+(?:brought|carried)\s+forward|^(?:上期|期初|期末|本期)余额/i;

/** Trimmed cell; the padding marks banks use for "nothing" read as empty. */
const clean = (cell: string | undefined): string => {
  const t = (cell ?? '').trim();
  return EMPTY_MARKS.has(t) ? '' : t;
};

function directionFromText(text: string): Direction | null {
  const t = text.trim().toLowerCase();
  if (['支出', '借', '借方', '出', '付', 'd', 'dr', 'debit'].includes(t)) return 'out';
  if (['收入', '贷', '贷方', '入', '收', 'c', 'cr', 'credit'].includes(t)) return 'in';
  return null;
}

type RowAmount = { signed: number; currency: string } | { error: string };

function rowAmount(
  cells: readonly string[],
  layout: Layout,
  fallbackCurrency: string | null,
): RowAmount | null {
  for (const source of layout.sources) {
    const currencyText = source.currencyAt < 0 ? '' : clean(cells[source.currencyAt]);
    const known = currencyText === '' ? fallbackCurrency : currencyCode(currencyText);
    // XXX is ISO 4217's "no currency": the amount is kept and the file-level problem says why.
    const currency = known ?? 'XXX';
    const digits = minorDigitsOf(currency);
    let signed: number | null;
    let amountText: string;
    if (source.kind === 'pair') {
      const inText = clean(cells[source.inAt]);
      const outText = clean(cells[source.outAt]);
      if (inText === '' && outText === '') continue;
      const inMinor = inText === '' ? 0 : parseDecimalToMinor(inText, digits);
      const outMinor = outText === '' ? 0 : parseDecimalToMinor(outText, digits);
      amountText = inText === '' ? outText : inText;
      // Some banks write the money-out column with a minus sign; its meaning is the column's either way.
      signed = inMinor === null || outMinor === null ? null : inMinor - Math.abs(outMinor);
    } else {
      amountText = clean(cells[source.at]);
      if (amountText === '') continue;
      signed = parseDecimalToMinor(amountText, digits);
    }
    if (signed === null) return { error: `unreadable amount "${amountText}"` };
    if (known === null && currencyText !== '') return { error: `unknown currency "${currencyText}"` };
    return { signed, currency };
  }
  return null;
}

function rawOf(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  header.forEach((name, i) => {
    const k = name.trim();
    if (k !== '' && !(k in raw)) raw[k] = (cells[i] ?? '').trim();
  });
  return raw;
}

const toTable = (rows: readonly CsvRow[]): readonly TableRow[] => rows;

export function parseBankCsv(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const rows = tokenizeCsv(decodeText(bytes));
  const headerIndex = findHeaderRow(toTable(rows), isBankHeader, HEADER_SEARCH_LINES);
  const headerRow = rows[headerIndex];
  const layout = headerRow ? layoutOf(headerRow.cells) : null;
  if (!headerRow || !layout) {
    result.problems.push({ line: 0, error: 'no bank statement header row (date … amount) found' });
    return result;
  }
  const header = headerRow.cells.map((c) => c.trim());
  const preamble = rows
    .slice(0, headerIndex)
    .map((r) =>
      r.cells
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .join(' '),
    )
    .filter((l) => l !== '');
  if (preamble.length > 0) result.document = { details: { preamble } };

  const zone = layout.isChinese ? 'Asia/Shanghai' : usableZone(ctx.timeZone, result.problems);
  const resolve = zoneResolver(zone);
  const fallbackCurrency = layout.isChinese ? 'CNY' : currencyOfZone(zone);
  if (fallbackCurrency === null && layout.sources.some((s) => s.currencyAt < 0)) {
    result.problems.push({
      line: headerRow.line,
      error: `no currency column and none known for time zone "${zone}"; amounts marked XXX`,
    });
  }
  const order = decideDateOrder(
    rows.slice(headerIndex + 1).map((r) => (r.cells[layout.dateAt] ?? '').trim()),
    ctx.timeZone,
  );
  const dateHeader = key(headerRow.cells[layout.dateAt] ?? '');
  const text = (cells: readonly string[], field: TextField) => {
    for (const at of layout.text[field]) {
      const t = clean(cells[at]);
      if (t !== '') return t.replace(SPACES_RE, ' ');
    }
    return '';
  };

  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const { cells, line } = row;
    let nonEmpty = 0;
    let firstText = '';
    for (const cell of cells) {
      const t = clean(cell);
      if (t === '') continue;
      if (nonEmpty === 0) firstText = t;
      nonEmpty++;
    }
    if (nonEmpty === 0) continue;
    const dateText = (cells[layout.dateAt] ?? '').trim();
    let t = parseBankDate(dateText, order);
    if (!t) {
      // Footers (人民币合计, Total), rules and repeated headers are not transactions and not problems.
      if (SUMMARY_RE.test(firstText) || key(dateText) === dateHeader || firstText.startsWith('---')) continue;
      if (nonEmpty * 2 < layout.mapped) continue;
      problems(result, line, `unreadable date "${dateText}"`);
      continue;
    }
    if (layout.timeAt >= 0) t = withClock(t, cells[layout.timeAt] ?? '');
    const amount = rowAmount(cells, layout, fallbackCurrency);
    if (amount === null) {
      // `Opening balance` / 上期余额 rows carry a date and a balance but no movement of money.
      if (!cells.some((cell) => BALANCE_ROW_RE.test(cell.trim()))) problems(result, line, 'no amount');
      continue;
    }
    if ('error' in amount) {
      problems(result, line, amount.error);
      continue;
    }
    const stated = layout.directionAt < 0 ? null : directionFromText(cells[layout.directionAt] ?? '');
    const direction: Direction = stated ?? (amount.signed < 0 ? 'out' : 'in');
    const instant = layout.isChinese ? instantFromLocal(t, CHINA_OFFSET) : resolve(t);
    const category = text(cells, 'category');
    const transaction: ParsedTransaction = {
      utc: instant.utc,
      offset: instant.offset,
      amountMinor: Math.abs(amount.signed),
      currency: amount.currency,
      direction,
      counterparty: text(cells, 'counterparty'),
      description: text(cells, 'description') || category,
      status: text(cells, 'status'),
      method: text(cells, 'method'),
      orderId: text(cells, 'orderId'),
      merchantOrderId: '',
      category,
      note: text(cells, 'note'),
      line,
      raw: rawOf(header, cells),
    };
    result.transactions.push(transaction);
  }
  return result;
}

function problems(result: ImportResult, line: number, error: string): void {
  result.problems.push({ line, error });
}

export const bankCsvImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => {
    const rows = tokenizeCsv(firstLines(decodeHead(head), HEADER_SEARCH_LINES));
    return findHeaderRow(toTable(rows), isBankHeader, HEADER_SEARCH_LINES) >= 0;
  },
  parse: (bytes, ctx) => parseBankCsv(bytes, ctx),
};
