import type { LocalDateTime } from '../util/time.ts';
import { isValidLocal } from '../util/time.ts';
import { currencyCode, minorDigitsOf } from './currency.ts';
import { usableZone, zoneResolver } from './local-time.ts';
import { parseDecimalToMinor } from './money.ts';
import { decodeHead, decodeText } from './text.ts';
import type { Direction, ImportContext, ImportResult, Importer, ParsedTransaction } from './types.ts';

/**
 * SWIFT MT940 customer statements, bare or in a SWIFT envelope (`{1:…}{4:` … `-}`) or SOH/ETX control
 * characters. Fields start with `:tag:` at the beginning of a line; every other line continues the field
 * above it. Each `:61:` statement line is one transaction, its `:86:` (joined without line breaks, since
 * SWIFT wraps at a fixed width) the description. The currency is the one of `:60F:`/`:60M:`; dates are
 * the value date (YYMMDD) at local midnight in the case's zone, the entry date (MMDD) kept in `raw`.
 */

const FORMAT = 'mt940';
const LABEL = 'SWIFT MT940 statement';

// Standard tags (`:61:`, `:60F:`) and the non-standard two-letter ones some banks add (Sberbank's `:NS:`),
// which start a field of their own instead of running on into the field above.
const TAG_RE = /^:(\d{2}[A-Z]?|[A-Z]{2}):/;
const DETECT_RE = /^:20:/m;
const BALANCE_RE = /^([CD])(\d{6})([A-Z]{3})([\d,.]+)/;
// [1] value date [2] entry date [3] mark [4] funds code [5] amount [6] type [7] customer ref [8] bank ref [9] rest
const STATEMENT_LINE_RE =
  /^(\d{6})(\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d[\d,]*)([NSF][A-Z0-9 ]{0,3})([^\n]*?)(?:\/\/([^\n]*))?(?:\n([\s\S]*))?$/;

export function isMt940(head: string): boolean {
  // eslint-disable-next-line no-control-regex -- the SOH/STX envelope some banks wrap the file in.
  const text = head.replace(/^[\u0001\u0002\s]+/, '').slice(0, 4096);
  return DETECT_RE.test(text) && /^:25:/m.test(text) && /^:6[01][A-Z]?:/m.test(text);
}

type Field = { tag: string; value: string; line: number };

