import { formatInstant, instantFromZoned, isValidLocal } from '../util/time.ts';
import { buildLines, spanBoxes, type Box, type OcrLine, type OcrWord } from './text.ts';

/** Where a suggested fact was read: the page, the whole line as read, and the boxes of its words. */
export type FactSource = { page: number; line: string; boxes: Box[]; confidence: number };

export type AmountSuggestion = {
  /** Decimal string, as a person writes it: `39.90`. */
  value: string;
  minor: number;
  currency: string;
  /** `-` for money out as the screen shows it, `+` for money in, null when unsigned. */
  sign: '-' | '+' | null;
  source: FactSource;
};
export type TimeSuggestion = {
  /** The time as the screen showed it, normalised: `2025-08-27 08:01:12` (local, no offset). */
  local: string;
  /** The instant, read in the given time zone: `2025-08-27T08:01:12+08:00`. */
  at: string;
  source: FactSource;
};
export type TextSuggestion = { value: string; source: FactSource };

/** Facts offered to the user from a payment screenshot. Never applied without the user accepting them. */
export type FactSuggestions = {
  amount?: AmountSuggestion;
  time?: TimeSuggestion;
  counterparty?: TextSuggestion;
  orderId?: TextSuggestion;
};

export type SuggestOptions = {
  /** Where a time without an offset is read; Chinese payment apps show local time (UTC+08:00). */
  timeZone?: string;
  /** Currency assumed when the screen shows none (Alipay and WeChat show bare yuan amounts). */
  currency?: string;
};

const AMOUNT =
  /([-+−]?)\s?(¥|\$|€|£|CNY|RMB|USD|EUR|HKD)?\s?(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?![\d.]?\d)\s?(元)?/u;
const BARE_AMOUNT = /^([-+−]?)\s?(¥|\$|€|£)?\s?(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})\s?(元)?$/u;
const AMOUNT_LABEL = /(付款金额|支付金额|实付金额|扣款金额|订单金额|交易金额|实付|金额|合计|Amount|Total)/iu;
const DATETIME =
  /(\d{4})\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})\s?日?\s*(\d{1,2})\s?[:：]\s?(\d{2})(?:\s?[:：]\s?(\d{2}))?/u;
const TIME_LABEL = /(支付时间|付款时间|扣款时间|交易时间|创建时间|下单时间|Payment time|Time)/iu;
const ORDER_LABEL =
  /(订单号|订单编号|交易单号|交易号|商户单号|商家订单号|商户订单号|流水号|Order\s?(?:No\.?|ID|number))\s?[:：]?\s?/iu;
const ORDER_VALUE = /[A-Za-z0-9](?:[A-Za-z0-9-]|\s(?=[A-Za-z0-9])){7,}/u;
const COUNTERPARTY_LABEL =
  /(收款方|收款人|商户名称|商户全称|商家名称|商家全称|商家|交易对方|对方账户|Merchant|Payee)\s?[:：]?\s?/iu;
const NOT_A_NAME =
  /(交易成功|支付成功|成功|处理中|失败|时间|订单|金额|账单|详情|付款方式|支付方式|商品说明|Alipay|支付宝)|^[\s\p{P}\p{S}]*$|^\d/u;

const CURRENCY_BY_SIGN: Record<string, string> = {
  '¥': 'CNY',
  CNY: 'CNY',
  RMB: 'CNY',
  元: 'CNY',
  $: 'USD',
  USD: 'USD',
  '€': 'EUR',
  EUR: 'EUR',
  '£': 'GBP',
  HKD: 'HKD',
};

function source(page: number, line: OcrLine, start: number, end: number): FactSource {
  const boxes = spanBoxes(line, start, end);
  const used = new Set<number>();
  for (let i = start; i < end; i++) {
    const w = line.charWord[i];
    if (w !== undefined && w >= 0) used.add(w);
  }
  const confs = [...used].map((i) => line.words[i]!.confidence);
  const confidence = confs.length ? confs.reduce((a, b) => a + b, 0) / confs.length : 0;
  return { page, line: line.text, boxes, confidence: Math.round(confidence * 10) / 10 };
}

