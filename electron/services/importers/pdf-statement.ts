import { openPdfTask } from '../pdf-facts.ts';
import type { LocalDateTime } from '../util/time.ts';
import { CHINA_OFFSET, CLOCK_RE, instantFromLocal, withClock } from '../util/time.ts';
import { decideDateOrder, parseBankDate } from './bank-csv.ts';
import { currencyCode, currencyOfZone, minorDigitsOf } from './currency.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { parseDecimalToMinor } from './money.ts';
import { isPlaceholder } from './table.ts';
import type { Direction, ImportContext, ImportProblem, ImportResult, ParsedTransaction } from './types.ts';

/**
 * A bank statement printed as a text PDF (招商银行, 工商银行, 建设银行, 中国银行, and English-language banks).
 * pdf.js gives each page's text as items with positions; items on one baseline make a line, and the
 * statement's header line is found by its content (a date column and an amount column or a money-in /
 * money-out pair, in Chinese or English). Each later line's pieces fall into the header's columns by x.
 *
 * What real statements do and how it is read:
 * - the header is repeated on every page (re-read each time: columns may shift), or printed only once and
 *   the table runs on over the next pages (the last page's columns carry on);
 * - a long description or counterparty wraps onto a line with no date and no amount: it joins the row above;
 * - one signed amount column, or separate 支出/收入 (Debit/Credit) columns; `¥`, `CNY`, thousands separators;
 * - totals (合计, 小计, Total) and balance lines (期初余额, Opening balance) are not transactions;
 * - a line that looks like a row (a date, or an amount in an amount column) but does not read is a problem
 *   with its page and line, never dropped silently.
 *
 * Lines are numbered from the top of their page, counting every text line on it, as a person counting on
 * the printed page would; every row keeps its page (`page`, and `raw.page`).
 * Times: a Chinese header means a Chinese bank, whose times are UTC+08:00; otherwise the case's zone.
 */

const FORMAT = 'pdf-statement';
const LABEL = 'Bank statement (PDF)';
/** Pages read for a statement, as many as the text kept for search (pdf-facts.ts). */
const MAX_PAGES = 500;

export type PdfTextItem = { str: string; x: number; y: number; width: number; height: number };
export type PdfPageText = { page: number; items: PdfTextItem[] };

type Role =
  | 'date'
  | 'time'
  | 'description'
  | 'signed'
  | 'in'
  | 'out'
  | 'balance'
  | 'counterparty'
  | 'account'
  | 'currency'
  | 'method'
  | 'reference'
  | 'note'
  | 'direction';

