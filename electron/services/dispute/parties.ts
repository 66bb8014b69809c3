import type { AgreementRecord } from '../../../db/queries/dispute.ts';
import { caseLedger, claimFor, disputedPayments, type Claim } from '../ledger/index.ts';
import type { Locker } from '../locker.ts';
import { caseAgreements } from './records.ts';

const LEGAL_NAME_RE = /公司|集团|有限|co\.|ltd|inc\b|limited|llc|gmbh|s\.a\./i;

export type Parties = {
  /** The name the user knows the merchant by (元保). */
  merchant: string;
  /** The merchant's legal name where the locker holds it (an agreement page's 商家全称). */
  legalName: string;
  /** The agreement behind the charges, where one is recorded (its number and signing time go in the letter). */
  agreement: AgreementRecord | null;
  /** The bank the case's money moved through, and its claim. */
  bankClaim: Claim;
};

/** Who the dispute is with, from the case, its agreements and its ledger: one answer for letter, packet and forms. */
export function partiesOf(locker: Locker, caseId: string): Parties {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const agreements = caseAgreements(locker, c.id).filter((a) => !a.deletedAt);
  const disputed = disputedPayments(ledger);
  const agreement =
    agreements.find((a) => a.status !== 'closed' && a.number) ??
    agreements.find((a) => a.number) ??
    agreements[0] ??
    null;
  const legal = [...agreements.map((a) => a.merchant), ...disputed.map((p) => p.counterparty)].find((n) =>
    LEGAL_NAME_RE.test(n),
  );
  return {
    merchant: c.counterparty || agreement?.merchant || disputed[0]?.counterparty || '',
    legalName: legal ?? '',
    agreement,
    bankClaim: claimFor(ledger, 'bank', { paymentMethod: c.paymentMethod, account: c.account }),
  };
}
