import { createHash } from 'node:crypto';
import type { TransactionRecord } from '../../db/queries/records.ts';
import { formatAmount } from './util/money.ts';
import { formatInstant } from './util/time.ts';

export type Interval = 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'yearly';

export type Series = {
  id: string;
  /** The counterparty as the records write it most often. */
  counterparty: string;
  /** The normalised name the charges were grouped by. */
  key: string;
  count: number;
  interval: Interval;
  /** Median days between charges. */
  intervalDays: number;
  /** The usual amount (most frequent), decimal string. */
  amount: string;
  currency: string;
  first: string;
  last: string;
  nextExpected: string;
  total: string;
  /** Where the amount changed from one charge to the next: a price rise is kept in the series and flagged. */
  priceChanges: { at: string; from: string; to: string }[];
  /** The product the charges pay for, where one merchant sells several (百万医疗险, 意外险). */
  service?: string;
  /** The descriptions say it is an automatic renewal (自动续费, 代扣, subscription …). */
  saysAutomatic: boolean;
  disputed: number;
  transactions: string[];
};

const INTERVALS: { name: Interval; days: number; min: number; max: number }[] = [
  { name: 'weekly', days: 7, min: 5, max: 9 },
  { name: 'biweekly', days: 14, min: 12, max: 17 },
  { name: 'monthly', days: 30, min: 25, max: 35 },
  { name: 'quarterly', days: 91, min: 82, max: 100 },
  { name: 'yearly', days: 365, min: 350, max: 380 },
];

const AUTOMATIC_RE =
  /自动续费|连续包月|连续包年|自动扣款|代扣|周期扣款|委托扣款|免密支付|月缴|subscription|renewal|auto-?renew|recurring|direct debit/i;

/** Payment intermediaries: when a row names one of these, the merchant is in its description instead. */
const INTERMEDIARY_RE =
  /^(支付宝|财付通|微信支付|微信|alipay|tenpay|wechat ?pay|银联|unionpay|网上快捷支付|快捷支付)/i;
const COMPANY_SUFFIX_RE =
  /(股份有限公司|有限责任公司|有限公司|网络技术|科技|保险经纪|保险代理|信息技术|co\.?,? ?ltd\.?|inc\.?|limited|llc)$/i;

/**
 * A name to group charges by: the same merchant across sources — `元保` in the Alipay bill and `支付宝-元保`
 * on the bank statement — gives the same key.
 */
export function normaliseCounterparty(counterparty: string, description = ''): string {
  const name = clean(counterparty);
  if (!INTERMEDIARY_RE.test(name)) return name;
  // `支付宝-元保`: the merchant follows the intermediary; `支付宝（中国）网络技术有限公司`: it is in the description.
  return clean(name.replace(INTERMEDIARY_RE, '')) || clean(clean(description).replace(INTERMEDIARY_RE, ''));
}

