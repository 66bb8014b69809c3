import iconv from 'iconv-lite';
import type { Instant } from '../util/time.ts';
import { instantFromLocal, isValidLocal } from '../util/time.ts';
import { minorDigitsOf } from './currency.ts';
import { lineCounter } from './local-time.ts';
import { parseDecimalToMinor } from './money.ts';
import { decodeHead, decodeText } from './text.ts';
import type { Direction, ImportResult, Importer, ParsedTransaction } from './types.ts';

/**
 * OFX bank and credit-card statements: 1.x SGML (leaf elements have no closing tag), 2.x XML (CDATA
 * allowed), and Quicken's QFX (OFX 1.x with `INTU.*` elements). One tolerant tag scanner reads all three:
 * an element followed by text is a leaf, whether or not a closing tag follows.
 *
 * DTPOSTED is `YYYYMMDD[HHMMSS[.XXX]][[±h[.mm]:TZ]]`. With an offset the time keeps it; a time without one is
 * GMT, as the OFX spec says; a date alone becomes 12:00 UTC of that day, so the calendar day stays the
 * same when shown in any zone from UTC−11 to UTC+11.
 */

const FORMAT = 'ofx';
const LABEL = 'OFX / QFX bank statement';

const HEAD_RE = /OFXHEADER\s*[:=]|<OFX>/i;

export function isOfx(head: string): boolean {
  return HEAD_RE.test(head.slice(0, 4096));
}

const LEGACY_CHARSET_RE =
  /CHARSET:\s*(1252|ISO-8859-1|8859-1|NONE)|encoding="(?:windows-1252|iso-8859-1|us-ascii)"/i;

/** UTF-8 when the bytes are valid UTF-8; else the Windows code page OFX 1.x files are usually written in. */
function decodeOfx(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
    if (LEGACY_CHARSET_RE.test(head)) return iconv.decode(Buffer.from(bytes), 'win1252');
    return decodeText(bytes);
  }
}

const ENTITY_RE = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi;
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_RE, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

type OfxEvent =
  | { kind: 'open'; name: string; at: number }
  | { kind: 'close'; name: string; at: number }
  | { kind: 'leaf'; name: string; value: string; at: number };

/** Calls `emit` for each open tag, close tag and leaf value, in order. Linear; never throws. */
function scanOfx(text: string, emit: (event: OfxEvent) => void): void {
  let i = text.search(/<OFX>/i);
  if (i < 0) return;
  let open: { name: string; at: number } | null = null;
  let value = '';
  const flush = () => {
    if (open && value.trim() !== '')
      emit({ kind: 'leaf', name: open.name, value: value.trim(), at: open.at });
    open = null;
    value = '';
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (open) value += decodeEntities(text.slice(i, lt));
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      const stop = end < 0 ? text.length : end;
      if (open) value += text.slice(lt + 9, stop);
      i = stop + 3;
      continue;
    }
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) break;
    const tag = text.slice(lt + 1, gt).trim();
    i = gt + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim().toUpperCase();
      const leafName = open?.name;
      flush();
      // `</NAME>` after a leaf's value (XML) just ends that leaf.
      if (name !== leafName) emit({ kind: 'close', name, at: lt });
      continue;
    }
    flush();
    const name = (tag.split(/\s/, 1)[0] ?? '').replace(/\/$/, '').toUpperCase();
    if (name === '') continue;
    emit({ kind: 'open', name, at: lt });
    open = { name, at: lt };
  }
  flush();
}

const DATE_RE =
  /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2}))?(?:\.(\d{1,3}))?)?\s*(?:\[\s*([+-]?)(\d{1,2})(?:\.(\d{1,2}))?(?::[^\]]*)?\])?/;

/** An OFX date-time as an instant (see the module comment for the rules); null when unreadable. */
export function parseOfxDate(text: string): Instant | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  const hasTime = m[4] !== undefined;
  const t = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: hasTime ? Number(m[4]) : 12,
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? '0').padEnd(3, '0')),
  };
  if (!isValidLocal(t)) return null;
  let offset = 0;
  if (hasTime && m[9] !== undefined) {
    const fraction = m[10] ?? '';
    // `[-3.30:NST]` is 3 h 30 min; a one-digit fraction (`[5.5:IST]`) is tenths of an hour.
    const minutes = fraction.length === 2 ? Number(fraction) : Number(fraction || 0) * 6;
    offset = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + minutes);
    if (Math.abs(offset) > 18 * 60) return null;
  }
  return instantFromLocal(t, offset);
}

const COMMA_DECIMAL_RE = /^[+-]?\d+,\d{1,3}$/;

export function parseOfxAmount(text: string, digits: number): number | null {
  const t = text.trim();
  return parseDecimalToMinor(COMMA_DECIMAL_RE.test(t) ? t.replace(',', '.') : t, digits);
}

const OUT_TYPES = new Set([
  'DEBIT',
  'PAYMENT',
  'CHECK',
  'FEE',
  'SRVCHG',
  'ATM',
  'POS',
  'XFER',
  'DIRECTDEBIT',
  'REPEATPMT',
  'CASH',
]);
const IN_TYPES = new Set(['CREDIT', 'DEP', 'INT', 'DIV', 'DIRECTDEP']);

