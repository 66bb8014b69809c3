import type { TransactionRecord } from '../../../db/queries/records.ts';
import { normaliseCounterparty } from '../series.ts';

/** Where a row was read: a payment platform's own bill, or a bank's (or card issuer's) statement. */
export type SourceKind = 'alipay' | 'wechat' | 'platform' | 'bank';

/** One row that shows a movement of money, with what the ledger needs to know about it. */
export type Sighting = {
  tx: TransactionRecord;
  /** `sha256:page:line` of the original: stable across trash and re-import, unlike the row id. */
  key: string;
  source: SourceKind;
  /** The importer's format id (`alipay-csv`, `bank-csv` …). */
  format: string;
  /** False for a date-only row (a statement that prints no time of day). */
  hasTime: boolean;
  /** Last four digits of the card or account the money moved through, as the row or its file says. */
  digits: string;
  flow: Flow;
};

/** Which way the money went, whatever the export calls it: a refund is money back even where a bill files it as 不计收支. */
export type Flow = 'out' | 'back' | 'in' | 'none';

/** Words that make a row money coming back, whatever its direction column says. */
export const REFUND_RE = /退款|退货|refund|return|reversal|chargeback/i;
/** A row names a payment platform or the clearing house (the bank's line for an Alipay or WeChat payment). */
export const INTERMEDIARY_RE =
  /支付宝|财付通|微信|alipay|tenpay|wechat|快捷支付|银联|unionpay|网联|银企对接|nucc|epcc/i;

export function sightingKey(sha256: string, t: Pick<TransactionRecord, 'page' | 'line'>): string {
  return `${sha256}:${t.page ?? 0}:${t.line}`;
}

export function flowOf(t: TransactionRecord): Flow {
  if (t.direction === 'out') return 'out';
  if (REFUND_RE.test(`${t.status} ${t.description} ${t.category} ${t.counterparty}`)) return 'back';
  return t.direction === 'in' ? 'in' : 'none';
}

export function sourceOf(format: string): SourceKind {
  if (format.startsWith('alipay')) return 'alipay';
  if (format.startsWith('wechat')) return 'wechat';
  if (/^(meituan|jd|pdd|douyin|platform)/.test(format)) return 'platform';
  return 'bank';
}

/** True when the row carries a time of day: a date-only statement line is stored at local midnight. */
export function hasTimeOfDay(t: TransactionRecord): boolean {
  const local = Date.parse(t.occurredUtc) + t.occurredOffset * 60_000;
  return local % 86_400_000 !== 0;
}

const OWN_ACCOUNT_HEADER_RE =
  /^(本方)?(账号|帐号|卡号|账户|帐户|本方账号|本方卡号|account( ?no| number)?|card( ?no| number)?)$/i;

/** `中国银行储蓄卡(3167)`, `尾号3167`, `6217 **** 3167`, an own-account column: the last four digits. */
export function digitsOf(t: TransactionRecord, fileAccount: string): string {
  const fromMethod =
    /[(（]\s*(\d{4})\s*[)）]/.exec(t.method) ??
    /尾号\s*(\d{4})/.exec(`${t.method} ${t.description}`) ??
    /[*＊xX]{2,}\s*(\d{4})\b/.exec(t.method);
  if (fromMethod) return fromMethod[1]!;
  for (const [header, value] of Object.entries(t.raw)) {
    if (!OWN_ACCOUNT_HEADER_RE.test(header.trim())) continue;
    const d = value.replace(/\D/g, '');
    if (d.length >= 4) return d.slice(-4);
  }
  const file = fileAccount.replace(/\D/g, '');
  return file.length >= 4 ? file.slice(-4) : '';
}

export function nameKey(t: TransactionRecord): string {
  return normaliseCounterparty(t.counterparty, t.description);
}

function names(t: TransactionRecord): string {
  return `${nameKey(t)} ${normaliseCounterparty(t.description)}`;
}

/** The names agree, or one side only names the payment platform (网上快捷支付 支付宝) and pays what the other says. */
export function namesRelated(a: TransactionRecord, b: TransactionRecord): 'agree' | 'platform' | null {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (ka.length >= 2 && kb.length >= 2 && (names(b).includes(ka) || names(a).includes(kb))) return 'agree';
  const ia = INTERMEDIARY_RE.test(`${a.counterparty} ${a.description}`);
  const ib = INTERMEDIARY_RE.test(`${b.counterparty} ${b.description}`);
  return ia !== ib ? 'platform' : null;
}

/** Order ids and bank references worth matching on: long enough to be ids, not placeholders. */
export function idsOf(t: TransactionRecord): string[] {
  const out = new Set<string>();
  for (const raw of [t.orderId, t.merchantOrderId]) {
    const id = raw.trim();
    if (id.length >= 6 && !/^[-/\s]+$/.test(id)) out.add(id);
  }
  return [...out];
}
