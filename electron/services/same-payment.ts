import type { TransactionRecord } from '../../db/queries/records.ts';
import { normaliseCounterparty } from './series.ts';

const DAY = 86_400_000;
/** Words that make a row money coming back, whatever its direction column says. */
export const REFUND_RE = /退款|退货|refund|return|reversal|chargeback/i;
const INTERMEDIARY_RE = /支付宝|财付通|微信|alipay|tenpay|wechat|快捷支付|银联|unionpay/i;

/** Which way the money went, whatever the export calls it: a refund is money back even where a bill files it as 不计收支. */
function flow(t: TransactionRecord): 'out' | 'back' | 'in' | null {
  if (t.direction === 'out') return 'out';
  if (REFUND_RE.test(`${t.status} ${t.description} ${t.category} ${t.counterparty}`)) return 'back';
  return t.direction === 'in' ? 'in' : null;
}

function names(t: TransactionRecord): string {
  return `${normaliseCounterparty(t.counterparty, t.description)} ${normaliseCounterparty(t.description)}`;
}

function related(a: TransactionRecord, b: TransactionRecord): boolean {
  const ka = normaliseCounterparty(a.counterparty, a.description);
  const kb = normaliseCounterparty(b.counterparty, b.description);
  if (ka && kb && (names(b).includes(ka) || names(a).includes(kb))) return true;
  // A bank line that only names the payment platform (网上快捷支付 支付宝) pays whatever the platform's bill says.
  return (
    INTERMEDIARY_RE.test(`${a.counterparty} ${a.description}`) !==
    INTERMEDIARY_RE.test(`${b.counterparty} ${b.description}`)
  );
}

/**
 * One payment seen twice — a charge in the Alipay bill and `支付宝-元保` on the bank statement, or its refund in
 * both — is matched: same amount and currency, same flow of money, within a day, from two different files,
 * and the names agree (or one side only names the payment platform). Returns, for each second sighting, the
 * row it repeats; both rows stay as two proofs of one payment, and totals count it once.
 */
export function matchSamePayments(transactions: TransactionRecord[]): Map<string, string> {
  const groups = new Map<string, TransactionRecord[]>();
  for (const t of transactions) {
    const f = flow(t);
    if (!f || t.amountMinor === 0) continue;
    const key = `${f}|${t.currency}|${t.amountMinor}`;
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const repeats = new Map<string, string>();
  for (const rows of groups.values()) {
    if (rows.length < 2) continue;
    rows.sort((a, b) => (a.occurredUtc < b.occurredUtc ? -1 : a.occurredUtc > b.occurredUtc ? 1 : 0));
    const taken = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]!;
      if (taken.has(a.id)) continue;
      const ta = Date.parse(a.occurredUtc);
      let best: TransactionRecord | null = null;
      for (let j = i + 1; j < rows.length; j++) {
        const b = rows[j]!;
        if (Date.parse(b.occurredUtc) - ta > DAY) break;
        if (taken.has(b.id) || b.evidenceId === a.evidenceId || !related(a, b)) continue;
        best = b;
        break;
      }
      if (!best) continue;
      // The platform's own row is the primary sighting; the bank's is the repeat.
      const bankSide = INTERMEDIARY_RE.test(`${a.counterparty} ${a.description}`) ? a : best;
      const primary = bankSide === a ? best : a;
      repeats.set(bankSide.id, primary.id);
      taken.add(a.id);
      taken.add(best.id);
    }
  }
  return repeats;
}