/** Header names (compared without spaces, brackets' contents or case) and the column each one names. */
const HEADER_NAMES: Record<Role, readonly string[]> = {
  date: [
    '交易日期',
    '记账日期',
    '入账日期',
    '发生日期',
    '交易日',
    '日期',
    '交易时间',
    'date',
    'transactiondate',
    'transdate',
    'txndate',
    'bookingdate',
    'postingdate',
    'postdate',
    'valuedate',
  ],
  time: ['时间', '记账时间', 'time'],
  description: [
    '摘要',
    '交易摘要',
    '业务摘要',
    '说明',
    '交易说明',
    '交易类型',
    '业务类型',
    '用途',
    '附言',
    '交易详情',
    '交易场所',
    '交易名称',
    '交易地点/附言',
    // Alipay's and WeChat Pay's own PDF proofs of transactions (交易流水证明).
    '商品说明',
    '商品名称',
    'description',
    'details',
    'transactiondetails',
    'narrative',
    'particulars',
    'transactiondescription',
    'transactiontype',
    'memo',
  ],
  signed: [
    '交易金额',
    '金额',
    '发生额',
    '交易发生额',
    '入账金额',
    '收入/支出金额',
    '支出/收入金额',
    '收支金额',
    'amount',
    'transactionamount',
  ],
  in: [
    '收入',
    '收入金额',
    '存入',
    '存入金额',
    '贷方',
    '贷方金额',
    '贷方发生额',
    'credit',
    'credits',
    'creditamount',
    'deposit',
    'deposits',
    'paidin',
    'moneyin',
  ],
  out: [
    '支出',
    '支出金额',
    '支取',
    '支取金额',
    '借方',
    '借方金额',
    '借方发生额',
    'debit',
    'debits',
    'debitamount',
    'withdrawal',
    'withdrawals',
    'paidout',
    'moneyout',
  ],
  balance: ['余额', '联机余额', '账户余额', '可用余额', '交易后余额', 'balance', 'runningbalance'],
  counterparty: [
    '对方户名',
    '对手信息',
    '对方信息',
    '对方账户名称',
    '对方账户名',
    '对方名称',
    '交易对方',
    '对方账号与户名',
    '收/付款人',
    'counterparty',
    'payee',
    'payer/payee',
    'beneficiary',
    'merchant',
  ],
  account: ['对方账号', '对方账户', '对方卡号', '对方卡号/账号', 'accountno', 'counterpartyaccount'],
  currency: ['币种', '货币', '币别', '交易币种', '记账币种', 'currency', 'ccy'],
  method: ['交易渠道', '渠道', '交易方式', '收/付款方式', '支付方式', 'channel'],
  reference: [
    '流水号',
    '交易流水号',
    '凭证号',
    '交易参考号',
    '交易订单号',
    '交易单号',
    'reference',
    'ref',
    'refno',
    'referenceno',
  ],
  note: ['备注', 'note', 'notes', 'remarks'],
  direction: ['收/支', '收支', '收/支/其他', '借贷标志', '借/贷', '借贷', 'dr/cr', 'cr/dr'],
};

const ROLE_OF = new Map<string, Role>();
for (const [role, names] of Object.entries(HEADER_NAMES) as [Role, readonly string[]][]) {
  for (const name of names) if (!ROLE_OF.has(name)) ROLE_OF.set(name, role);
}

/** `交易金额(元)` → `交易金额`, `Transaction Date` → `transactiondate`. */
const headerKey = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/\([^)]*\)$/, '')
    .replace(/[\s:.]/g, '')
    .toLowerCase();

/** Columns whose text may wrap onto the next line. */
const TEXT_ROLES = new Set<Role>(['description', 'counterparty', 'note', 'method', 'account', 'reference']);

/** A piece of text as pdf.js gave it, and what joins it to the piece before (`''` inside a word). */
type Part = { text: string; x0: number; x1: number; glue: string };
/** Touching parts make one cell; they stay apart for a cell that turns out to straddle two columns. */
type Cell = { text: string; x0: number; x1: number; parts: Part[] };
type Line = { n: number; y: number; height: number; cells: Cell[] };
type Column = { role: Role | null; name: string; x0: number; x1: number; from: number; to: number };
type Layout = { columns: Column[]; isChinese: boolean; page: number; line: number };

/** pdf.js text content of every page, as positioned items; null when the PDF cannot be opened. */
export async function readPdfPages(bytes: Buffer, password?: string): Promise<PdfPageText[] | null> {
  const task = await openPdfTask(bytes, password);
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch {
    // Locked or damaged: readPdf has already said which, and filed the original as it is.
    await task.destroy();
    return null;
  }
  try {
    const pages: PdfPageText[] = [];
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n += 1) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, c, d, x, y] = item.transform as number[];
        // Rotated text (a watermark, a margin note) is never part of a table.
        if (Math.abs(b ?? 0) > 1e-3 || Math.abs(c ?? 0) > 1e-3 || (a ?? 0) <= 0) continue;
        const str = item.str.normalize('NFKC');
        if (str.trim() === '') continue;
        items.push({ str, x: x ?? 0, y: y ?? 0, width: item.width, height: item.height || Math.abs(d ?? 0) });
      }
      page.cleanup();
      pages.push({ page: n, items });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * Cheap check on a PDF's extracted text (pdf-facts.ts readPdf) before laying its pages out: a statement's
 * header names a date column and an amount column somewhere. False means no page can hold a statement.
 */
