import { currencyCode, minorDigitsOf } from './currency.ts';
import { isoResolver, usableZone } from './local-time.ts';
import { formatMinor, parseDecimalToMinor } from './money.ts';
import { decodeHead, decodeText } from './text.ts';
import type { Direction, ImportContext, ImportResult, Importer, ParsedTransaction } from './types.ts';
import type { XmlElement } from './xml.ts';
import { child, childrenNamed, parseXml, textAt } from './xml.ts';

/**
 * ISO 20022 camt.053 bank-to-customer statements (any version: .001.02 to .001.13). One message may hold
 * several `<Stmt>`; each `<Ntry>` becomes one transaction: `Amt@Ccy`, `CdtDbtInd` (CRDT in, DBIT out),
 * booking date (value date when there is none), the other party from `RltdPties` (the debtor of a credit,
 * the creditor of a debit, else whichever is named) and `RmtInf/Ustrd` as the description. A date with no
 * time is local midnight in the case's zone; a `DtTm` keeps its own offset. Balances go to
 * `document.details`.
 */

const FORMAT = 'camt053';
const LABEL = 'ISO 20022 bank statement (camt.053)';

const DETECT_RE = /camt\.053\.001|<(?:\w+:)?BkToCstmrStmt[\s>]/;

export function isCamt053(head: string): boolean {
  return DETECT_RE.test(head);
}

const dateOf = (element: XmlElement | undefined) => textAt(element, 'DtTm') || textAt(element, 'Dt');

/** A signed decimal string of an amount element and its CdtDbtInd (`-7.00` for a debit balance). */
function signedText(amount: string, indicator: string): string {
  return indicator === 'DBIT' && !amount.startsWith('-') ? `-${amount}` : amount;
}

function partyName(element: XmlElement | undefined): string {
  return textAt(element, 'Nm') || textAt(element, 'Pty', 'Nm');
}

function counterpartyOf(details: XmlElement | undefined, direction: Direction): string {
  const parties = child(details, 'RltdPties');
  const preferred = direction === 'in' ? ['Dbtr', 'UltmtDbtr', 'Cdtr'] : ['Cdtr', 'UltmtCdtr', 'Dbtr'];
  for (const name of [...preferred, 'UltmtCdtr', 'UltmtDbtr']) {
    const found = partyName(child(parties, name));
    if (found !== '') return found;
  }
  return '';
}

function descriptionOf(entry: XmlElement, details: XmlElement | undefined): string {
  const remittance = child(details, 'RmtInf');
  const unstructured = childrenNamed(remittance, 'Ustrd')
    .map((u) => u.text.trim())
    .filter((t) => t !== '');
  if (unstructured.length > 0) return unstructured.join(' ');
  return (
    textAt(remittance, 'Strd', 'CdtrRefInf', 'Ref') ||
    textAt(details, 'AddtlTxInf') ||
    textAt(entry, 'AddtlNtryInf')
  );
}

function bankCodeOf(element: XmlElement | undefined): string {
  const code = child(element, 'BkTxCd');
  const domain = child(code, 'Domn');
  if (domain) {
    return [textAt(domain, 'Cd'), textAt(domain, 'Fmly', 'Cd'), textAt(domain, 'Fmly', 'SubFmlyCd')]
      .filter((t) => t !== '')
      .join('/');
  }
  return textAt(code, 'Prtry', 'Cd');
}

function statementDetails(stmt: XmlElement): Record<string, unknown> {
  const account = child(stmt, 'Acct');
  const balances: Record<string, string> = {};
  for (const bal of childrenNamed(stmt, 'Bal')) {
    const type = textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') || textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry') || 'BAL';
    const amount = child(bal, 'Amt');
    balances[type] = signedText(amount?.text.trim() ?? '', textAt(bal, 'CdtDbtInd'));
    const date = dateOf(child(bal, 'Dt'));
    if (date !== '') balances[`${type}Date`] = date;
  }
  return {
    id: textAt(stmt, 'Id'),
    account: textAt(account, 'Id', 'IBAN') || textAt(account, 'Id', 'Othr', 'Id'),
    currency: textAt(account, 'Ccy'),
    from: textAt(stmt, 'FrToDt', 'FrDtTm'),
    to: textAt(stmt, 'FrToDt', 'ToDtTm'),
    balances,
  };
}