function fieldsOf(text: string): Field[] {
  const fields: Field[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  let current: Field | null = null;
  for (let i = 0; i < lines.length; i++) {
    // eslint-disable-next-line no-control-regex -- SOH/ETX and other control bytes are envelope, not text.
    const raw = (lines[i] ?? '').replace(/[\u0000-\u0008\u000b-\u001f]/g, '');
    const m = TAG_RE.exec(raw);
    if (m) {
      current = { tag: m[1] ?? '', value: raw.slice(m[0].length), line: i + 1 };
      fields.push(current);
    } else if (current && raw !== '-' && raw !== '-}' && !raw.startsWith('{')) {
      current.value += `\n${raw}`;
    }
  }
  return fields;
}

const yearOf = (yy: string) => {
  const n = Number(yy);
  return n < 80 ? 2000 + n : 1900 + n;
};

function dateOf(yymmdd: string): LocalDateTime | null {
  const t = {
    year: yearOf(yymmdd.slice(0, 2)),
    month: Number(yymmdd.slice(2, 4)),
    day: Number(yymmdd.slice(4, 6)),
    hour: 0,
    minute: 0,
    second: 0,
  };
  return isValidLocal(t) ? t : null;
}

/** MT940 writes `1234,56`: a comma is the decimal mark and there are no thousands separators. */
const amountOf = (text: string, digits: number) => parseDecimalToMinor(text.replace(',', '.'), digits);

function directionOf(mark: string): Direction {
  // A reversal of a credit takes money out; a reversal of a debit puts it back.
  if (mark === 'C' || mark === 'RD' || mark === 'EC') return 'in';
  return 'out';
}

const SUBFIELD_RE = /\?(\d{2})/g;

/**
 * The other party named in `:86:` (German `?32`/`?33`, Dutch `/NAME/`, Polish `OD:`/`DLA:`), or ''.
 * `info` keeps the field's line breaks: the German subfields run across them, the Polish name ends at one.
 */
export function counterpartyOf86(info: string): string {
  if (/^\d{3}\?/.test(info)) {
    info = info.replace(/\r?\n/g, '');
    const parts = info.split(SUBFIELD_RE);
    const names: string[] = [];
    for (let k = 1; k + 1 < parts.length; k += 2) {
      if (parts[k] === '32' || parts[k] === '33') names.push(parts[k + 1] ?? '');
    }
    return names.join('').trim();
  }
  const dutch = /\/NAME\/([^/]*)/.exec(info);
  if (dutch?.[1]) return dutch[1].trim();
  // Polish banks name the party after `OD:` (from) or `DLA:` (to), ended by `;` or the line's end.
  const polish = /\b(?:OD|DLA|NAZWA):\s*([^;\n]+)/.exec(info);
  return polish?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
}

export function parseMt940(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const zone = usableZone(ctx.timeZone, result.problems);
  const resolve = zoneResolver(zone);
  const fields = fieldsOf(decodeText(bytes));
  const statements: Record<string, string>[] = [];
  let statement: Record<string, string> = {};
  let currency = '';
  let last: ParsedTransaction | null = null;

  for (const field of fields) {
    const value = field.value;
    switch (field.tag) {
      case '20':
        statement = { reference: value.trim() };
        statements.push(statement);
        last = null;
        break;
      case '25':
        statement.account = value.trim();
        break;
      case '28C':
        statement.sequence = value.trim();
        break;
      case '60F':
      case '60M':
      case '62F':
      case '62M':
      case '64': {
        const m = BALANCE_RE.exec(value.trim());
        if (!m) {
          result.problems.push({
            line: field.line,
            error: `unreadable balance :${field.tag}: "${value.trim()}"`,
          });
          break;
        }
        const code = m[3] ?? '';
        if (field.tag.startsWith('60')) currency = currencyCode(code) ?? '';
        const name = field.tag.startsWith('60') ? 'opening' : field.tag === '64' ? 'available' : 'closing';
        statement[`${name}Balance`] = `${m[1] === 'D' ? '-' : ''}${(m[4] ?? '').replace(',', '.')}`;
        statement[`${name}Date`] = m[2] ?? '';
        statement.currency = code;
        break;
      }
      case '61': {
        last = null;
        // The cap keeps the lazy match linear on a hostile multi-megabyte field.
        const m = STATEMENT_LINE_RE.exec(value.slice(0, 2000));
        const t = m ? dateOf(m[1] ?? '') : null;
        if (!m || !t) {
          result.problems.push({
            line: field.line,
            error: `unreadable :61: "${value.split('\n')[0] ?? ''}"`,
          });
          break;
        }
        if (currency === '') {
          result.problems.push({
            line: field.line,
            error: 'no :60F: opening balance before :61:, so no currency',
          });
          break;
        }
        const amount = amountOf(m[5] ?? '', minorDigitsOf(currency));
        if (amount === null) {
          result.problems.push({ line: field.line, error: `unreadable amount "${m[5] ?? ''}"` });
          break;
        }
        const mark = m[3] ?? '';
        const instant = resolve(t);
        // NONREF (either side of `//`) is SWIFT's word for "no reference".
        const ref = (text: string | undefined) => {
          const t = (text ?? '').trim();
          return t.toUpperCase() === 'NONREF' ? '' : t;
        };
        const customerRef = ref(m[7]);
        const bankRef = ref(m[8]);
        const supplementary = (m[9] ?? '').trim();
        last = {
          utc: instant.utc,
          offset: instant.offset,
          amountMinor: amount,
          currency,
          direction: directionOf(mark),
          counterparty: '',
          description: supplementary,
          status: '',
          method: '',
          orderId: bankRef || customerRef,
          merchantOrderId: customerRef,
          category: m[6] ?? '',
          note: supplementary,
          line: field.line,
          raw: {
            ':61:': value,
            valueDate: m[1] ?? '',
            entryDate: m[2] ?? '',
            mark,
            ...(statement.account ? { account: statement.account } : {}),
          },
        };
        result.transactions.push(last);
        break;
      }
      case 'NS': {
        // A bank's own field: kept with the transaction above it (or the statement), and shown when no :86: says more.
        const info = value.split('\n').join(' ').replace(/\s+/g, ' ').trim();
        if (last) {
          last.raw[':NS:'] = value;
          if (last.description === '') last.description = info;
        } else {
          statement.ns = info;
        }
        break;
      }
      case '86': {
        const info = value.split('\n').join('').replace(/\s+/g, ' ').trim();
        if (last) {
          last.description = info;
          last.counterparty = counterpartyOf86(value);
          last.raw[':86:'] = value;
        } else {
          statement.information = info;
        }
        break;
      }
      default:
        break;
    }
  }
  if (fields.length === 0) result.problems.push({ line: 0, error: 'no MT940 fields (:20:, :61: …) found' });
  result.document = {
    details: { ...(statements[0] ?? {}), ...(statements.length > 1 ? { statements } : {}) },
  };
  return result;
}

export const mt940Importer: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isMt940(decodeHead(head)),
  parse: (bytes, ctx) => parseMt940(bytes, ctx),
};