export function mayHoldStatement(text: string): boolean {
  const flat = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const names = (roles: Role[]) => roles.flatMap((r) => HEADER_NAMES[r]);
  return (
    names(['date']).some((n) => flat.includes(n)) &&
    names(['signed', 'in', 'out']).some((n) => flat.includes(n))
  );
}

/** Reads a statement table out of a text PDF; null when no page holds one (a letter, an invoice). */
export async function readPdfStatement(
  bytes: Buffer,
  ctx: ImportContext,
  password?: string,
): Promise<ImportResult | null> {
  const pages = await readPdfPages(bytes, password);
  return pages ? parsePdfStatement(pages, ctx) : null;
}

/** Items on one baseline make a line; touching items make one cell. Lines are numbered from the top. */
export function linesOf(items: readonly PdfTextItem[]): Line[] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const groups: { y: number; height: number; items: PdfTextItem[] }[] = [];
  for (const item of sorted) {
    const h = item.height > 0 ? item.height : 10;
    const last = groups[groups.length - 1];
    if (last && Math.abs(last.y - item.y) <= Math.max(1, 0.45 * Math.min(h, last.height))) {
      last.items.push(item);
      last.height = Math.max(last.height, h);
    } else {
      groups.push({ y: item.y, height: h, items: [item] });
    }
  }
  return groups.map((g, i) => {
    g.items.sort((p, q) => p.x - q.x);
    const cells: Cell[] = [];
    for (const item of g.items) {
      const prev = cells[cells.length - 1];
      const gap = prev ? item.x - prev.x1 : Infinity;
      const part = { text: item.str.replace(/\s+/g, ' ').trim(), x0: item.x, x1: item.x + item.width };
      // Glyph runs a fraction of an em apart are one word or phrase; columns stand further apart.
      if (prev && gap < 0.35 * g.height) {
        const glue = gap > 0.15 * g.height ? ' ' : '';
        prev.text += glue + part.text;
        prev.x1 = Math.max(prev.x1, part.x1);
        prev.parts.push({ ...part, glue });
      } else {
        cells.push({ ...part, parts: [{ ...part, glue: ' ' }] });
      }
    }
    for (const cell of cells) cell.text = cell.text.replace(/\s+/g, ' ').trim();
    return { n: i + 1, y: g.y, height: g.height, cells: cells.filter((c) => c.text !== '') };
  });
}

const CJK_RE = /[\u4e00-\u9fff]/;

/** The header's columns, when this line is a statement header; null otherwise. */
function layoutOf(line: Line, page: number): Layout | null {
  if (line.cells.length < 3) return null;
  const roles = line.cells.map((c) => ROLE_OF.get(headerKey(c.text)) ?? null);
  const has = (r: Role) => roles.includes(r);
  const known = roles.filter((r) => r !== null).length;
  if (!has('date') || !(has('signed') || has('in') || has('out'))) return null;
  // A sentence that happens to name a date and an amount is not a header: most cells must be column names
  // (a bank's own extra columns, 储种 钞汇 地区 …, are fewer than half).
  if (known < 3 || known * 2 < line.cells.length) return null;
  const seen = new Set<Role>();
  const columns: Column[] = line.cells.map((c, i) => {
    let role = roles[i] ?? null;
    // A second date column (记账日期 beside 交易日期) is kept in the row's own fields only.
    // 交易日期 beside 交易时间: the second is the time of day.
    if (role === 'date' && seen.has('date') && /时间|time/i.test(c.text)) role = 'time';
    if (role && seen.has(role) && role !== 'description') role = null;
    if (role) seen.add(role);
    return { role, name: c.text, x0: c.x0, x1: c.x1, from: -Infinity, to: Infinity };
  });
  const layout = { columns, isChinese: line.cells.some((c) => CJK_RE.test(c.text)), page, line: line.n };
  return fitBands(layout, []);
}

