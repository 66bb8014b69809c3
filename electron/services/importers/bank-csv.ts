import type { LocalDateTime } from '../util/time.ts';
import { CHINA_OFFSET, instantFromLocal, isValidLocal } from '../util/time.ts';
import { isAlipayHeader } from './alipay-csv.ts';
import { detectDelimiter, firstLines, tokenizeCsv } from './csv.ts';
import { currencyCode, currencyOfZone, isUsZone, minorDigitsOf } from './currency.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { minorFromNumber, parseDecimalToMinor, splitAmountText } from './money.ts';
import { isPaymentAppHeader } from './payment-apps.ts';
import type { Cell, TableRow } from './table.ts';
import { cellText, cellWallClock, findHeaderRow, isPlaceholder, normalizeHeader } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { Direction, ImportContext, ImportResult, Importer, ParsedTransaction } from './types.ts';
import { isWechatHeader } from './wechatpay.ts';

/**
 * A bank or card statement table of unknown bank (CSV here; XLS and XLSX through `parseBankRows`). The
 * header row is found by content — a date column plus either a signed amount column or separate money-in /
 * money-out columns, in Chinese or English — and every other field is mapped by header synonyms; a
 * direction column (借/贷, Dr/Cr, D/C) is also recognised by its values whatever its header says. A table
 * with no header row at all is typed column by column from its content (a date column, text, amounts).
 * Cells are trimmed of the padding and TABs banks add; hyphen-only rules (`----------`), `/` and `N/A`
 * mean empty.
 *
 * Dates: ISO-like (`2023-05-02`, `2023/5/2`, `20230502`, `2023年5月2日`) are unambiguous. For `a/b/yyyy` the
 * order is decided once for the whole file: any first field > 12 ⇒ day first; else any second field > 12
 * ⇒ month first; else the reading whose dates span a far shorter period (a third or less, of one spanning
 * four weeks or more); else month first only when the case's zone is in the United States,
 * day first everywhere else. Card statements write `MM/DD` with no year: the year comes from the statement
 * period or month in the title lines (or the file name), a December row of a January statement being the
 * year before. A time of day in its own column (`记账时间` `17:57:17`, `交易时间` `123456`) joins the date.
 *
 * Times: a Chinese header (any CJK column name) means a Chinese bank, whose times are UTC+08:00; otherwise
 * times are read in `ctx.timeZone`. Date-only rows are local midnight. Currency: a currency column or a
 * code in the amount cell (`CNY 123.18`) when present (人民币 → CNY, 港币 → HKD …); else CNY for a Chinese
 * header, else the home currency of the case's zone (a row is a problem when none can be known).
 */

const FORMAT = 'bank-csv';
const LABEL = 'Bank statement (CSV)';
const HEADER_SEARCH_LINES = 200;
/** Data rows looked at to type a column by its content. */
const CONTENT_SAMPLE_ROWS = 200;

const key = (cell: string) => normalizeHeader(cell).toLowerCase();

const DATE_COLUMNS = [
  '交易日期',
  '记账日期',
  '入账日期',
  '发生日期',
  '交易日',
  '记账日',
  '入账日',
  '日期',
  'transactiondate',
  'transdate',
  'date',
  'bookingdate',
  'postingdate',
  'postdate',
  'posteddate',
  'dateposted',
  'valuedate',
  'completeddate',
  'starteddate',
  'buchungstag',
  'buchungsdatum',
  'buchung',
  'datum',
  'dateopération',
  'dateoperation',
  'fecha',
  'fechaoperación',
  '交易时间',
  '记账时间',
];
const TIME_COLUMNS = [
  '交易时间',
  '记账时间',
  '入账时间',
  '发生时间',
  '时间',
  'transactiontime',
  'postingtime',
  'time',
];
const SIGNED_COLUMNS = [
  '交易金额',
  '金额',
  '发生额',
  '交易发生额',
  '入账金额',
  '记账金额',
  '人民币金额',
  // Bank of Communications' card statement: `CNY 123.18` in 入账币种/金额 (billed) and 交易币种/金额.
  '入账币种/金额',
  '交易币种/金额',
  'amount',
  'transactionamount',
  'billingamount',
  'postedamount',
  'betrag',
  'umsatz',
  'bedrag',
  'montant',
  'importe',
  'importo',
];
const IN_COLUMNS = [
  '收入金额',
  '收入',
  '存入金额',
  '存入',
  '贷方金额',
  '贷方发生额',
  '贷方',
  '转入金额',
  'credit',
  'creditamount',
  'credits',
  'deposit',
  'deposits',
  'paidin',
  'moneyin',
  'haben',
  'gutschrift',
  'crédit',
  'bij',
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
  '转出金额',
  'debit',
  'debitamount',
  'debits',
  'withdrawal',
  'withdrawals',
  'paidout',
  'moneyout',
  'soll',
  'lastschrift',
  'débit',
  'af',
];
const CURRENCY_COLUMNS = [
  '币种',
  '货币',
  '币别',
  '交易币种',
  '记账币种',
  '入账币种',
  '交易货币',
  '入账货币',
  'currency',
  'billingcurrency',
  'transactioncurrency',
  'ccy',
  'währung',
  'waehrung',
  'devise',
  'moneda',
];
const DIRECTION_COLUMNS = [
  '收/支',
  '收支',
  '借贷标志',
  '借贷标记',
  '借贷方向',
  '借贷',
  '借/贷',
  '收付标志',
  '收支标志',
  '交易方向',
  'credit/debit',
  'debit/credit',
  'dr/cr',
  'cr/dr',
  'd/c',
  'c/d',
  'afbij',
  'af/bij',
  'soll/haben',
];
/**
 * The account holder's own name (户名, 账户名称, 本方户名 …) is deliberately in no list: it is the same on
 * every row and is not who the money went to or came from.
 */
