import type { CaseRecord } from '../../../db/queries/cases.ts';
import type { CustodyEntry } from '../../../db/queries/custody.ts';
import type { EventRecord } from '../../../db/queries/events.ts';
import type { EvidenceKind, EvidenceRecord } from '../../../db/queries/evidence.ts';
import type { MessageRecord, TransactionRecord } from '../../../db/queries/records.ts';
import type { Locker, TimelineEntry } from '../locker.ts';
import { caseContacts, caseDeadlines, claimantFor, effectiveRules } from '../dispute/records.ts';
import type { ContactRecord, DeadlineRecord } from '../../../db/queries/dispute.ts';
import type { DeadlineRule } from '../dispute/rules.ts';
import { partiesOf, type Parties } from '../dispute/parties.ts';
import { caseLedger, claimFor, type Claim, type Ledger, type Payment } from '../ledger/index.ts';
import { caseMessages, caseSummary, caseTransactions, type CaseSummary } from '../records.ts';
import type { Recipient } from './i18n.ts';
import { redactionsForExport, type RedactionBox } from './redactions.ts';

/** Everything a packet is made from, read once, so every page of every volume sees the same state. */
export type CaseData = {
  case: CaseRecord;
  evidence: EvidenceRecord[];
  events: EventRecord[];
  timeline: TimelineEntry[];
  summary: CaseSummary;
  transactionsByEvidence: Map<string, TransactionRecord[]>;
  messagesByEvidence: Map<string, MessageRecord[]>;
  /** Every disputed charge, one per payment, in time order. */
  disputed: Payment[];
  ledger: Ledger;
  /** What each recipient is asked for: the bank only what moved through it (see claimFor). */
  claims: Record<Recipient, Claim>;
  parties: Parties;
  claimant: { name: string; idNumber: string; phone: string };
  /** Contacts with the platform, the bank and regulators, in time order: the letter's account of what happened. */
  contacts: ContactRecord[];
  /** The case's deadlines and the rules behind them: a rule deadline's title is written in the packet's language. */
  deadlines: DeadlineRecord[];
  rules: DeadlineRule[];
  redactions: Map<string, RedactionBox[]>;
  /** The last custody entry that is not an export: the state this packet shows. */
  head: { seq: number; hash: string } | null;
  /** The case's custody entries up to `head`. */
  custody: CustodyEntry[];
};

export async function readCase(locker: Locker, caseId: string): Promise<CaseData> {
  const c = locker.getCase(caseId);
  // The ledger first: matching new rows may append to the custody log, and the packet shows the state after.
  const ledger = caseLedger(locker, c.id);
  const facts = { paymentMethod: c.paymentMethod, account: c.account };
  const evidence = locker.listEvidence(c.id);
  const transactions = caseTransactions(locker, c.id);
  const messages = caseMessages(locker, c.id);
  const group = <T extends { evidenceId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.evidenceId);
      if (list) list.push(r);
      else m.set(r.evidenceId, [r]);
    }
    return m;
  };
  // Exports append to the log without changing the case: the head they leave behind is not "state", so
  // exporting the same case twice with the same clock gives the same bytes.
  const all = locker.custodyLog();
  let head: { seq: number; hash: string } | null = null;
  for (let i = all.length - 1; i >= 0; i--) {
    const e = all[i]!;
    if (e.action !== 'case.export') {
      head = { seq: e.seq, hash: e.hash };
      break;
    }
  }
  const custody = all.filter((e) => e.caseId === c.id && head !== null && e.seq <= head.seq);
  const redactions = new Map<string, RedactionBox[]>();
  for (const e of evidence) {
    // Refuses an item the log says was redacted whose boxes are gone: it never goes out unredacted.
    const boxes = await redactionsForExport(locker, e.id);
    if (boxes.length) redactions.set(e.id, boxes);
  }
  return {
    case: c,
    evidence,
    events: locker.listEvents(c.id),
    timeline: locker.timeline(c.id),
    summary: caseSummary(locker, c.id),
    transactionsByEvidence: group(transactions),
    messagesByEvidence: group(messages),
    disputed: ledger.payments.filter((p) => p.kind === 'charge' && p.disputed),
    ledger,
    claims: {
      bank: claimFor(ledger, 'bank', facts),
      regulator: claimFor(ledger, 'regulator', facts),
      platform: claimFor(ledger, 'platform', facts),
      plain: claimFor(ledger, 'plain', facts),
    },
    parties: partiesOf(locker, c.id),
    claimant: claimantFor(locker, c.id),
    contacts: caseContacts(locker, c.id).filter((x) => !x.deletedAt),
    deadlines: caseDeadlines(locker, c.id),
    rules: effectiveRules(locker),
    redactions,
    head,
    custody,
  };
}

/** The order exhibits appear in, per recipient: what that reader acts on first comes first. */
const ORDER: Record<Recipient, EvidenceKind[] | null> = {
  // A bank decides a chargeback on the statement lines and the charge screens, then the correspondence.
  bank: [
    'statement',
    'receipt',
    'screenshot',
    'photo',
    'email',
    'chat',
    'document',
    'audio',
    'video',
    'other',
  ],
  // A regulator reads the complaint's story: the agreement and screens, the charges, then the contact tried.
  regulator: [
    'document',
    'screenshot',
    'photo',
    'statement',
    'receipt',
    'chat',
    'email',
    'audio',
    'video',
    'other',
  ],
  // The platform's service desk wants the screens of the product and the charges first.
  platform: [
    'screenshot',
    'photo',
    'receipt',
    'statement',
    'chat',
    'email',
    'document',
    'audio',
    'video',
    'other',
  ],
  plain: null,
};

/** Evidence in exhibit order: grouped by kind for the recipient (plain: by time), by time within a group. */
export function orderExhibits(evidence: EvidenceRecord[], recipient: Recipient): EvidenceRecord[] {
  const order = ORDER[recipient];
  const byTime = (a: EvidenceRecord, b: EvidenceRecord) =>
    a.occurredUtc < b.occurredUtc ? -1 : a.occurredUtc > b.occurredUtc ? 1 : a.id < b.id ? -1 : 1;
  if (!order) return [...evidence].sort(byTime);
  const rank = (e: EvidenceRecord) => {
    const i = order.indexOf(e.kind);
    return i < 0 ? order.length : i;
  };
  return [...evidence].sort((a, b) => rank(a) - rank(b) || byTime(a, b));
}
