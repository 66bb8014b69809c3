import type {
  CaseDto,
  CaseOverview,
  CaseStatus,
  ContactParty,
  EventKind,
  PlanDto,
} from '../../electron/ipc/contract.ts';
import type { Messages, PaymentMethodCode } from '../i18n/messages.ts';
import type { LockedFile } from './import-results.ts';

export type NextAction =
  | { type: 'import' }
  | { type: 'password'; file: LockedFile }
  | { type: 'event'; kind: EventKind }
  | { type: 'status'; status: CaseStatus }
  | { type: 'charges' }
  | { type: 'contact'; party: ContactParty }
  | { type: 'complaint' }
  | { type: 'agreements' }
  /** Opens an item on the timeline (a chat screenshot offered as the contact with the platform). */
  | { type: 'evidence'; evidenceId: string }
  | { type: 'none' };

export type NextStep = {
  text: string;
  label: string;
  action: NextAction;
  /** A deadline the other side let pass, which the user can act on now: shown as a badge, never a red card. */
  isMissed: boolean;
};

export function paymentMethodLabel(t: Messages, method: string): string {
  return method in t.methods ? t.methods[method as PaymentMethodCode] : method;
}

/**
 * A bill filed without its password comes first: until it is opened, the charges in it are unknown and every
 * later step would be guessed (issue 17: a locked bill is never a dead end).
 */
export function lockedStep(t: Messages, o: CaseOverview): NextStep | null {
  const first = o.waitingForPassword[0];
  if (!first) return null;
  return {
    text: t.imports.nextLocked(first.title),
    label: t.imports.enterPassword,
    action: { type: 'password', file: { name: first.title, lockedId: first.id } },
    isMissed: false,
  };
}

/**
 * The plan's next step in words (DESIGN.md, principle 1). What comes next is decided by the services' plan
 * (`plan.next`); this only says it in the interface's language and picks the button.
 */
export function nextStepWords(t: Messages, c: CaseDto, plan: PlanDto): NextStep {
  const d = t.dispute;
  const who = c.counterparty || t.next.theCompany;
  const method =
    c.paymentMethod && c.paymentMethod !== 'other'
      ? paymentMethodLabel(t, c.paymentMethod)
      : t.next.yourPaymentApp;
  const deadline = plan.next.deadline !== null ? plan.deadlines[plan.next.deadline] : undefined;
  const step = (text: string, label: string, action: NextAction): NextStep => ({
    text,
    label,
    action,
    isMissed: false,
  });
  switch (plan.next.kind) {
    case 'resolved':
      return step(t.next.resolved, '', { type: 'none' });
    case 'all-done':
      return step(d.nextAllDone, '', { type: 'none' });
    case 'missed-deadline':
      return {
        ...step(d.nextOverdue(deadline?.title ?? ''), d.nextComplainAction, { type: 'complaint' }),
        isMissed: true,
      };
    case 'import-first':
      return step(t.next.importFirst, t.next.importAction, { type: 'import' });
    case 'mark-charges':
      return step(t.next.markCharges, t.next.markChargesAction, { type: 'charges' });
    case 'import-bill':
      return step(d.nextImportBill, d.nextImportBillAction, { type: 'import' });
    case 'contact-platform':
      return step(d.nextContactPlatform(who), d.nextContactAction, { type: 'contact', party: 'platform' });
    case 'reply-due':
      return step(d.nextReplyDue(deadline?.title ?? '', deadline?.daysLeft ?? 0), d.nextLogReply, {
        type: 'contact',
        party: plan.next.party ?? 'platform',
      });
    case 'ask-bank':
      return step(d.nextAskBank(method), d.nextContactAction, { type: 'contact', party: 'bank' });
    case 'complain':
      return step(d.nextComplain, d.nextComplainAction, { type: 'complaint' });
    case 'keep-proof': {
      const missing = plan.steps.find((s) => s.key === 'keep-proof')?.missing ?? [];
      return step(d.nextKeepProof(missing.join(d.listSep)), d.nextKeepProofAction, { type: 'import' });
    }
    case 'stop-debits':
      return step(d.nextStopDebits, d.nextStopDebitsAction, { type: 'import' });
  }
}

/**
 * While the platform is not yet contacted, a screenshot that reads as a chat with it is the likelier next step
 * than a call: it may already be that contact. The item opens with the offer on its panel.
 */
export function chatStep(
  t: Messages,
  c: CaseDto,
  plan: PlanDto | null,
  offers: readonly { evidenceId: string; title: string }[] | undefined,
): NextStep | null {
  const first = offers?.[0];
  if (!first || plan?.next.kind !== 'contact-platform') return null;
  return {
    text: t.talk.nextChat(first.title, c.counterparty),
    label: t.talk.nextChatAction,
    action: { type: 'evidence', evidenceId: first.evidenceId },
    isMissed: false,
  };
}