const TEXT_COLUMNS = {
  counterparty: [
    '对方户名',
    '对方账户名称',
    '对方账户名',
    '对方账号名称',
    '对方名称',
    '对方单位',
    '对方姓名',
    '对手信息',
    '对手方名称',
    '对手户名',
    '交易对方',
    '收/付款人',
    '收(付)方名称',
    '收款人',
    '收款方',
    '商户名称',
    'payee',
    'merchantname',
    'merchant',
    'counterparty',
    'counterpartyname',
    'beneficiary',
    'name',
    'auftraggeber/empfänger',
    'auftraggeber/begünstigter',
    'begünstigter/zahlungspflichtiger',
    'beguenstigter/zahlungspflichtiger',
    'zahlungsempfänger',
    'empfänger',
    'naam/omschrijving',
    'tegenpartij',
    'bénéficiaire',
  ],
  description: [
    '交易名称',
    '交易详情',
    '交易描述',
    '交易说明',
    '交易场所',
    '摘要',
    '交易摘要',
    '商品名称',
    '用途',
    '附言',
    '交易附言',
    '交易备注',
    'description',
    'transactiondescription',
    'transactiondetails',
    'details',
    'narrative',
    'particulars',
    'memo',
    'verwendungszweck',
    'mededelingen',
    'omschrijving',
    'libellé',
    'libelle',
    'concepto',
  ],
  category: [
    '摘要',
    '交易摘要',
    '交易类型',
    '业务类型',
    '业务摘要',
    'type',
    'transactiontype',
    'category',
    'buchungstext',
    'umsatzart',
    'mutatiesoort',
  ],
  status: ['交易状态', '状态', 'status', 'transactionstatus'],
  method: ['交易渠道', '渠道', '交易方式', '交易网点', 'channel'],
  orderId: [
    '交易流水号',
    '流水号',
    '交易参考号',
    '凭证号',
    '交易序号',
    'reference',
    'ref',
    'transactionid',
    'referencenumber',
  ],
  note: ['备注', '附言', 'note', 'notes', 'remarks'],
} as const;

type TextField = keyof typeof TEXT_COLUMNS;

/** Where one row's amount can come from, in order of preference (ICBC: booked 记账 columns, then 交易 ones). */
type AmountSource =
  | { kind: 'pair'; inAt: number; outAt: number; currencyAt: number }
  | { kind: 'signed'; at: number; currencyAt: number };

type Layout = {
  dateAt: number;
  /** Another date column, used when a row leaves the first one empty (a card's repayment has no 交易日, only 记账日). */
  altDateAt: number;
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
    // `Betrag (EUR)`, `Bedrag (EUR)`: the name without the currency it is counted in.
    const bare = k.replace(/\([a-z]{3}\)$/, '');
    if (bare !== k && bare !== '' && !positions.has(bare)) positions.set(bare, i);
  });
  return positions;
}

/** The time column that belongs with the date column: 交易日期 → 交易时间, 记账日期 → 记账时间, else the first. */
function timeColumnOf(positions: ReadonlyMap<string, number>, dateName: string, dateAt: number): number {
  const paired = dateName.replace(/日期$|日$/, '时间').replace(/date$/, 'time');
  const own = positions.get(paired);
  if (own !== undefined && own !== dateAt) return own;
  for (const name of TIME_COLUMNS) {
    const at = positions.get(name);
    if (at !== undefined && at !== dateAt) return at;
  }
  return -1;
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
  const altDateAt = DATE_COLUMNS.map((name) => positions.get(name) ?? -1).find(
    (at) => at >= 0 && at !== dateAt && !TIME_COLUMNS.includes(key(cells[at] ?? '')),
  );
  return {
    dateAt,
    altDateAt: altDateAt ?? -1,
    timeAt: timeColumnOf(positions, key(cells[dateAt] ?? ''), dateAt),
    sources,
    directionAt,
    text,
    isChinese: cells.some((c) => CJK_RE.test(c)),
    mapped,
  };
}

/** True for a bank statement header; payment-app headers are left to their own readers. */
export function isBankHeader(names: ReadonlySet<string>): boolean {
  if (isAlipayHeader(names) || isWechatHeader(names) || isPaymentAppHeader(names)) return false;
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
// Card statements: `12/28`, `12-28`, `12月28日`, with no year. [1] first [2] second, then time.
const AB_RE = new RegExp(String.raw`^(\d{1,2})[-/.月](\d{1,2})日?${TIME_PART}$`);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

type DateOrder = 'dmy' | 'mdy';

/** Gives the year of a month and day written without one (a card statement's `12/28`). */
export type YearOf = (month: number, day: number) => number | null;

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

export function parseBankDate(text: string, order: DateOrder, yearOf?: YearOf): LocalDateTime | null {
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
  if (yearOf) {
    m = AB_RE.exec(text);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      // `月` fixes the order; otherwise the file's order (card statements in China and the US: month first).
      const [day, month] = order === 'dmy' && !text.includes('月') ? [a, b] : [b, a];
      const year = yearOf(month, day);
      return year === null ? null : local(year, month, day, m[3], m[4], m[5]);
    }
  }
  return null;
}

