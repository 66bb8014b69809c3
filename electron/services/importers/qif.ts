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
 * `L` category, `C` cleared status; split lines (`S` category, `E` memo, `$` amount) are kept in `raw` as
 * `split 1`, `split 2` …. Investment sections (`!Type:Invst`) are skipped with a warning saying how many
 * records were left out; list sections (`!Type:Cat`, `!Option:…`) silently. Comment lines (`#`, `;`, `//`)
 * that some exporters write are ignored.
 *
 * Dates come as `1/5'24` (Quicken: apostrophe = 2000s), `2/14'2020`, ` 1/ 5'24`, `12/31' 9` (space-padded),
 * `01/05/2024`, `1/5/98`, `2024-01-05` or `05.01.2024`.
 * Day or month first is decided for the whole file: any first field > 12 ⇒ day first, else any second
 * field > 12 ⇒ month first, else month first (Quicken's own order). QIF names no currency: the case's zone
 * gives the home currency (`XXX` and one problem when it cannot). Times are local midnight in that zone.
 */

const FORMAT = 'qif';
const LABEL = 'Quicken QIF statement';

const BANK_TYPES = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l', 'invoice']);
const HEADER_RE = /^!type:([^\r\n]*)/i;

const COMMENT_RE = /^\s*(?:#|;|\/\/)/;

export function isQif(head: string): boolean {
  const lines = head.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim() !== '' && !COMMENT_RE.test(l)) ?? '';
  return /^\s*!(?:type:|option:|account|clear:)/i.test(first);
}

// [1] a [2] b [3] separator before the year [4] year. Quicken pads every field to two places with spaces,
// the year after its apostrophe too: `12/31' 9` is 31 December 2009.
const AB_RE = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*(['/.-])\s*(\d{1,2}|\d{4})$/;
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

type QifRecord = {
  line: number;
  type: string;
  fields: Map<string, string>;
  splits: Partial<Record<'S' | 'E' | '$', string>>[];
};

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
  /** Investment sections skipped: their first line and how many records they held. */
  const skipped: { line: number; records: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^\ufeff/, '').trimStart();
    if (line.trim() === '' || COMMENT_RE.test(line)) continue;
    if (line.startsWith('!')) {
      const type = HEADER_RE.exec(line);
      if (type) {
        accountType = (type[1] ?? '').trim();
        isBankSection = BANK_TYPES.has(accountType.toLowerCase());
        if (/^invst$/i.test(accountType)) skipped.push({ line: i + 1, records: 0 });
      } else if (!/^!(?:option|clear):/i.test(line)) {
        isBankSection = false;
      }
      current = null;
      continue;
    }
    if (!isBankSection) {
      const section = skipped.at(-1);
      if (line.startsWith('^') && section && /^invst$/i.test(accountType)) section.records++;
      continue;
    }
    if (line.startsWith('^')) {
      if (current) records.push(current);
      current = null;
      continue;
    }
    const code = line[0] ?? '';
    current ??= { line: i + 1, type: accountType, fields: new Map(), splits: [] };
    const value = line.slice(1).trim();
    // A split starts at `S` (its category); `E` and `$` complete the split in progress.
    if (code === 'S') current.splits.push({ S: value });
    else if ((code === 'E' || code === '$') && current.splits.length > 0)
      current.splits.at(-1)![code] = value;
    else if (!current.fields.has(code)) current.fields.set(code, value);
  }
  if (current) records.push(current);
  if (skipped.length > 0) {
    result.warnings = skipped.map(
      (s) =>
        `investment section (!Type:Invst) at line ${s.line} skipped: ${s.records} record(s) of holdings and trades are not payments`,
    );
  }

  const order = decideOrder(records.map((r) => r.fields.get('D') ?? ''));
  for (const { line, type, fields, splits } of records) {
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
    splits.forEach((split, k) => {
      raw[`split ${k + 1}`] = [split.S ?? '', split.E ?? '', split.$ ?? ''].join(' | ');
    });
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
      category: fields.get('L') ?? splits[0]?.S ?? '',
      note: fields.get('A') ?? '',
      line,
      raw,
    };
    result.transactions.push(transaction);
  }
  if (records.length === 0 && skipped.length === 0)
    result.problems.push({ line: 0, error: 'no bank, cash or card QIF records found' });
  return result;
}

export const qifImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isQif(decodeHead(head)),
  parse: (bytes, ctx) => parseQif(bytes, ctx),
};