/**
 * Where one column ends and the next begins. Headers are often centred over columns whose values are
 * left-aligned (text) or right-aligned (amounts), so the header alone misleads; the rows themselves leave
 * a vertical gutter of white space between columns. Between two headers' centres the boundary is the
 * gutter nearest halfway between them, or, with no gutter there (touching values, no rows yet), halfway.
 */
function fitBands(layout: Layout, rows: readonly Line[]): Layout {
  const columns = layout.columns.map((c) => ({ ...c, from: -Infinity, to: Infinity }));
  const spans = rows.flatMap((l) => l.cells.map((c) => [c.x0, c.x1] as const)).sort((a, b) => a[0] - b[0]);
  const gutters: number[] = [];
  let end = -Infinity;
  for (const [x0, x1] of spans) {
    if (end > -Infinity && x0 > end) gutters.push((end + x0) / 2);
    end = Math.max(end, x1);
  }
  for (let i = 1; i < columns.length; i++) {
    const left = columns[i - 1]!;
    const right = columns[i]!;
    const half = (left.x1 + right.x0) / 2;
    const [from, to] = [(left.x0 + left.x1) / 2, (right.x0 + right.x1) / 2];
    let at = half;
    for (const g of gutters) {
      if (g > from && g < to && (at === half || Math.abs(g - half) < Math.abs(at - half))) at = g;
    }
    left.to = at;
    right.from = at;
  }
  return { ...layout, columns };
}

/** The lines a header governs on its page (up to the next header) that are table-like: two cells or more. */
function tableLines(lines: readonly Line[], headers: readonly (Layout | null)[], start: number): Line[] {
  const out: Line[] = [];
  for (let k = start; k < lines.length && !headers[k]; k++) {
    if (lines[k]!.cells.length >= 2) out.push(lines[k]!);
  }
  return out;
}

/** Which column a piece of text falls in: the band it overlaps most. */
function columnAt(columns: readonly Column[], x0: number, x1: number): number {
  let best = 0;
  let bestOverlap = -Infinity;
  columns.forEach((c, i) => {
    const overlap = Math.min(x1, c.to) - Math.max(x0, c.from);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = i;
    }
  });
  return best;
}

/** A line's text per column. A cell spanning several columns (runs the PDF wrote as one) is split at spaces. */
function cellsOf(line: Line, layout: Layout): string[] {
  const out = layout.columns.map(() => '');
  const put = (at: number, text: string, glue: string) => {
    out[at] = out[at] === '' ? text : out[at] + glue + text;
  };
  const straddles = (x0: number, x1: number) =>
    columnAt(layout.columns, x0, x0 + 0.01) !== columnAt(layout.columns, x1 - 0.01, x1);
  for (const cell of line.cells) {
    if (!straddles(cell.x0, cell.x1)) {
      put(columnAt(layout.columns, cell.x0, cell.x1), cell.text, ' ');
      continue;
    }
    cell.parts.forEach((part, i) => {
      const glue = i === 0 ? ' ' : part.glue;
      const words = part.text.split(' ');
      if (!straddles(part.x0, part.x1) || words.length === 1) {
        put(columnAt(layout.columns, part.x0, part.x1), part.text, glue);
        return;
      }
      // One run over two columns: each word's place estimated from its share of the characters.
      const perChar = (part.x1 - part.x0) / Math.max(1, part.text.length);
      let at = 0;
      for (const word of words) {
        const x0 = part.x0 + at * perChar;
        put(columnAt(layout.columns, x0, x0 + word.length * perChar), word, at === 0 ? glue : ' ');
        at += word.length + 1;
      }
    });
  }
  return out;
}

