import { formatMinor } from '../importers/money.ts';

/** Digits after the decimal point for a currency (2 for CNY, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** `3990` CNY → `"39.90"`: exact, from integers, never through floating point. */
export function formatAmount(minor: number, currency: string): string {
  return formatMinor(minor, minorDigits(currency));
}