function directionOf(signed: number, type: string): Direction {
  if (signed < 0) return 'out';
  if (signed > 0) return 'in';
  if (OUT_TYPES.has(type)) return 'out';
  return IN_TYPES.has(type) ? 'in' : 'neutral';
}

type Statement = {
  currency: string;
  details: Record<string, string>;
};

const STATEMENT_AGGREGATES = new Set(['STMTRS', 'CCSTMTRS']);
const BALANCE_AGGREGATES: Readonly<Record<string, string>> = {
  LEDGERBAL: 'ledgerBalance',
  AVAILBAL: 'availableBalance',
};
const STATEMENT_LEAVES: Readonly<Record<string, string>> = {
  CURDEF: 'currency',
  ACCTID: 'account',
  BANKID: 'bankId',
  BRANCHID: 'branchId',
  ACCTTYPE: 'accountType',
  DTSTART: 'periodStart',
  DTEND: 'periodEnd',
};

export function parseOfx(bytes: Uint8Array): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const text = decodeOfx(bytes);
  const lineAt = lineCounter(text);
  const statements: Statement[] = [];
  const org: Record<string, string> = {};
  let statement: Statement = { currency: '', details: {} };
  let balance: string | null = null;
  let trn: { line: number; fields: Record<string, string> } | null = null;
  let pendingTrns: { line: number; fields: Record<string, string> }[] = [];
  let isInStatement = false;

  const finishTrn = () => {
    if (trn) pendingTrns.push(trn);
    trn = null;
  };
  const finishStatement = () => {
    finishTrn();
    for (const t of pendingTrns) addTransaction(result, t.line, t.fields, statement.currency);
    pendingTrns = [];
    if (isInStatement) statements.push(statement);
    isInStatement = false;
  };

  scanOfx(text, (event) => {
    if (event.kind === 'open') {
      if (STATEMENT_AGGREGATES.has(event.name)) {
        finishStatement();
        statement = { currency: '', details: {} };
        isInStatement = true;
      } else if (event.name === 'STMTTRN') {
        finishTrn();
        trn = { line: lineAt(event.at), fields: {} };
      } else if (event.name in BALANCE_AGGREGATES) {
        balance = BALANCE_AGGREGATES[event.name] ?? null;
      }
    } else if (event.kind === 'close') {
      if (event.name === 'STMTTRN') finishTrn();
      else if (STATEMENT_AGGREGATES.has(event.name)) finishStatement();
      else if (event.name in BALANCE_AGGREGATES) balance = null;
    } else if (trn) {
      trn.fields[event.name] ??= event.value;
    } else if (balance !== null && event.name === 'BALAMT') {
      statement.details[balance] = event.value;
    } else if (balance !== null && event.name === 'DTASOF') {
      statement.details[`${balance}AsOf`] = event.value;
    } else if (event.name in STATEMENT_LEAVES) {
      const field = STATEMENT_LEAVES[event.name] ?? event.name;
      statement.details[field] ??= event.value;
      if (event.name === 'CURDEF') statement.currency = event.value.toUpperCase();
    } else if (event.name === 'ORG' || event.name === 'FID') {
      org[event.name === 'ORG' ? 'institution' : 'institutionId'] = event.value;
    }
  });
  finishStatement();

  if (statements.length === 0 && result.transactions.length === 0) {
    result.problems.push({ line: 0, error: 'no OFX statement (STMTRS or CCSTMTRS) found' });
  }
  const first = statements[0];
  result.document = {
    details: {
      ...org,
      ...(first?.details ?? {}),
      ...(statements.length > 1 ? { statements: statements.map((s) => s.details) } : {}),
    },
  };
  return result;
}

function addTransaction(
  result: ImportResult,
  line: number,
  fields: Record<string, string>,
  stmtCurrency: string,
): void {
  const currency = (fields.CURSYM ?? stmtCurrency).toUpperCase() || 'XXX';
  if (currency === 'XXX' && !result.problems.some((p) => p.error.startsWith('no CURDEF'))) {
    result.problems.push({ line, error: 'no CURDEF currency in the statement; amounts marked XXX' });
  }
  const instant = parseOfxDate(fields.DTPOSTED ?? fields.DTUSER ?? '');
  if (!instant) {
    result.problems.push({ line, error: `unreadable DTPOSTED "${fields.DTPOSTED ?? ''}"` });
    return;
  }
  const signed = parseOfxAmount(fields.TRNAMT ?? '', minorDigitsOf(currency));
  if (signed === null) {
    result.problems.push({ line, error: `unreadable TRNAMT "${fields.TRNAMT ?? ''}"` });
    return;
  }
  const type = (fields.TRNTYPE ?? '').toUpperCase();
  const name = fields.NAME ?? '';
  const checkNumber = fields.CHECKNUM ?? '';
  const transaction: ParsedTransaction = {
    utc: instant.utc,
    offset: instant.offset,
    amountMinor: Math.abs(signed),
    currency,
    direction: directionOf(signed, type),
    counterparty: name,
    description: fields.MEMO ?? name,
    status: '',
    method: /^0*$/.test(checkNumber) ? '' : `Check ${checkNumber}`,
    orderId: fields.FITID ?? '',
    merchantOrderId: fields.REFNUM ?? '',
    category: type,
    note: '',
    line,
    raw: fields,
  };
  result.transactions.push(transaction);
}

export const ofxImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isOfx(decodeHead(head)),
  parse: (bytes) => parseOfx(bytes),
};
