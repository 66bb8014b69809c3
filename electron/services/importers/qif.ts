import type { LocalDateTime } from '../util/time.ts';
import { isValidLocal } from '../util/time.ts';
import { currencyOfZone, minorDigitsOf } from './currency.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { parseDecimalToMinor } from './money.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportContext, ImportResult, Importer, ParsedTransaction } from './types.ts';

/**
 * Quicken Interchange Format for bank, cash and card accounts (`!Type:Bank`, `Cash`, `CCard`, `Oth A`,
 * `Oth L`). One record per `^`; `D` date, `T`/`U` amount (signed), `P` payee, `M` memo, `N` number,
 * `L` category, `C` cleared status. Investment and list sections (`!Type:Invst`, `!Type:Cat`,
 * `!Option:…`) are skipped.
 *
 * Dates come as `1/5'24` (Quicken: apostrophe = 2000s), `01/05/2024`, `1/5/98`, `2024-01-05` or `05.01.2024`.
 * Day or month first is decided for the whole file: any first field > 12 ⇒ day first, else any second
 * field > 12 ⇒ month first, else month first (Quicken's own order). QIF names no currency: the case's zone
 * gives the home currency (`XXX` and one problem when it cannot). Times are local midnight in that zone.
 */

const FORMAT = 'qif';
const LABEL = 'Quicken QIF statement';

const BANK_TYPES = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l', 'invoice']);
const HEADER_RE = /^!type:([^\r\n]*)/i;

export function isQif(head: string): boolean {
  const text = head.replace(/^\ufeff/, '').trimStart();
  return /^!(?:type:|option:|account|clear:)/i.test(text);
}

// [1] a [2] b [3] separator before the year [4] year
const AB_RE = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*(['/.-])\s*(\d{2}|\d{4})$/;
const YMD_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

type DateOrder = 'dmy' | 'mdy';

export function parseQifDate(text: string, order: DateOrder): LocalDateTime | null {
  const t = text.trim();
  const iso = YMD_RE.exec(t);
  let year: number;
  let month: number;
  let day: number;
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const m = AB_RE.exec(t);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[2])];
    [day, month] = order === 'dmy' ? [a, b] : [b, a];
    const y = m[4] ?? '';
    const yy = Number(y);
    // Quicken writes `'` before a two-digit year of the 2000s and `/` before one of the 1900s.
    year = y.length === 4 ? yy : m[3] === "'" ? 2000 + yy : yy < 70 ? 2000 + yy : 1900 + yy;
  }
  const local = { year, month, day, hour: 0, minute: 0, second: 0 };
  return isValidLocal(local) ? local : null;
}

/** Month first unless some date proves day first (a first field above 12). */
function decideOrder(dates: readonly string[]): DateOrder {
  for (const d of dates) {
    const m = AB_RE.exec(d.trim());
    if (m && Number(m[1]) > 12) return 'dmy';
  }
  return 'mdy';
}

type QifRecord = { line: number; type: string; fields: Map<string, string> };

export function parseQif(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const zone = usableZone(ctx.timeZone, result.problems);
  const resolve = zoneResolver(zone);
  let currency = currencyOfZone(zone);
  if (!currency) {
    result.problems.push({
      line: 0,
      error: `QIF names no currency and none is known for "${zone}"; amounts marked XXX`,
    });
    currency = 'XXX';
  }
  const digits = minorDigitsOf(currency);
  const lines = decodeText(bytes).split(/\r\n|\n|\r/);
  const records: QifRecord[] = [];
  let isBankSection = false;
  let accountType = '';
  let current: QifRecord | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^\ufeff/, '');
    if (line.trim() === '') continue;
    if (line.startsWith('!')) {
      const type = HEADER_RE.exec(line);
      if (type) {
        accountType = (type[1] ?? '').trim();
        isBankSection = BANK_TYPES.has(accountType.toLowerCase());
      } else if (!/^!(?:option|clear):/i.test(line)) {
        isBankSection = false;
      }
      current = null;
      continue;
    }
    if (!isBankSection) continue;
    if (line.startsWith('^')) {
      if (current) records.push(current);
      current = null;
      continue;
    }
    const code = line[0] ?? '';
    current ??= { line: i + 1, type: accountType, fields: new Map() };
    // Split lines (`S`, `E`, `$`) repeat; the first value of each code is the record's own.
    if (!current.fields.has(code)) current.fields.set(code, line.slice(1).trim());
  }
  if (current) records.push(current);

  const order = decideOrder(records.map((r) => r.fields.get('D') ?? ''));
  for (const { line, type, fields } of records) {
    const dateText = fields.get('D') ?? '';
    const t = parseQifDate(dateText, order);
    if (!t) {
      result.problems.push({ line, error: `unreadable date "${dateText}"` });
      continue;
    }
    const amountText = fields.get('T') ?? fields.get('U') ?? '';
    const signed = parseDecimalToMinor(amountText, digits);
    if (signed === null) {
      result.problems.push({ line, error: `unreadable amount "${amountText}"` });
      continue;
    }
    const instant = resolve(t);
    const payee = fields.get('P') ?? '';
    const raw: Record<string, string> = {};
    for (const [code, value] of fields) raw[code] = value;
    raw.type = type;
    const transaction: ParsedTransaction = {
      utc: instant.utc,
      offset: instant.offset,
      amountMinor: Math.abs(signed),
      currency,
      direction: signed < 0 ? 'out' : signed > 0 ? 'in' : 'neutral',
      counterparty: payee,
      description: fields.get('M') || payee,
      status: fields.get('C') ?? '',
      method: '',
      orderId: fields.get('N') ?? '',
      merchantOrderId: '',
      category: fields.get('L') ?? '',
      note: fields.get('A') ?? '',
      line,
      raw,
    };
    result.transactions.push(transaction);
  }
  if (records.length === 0)
    result.problems.push({ line: 0, error: 'no bank, cash or card QIF records found' });
  return result;
}

export const qifImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isQif(decodeHead(head)),
  parse: (bytes, ctx) => parseQif(bytes, ctx),
};