/** The marks statements print for "nothing" (`-`, `/`, a rule of hyphens, `N/A`) read as empty, as in CSVs. */
const clean = (text: string | undefined) => {
  const t = (text ?? '').trim();
  return isPlaceholder(t) ? '' : t;
};

/** Totals and summaries (本页合计, 支出合计, 共 12 笔, Total, Page total), in any cell of the line. */
const TOTAL_RE = /合计|总计|小计|汇总|^共\s*\d+\s*笔|^(?:page\s+|grand\s+|sub-?)?totals?\b/i;
const BALANCE_ROW_RE =
  /^(?:opening|closing|starting|ending|previous|new)\s+balance|^balance\s+(?:brought|carried)\s+forward|^(?:上期|期初|期末|本期|上日)余额/i;
/** Something a person would read as a date at the start of a table row. */
const DATE_LIKE_RE =
  /\d{4}\s*[-/.年]\s*\d{1,2}|^\d{8}(?:\s|$)|^\d{1,2}[\s-/.][A-Za-z]{3}|^[A-Za-z]{3,9}\.?\s\d{1,2},?\s\d{4}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}/;
/** A money amount as statements print it: decimals, optional sign, separators and currency marks. */
const AMOUNT_LIKE_RE = /\d[\d,]*[.．]\d{1,2}\b/;
const CURRENCY_AFFIX_RE = /^(CNY|RMB|USD|HKD|EUR|GBP|JPY|人民币)\s*|\s*(CNY|RMB|USD|HKD|EUR|GBP|JPY|元)$/i;
const DRCR_RE = /\s*\b(CR|DR)\.?$/i;
/** `币种：人民币`, `Currency: USD`, `单位：人民币元` in a statement's preamble. */
const DOC_CURRENCY_RE = /(?:币种|货币|币别|单位|currency)\s*[:：]?\s*([A-Za-z]{3}\b|[\u4e00-\u9fff]{1,5})/i;
/** `网上快捷支付 支付宝-元保`: a bank's booking words first, then whom the money went to. */
const BOOKING_PREFIX_RE =
  /^(?:网上|网银|银联|无卡|手机|快捷|跨行|他行|本行|POS|ATM)?[\u4e00-\u9fff]{0,6}(?:支付|消费|退款|转账|转出|转入|代扣|扣款|汇款|还款|收款|付款|退货|充值|提现|存入)\s+(\S.*)$/i;
const ACCOUNT_PREFIX_RE = /^[\d*＊xX]{8,}[\s/]+/;
const PLATFORM_NAME_RE = /(?:支付宝|财付通|微信支付|京东支付|美团支付|抖音支付|云闪付)[-－—:：][^\s]+/;

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

type AmountRead = { signed: number; currency: string } | { error: string } | null;

/** Amount text as printed: `-39.90`, `¥1,234.56`, `CNY 39.90`, `39.90 CR`; the currency it names, if any. */
function readAmount(text: string, fallback: string): { minor: number | null; currency: string | null } {
  let t = text.replace(/\s+/g, ' ').replace('．', '.').trim();
  let currency: string | null = null;
  let sign = 1;
  const drcr = DRCR_RE.exec(t);
  if (drcr) {
    sign = drcr[1]!.toUpperCase() === 'DR' ? -1 : 1;
    t = t.slice(0, drcr.index).trim();
  }
  for (let i = 0; i < 2; i++) {
    const m = CURRENCY_AFFIX_RE.exec(t);
    if (!m) break;
    const name = m[1] ?? m[2] ?? '';
    if (name !== '元') currency = currencyCode(name);
    t = (t.slice(0, m.index) + t.slice(m.index + m[0].length)).trim();
  }
  // `(39.90)` is how some banks print money out.
  const paren = /^\((.+)\)$/.exec(t);
  if (paren) {
    t = paren[1]!;
    sign = -sign;
  }
  const minor = parseDecimalToMinor(t, minorDigitsOf(currency ?? fallback));
  return { minor: minor === null ? null : sign * minor, currency };
}

