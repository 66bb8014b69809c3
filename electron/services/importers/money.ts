/**
 * Money is an integer count of the currency's minor unit. Text is parsed digit by digit so `0.1 + 0.2`
 * never happens; spreadsheet numbers (already binary floats) are rounded once, here.
 */

// Currency signs and every kind of space (tabs, NBSP, U+3000) that exports pad amounts with.
const NOISE_RE = /[\s¥￥]/g;
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const MAX_DIGITS = 15; // stays below Number.MAX_SAFE_INTEGER

/**
 * `"¥28.16"` → 2816, `"1,234.56"` → 123456, `"-18.00"` → -1800, `"+25.00"` → 2500, `"¥50.0"` → 5000.
 * Null when the text is not a plain decimal, has misplaced thousands separators (`"1,5"` is ambiguous),
 * or has non-zero digits beyond the minor unit (they cannot be kept exactly).
 */
export function parseDecimalToMinor(text: string, minorDigits = 2): number | null {
  let s = text.replace(NOISE_RE, '');
  if (s.includes(',')) {
    if (!GROUPED_RE.test(s)) return null;
    s = s.replaceAll(',', '');
  }
  const m = DECIMAL_RE.exec(s);
  if (!m) return null;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  if (whole === '' && frac === '') return null;
  for (let i = minorDigits; i < frac.length; i++) if (frac.charCodeAt(i) !== 48) return null;
  const digits = (whole + frac.slice(0, minorDigits).padEnd(minorDigits, '0')).replace(/^0+/, '');
  if (digits.length > MAX_DIGITS) return null;
  const value = digits === '' ? 0 : Number(digits);
  return m[1] === '-' && value !== 0 ? -value : value;
}

/** A spreadsheet number (`23.600000000000001`) rounded once to the minor unit; null when not finite. */
export function minorFromNumber(value: number, minorDigits = 2): number | null {
  if (!Number.isFinite(value)) return null;
  // toPrecision(15) drops the binary noise first, so 1.005 rounds to 101 and not to 100.
  const scaled = Number((Math.abs(value) * 10 ** minorDigits).toPrecision(15));
  const minor = Math.round(scaled);
  if (!Number.isSafeInteger(minor)) return null;
  return value < 0 && minor !== 0 ? -minor : minor;
}

/** 3990 → `"39.90"`, -11 → `"-0.11"`; the decimal string used at the edges (export, display input). */
export function formatMinor(minor: number, digits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const s = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  if (digits <= 0) return sign + s;
  return `${sign}${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
}

/** An amount cell split into its number and what banks and platforms write around it. */
export type AmountParts = {
  /** The number as written, without the currency word or the remark (`123.18`, `-5.00`). */
  number: string;
  /** A currency written in the cell (`CNY 123.18`, `123.18 USD`, `RMB123.18`), as written; null when none. */
  currency: string | null;
  /** A remark in brackets after the number (`已退款89.84`, `已全额退款`), trimmed; null when none. */
  remark: string | null;
};

// [1] leading code, [2] number, [3] trailing code, [4] bracketed remark.
const AMOUNT_PARTS_RE =
  /^([A-Za-z]{3})?\s*([+-]?[\s¥￥$€£]*[\d,]*\.?\d*)\s*([A-Za-z]{3})?\s*(?:[(（]([^()（）]*)[)）])?$/;
// Accountants' negative: `(123.45)`.
const ACCOUNTING_NEGATIVE_RE = /^[(（]([\d,]+(?:\.\d+)?)[)）]$/;

/**
 * `CNY 123.18` → 123.18 in CNY; `131.77(已退款89.84)` (JD) → 131.77 with the remark `已退款89.84`;
 * `(12.00)` → -12.00. A cell with none of these comes back as it is.
 */
export function splitAmountText(text: string): AmountParts {
  const t = text.trim();
  const negative = ACCOUNTING_NEGATIVE_RE.exec(t);
  if (negative) return { number: `-${negative[1] ?? ''}`, currency: null, remark: null };
  const m = AMOUNT_PARTS_RE.exec(t);
  if (!m || !/\d/.test(m[2] ?? '') || (m[1] && m[3])) return { number: t, currency: null, remark: null };
  const remark = m[4]?.trim();
  return { number: (m[2] ?? '').trim(), currency: m[1] ?? m[3] ?? null, remark: remark || null };
}
