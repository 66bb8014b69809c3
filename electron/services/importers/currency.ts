/**
 * Currency names as statements write them (人民币, 港币, `USD`) mapped to ISO 4217 codes, and the number of
 * minor-unit digits of each code, so `¥1,000` and `JPY 1000` both become exact integers.
 */

const NAMES: Readonly<Record<string, string>> = {
  人民币: 'CNY',
  人民币元: 'CNY',
  元: 'CNY',
  rmb: 'CNY',
  港币: 'HKD',
  港元: 'HKD',
  美元: 'USD',
  美金: 'USD',
  欧元: 'EUR',
  英镑: 'GBP',
  日元: 'JPY',
  澳元: 'AUD',
  澳大利亚元: 'AUD',
  加元: 'CAD',
  加拿大元: 'CAD',
  新加坡元: 'SGD',
  新币: 'SGD',
  瑞士法郎: 'CHF',
  新台币: 'TWD',
  台币: 'TWD',
  澳门元: 'MOP',
  澳门币: 'MOP',
  韩元: 'KRW',
  新西兰元: 'NZD',
  纽元: 'NZD',
  泰铢: 'THB',
  卢布: 'RUB',
  '¥': 'CNY',
  '￥': 'CNY',
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
};

const CODE_RE = /^[A-Z]{3}$/;

/** `人民币` → `CNY`, `hkd` → `HKD`, `人民币（本币）` → `CNY`; null when the text names no currency. */
export function currencyCode(text: string): string | null {
  const t = text.replace(/[\s()（）]|本币|外币/g, '');
  if (t === '') return null;
  const upper = t.toUpperCase();
  if (CODE_RE.test(upper)) return upper === 'RMB' ? 'CNY' : upper;
  // Own keys only: `constructor` or `__proto__` in a currency column would otherwise return a function.
  const lower = t.toLowerCase();
  return Object.hasOwn(NAMES, t) ? NAMES[t]! : Object.hasOwn(NAMES, lower) ? NAMES[lower]! : null;
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 code (JPY 0, CNY 2, BHD 3); 2 when the runtime does not know the code. */
export function minorDigitsOf(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits;
    } catch {
      digits = 2;
    }
    digits ??= 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

// Where a statement names no currency, the case's zone is the best hint of the account's home currency.
const EURO_ZONES = new Set([
  'Europe/Amsterdam',
  'Europe/Athens',
  'Europe/Berlin',
  'Europe/Bratislava',
  'Europe/Brussels',
  'Europe/Dublin',
  'Europe/Helsinki',
  'Europe/Lisbon',
  'Europe/Ljubljana',
  'Europe/Luxembourg',
  'Europe/Madrid',
  'Europe/Malta',
  'Europe/Monaco',
  'Europe/Paris',
  'Europe/Riga',
  'Europe/Rome',
  'Europe/Tallinn',
  'Europe/Vienna',
  'Europe/Vilnius',
  'Europe/Zagreb',
  'Atlantic/Madeira',
  'Atlantic/Azores',
  'Atlantic/Canary',
]);

const ZONE_CURRENCY: Readonly<Record<string, string>> = {
  'Asia/Shanghai': 'CNY',
  'Asia/Chongqing': 'CNY',
  'Asia/Harbin': 'CNY',
  'Asia/Urumqi': 'CNY',
  PRC: 'CNY',
  'Asia/Hong_Kong': 'HKD',
  'Asia/Macau': 'MOP',
  'Asia/Taipei': 'TWD',
  'Asia/Tokyo': 'JPY',
  'Asia/Seoul': 'KRW',
  'Asia/Singapore': 'SGD',
  'Asia/Kolkata': 'INR',
  'Asia/Bangkok': 'THB',
  'Europe/London': 'GBP',
  'Europe/Zurich': 'CHF',
  'Europe/Oslo': 'NOK',
  'Europe/Stockholm': 'SEK',
  'Europe/Copenhagen': 'DKK',
  'Europe/Warsaw': 'PLN',
  'Europe/Prague': 'CZK',
  'Europe/Budapest': 'HUF',
  'Australia/Sydney': 'AUD',
  'Australia/Melbourne': 'AUD',
  'Australia/Brisbane': 'AUD',
  'Australia/Perth': 'AUD',
  'Australia/Adelaide': 'AUD',
  'Pacific/Auckland': 'NZD',
  'America/Toronto': 'CAD',
  'America/Vancouver': 'CAD',
  'America/Mexico_City': 'MXN',
  'America/Sao_Paulo': 'BRL',
};

/** The likely home currency of a case in `timeZone`, or null when the zone gives no clear answer. */
export function currencyOfZone(timeZone: string): string | null {
  if (EURO_ZONES.has(timeZone)) return 'EUR';
  if (isUsZone(timeZone)) return 'USD';
  return Object.hasOwn(ZONE_CURRENCY, timeZone) ? ZONE_CURRENCY[timeZone]! : null;
}

const US_ZONE_RE =
  /^(?:US\/.+|America\/(?:New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Detroit|Boise|Juneau|Sitka|Nome|Yakutat|Metlakatla|Menominee|Adak|Indiana\/.+|Kentucky\/.+|North_Dakota\/.+)|Pacific\/Honolulu)$/;

/** Zones of the United States, the one place that writes dates month first by default. */
export function isUsZone(timeZone: string): boolean {
  return US_ZONE_RE.test(timeZone);
}