function directionFromText(text: string): Direction | null {
  const t = text.trim().toLowerCase();
  if (['支出', '借', '借方', '出', '付', 'd', 'dr', 'debit'].includes(t)) return 'out';
  if (['收入', '贷', '贷方', '入', '收', 'c', 'cr', 'credit'].includes(t)) return 'in';
  // Alipay's 不计收支, WeChat Pay's 其他: refunds, transfers between one's own accounts.
  if (['不计收支', '其他'].includes(t)) return 'neutral';
  return null;
}

/** Joins a wrapped line's text to the row above: no space between Chinese characters. */
function joinWrapped(a: string, b: string, isCode = false): string {
  if (a === '') return b;
  if (b === '') return a;
  // A long order number wraps mid-number; words wrap between words.
  const glue = isCode || (CJK_RE.test(a.slice(-1)) && CJK_RE.test(b.charAt(0))) ? '' : ' ';
  return a + glue + b;
}

/** Whom the money went to, when the statement has no column for it: read from the booking text. */
export function counterpartyFromDescription(description: string): string {
  const platform = PLATFORM_NAME_RE.exec(description);
  if (platform) return platform[0];
  const booking = BOOKING_PREFIX_RE.exec(description.trim());
  return booking ? booking[1]!.trim() : '';
}

type PendingRow = { page: number; line: number; y: number; height: number; cells: string[]; layout: Layout };

