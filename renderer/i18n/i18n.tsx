import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatter } from '../lib/time.ts';
import { LOCALES, type Locale, type Messages } from './messages.ts';
import type { Coded } from '../../electron/messages/say.ts';
import { useFirstScreenDrawn } from '../lib/first-paint.ts';
import { loadSaid, sayInPage, setSaidLocale } from './said.ts';

const STORAGE_KEY = 'evidence-locker.locale';

/** The saved choice, else the system language: Chinese for any zh-*, English otherwise. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage can be unavailable; the system language is a fine default.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Formatters = {
  day: (utc: string, timeZone: string) => string;
  time: (utc: string, timeZone: string) => string;
  dateTime: (utc: string, timeZone: string) => string;
  date: (utc: string, timeZone: string) => string;
  bytes: (n: number) => string;
  number: (n: number) => string;
  /** `"39.90"`, `CNY` → `¥39.90` (zh-CN) or `CN¥39.90` (en): the decimal string is formatted exactly. */
  money: (amount: string, currency: string) => string;
  /** `Asia/Shanghai` → 中国标准时间 / China Standard Time: a zone in the interface's words, never its IANA id. */
  zoneName: (timeZone: string) => string;
  /** `CNY` → 人民币 / Chinese Yuan: a currency in words. */
  currencyName: (currency: string) => string;
};

type I18n = {
  locale: Locale;
  t: Messages;
  fmt: Formatters;
  /** An error or warning from the locker (a code with parameters) in this language. */
  say: (message: Coded | string) => string;
  setLocale: (l: Locale) => void;
};

const I18nContext = createContext<I18n | null>(null);

function makeFormatters(locale: Locale): Formatters {
  // Made on first use, not with the page: building the first Intl object of a locale is slow, and the first
  // screen may need none of the number formats.
  let numbers: Intl.NumberFormat | undefined;
  const currencies = new Map<string, Intl.NumberFormat>();
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  return {
    day: (utc, tz) =>
      formatter(locale, tz, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(
        new Date(utc),
      ),
    time: (utc, tz) =>
      formatter(locale, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(utc)),
    dateTime: (utc, tz) =>
      formatter(locale, tz, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' }).format(
        new Date(utc),
      ),
    date: (utc, tz) => formatter(locale, tz, { dateStyle: 'medium' }).format(new Date(utc)),
    bytes: (n) => {
      let value = n;
      let i = 0;
      while (value >= 1024 && i < units.length - 1) {
        value /= 1024;
        i += 1;
      }
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: units[i],
        unitDisplay: 'short',
        maximumFractionDigits: i === 0 ? 0 : 1,
      }).format(value);
    },
    number: (n) => (numbers ??= new Intl.NumberFormat(locale)).format(n),
    zoneName: (timeZone) => {
      try {
        return (
          formatter(locale, timeZone, { timeZoneName: 'longGeneric' })
            .formatToParts(new Date())
            .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
        );
      } catch {
        return timeZone;
      }
    },
    currencyName: (currency) => {
      try {
        return new Intl.DisplayNames(locale, { type: 'currency' }).of(currency) ?? currency;
      } catch {
        return currency;
      }
    },
    money: (amount, currency) => {
      let f = currencies.get(currency);
      if (!f) {
        try {
          f = new Intl.NumberFormat(locale, { style: 'currency', currency });
        } catch {
          return `${amount} ${currency}`;
        }
        currencies.set(currency, f);
      }
      // A decimal string, not a float: Intl formats "39.90" digit for digit.
      return f.format(amount as Intl.StringNumericLiteral);
    },
  };
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  // The catalogue of the locker's messages, once the first screen is drawn (see said.ts).
  const isDrawn = useFirstScreenDrawn();
  useEffect(() => {
    if (isDrawn) loadSaid().catch(() => undefined); // asked again by the first message worded
  }, [isDrawn]);
  // The page language picks the right CJK glyphs (Simplified, not Japanese forms) and the screen reader voice.
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = LOCALES[locale].appName;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    setSaidLocale(locale);
    return {
      locale,
      t: LOCALES[locale],
      fmt: makeFormatters(locale),
      say: (message) => sayInPage(message, locale),
      setLocale: (next) => {
        setLocaleState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not saved: the choice still holds for this session.
        }
      },
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
