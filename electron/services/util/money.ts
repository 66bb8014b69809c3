import { minorDigitsOf } from '../importers/currency.ts';
import { formatMinor } from '../importers/money.ts';

/** Digits after the decimal point for a currency (2 for CNY, 0 for JPY); cached, as it runs once per row. */
export const minorDigits = minorDigitsOf;

/** `3990` CNY → `"39.90"`: exact, from integers, never through floating point. */
export function formatAmount(minor: number, currency: string): string {
  return formatMinor(minor, minorDigits(currency));
}