/** Day or month first, from every `a/b/yyyy` (or year-less `a/b`) date in the column (see the module comment). */
export function decideDateOrder(dates: Iterable<string>, timeZone: string, isChinese = false): DateOrder {
  let isSecondBig = false;
  let hasYearless = false;
  const days = { dmy: [] as number[], mdy: [] as number[] };
  for (const text of dates) {
    const m = AB_YEAR_RE.exec(text) ?? AB_RE.exec(text);
    if (!m || text.includes('月')) continue;
    if (!AB_YEAR_RE.test(text)) hasYearless = true;
    if (Number(m[1]) > 12) return 'dmy';
    if (Number(m[2]) > 12) isSecondBig = true;
    const year = m[3] && AB_YEAR_RE.test(text) ? fullYear(m[3]) : 0;
    if (year > 0) {
      days.dmy.push(Date.UTC(year, Number(m[2]) - 1, Number(m[1])) / 86_400_000);
      days.mdy.push(Date.UTC(year, Number(m[1]) - 1, Number(m[2])) / 86_400_000);
    }
  }
  if (isSecondBig) return 'mdy';
  // Every date reads both ways (`03/01/2025` … `03/04/2025`): a statement covers a short period, so the
  // reading whose dates lie far closer together is the file's (four consecutive days, not four months).
  const span = (list: readonly number[]) => {
    let [low, high] = [Infinity, -Infinity];
    for (const d of list) [low, high] = [Math.min(low, d), Math.max(high, d)];
    return list.length < 2 ? 0 : high - low;
  };
  const [dmySpan, mdySpan] = [span(days.dmy), span(days.mdy)];
  if (dmySpan >= 28 && mdySpan * 3 <= dmySpan) return 'mdy';
  if (mdySpan >= 28 && dmySpan * 3 <= mdySpan) return 'dmy';
  // Chinese statements write month first (`12/28`); so do US ones.
  return isUsZone(timeZone) || (isChinese && hasYearless) ? 'mdy' : 'dmy';
}

// A statement period: `2023/12/06-2024/01/05`, `2023年12月06日至2024年01月05日`, `20231206 - 20240105`.
const YMD_TEXT = String.raw`(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?`;
const PERIOD_RE = new RegExp(String.raw`${YMD_TEXT}\s*(?:-|~|～|至|到|—|–|to)\s*${YMD_TEXT}`, 'i');
// A statement month: `2024年01月`, `2024-01`, `January 2024`.
const STATEMENT_MONTH_RE = /(\d{4})\s*[年/.-]\s*(\d{1,2})(?:\s*月|(?![\d/.-]))/;
const MONTH_NAME_YEAR_RE = /\b([A-Za-z]{3,9})\.?\s+(\d{4})\b/;
const YEAR_RE = /(?:^|\D)((?:19|20)\d{2})(?:年|\D|$)/;

/**
 * The year of a year-less `MM/DD` from the statement's own words: a period (a row's month at or after the
 * period's first month is in its first year, else in its last), else a statement month (a later month is
 * the year before: a December purchase on a January statement), else a bare year. Null when none is said.
 */
export function yearResolver(lines: readonly string[]): YearOf | null {
  for (const line of lines) {
    const p = PERIOD_RE.exec(line);
    if (!p) continue;
    const [startYear, startMonth, endYear] = [Number(p[1]), Number(p[2]), Number(p[4])];
    if (startYear > endYear || endYear - startYear > 1) continue;
    return (month) => (startYear === endYear || month >= startMonth ? startYear : endYear);
  }
  for (const line of lines) {
    const m = STATEMENT_MONTH_RE.exec(line);
    const n = m ? null : MONTH_NAME_YEAR_RE.exec(line);
    const year = m ? Number(m[1]) : n ? Number(n[2]) : 0;
    const statementMonth = m ? Number(m[2]) : n ? monthOf(n[1] ?? '') : 0;
    if (year > 0 && statementMonth >= 1 && statementMonth <= 12) {
      return (month) => (month > statementMonth ? year - 1 : year);
    }
  }
  for (const line of lines) {
    const y = YEAR_RE.exec(line);
    if (y) return () => Number(y[1]);
  }
  return null;
}

const SUMMARY_RE = /合计|总计|小计|汇总|共\s*\d+\s*笔|^total|^subtotal|^summary|^opening|^closing|balance/i;
const SPACES_RE = /\s+/g;
const BALANCE_ROW_RE =
  /^(?:opening|closing|starting|ending)\s+balance|^balance\s+(?:brought|carried)\s+forward|^(?:上期|期初|期末|本期)余额/i;
const CARD_RE = /信用卡|贷记卡|credit\s*card|card\s*statement|卡号末四位|卡号后四位/i;

/** Trimmed cell text; the padding marks banks use for "nothing" read as empty. */
const clean = (text: string | undefined): string => {
  const t = (text ?? '').trim();
  return isPlaceholder(t) ? '' : t;
};