function clean(text: string): string {
  let name = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]/g, '')
    .trim();
  for (let i = 0; i < 3; i++) name = name.replace(COMPANY_SUFFIX_RE, '').trim();
  return name.replace(/[\s\-—_:：·.,，。'"“”]+/g, '');
}

const DAY = 86_400_000;

export type SeriesOptions = {
  /** One series per merchant and product (元保意外险 and 元保百万医疗险 are two), and only regular amounts. */
  byService?: boolean;
  /** Merchant keys with a recorded agreement: their charges are a subscription whatever the amounts. */
  agreementKeys?: ReadonlySet<string>;
};

const GENERIC_SERVICE_RE =
  /自动续费|连续包月|连续包年|自动扣款|周期扣款|委托扣款|免密支付|代扣|扣款|月缴|年缴|续费|保费|支付|付款|消费|订单|商品|服务费?|第期|期|月份?|年|日|号|subscription|renewal|payment|monthly|charge/gi;

/** The product a charge pays for, from its description without the merchant, dates and payment words. */
function serviceOf(t: TransactionRecord, merchant: string): string {
  let text = clean(t.description).replace(/\d+/g, '');
  if (merchant) text = text.split(merchant).join('');
  text = text.replace(GENERIC_SERVICE_RE, '');
  if (INTERMEDIARY_ANY_RE.test(text) || text.length < 2) return '';
  return text;
}

const INTERMEDIARY_ANY_RE = /支付宝|财付通|微信|alipay|tenpay|wechat|快捷|银联|unionpay|网联|银企/i;

/** Rows whose description names no product (a bank line) join the merchant's one named product, if it has one. */
function mergeUnnamedServices(groups: Map<string, TransactionRecord[]>): void {
  const byMerchant = new Map<string, string[]>();
  for (const groupKey of groups.keys()) {
    const merchant = groupKey.slice(0, groupKey.lastIndexOf('\u0000'));
    const list = byMerchant.get(merchant);
    if (list) list.push(groupKey);
    else byMerchant.set(merchant, [groupKey]);
  }
  for (const [merchant, keys] of byMerchant) {
    const unnamed = `${merchant}\u0000`;
    const named = keys.filter((k) => k !== unnamed);
    if (named.length !== 1 || !keys.includes(unnamed)) continue;
    groups.get(named[0]!)!.push(...groups.get(unnamed)!);
    groups.delete(unnamed);
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Adds whole calendar months in the source's local time, keeping the day of month (clamped to month end). */
function addInterval(t: TransactionRecord, interval: Interval): string {
  const local = new Date(Date.parse(t.occurredUtc) + t.occurredOffset * 60_000);
  const months = interval === 'monthly' ? 1 : interval === 'quarterly' ? 3 : interval === 'yearly' ? 12 : 0;
  let next: Date;
  if (months) {
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth() + months;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    next = new Date(
      Date.UTC(
        y,
        m,
        Math.min(local.getUTCDate(), lastDay),
        local.getUTCHours(),
        local.getUTCMinutes(),
        local.getUTCSeconds(),
      ),
    );
  } else {
    next = new Date(local.getTime() + (interval === 'weekly' ? 7 : 14) * DAY);
  }
  return formatInstant({
    utc: new Date(next.getTime() - t.occurredOffset * 60_000).toISOString(),
    offset: t.occurredOffset,
  });
}

/**
 * Finds the charges that recur: the same counterparty (normalised, across sources), at a regular interval
 * (weekly to yearly, with tolerance), at least three times — or twice when the descriptions say the charge
 * is automatic. Amounts may change inside a series; each change is listed.
 */
export function detectSeries(
  transactions: TransactionRecord[],
  repeats: ReadonlyMap<string, string> = new Map(),
  options: SeriesOptions = {},
): Series[] {
  // A payment seen in two files is counted once; its second sighting joins the series beside its primary.
  const secondSightings = new Map<string, string[]>();
  for (const [repeat, primary] of repeats)
    secondSightings.set(primary, [...(secondSightings.get(primary) ?? []), repeat]);
  const groups = new Map<string, TransactionRecord[]>();
  for (const t of transactions) {
    if (t.direction !== 'out' || t.amountMinor === 0 || repeats.has(t.id)) continue;
    const key = normaliseCounterparty(t.counterparty, t.description);
    if (!key) continue;
    const service = options.byService ? serviceOf(t, key) : '';
    const groupKey = `${key}\u0000${t.currency}\u0000${service}`;
    const list = groups.get(groupKey);
    if (list) list.push(t);
    else groups.set(groupKey, [t]);
  }
  if (options.byService) mergeUnnamedServices(groups);
  const services = new Map<string, number>();
  for (const groupKey of groups.keys()) {
    const merchant = groupKey.split('\u0000').slice(0, 2).join('\u0000');
    services.set(merchant, (services.get(merchant) ?? 0) + 1);
  }
  const out: Series[] = [];
  for (const [groupKey, rows] of groups) {
    if (rows.length < 2) continue;
    rows.sort((a, b) => (a.occurredUtc < b.occurredUtc ? -1 : a.occurredUtc > b.occurredUtc ? 1 : 0));
    const saysAutomatic = rows.some((t) => AUTOMATIC_RE.test(`${t.description} ${t.note} ${t.category}`));
    const merchantKey = groupKey.slice(0, groupKey.indexOf('\u0000'));
    const hasAgreement = options.agreementKeys?.has(merchantKey) ?? false;
    if (rows.length < 3 && !saysAutomatic && !hasAgreement) continue;
    const gaps: number[] = [];
    for (let i = 1; i < rows.length; i++) {
      gaps.push((Date.parse(rows[i]!.occurredUtc) - Date.parse(rows[i - 1]!.occurredUtc)) / DAY);
    }
    const typical = median(gaps);
    const interval = INTERVALS.find((iv) => typical >= iv.min && typical <= iv.max);
    if (!interval) continue;
    // Most gaps must fit: a shop visited now and then is not a subscription.
    const fitting = gaps.filter((g) => g >= interval.min && g <= interval.max).length;
    if (fitting / gaps.length < 0.6) continue;

    const [key, currency, service] = groupKey.split('\u0000') as [string, string, string];
    const counts = new Map<number, number>();
    for (const t of rows) counts.set(t.amountMinor, (counts.get(t.amountMinor) ?? 0) + 1);
    const [usual, usualCount] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    // Everyday spending at a regular place (coffee, taxis) varies in amount; a subscription does not, unless it
    // says it renews itself or an agreement stands behind it.
    if (options.byService && !saysAutomatic && !hasAgreement && usualCount / rows.length < 0.6) continue;
    const names = new Map<string, number>();
    for (const t of rows) names.set(t.counterparty, (names.get(t.counterparty) ?? 0) + 1);
    const priceChanges: Series['priceChanges'] = [];
    for (let i = 1; i < rows.length; i++) {
      const prev = rows[i - 1]!;
      const cur = rows[i]!;
      if (cur.amountMinor !== prev.amountMinor) {
        priceChanges.push({
          at: formatInstant({ utc: cur.occurredUtc, offset: cur.occurredOffset }),
          from: formatAmount(prev.amountMinor, currency),
          to: formatAmount(cur.amountMinor, currency),
        });
      }
    }
    const first = rows[0]!;
    const last = rows.at(-1)!;
    out.push({
      // A merchant with one service keeps the id it had before series were split by service.
      id: `ser_${createHash('sha256')
        .update(services.get(`${key}\u0000${currency}`) === 1 ? `${key}\u0000${currency}` : groupKey)
        .digest('hex')
        .slice(0, 12)}`,
      ...(service ? { service } : {}),
      counterparty: [...names.entries()].sort((a, b) => b[1] - a[1])[0]![0],
      key,
      count: rows.length,
      interval: interval.name,
      intervalDays: Math.round(typical * 10) / 10,
      amount: formatAmount(usual, currency),
      currency,
      first: formatInstant({ utc: first.occurredUtc, offset: first.occurredOffset }),
      last: formatInstant({ utc: last.occurredUtc, offset: last.occurredOffset }),
      nextExpected: addInterval(last, interval.name),
      total: formatAmount(
        rows.reduce((s, t) => s + t.amountMinor, 0),
        currency,
      ),
      priceChanges,
      saysAutomatic,
      disputed: rows.filter((t) => t.disputed).length,
      transactions: rows.flatMap((t) => [t.id, ...(secondSightings.get(t.id) ?? [])]),
    });
  }
  return out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