function readEntry(
  stmt: XmlElement,
  entry: XmlElement,
  parseDate: (text: string) => { utc: string; offset: number } | null,
  result: ImportResult,
): void {
  const line = entry.line;
  const amountElement = child(entry, 'Amt');
  const currency =
    currencyCode(amountElement?.attributes.Ccy ?? '') ?? currencyCode(textAt(stmt, 'Acct', 'Ccy'));
  if (!currency) {
    result.problems.push({ line, error: 'entry has no currency (Amt@Ccy)' });
    return;
  }
  const amountText = amountElement?.text.trim() ?? '';
  const amount = parseDecimalToMinor(amountText, minorDigitsOf(currency));
  if (amount === null) {
    result.problems.push({ line, error: `unreadable amount "${amountText}"` });
    return;
  }
  const dateText = dateOf(child(entry, 'BookgDt')) || dateOf(child(entry, 'ValDt'));
  const instant = parseDate(dateText);
  if (!instant) {
    result.problems.push({ line, error: `unreadable booking date "${dateText}"` });
    return;
  }
  const indicator = textAt(entry, 'CdtDbtInd');
  const signed = indicator === 'DBIT' ? -amount : amount;
  const direction: Direction = signed < 0 ? 'out' : indicator === 'CRDT' || signed > 0 ? 'in' : 'neutral';
  const details = child(entry, 'NtryDtls', 'TxDtls');
  const refs = child(details, 'Refs');
  const endToEnd = textAt(refs, 'EndToEndId');
  const transaction: ParsedTransaction = {
    utc: instant.utc,
    offset: instant.offset,
    amountMinor: Math.abs(signed),
    currency,
    direction,
    counterparty: counterpartyOf(details, direction),
    description: descriptionOf(entry, details),
    status: textAt(entry, 'Sts', 'Cd') || textAt(entry, 'Sts'),
    method: '',
    orderId: textAt(entry, 'AcctSvcrRef') || textAt(refs, 'AcctSvcrRef') || textAt(entry, 'NtryRef'),
    merchantOrderId: endToEnd === 'NOTPROVIDED' ? '' : endToEnd,
    category: bankCodeOf(details) || bankCodeOf(entry),
    note: textAt(entry, 'RvslInd') === 'true' ? 'reversal' : '',
    line,
    raw: {
      statement: textAt(stmt, 'Id'),
      Amt: formatMinor(signed, minorDigitsOf(currency)),
      Ccy: currency,
      CdtDbtInd: indicator,
      BookgDt: dateOf(child(entry, 'BookgDt')),
      ValDt: dateOf(child(entry, 'ValDt')),
      EndToEndId: endToEnd,
    },
  };
  result.transactions.push(transaction);
}

export function parseCamt053(bytes: Uint8Array, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const parseDate = isoResolver(usableZone(ctx.timeZone, result.problems));
  // Entries are read as each one closes and then dropped, so a 100,000-entry statement never sits in memory as a tree.
  const { root, error } = parseXml(decodeText(bytes), {
    onElementEnd: (element, ancestors) => {
      const stmt = ancestors[ancestors.length - 1];
      if (
        element.name !== 'Ntry' ||
        stmt?.name !== 'Stmt' ||
        ancestors[ancestors.length - 2]?.name !== 'BkToCstmrStmt'
      ) {
        return false;
      }
      readEntry(stmt, element, parseDate, result);
      return true;
    },
  });
  if (error) result.problems.push({ line: 0, error: `malformed XML: ${error}` });
  const message = child(root ?? undefined, 'BkToCstmrStmt');
  if (!message) {
    result.problems.push({ line: 0, error: 'no BkToCstmrStmt element found' });
    return result;
  }
  const details = childrenNamed(message, 'Stmt').map(statementDetails);
  result.document = {
    details: {
      messageId: textAt(message, 'GrpHdr', 'MsgId'),
      created: textAt(message, 'GrpHdr', 'CreDtTm'),
      account: details[0]?.account ?? '',
      statements: details,
    },
  };
  return result;
}

export const camt053Importer: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isCamt053(decodeHead(head).slice(0, 8192)),
  parse: (bytes, ctx) => parseCamt053(bytes, ctx),
};