export function parsePdfStatement(pages: readonly PdfPageText[], ctx: ImportContext): ImportResult | null {
  const problems: ImportProblem[] = [];
  const pending: PendingRow[] = [];
  const preamble: string[] = [];
  let layout: Layout | null = null;
  let firstLayout: Layout | null = null;
  for (const { page, items } of pages) {
    let last: PendingRow | null = null;
    let isAfterHeader = false;
    /** Text-only lines not yet given to a row: they go to the row above or the row below, whichever is nearer. */
    let orphans: { y: number; height: number; cells: string[]; layout: Layout }[] = [];
    /**
     * Gives each waiting text line to the row whose baseline is nearer: banks centre a row's cells
     * vertically, so a counterparty wrapped onto two lines prints one line above the row's date and amount
     * and one below. A tie (top-aligned tables) goes to the row above, as a wrapped line always did.
     */
    const settle = (next: PendingRow | null) => {
      const before: typeof orphans = [];
      const after: typeof orphans = [];
      for (const o of orphans) {
        const reach = 2.2 * o.height;
        const above: PendingRow | null = last && last.layout === o.layout ? last : null;
        const dPrev = above ? above.y - o.y : Infinity;
        const dNext = next && next.layout === o.layout ? o.y - next.y : Infinity;
        const goesDown = after.length > 0 || dNext < dPrev - 0.1 * o.height;
        if (goesDown && dNext <= reach) after.push(o);
        else if (!goesDown && above && dPrev <= reach) {
          before.push(o);
          above.y = o.y;
        }
      }
      if (last) for (const o of before) joinInto(last, o.cells, false);
      if (next) {
        // Lines above the row come first: join them top to bottom, then the row's own text.
        const own = next.cells;
        next.cells = own.map(() => '');
        for (const o of after) joinInto(next, o.cells, false);
        joinInto(next, own, true);
      }
      orphans = [];
    };
    const joinInto = (row: PendingRow, cells: readonly string[], isOwn: boolean) => {
      cells.forEach((text, i) => {
        const isCode = row.layout.columns[i]?.role === 'reference';
        if (isOwn ? text !== '' : clean(text) !== '') {
          row.cells[i] = joinWrapped(row.cells[i] ?? '', text, isCode);
        }
      });
    };
    const lines = linesOf(items);
    const headers = lines.map((l) => layoutOf(l, page));
    // A table running on from the page before: its columns, fitted to this page's rows.
    if (layout) layout = fitBands(layout, tableLines(lines, headers, 0));
    for (const [k, line] of lines.entries()) {
      const header = headers[k];
      if (header) {
        settle(null);
        // A bilingual header (CMB: 记账日期 货币 … over Date Currency …) is one header: the first line's columns.
        if (!isAfterHeader) layout = fitBands(header, tableLines(lines, headers, k + 1));
        firstLayout ??= header;
        last = null;
        isAfterHeader = true;
        continue;
      }
      isAfterHeader = false;
      if (!layout) {
        if (preamble.length < 40) preamble.push(line.cells.map((c) => c.text).join(' '));
        continue;
      }
      const cells = cellsOf(line, layout);
      const cols = layout.columns;
      const textOf = (role: Role) => cells[cols.findIndex((c) => c.role === role)] ?? '';
      if (cells.some((c) => TOTAL_RE.test(c.trim()))) {
        settle(null);
        last = null;
        continue;
      }
      const amountCells = cols.flatMap((c, i) =>
        c.role === 'signed' || c.role === 'in' || c.role === 'out' ? [clean(cells[i])] : [],
      );
      const hasDate = DATE_LIKE_RE.test(clean(textOf('date')));
      // An amount with no date is a row gone wrong only when the line fills the table like one (not a
      // summary block under it: 支出笔数 12 支出金额 1,280.50).
      const filled = cols.filter((c, i) => c.role !== null && clean(cells[i]) !== '').length;
      const roles = cols.filter((c) => c.role !== null).length;
      const hasAmount = amountCells.some((t) => AMOUNT_LIKE_RE.test(t)) && filled * 2 >= roles;
      if (hasDate || hasAmount) {
        const row: PendingRow = { page, line: line.n, y: line.y, height: line.height, cells, layout };
        settle(row);
        last = row;
        pending.push(row);
        continue;
      }
      // A wrapped description: no date, no amount, only text columns, next to the row it belongs to.
      const onlyText = cols.every(
        (c, i) => clean(cells[i]) === '' || (c.role !== null && TEXT_ROLES.has(c.role)),
      );
      const clock = CLOCK_RE.exec(clean(textOf('date')));
      if (onlyText || (clock && last)) {
        orphans.push({ y: line.y, height: Math.max(line.height, last?.height ?? 0), cells, layout });
        continue;
      }
      settle(null);
      last = null;
    }
    settle(null);
  }
  // No header anywhere, or a header with nothing under it: not a statement this reader can file rows from.
  if (!firstLayout || pending.length === 0) return null;
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems };

  const docCurrency = (() => {
    for (const text of preamble) {
      const m = DOC_CURRENCY_RE.exec(text);
      const code = m ? currencyCode(m[1]!.replace(/(.)元$/, '$1')) : null;
      // Prose (`account currency and fees`) names no currency: only a code the runtime knows counts.
      if (code && ISO_CURRENCIES.has(code)) return code;
    }
    return null;
  })();
  const zone = firstLayout.isChinese ? 'Asia/Shanghai' : usableZone(ctx.timeZone, problems);
  const resolve = zoneResolver(zone);
  const fallbackCurrency = docCurrency ?? (firstLayout.isChinese ? 'CNY' : currencyOfZone(zone));
  const dateTexts = pending.map((r) => clean(r.cells[r.layout.columns.findIndex((c) => c.role === 'date')]));
  const order = decideDateOrder(dateTexts, ctx.timeZone);
  let missingCurrency = false;

  for (const row of pending) {
    const cols = row.layout.columns;
    const at = (role: Role) => cols.findIndex((c) => c.role === role);
    const text = (role: Role) => clean(row.cells[at(role)]).replace(/\s+/g, ' ');
    const problem = (error: string) => problems.push({ line: row.line, page: row.page, error });
    const dateText = text('date');
    let t: LocalDateTime | null = parseBankDate(dateText, order);
    if (!t) {
      problem(dateText ? `unreadable date "${dateText}"` : 'no date');
      continue;
    }
    t = withClock(t, text('time'));
    const currencyText = text('currency');
    const columnCurrency = currencyText ? currencyCode(currencyText) : null;
    if (currencyText && !columnCurrency) {
      problem(`unknown currency "${currencyText}"`);
      continue;
    }
    const baseCurrency = columnCurrency ?? fallbackCurrency ?? 'XXX';
    const amount = ((): AmountRead => {
      const inText = text('in');
      const outText = text('out');
      if (at('in') >= 0 || at('out') >= 0) {
        if (inText !== '' || outText !== '') {
          const inRead = inText === '' ? { minor: 0, currency: null } : readAmount(inText, baseCurrency);
          const outRead = outText === '' ? { minor: 0, currency: null } : readAmount(outText, baseCurrency);
          if (inRead.minor === null) return { error: `unreadable amount "${inText}"` };
          if (outRead.minor === null) return { error: `unreadable amount "${outText}"` };
          // Some banks print money out with a minus sign; its meaning is the column's either way.
          return {
            signed: Math.abs(inRead.minor) - Math.abs(outRead.minor),
            currency: columnCurrency ?? inRead.currency ?? outRead.currency ?? baseCurrency,
          };
        }
      }
      const signedText = text('signed');
      if (signedText === '') return null;
      const read = readAmount(signedText, baseCurrency);
      if (read.minor === null) return { error: `unreadable amount "${signedText}"` };
      return { signed: read.minor, currency: columnCurrency ?? read.currency ?? baseCurrency };
    })();
    if (amount === null) {
      if (!row.cells.some((c) => BALANCE_ROW_RE.test(c.trim()))) problem('no amount');
      continue;
    }
    if ('error' in amount) {
      problem(amount.error);
      continue;
    }
    if (amount.currency === 'XXX') missingCurrency = true;
    const stated = directionFromText(text('direction'));
    const direction: Direction = stated ?? (amount.signed < 0 ? 'out' : 'in');
    const instant = row.layout.isChinese ? instantFromLocal(t, CHINA_OFFSET) : resolve(t);
    // Banks with two text columns (中国银行: 交易名称 and 附言) describe a row with both.
    const description = cols
      .flatMap((c, i) => (c.role === 'description' ? [clean(row.cells[i]).replace(/\s+/g, ' ')] : []))
      .filter((d) => d !== '')
      .join(' ');
    const raw: Record<string, string> = { page: String(row.page) };
    cols.forEach((c, i) => {
      const k = c.name.trim();
      if (k !== '' && !(k in raw)) raw[k] = (row.cells[i] ?? '').trim();
    });
    const transaction: ParsedTransaction = {
      utc: instant.utc,
      offset: instant.offset,
      amountMinor: Math.abs(amount.signed),
      currency: amount.currency,
      direction,
      // `6217****0001 支付宝（中国）网络技术有限公司` (CCB's 对方账号与户名): the name without the account number.
      counterparty:
        text('counterparty').replace(ACCOUNT_PREFIX_RE, '') || counterpartyFromDescription(description),
      description,
      status: '',
      method: text('method'),
      orderId: text('reference'),
      merchantOrderId: '',
      category: '',
      note: text('note'),
      line: row.line,
      page: row.page,
      raw,
    };
    result.transactions.push(transaction);
  }
  if (missingCurrency) {
    problems.push({
      line: firstLayout.line,
      page: firstLayout.page,
      error: `no currency column and none known for time zone "${zone}"; amounts marked XXX`,
    });
  }
  problems.sort((a, b) => (a.page ?? 0) - (b.page ?? 0) || a.line - b.line);
  result.document = {
    details: {
      pages: pages.length,
      ...(preamble.length ? { preamble: preamble.slice(0, 20) } : {}),
      ...(docCurrency ? { currency: docCurrency } : {}),
    },
  };
  return result;
}
