import { CHINA_OFFSET } from '../util/time.ts';
import { firstLines, tokenizeCsv } from './csv.ts';
import type { PaymentField, PaymentLayout } from './payment-table.ts';
import { parsePaymentTable } from './payment-table.ts';
import type { TableRow } from './table.ts';
import { findHeaderRow, isWholeHeader } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportResult, Importer } from './types.ts';

/**
 * Bills of the Chinese platforms beyond Alipay and WeChat Pay, each claimed by its whole header:
 *
 * - JD (京东金融 › 账单 › 导出): UTF-8 with BOM, about twenty lines of account facts and disclaimers, then
 *   `交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注`; cells end in
 *   TABs and spaces, and an amount may carry its refund: `131.77(已退款89.84)`, `293.10(已全额退款)`.
 * - Meituan (美团 › 我的 › 账单 › 导出): UTF-8 with BOM, a preamble ending in `【美团交易账单明细列表】`, then
 *   `交易创建时间,交易成功时间,交易类型,订单标题,收/支,支付方式,订单金额,实付金额,交易单号,商家单号,备注` with
 *   `¥` amounts. 实付金额 is what the user paid; 订单金额 is the price before discounts and stays in `raw`.
 */

export type TableApp = {
  id: string;
  name: string;
  layout: PaymentLayout;
  /** Names of which at least one must be in the header, per group. */
  required: readonly (readonly string[])[];
};

const cny = (columns: Record<PaymentField, readonly string[]>): PaymentLayout => ({
  columns,
  currency: 'CNY',
  offset: CHINA_OFFSET,
});

const knownNames = (app: TableApp, extra: readonly string[]) =>
  new Set([...Object.values(app.layout.columns).flat(), ...extra]);

export const JD: TableApp = {
  id: 'jd',
  name: 'JD (京东) bill',
  layout: cny({
    time: ['交易时间'],
    amount: ['金额'],
    direction: ['收/支'],
    category: ['交易分类'],
    counterparty: ['商户名称'],
    description: ['交易说明'],
    method: ['收/付款方式'],
    status: ['交易状态'],
    orderId: ['交易订单号'],
    merchantOrderId: ['商家订单号'],
    note: ['备注'],
  }),
  required: [['交易时间'], ['商户名称'], ['交易说明'], ['金额']],
};

export const MEITUAN: TableApp = {
  id: 'meituan',
  name: 'Meituan (美团) bill',
  layout: cny({
    time: ['交易成功时间', '交易创建时间'],
    amount: ['实付金额'],
    direction: ['收/支'],
    category: ['交易类型'],
    counterparty: ['商家名称', '商户名称'],
    description: ['订单标题'],
    method: ['支付方式'],
    status: ['交易状态'],
    orderId: ['交易单号'],
    merchantOrderId: ['商家单号', '商户单号'],
    note: ['备注'],
  }),
  required: [['交易创建时间', '交易成功时间'], ['订单标题'], ['实付金额']],
};

const KNOWN = new Map<TableApp, ReadonlySet<string>>([
  [JD, knownNames(JD, [])],
  [MEITUAN, knownNames(MEITUAN, ['订单金额', '优惠金额'])],
]);

export const isAppHeader = (app: TableApp) => (names: ReadonlySet<string>) =>
  isWholeHeader(names, KNOWN.get(app) ?? new Set(), app.required);

/** A JD or Meituan header (the bank reader leaves these to their own readers). */
export const isPaymentAppHeader = (names: ReadonlySet<string>): boolean =>
  isAppHeader(JD)(names) || isAppHeader(MEITUAN)(names);

const HEADER_SEARCH_LINES = 200;

/** Reads an app bill from table rows (CSV lines or a sheet's rows); a result with one problem when the header is not there. */
export function parseAppRows(
  rows: readonly TableRow[],
  app: TableApp,
  format: string,
  label: string,
): ImportResult {
  const result: ImportResult = {
    format,
    label,
    layout: app.id,
    transactions: [],
    messages: [],
    problems: [],
  };
  const headerIndex = findHeaderRow(rows, isAppHeader(app), HEADER_SEARCH_LINES);
  if (headerIndex < 0) {
    result.problems.push({ line: 0, error: `no ${app.name} header row found` });
    return result;
  }
  const table = parsePaymentTable(rows, headerIndex, app.layout);
  result.transactions = table.transactions;
  result.problems = table.problems;
  return result;
}

function csvImporter(app: TableApp): Importer {
  const format = `${app.id}-csv`;
  const label = `${app.name} (CSV)`;
  return {
    format,
    label,
    detect: (head) => {
      const rows = tokenizeCsv(firstLines(decodeHead(head), HEADER_SEARCH_LINES));
      return findHeaderRow(rows, isAppHeader(app), HEADER_SEARCH_LINES) >= 0;
    },
    parse: (bytes) => parseAppRows(tokenizeCsv(decodeText(bytes)), app, format, label),
  };
}

export const jdCsvImporter = csvImporter(JD);
export const meituanCsvImporter = csvImporter(MEITUAN);
