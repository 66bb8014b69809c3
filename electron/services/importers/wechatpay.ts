import { CHINA_OFFSET } from '../util/time.ts';
import { firstLines, tokenizeCsv } from './csv.ts';
import type { PaymentLayout } from './payment-table.ts';
import { parsePaymentTable } from './payment-table.ts';
import type { TableRow } from './table.ts';
import { findHeaderRow, isWholeHeader } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportResult, Importer } from './types.ts';
import { readXlsxSheets, sniffXlsx } from './xlsx.ts';

/**
 * WeChat Pay 账单明细 as CSV (UTF-8, BOM optional, 16 preamble lines padded with commas) or XLSX (same
 * preamble and header, one sheet). Amounts carry `¥`; 收/支 is 支出, 收入 or `/`; refund states such as
 * `已退款(￥0.11)` stay in `status` exactly as written.
 */

const CSV_FORMAT = 'wechatpay-csv';
const CSV_LABEL = 'WeChat Pay bill (CSV)';
const XLSX_FORMAT = 'wechatpay-xlsx';
const XLSX_LABEL = 'WeChat Pay bill (XLSX)';
const HEADER_SEARCH_LINES = 200;

const LAYOUT: PaymentLayout = {
  columns: {
    time: ['交易时间'],
    amount: ['金额(元)', '金额'],
    direction: ['收/支'],
    category: ['交易类型'],
    counterparty: ['交易对方'],
    description: ['商品'],
    method: ['支付方式'],
    status: ['当前状态'],
    orderId: ['交易单号'],
    merchantOrderId: ['商户单号'],
    note: ['备注'],
  },
  currency: 'CNY',
  offset: CHINA_OFFSET,
};

const KNOWN = new Set(Object.values(LAYOUT.columns).flat());

/** WeChat's header as a whole: 交易时间, 交易类型, 交易对方 and an amount, and little that WeChat never writes. */
export function isWechatHeader(names: ReadonlySet<string>): boolean {
  return isWholeHeader(names, KNOWN, [['交易时间'], ['交易类型'], ['交易对方'], LAYOUT.columns.amount]);
}

/** Reads a WeChat Pay bill from table rows (CSV lines or a sheet's rows). */
export function parseWechatRows(rows: readonly TableRow[], format: string, label: string): ImportResult {
  const result: ImportResult = { format, label, transactions: [], messages: [], problems: [] };
  const headerIndex = findHeaderRow(rows, isWechatHeader, HEADER_SEARCH_LINES);
  if (headerIndex < 0) {
    result.problems.push({ line: 0, error: 'no WeChat Pay header row (交易时间,交易类型,交易对方 …) found' });
    return result;
  }
  const table = parsePaymentTable(rows, headerIndex, LAYOUT);
  result.layout = 'wechatpay';
  result.transactions = table.transactions;
  result.problems = table.problems;
  return result;
}

export function parseWechatpayCsv(bytes: Uint8Array): ImportResult {
  return parseWechatRows(tokenizeCsv(decodeText(bytes)), CSV_FORMAT, CSV_LABEL);
}

export async function parseWechatpayXlsx(bytes: Uint8Array): Promise<ImportResult> {
  let sheets;
  try {
    sheets = await readXlsxSheets(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      format: XLSX_FORMAT,
      label: XLSX_LABEL,
      transactions: [],
      messages: [],
      problems: [{ line: 0, error: `not a readable XLSX workbook: ${reason}` }],
    };
  }
  // The bill is normally the only sheet; take the first one that has the header.
  const sheet =
    sheets.find((s) => findHeaderRow(s.rows, isWechatHeader, HEADER_SEARCH_LINES) >= 0) ?? sheets[0];
  return parseWechatRows(sheet?.rows ?? [], XLSX_FORMAT, XLSX_LABEL);
}

export const wechatpayCsvImporter: Importer = {
  format: CSV_FORMAT,
  label: CSV_LABEL,
  detect: (head) => {
    const rows = tokenizeCsv(firstLines(decodeHead(head), HEADER_SEARCH_LINES));
    return findHeaderRow(rows, isWechatHeader, HEADER_SEARCH_LINES) >= 0;
  },
  parse: (bytes) => parseWechatpayCsv(bytes),
};

const WECHAT_HEADER_WORDS = ['交易时间', '交易类型', '交易对方'] as const;

export const wechatpayXlsxImporter: Importer = {
  format: XLSX_FORMAT,
  label: XLSX_LABEL,
  detect: (head) => {
    const sniff = sniffXlsx(head);
    if (!sniff.isWorkbook) return false;
    if (WECHAT_HEADER_WORDS.every((word) => sniff.visibleText.includes(word))) return true;
    // A big workbook may keep its strings past the head; then only parsing can tell, so say yes.
    return !sniff.hasAllSharedStrings;
  },
  // A workbook said yes to on a partial look, with no WeChat header after all, is left to the next reader.
  parse: async (bytes) => {
    const result = await parseWechatpayXlsx(bytes);
    const isNotWechat = result.transactions.length === 0 && result.problems[0]?.error.startsWith('no WeChat');
    return isNotWechat ? null : result;
  },
};