const DIRECTION_SPACE_RE = /[\s/()（）]+/g;

/** `借`, `借 Dr`, `DR`, `D`, `贷方`, `Cr`, `支出`, `收入` …; null for anything else. */
export function directionFromText(text: string): Direction | null {
  const t = text.replace(DIRECTION_SPACE_RE, '').toLowerCase();
  if (t === '') return null;
  if (t === '不计收支') return 'neutral';
  if (/^(?:借方?(?:dr|d)?|支出|出|付|转出|出账|dr|d|debit|af|soll)$/.test(t)) return 'out';
  if (/^(?:贷方?(?:cr|c)?|收入|入|收|转入|入账|cr|c|credit|bij|haben)$/.test(t)) return 'in';
  return null;
}

// A decimal comma (`-12,40`, `1.234,56`, `1 234,56`): one or two digits after the only comma, never the three
// of a thousands group.
const DECIMAL_COMMA_RE = /^[+-]?(?:\d{1,3}(?:[.\s\u00a0\u202f']\d{3})+|\d+),\d{1,2}$/;

/** An amount written with a decimal comma, as most of Europe writes it, read with a decimal point. */
function decimalPoint<T extends { number: string }>(part: T): T {
  const n = part.number.trim();
  if (!DECIMAL_COMMA_RE.test(n)) return part;
  return { ...part, number: n.replace(/[.\s\u00a0\u202f']/g, '').replace(',', '.') };
}

type RowAmount = { signed: number; currency: string; remark: string | null } | { error: string };

function minorOfCell(cell: Cell | undefined, text: string, digits: number): number | null {
  if (typeof cell === 'number') return minorFromNumber(cell, digits);
  return parseDecimalToMinor(text, digits);
}

function rowAmount(
  cells: readonly Cell[],
  texts: readonly string[],
  layout: Layout,
  fallbackCurrency: string | null,
): RowAmount | null {
  for (const source of layout.sources) {
    const currencyText = source.currencyAt < 0 ? '' : clean(texts[source.currencyAt]);
    const ats = source.kind === 'pair' ? [source.inAt, source.outAt] : [source.at];
    const parts = ats.map((at) => decimalPoint(splitAmountText(clean(texts[at]))));
    if (parts.every((p) => p.number === '')) continue;
    const cellCurrency = parts.find((p) => p.currency !== null)?.currency ?? '';
    const written = currencyText || cellCurrency;
    const known = written === '' ? fallbackCurrency : currencyCode(written);
    // XXX is ISO 4217's "no currency": the amount is kept and the file-level problem says why.
    const currency = known ?? 'XXX';
    const digits = minorDigitsOf(currency);
    const minors = ats.map((at, i) => {
      const p = parts[i];
      if (!p || p.number === '') return 0;
      return minorOfCell(p.currency || p.remark ? undefined : cells[at], p.number, digits);
    });
    const amountText = parts.find((p) => p.number !== '')?.number ?? '';
    let signed: number | null;
    if (source.kind === 'pair') {
      const [inMinor, outMinor] = minors;
      // Some banks write the money-out column with a minus sign; its meaning is the column's either way.
      signed =
        inMinor === null || outMinor === null || inMinor === undefined || outMinor === undefined
          ? null
          : inMinor - Math.abs(outMinor);
    } else {
      signed = minors[0] ?? null;
    }
    if (signed === null) return { error: `unreadable amount "${amountText}"` };
    if (known === null && written !== '') return { error: `unknown currency "${written}"` };
    const remark = parts.find((p) => p.remark !== null)?.remark ?? null;
    return { signed, currency, remark };
  }
  return null;
}

const HMS_RE = /^(\d{1,2})(\d{2})(\d{2})$/;
const CLOCK_ONLY_RE = /^\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$/;
const HM_RE = /^(\d{1,2})(\d{2})$/;
const CLOCK_RE = /(?:^|[\sT])(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?(?:\.\d+)?$/;

/** A time-of-day cell: `17:57:17`, `123456` (12:34:56), `93015`, `1234`, a spreadsheet day fraction, or the clock of a full date-time. */
export function clockOf(cell: Cell | undefined, text: string): [number, number, number] | null {
  let parts: number[] | null = null;
  if (typeof cell === 'number' && cell >= 0 && cell < 1) {
    const s = Math.round(cell * 86400);
    parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  } else if (cell instanceof Date) {
    parts = [cell.getUTCHours(), cell.getUTCMinutes(), cell.getUTCSeconds()];
  } else {
    const t = text.trim();
    const m = HMS_RE.exec(t) ?? HM_RE.exec(t) ?? CLOCK_RE.exec(t);
    if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  }
  if (!parts) return null;
  const [h = 0, mi = 0, s = 0] = parts;
  return h < 24 && mi < 60 && s < 60 ? [h, mi, s] : null;
}

function rawOf(header: readonly string[], texts: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  header.forEach((name, i) => {
    const k = name.trim();
    if (k !== '' && !(k in raw)) raw[k] = texts[i] ?? '';
  });
  return raw;
}

// ---------------------------------------------------------------------------------------------------------
// Columns typed from their content

const DECIMAL_CELL_RE = /^[+-]?[¥￥$€£]?\s*\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^[+-]?[¥￥$€£]?\s*\d+(?:\.\d+)?$/;

type ColumnKind = 'date' | 'number' | 'direction' | 'text' | 'empty';

function kindOfColumn(values: readonly string[], cells: readonly (Cell | undefined)[]): ColumnKind {
  let filled = 0;
  let dates = 0;
  let numbers = 0;
  let directions = 0;
  values.forEach((v, i) => {
    if (v === '') return;
    filled++;
    const cell = cells[i];
    if (cell instanceof Date || parseBankDate(v, 'dmy') || parseBankDate(v, 'mdy')) dates++;
    else if (typeof cell === 'number' || DECIMAL_CELL_RE.test(splitAmountText(v).number)) numbers++;
    else if (directionFromText(v) !== null) directions++;
  });
  if (filled === 0) return 'empty';
  if (dates >= filled * 0.9) return 'date';
  if (numbers >= filled * 0.9) return 'number';
  if (directions === filled) return 'direction';
  return 'text';
}

/** A direction column found by its values (借/贷, Dr/Cr) when its header is not one the lists know. */
function directionByContent(rows: readonly TableRow[], from: number, layout: Layout): number {
  const width = Math.max(...rows.slice(from, from + CONTENT_SAMPLE_ROWS).map((r) => r.cells.length), 0);
  const sample = rows.slice(from, from + CONTENT_SAMPLE_ROWS);
  const taken = new Set<number>([layout.dateAt, layout.timeAt]);
  for (const s of layout.sources)
    for (const at of s.kind === 'pair' ? [s.inAt, s.outAt] : [s.at]) taken.add(at);
  for (let c = 0; c < width; c++) {
    if (taken.has(c)) continue;
    const values = sample.map((r) => clean(cellText(r.cells[c])));
    if (
      kindOfColumn(
        values,
        sample.map((r) => r.cells[c]),
      ) === 'direction'
    )
      return c;
  }
  return -1;
}

/** Sums of a column pair against the running balance: which of the two is money in. */
function balanceVotes(rows: readonly TableRow[], a: number, b: number, balanceAt: number): number {
  let aIn = 0;
  let bIn = 0;
  const minor = (r: TableRow, at: number) => {
    const cell = r.cells[at];
    const text = clean(cellText(cell));
    if (text === '') return 0;
    return minorOfCell(cell, splitAmountText(text).number, 2);
  };
  for (let i = 1; i < rows.length && i < CONTENT_SAMPLE_ROWS; i++) {
    const prev = rows[i - 1];
    const row = rows[i];
    if (!prev || !row) continue;
    const [pb, bb, va, vb] = [minor(prev, balanceAt), minor(row, balanceAt), minor(row, a), minor(row, b)];
    if (pb === null || bb === null || va === null || vb === null) continue;
    const change = bb - pb;
    // Newest-first statements run the other way; both directions count.
    if (change === va - vb || -change === minor(prev, a)! - minor(prev, b)!) aIn++;
    if (change === vb - va || -change === minor(prev, b)! - minor(prev, a)!) bIn++;
  }
  return aIn - bIn;
}

// What a payee's name looks like: a company (有限公司, 银行, 店, Ltd, GmbH …) or a person's 2–4-character
// Chinese name, perhaps masked (`张*三`, `**明`).
const NAME_RE =
  /(?:公司|银行|商行|商店|超市|药房|医院|学校|酒店|餐厅|[^\s]店|中心|集团|合作社|工作室|分行|支行|\b(?:ltd|limited|inc|llc|gmbh|plc|corp|co|ag|sa|bv|srl|pty)\.?)$|^[\u4e00-\u9fff*＊]{2,4}$/i;
// What a booking's wording looks like: the kind of transaction, not who was paid.
const WORDING_RE =
  /消费|转账|转入|转出|汇款|工资|代发|代扣|支付|付款|收款|退款|退货|取现|存现|取款|存款|利息|结息|手续费|年费|还款|缴费|充值|提现|快捷|扣款|网银|POS|ATM|transfer|payment|purchase|withdrawal|deposit|direct debit|standing order|card|interest|fee|refund|salary/i;
// An account or card number (`6217 **** 0001`, `622848*********1234`): neither a name nor a description.
const ACCOUNT_RE = /^[\d*＊\s-]{8,}$/;

/**
 * Which of a headerless table's text columns is the counterparty and which the description, from what the
 * cells say: the column that reads most like names (companies, people) is the counterparty when at least a
 * third of its cells do and another column is left for the description, which is then the one that reads
 * most like booking wording (the first text column when none does). A single text column is the description.
 */
function textRolesByContent(
  sample: readonly TableRow[],
  texts: readonly number[],
): { description: number; counterparty: number } {
  const share = (at: number, re: RegExp) => {
    let filled = 0;
    let hits = 0;
    for (const r of sample) {
      const v = clean(cellText(r.cells[at]));
      if (v === '') continue;
      filled++;
      if (re.test(v)) hits++;
    }
    return filled === 0 ? 0 : hits / filled;
  };
  const usable = texts.filter((at) => share(at, ACCOUNT_RE) < 0.5);
  if (usable.length < 2) return { description: usable[0] ?? texts[0] ?? -1, counterparty: -1 };
  const byName = usable
    .map((at) => ({ at, names: share(at, NAME_RE), wording: share(at, WORDING_RE) }))
    .sort((a, b) => b.names - b.wording - (a.names - a.wording) || a.at - b.at);
  const best = byName[0]!;
  if (best.names < 1 / 3 || best.names <= best.wording) return { description: usable[0]!, counterparty: -1 };
  const rest = usable.filter((at) => at !== best.at);
  const description = rest
    .map((at) => ({ at, wording: share(at, WORDING_RE) }))
    .sort((a, b) => b.wording - a.wording || a.at - b.at)[0]!.at;
  return { description, counterparty: best.at };
}

/**
 * A table with no header row (date, description, debit, credit, balance in some order): each column is
 * typed from its values. One number column is a signed amount; two are debit/credit when rows fill one or
 * the other, else amount and balance; three are a debit/credit pair plus the balance, the pair's sides
 * decided against the balance (debit first when the balance cannot tell). Text columns are told apart by
 * content too (`textRolesByContent`): a payee's name is the counterparty, booking wording the description.
 */
function layoutFromContent(rows: readonly TableRow[]): Layout | null {
  const sample = rows.filter((r) => r.cells.some((c) => cellText(c) !== '')).slice(0, CONTENT_SAMPLE_ROWS);
  if (sample.length < 2) return null;
  const width = Math.max(...sample.map((r) => r.cells.length));
  if (width < 3) return null;
  const kinds: ColumnKind[] = [];
  for (let c = 0; c < width; c++) {
    kinds.push(
      kindOfColumn(
        sample.map((r) => clean(cellText(r.cells[c]))),
        sample.map((r) => r.cells[c]),
      ),
    );
  }
  const dateAt = kinds.indexOf('date');
  const numbers = kinds.flatMap((k, i) => (k === 'number' ? [i] : []));
  if (dateAt < 0 || numbers.length === 0) return null;
  // The first row must be data: a table whose first row is an unknown header is not typed as headerless.
  const first = sample[0];
  const firstDate = first ? cellText(first.cells[dateAt]) : '';
  if (
    !(first?.cells[dateAt] instanceof Date) &&
    !parseBankDate(firstDate, 'dmy') &&
    !parseBankDate(firstDate, 'mdy')
  )
    return null;
  const filled = (at: number) => sample.filter((r) => clean(cellText(r.cells[at])) !== '').length;
  const isExclusive = (a: number, b: number) =>
    sample.every((r) => (clean(cellText(r.cells[a])) === '') !== (clean(cellText(r.cells[b])) === ''));
  const sources: AmountSource[] = [];
  const [n0 = -1, n1 = -1, n2 = -1] = numbers;
  if (numbers.length >= 3 || (numbers.length === 2 && isExclusive(n0, n1))) {
    const balanceAt = numbers.length >= 3 ? n2 : -1;
    const vote = balanceAt < 0 ? 0 : balanceVotes(sample, n0, n1, balanceAt);
    sources.push(
      vote > 0
        ? { kind: 'pair', inAt: n0, outAt: n1, currencyAt: -1 }
        : { kind: 'pair', inAt: n1, outAt: n0, currencyAt: -1 },
    );
  } else {
    // Two always-filled numbers: the amount comes first, the running balance after it.
    sources.push({ kind: 'signed', at: filled(n0) >= filled(n1 < 0 ? n0 : n1) ? n0 : n1, currencyAt: -1 });
  }
  // A time of day in its own column (`17:57:17`), as Chinese banks write it beside the date.
  const timeAt = kinds.findIndex(
    (k, i) =>
      k === 'text' &&
      sample.every((r) => {
        const v = clean(cellText(r.cells[i]));
        return v !== '' && CLOCK_ONLY_RE.test(v);
      }),
  );
  const texts = kinds.flatMap((k, i) => (k === 'text' && i !== timeAt ? [i] : []));
  const text = {} as Record<TextField, number[]>;
  for (const field of Object.keys(TEXT_COLUMNS) as TextField[]) text[field] = [];
  const roles = textRolesByContent(sample, texts);
  text.description = roles.description < 0 ? [] : [roles.description];
  text.counterparty = roles.counterparty < 0 ? [] : [roles.counterparty];
  return {
    dateAt,
    altDateAt: -1,
    timeAt,
    sources,
    directionAt: kinds.indexOf('direction'),
    text,
    isChinese: sample.some((r) => r.cells.some((c) => typeof c === 'string' && CJK_RE.test(c))),
    mapped: 1 + numbers.length + texts.length,
  };
}

// ---------------------------------------------------------------------------------------------------------

// Wording that always means money back to the account holder, whatever the account.
const MONEY_BACK_RE = /退款|退货|退票|冲正|返现|refund|return|reversal|cash\s*back/i;
// A card's repayment: money in on a card statement (on a current account 还款 pays a card: money out).
const REPAID_RE = /还款|repayment|payment.{0,4}thank|payment\s+received|autopay/i;
const BALANCE_HEADER_RE = /余额|balance/i;
const SIGN_SAMPLE_ROWS = 20_000;

/** The words of a row that say what kind of booking it is: description, category, counterparty, note. */
function wordingOf(texts: readonly string[], layout: Layout): string {
  const ats = [
    ...layout.text.description,
    ...layout.text.category,
    ...layout.text.counterparty,
    ...layout.text.note,
  ];
  return ats.map((at) => texts[at] ?? '').join(' ');
}

type Sign = 'natural' | 'spending-positive' | 'by-wording';

/**
 * How a signed amount column without a direction column says which way the money went. Card statements
 * disagree: Chinese banks (and BMO) print purchases positive and credits negative, others the other way,
 * and some print every amount positive (Bank of Communications). The rows' own words decide: a refund is
 * always money back, and on a card statement (a card mark, or a transaction date beside a posting date with
 * no running balance) so is a repayment; the sign those rows carry is money in. A card statement with no
 * negative amount at all is read row by row from those words. With no such row, a card statement's
 * commoner sign is spending (most of its rows are purchases); any other statement's sign is as written.
 */
function decideSign(rows: readonly TableRow[], layout: Layout, isCard: boolean, isCardLike: boolean): Sign {
  const first = layout.sources[0];
  if (first?.kind !== 'signed' || layout.directionAt >= 0) return 'natural';
  let backNegative = 0;
  let backPositive = 0;
  let negatives = 0;
  let positives = 0;
  let worded = 0;
  const wordingAts = [
    ...new Set([
      ...layout.text.description,
      ...layout.text.category,
      ...layout.text.counterparty,
      ...layout.text.note,
    ]),
  ];
  // The file's habit shows in its first rows: a long statement is not read twice over for it.
  for (const r of rows.slice(0, SIGN_SAMPLE_ROWS)) {
    const cell = r.cells[first.at];
    const t = splitAmountText(clean(cellText(cell))).number;
    const sign =
      typeof cell === 'number' ? Math.sign(cell) : t.startsWith('-') ? -1 : /[1-9]/.test(t) ? 1 : 0;
    if (sign === 0) continue;
    if (sign < 0) negatives++;
    else positives++;
    const wording = wordingAts.map((at) => cellText(r.cells[at])).join(' ');
    const isBack = MONEY_BACK_RE.test(wording) || (isCardLike && REPAID_RE.test(wording));
    if (!isBack) continue;
    worded++;
    if (sign < 0) backNegative++;
    else backPositive++;
  }
  if (isCardLike && negatives === 0 && positives > 0 && (isCard || worded > 0)) return 'by-wording';
  if (backNegative !== backPositive) return backNegative > backPositive ? 'spending-positive' : 'natural';
  return isCard && positives > negatives ? 'spending-positive' : 'natural';
}

export type BankTableNames = { format: string; label: string };

/**
 * Reads a bank or card statement from table rows (CSV lines or spreadsheet rows). `extraLines` are words
 * from outside the rows that may date the statement (the file name, a sheet name).
 */
export function parseBankRows(
  rows: readonly TableRow[],
  ctx: ImportContext,
  names: BankTableNames = { format: FORMAT, label: LABEL },
): ImportResult {
  const result: ImportResult = {
    format: names.format,
    label: names.label,
    transactions: [],
    messages: [],
    problems: [],
  };
  const headerIndex = findHeaderRow(rows, isBankHeader, HEADER_SEARCH_LINES);
  const headerRow = rows[headerIndex];
  const headerTexts = headerRow ? headerRow.cells.map((c) => cellText(c)) : [];
  let layout = headerRow ? layoutOf(headerTexts) : null;
  const hasHeader = layout !== null;
  if (!layout) layout = layoutFromContent(rows);
  if (!layout) {
    result.problems.push({ line: 0, error: 'no bank statement header row (date … amount) found' });
    return result;
  }
  const firstData = hasHeader ? headerIndex + 1 : 0;
  if (layout.directionAt < 0) layout.directionAt = directionByContent(rows, firstData, layout);
  const header = hasHeader ? headerTexts : [];
  const preamble = rows
    .slice(0, hasHeader ? headerIndex : 0)
    .map((r) =>
      r.cells
        .map((c) => cellText(c))
        .filter((c) => c !== '')
        .join(' '),
    )
    .filter((l) => l !== '');
  if (preamble.length > 0) result.document = { details: { preamble } };

  const dateTexts = rows.slice(firstData).map((r) => {
    const text = cellText(r.cells[layout.dateAt]);
    return layout.altDateAt >= 0 && clean(text) === '' ? cellText(r.cells[layout.altDateAt]) : text;
  });
  const order = decideDateOrder(dateTexts, ctx.timeZone, layout.isChinese);
  const yearOf = yearResolver([...preamble, ctx.fileName]);
  const isCard =
    [...preamble, ctx.fileName].some((l) => CARD_RE.test(l)) || header.some((h) => CARD_RE.test(h));
  const hasYearless = dateTexts.some((d) => AB_RE.test(d) && !AB_YEAR_RE.test(d));
  if (hasYearless && !yearOf) {
    result.problems.push({
      line: headerRow?.line ?? 0,
      error: 'dates are written without a year (MM/DD) and the statement says no period or year',
    });
  }
  // A transaction date beside a posting date and no running balance is how card statements are laid out.
  const isCardLike =
    isCard || (hasHeader && layout.altDateAt >= 0 && !header.some((h) => BALANCE_HEADER_RE.test(h)));
  result.layout = !hasHeader ? 'bank-no-header' : isCardLike ? 'card-statement' : 'bank-statement';
  const sign = decideSign(rows.slice(firstData), layout, isCard, isCardLike);
  const isSpendingPositive = sign === 'spending-positive';

  const zone = layout.isChinese ? 'Asia/Shanghai' : usableZone(ctx.timeZone, result.problems);
  const resolve = zoneResolver(zone);
  const fallbackCurrency = layout.isChinese ? 'CNY' : currencyOfZone(zone);
  if (fallbackCurrency === null && layout.sources.some((s) => s.currencyAt < 0)) {
    result.problems.push({
      line: headerRow?.line ?? 0,
      error: `no currency column and none known for time zone "${zone}"; amounts marked XXX`,
    });
  }
  const dateHeader = key(header[layout.dateAt] ?? '');
  const text = (texts: readonly string[], field: TextField) => {
    for (const at of layout.text[field]) {
      const t = clean(texts[at]);
      if (t !== '') return t.replace(SPACES_RE, ' ');
    }
    return '';
  };

  const texts: string[] = [];
  for (let r = firstData; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const { cells, line } = row;
    let nonEmpty = 0;
    let firstText = '';
    texts.length = cells.length;
    for (let i = 0; i < cells.length; i++) {
      const t = cellText(cells[i]);
      texts[i] = t;
      if (isPlaceholder(t)) continue;
      if (nonEmpty === 0) firstText = t;
      nonEmpty++;
    }
    if (nonEmpty === 0) continue;
    const dateAt =
      layout.altDateAt >= 0 && clean(texts[layout.dateAt]) === '' ? layout.altDateAt : layout.dateAt;
    const dateCell = cells[dateAt];
    const dateText = texts[dateAt] ?? '';
    let t =
      dateCell instanceof Date || (typeof dateCell === 'number' && dateCell < 2958466 && dateCell > 60)
        ? cellWallClock(dateCell)
        : parseBankDate(dateText, order, yearOf ?? undefined);
    if (!t) {
      // Footers (人民币合计, Total), rules and repeated headers are not transactions and not problems.
      if (SUMMARY_RE.test(firstText) || key(dateText) === dateHeader || firstText.startsWith('---')) continue;
      if (nonEmpty * 2 < layout.mapped) continue;
      result.problems.push({ line, error: `unreadable date "${dateText}"` });
      continue;
    }
    if (layout.timeAt >= 0) {
      const clock = clockOf(cells[layout.timeAt], texts[layout.timeAt] ?? '');
      if (clock) t = { ...t, hour: clock[0], minute: clock[1], second: clock[2] };
    }
    const amount = rowAmount(cells, texts, layout, fallbackCurrency);
    if (amount === null) {
      // `Opening balance` / 上期余额 rows carry a date and a balance but no movement of money.
      if (!texts.some((cell) => BALANCE_ROW_RE.test(cell)))
        result.problems.push({ line, error: 'no amount' });
      continue;
    }
    if ('error' in amount) {
      result.problems.push({ line, error: amount.error });
      continue;
    }
    const stated = layout.directionAt < 0 ? null : directionFromText(texts[layout.directionAt] ?? '');
    const bySign: Direction =
      sign === 'by-wording'
        ? MONEY_BACK_RE.test(wordingOf(texts, layout)) || REPAID_RE.test(wordingOf(texts, layout))
          ? 'in'
          : 'out'
        : (isSpendingPositive ? -amount.signed : amount.signed) < 0
          ? 'out'
          : 'in';
    const direction: Direction = stated ?? bySign;
    const instant = layout.isChinese ? instantFromLocal(t, CHINA_OFFSET) : resolve(t);
    const category = text(texts, 'category');
    const note = [text(texts, 'note'), amount.remark ?? ''].filter((n) => n !== '').join('; ');
    const transaction: ParsedTransaction = {
      utc: instant.utc,
      offset: instant.offset,
      amountMinor: Math.abs(amount.signed),
      currency: amount.currency,
      direction,
      counterparty: text(texts, 'counterparty'),
      description: text(texts, 'description') || category,
      status: text(texts, 'status'),
      method: text(texts, 'method'),
      orderId: text(texts, 'orderId'),
      merchantOrderId: '',
      category,
      note,
      line,
      raw: hasHeader
        ? rawOf(header, texts)
        : rawOf(
            texts.map((_, i) => `column ${i + 1}`),
            texts,
          ),
    };
    result.transactions.push(transaction);
  }
  return result;
}

export function parseBankCsv(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const text = decodeText(bytes);
  return parseBankRows(tokenizeCsv(text, detectDelimiter(text)), ctx);
}

/** A headerless table is only claimed when its columns type as a statement (a date, an amount and text). */
function isHeaderlessStatement(rows: readonly TableRow[]): boolean {
  const layout = layoutFromContent(rows);
  return layout !== null && layout.text.description.length > 0;
}

/** A bank statement's header row, or a headerless table that types as a statement. */
export function isBankTable(rows: readonly TableRow[]): boolean {
  return findHeaderRow(rows, isBankHeader, HEADER_SEARCH_LINES) >= 0 || isHeaderlessStatement(rows);
}

export const bankCsvImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => {
    const text = firstLines(decodeHead(head), HEADER_SEARCH_LINES);
    const rows = tokenizeCsv(text, detectDelimiter(text));
    if (findHeaderRow(rows, isBankHeader, HEADER_SEARCH_LINES) >= 0) return true;
    // The last line of a head may be cut: type the columns without it.
    return isHeaderlessStatement(rows.slice(0, -1));
  },
  parse: (bytes, ctx) => parseBankCsv(bytes, ctx),
};
