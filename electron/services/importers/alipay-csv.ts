import { coded } from '../../messages/say.ts';
import { lineProblem } from '../import-problems.ts';
import { CHINA_OFFSET } from '../util/time.ts';
import { firstLines, tokenizeCsv } from './csv.ts';
import type { PaymentLayout } from './payment-table.ts';
import { parsePaymentTable } from './payment-table.ts';
import type { TableRow } from './table.ts';
import { findHeaderRow, isWholeHeader, normalizeHeader } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportResult, Importer } from './types.ts';

/**
 * Alipay 交易明细 CSV. Two header generations are mapped by name: the 2023 layout (交易时间, 交易分类, 商品说明,
 * 收/付款方式, 交易订单号 …) and the older one (交易号, 交易创建时间, 付款时间, 类型, 商品名称, 金额（元）, 资金状态 …).
 * GBK, a preamble of unknown length above the header, space-padded cells, TAB-ended ids and a footer;
 * the preamble's record count (共66笔记录) is not trusted.
 */

const FORMAT = 'alipay-csv';
const LABEL = 'Alipay transaction details (CSV)';
const HEADER_SEARCH_LINES = 200;

const LAYOUT: PaymentLayout = {
  columns: {
    time: ['交易时间', '交易创建时间', '付款时间', '最近修改时间'],
    amount: ['金额', '金额(元)'],
    direction: ['收/支'],
    category: ['交易分类', '类型'],
    counterparty: ['交易对方'],
    description: ['商品说明', '商品名称'],
    method: ['收/付款方式'],
    status: ['交易状态'],
    orderId: ['交易订单号', '交易号'],
    merchantOrderId: ['商家订单号', '商户订单号'],
    note: ['备注'],
  },
  currency: 'CNY',
  offset: CHINA_OFFSET,
};

/** Every column name of both generations, so a header is claimed as a whole (see `isWholeHeader`). */
const KNOWN = new Set([
  ...Object.values(LAYOUT.columns).flat(),
  '对方账号',
  '交易来源地',
  '服务费(元)',
  '成功退款(元)',
  '资金状态',
]);

/**
 * 交易状态 and 交易(订单)号 tell Alipay from WeChat, whose header has 当前状态 and 交易单号 instead; the rest of the
 * header tells it from JD's bill, which shares most names but has 商户名称 and 交易说明 where Alipay has none.
 */
export function isAlipayHeader(names: ReadonlySet<string>): boolean {
  return (
    !names.has('当前状态') &&
    isWholeHeader(
      names,
      KNOWN,
      [LAYOUT.columns.time, LAYOUT.columns.amount, ['交易状态'], LAYOUT.columns.orderId],
      // JD's 11 names include 9 of Alipay's: 82 %. A new column in a real Alipay header keeps it above this.
      0.85,
    )
  );
}

/** `alipay-2023` (交易时间, 商品说明 …) or `alipay-legacy` (交易号, 交易创建时间, 商品名称 …). */
function layoutName(rows: readonly TableRow[], headerIndex: number): string {
  const names = new Set(
    rows[headerIndex]?.cells.map((c) => (typeof c === 'string' ? normalizeHeader(c) : '')),
  );
  return names.has('交易创建时间') || names.has('交易号') ? 'alipay-legacy' : 'alipay-2023';
}

/** Reads an Alipay bill from table rows (CSV lines or a sheet's rows). */
export function parseAlipayRows(rows: readonly TableRow[], format = FORMAT, label = LABEL): ImportResult {
  const headerIndex = findHeaderRow(rows, isAlipayHeader, HEADER_SEARCH_LINES);
  const result: ImportResult = { format, label, transactions: [], messages: [], problems: [] };
  if (headerIndex < 0) {
    result.problems.push(
      lineProblem(0, coded('problem.no-header', { what: 'Alipay', columns: '交易时间 … 金额 … 交易状态' })),
    );
    return result;
  }
  const table = parsePaymentTable(rows, headerIndex, LAYOUT);
  result.layout = layoutName(rows, headerIndex);
  result.transactions = table.transactions;
  result.problems = table.problems;
  return result;
}

export function parseAlipayCsv(bytes: Uint8Array): ImportResult {
  const result = parseAlipayRows(tokenizeCsv(decodeText(bytes)));
  // No header found: nothing was read, so nothing can look re-saved.
  if (result.layout === undefined) return result;
  const signs = resaveSigns(bytes, result);
  if (signs.length) {
    result.warnings = [
      `This bill looks opened and re-saved in a spreadsheet program (${signs.join('; ')}): it is not the file ` +
        'as Alipay issued it. Everything readable was imported; file the original from Alipay’s email too.',
    ];
  }
  return result;
}

const SCIENTIFIC_RE = /^\d+(?:\.\d+)?E\+?\d+$/i;
const NO_SECONDS_RE = /\s\d{1,2}:\d{2}$/;

/**
 * Alipay issues its bill as GBK with full times and ids as text. A spreadsheet program that opens and saves
 * it writes UTF-8, drops the seconds and turns 28-digit order numbers into `2.02303E+27` — which can no
 * longer be matched to the platform's records.
 */
function resaveSigns(bytes: Uint8Array, result: ImportResult): string[] {
  const signs: string[] = [];
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let isUtf8 = hasBom;
  if (!isUtf8 && bytes.some((b) => b >= 0x80)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      isUtf8 = true;
    } catch {
      isUtf8 = false;
    }
  }
  if (isUtf8) signs.push('saved as UTF-8, not GBK');
  const rows = result.transactions;
  if (rows.some((t) => SCIENTIFIC_RE.test(t.orderId) || SCIENTIFIC_RE.test(t.merchantOrderId))) {
    signs.push('order numbers turned into numbers like 2.02303E+27');
  }
  const times = rows.map((t) => t.raw['交易时间'] ?? t.raw['交易创建时间'] ?? t.raw['付款时间'] ?? '');
  if (rows.length && times.filter((x) => NO_SECONDS_RE.test(x)).length > rows.length / 2) {
    signs.push('times without seconds');
  }
  return signs;
}

export const alipayCsvImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => {
    const rows = tokenizeCsv(firstLines(decodeHead(head), HEADER_SEARCH_LINES));
    return findHeaderRow(rows, isAlipayHeader, HEADER_SEARCH_LINES) >= 0;
  },
  parse: (bytes) => parseAlipayCsv(bytes),
};