function amountFrom(
  page: number,
  line: OcrLine,
  m: RegExpExecArray,
  defaultCurrency: string,
): AmountSuggestion {
  const [, sign, symbol, whole, cents, yuan] = m;
  const intPart = whole!.replace(/,/g, '');
  const minor = Number(intPart) * 100 + Number(cents);
  const currency = CURRENCY_BY_SIGN[symbol ?? yuan ?? ''] ?? defaultCurrency;
  return {
    value: `${Number(intPart)}.${cents}`,
    minor,
    currency,
    sign: sign === '-' || sign === '−' ? '-' : sign === '+' ? '+' : null,
    source: source(page, line, m.index, m.index + m[0].trimEnd().length),
  };
}

/**
 * Reads the facts of a payment-detail screenshot (Alipay, WeChat Pay, bank apps) out of its OCR words: the
 * amount and currency, when it was charged, who was paid and the order number — each with the boxes of the
 * words it came from, so the screen can show it beside the place it was read. Pure: nothing is stored.
 */
export function suggestFacts(
  ocr: { page?: number; words: readonly OcrWord[] },
  options: SuggestOptions = {},
): FactSuggestions {
  const page = ocr.page ?? 1;
  const lines = buildLines(ocr.words);
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const currency = options.currency ?? 'CNY';
  const out: FactSuggestions = {};

  // The amount: the big figure standing alone on its line (how payment apps show it), else a labelled one.
  let amountLine = -1;
  lines.forEach((line, i) => {
    if (out.amount) return;
    const m = BARE_AMOUNT.exec(line.text.trim());
    if (m && !DATETIME.test(line.text)) {
      const lead = line.text.length - line.text.trimStart().length;
      m.index = lead;
      out.amount = amountFrom(page, line, m, currency);
      amountLine = i;
    }
  });
  if (!out.amount) {
    for (const line of lines) {
      const label = AMOUNT_LABEL.exec(line.text);
      if (!label) continue;
      const rest = line.text.slice(label.index + label[0].length);
      const m = AMOUNT.exec(rest);
      if (m && !DATETIME.test(rest)) {
        m.index += label.index + label[0].length;
        out.amount = amountFrom(page, line, m, currency);
        break;
      }
    }
  }

  // The time: a labelled one first (支付时间 …), else the first date and time on the screen.
  const timeCandidates = [...lines.filter((l) => TIME_LABEL.test(l.text)), ...lines];
  for (const line of timeCandidates) {
    const m = DATETIME.exec(line.text);
    if (!m) continue;
    const t = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? 0),
    };
    if (!isValidLocal(t)) continue;
    const p2 = (n: number) => String(n).padStart(2, '0');
    out.time = {
      local: `${t.year}-${p2(t.month)}-${p2(t.day)} ${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`,
      at: formatInstant(instantFromZoned(t, timeZone)),
      source: source(page, line, m.index, m.index + m[0].length),
    };
    break;
  }

  // The order number: after its label; OCR may break a long number with spaces, which are dropped.
  for (const line of lines) {
    const label = ORDER_LABEL.exec(line.text);
    if (!label) continue;
    const offset = label.index + label[0].length;
    const m = ORDER_VALUE.exec(line.text.slice(offset));
    if (!m) continue;
    const start = offset + m.index;
    out.orderId = {
      value: m[0].replace(/\s/g, ''),
      source: source(page, line, start, start + m[0].length),
    };
    break;
  }

  // Who was paid: after its label, else the name shown right above the amount.
  for (const line of lines) {
    const label = COUNTERPARTY_LABEL.exec(line.text);
    if (!label) continue;
    const start = label.index + label[0].length;
    const value = line.text.slice(start).trim();
    if (!value) continue;
    out.counterparty = { value, source: source(page, line, start, line.text.length) };
    break;
  }
  if (!out.counterparty && amountLine > 0) {
    for (let i = amountLine - 1; i >= Math.max(0, amountLine - 2); i--) {
      const line = lines[i]!;
      const value = line.text.trim();
      if (NOT_A_NAME.test(value) || value.length < 2) continue;
      out.counterparty = { value, source: source(page, line, 0, line.text.length) };
      break;
    }
  }
  return out;
}
