import type { CaseOverview, CaseStatus, EventKind } from '../../electron/ipc/contract.ts';
import type { Messages, PaymentMethodCode } from '../i18n/messages.ts';
import { daysUntil } from './time.ts';

export type NextAction =
  | { type: 'import' }
  | { type: 'event'; kind: EventKind }
  | { type: 'status'; status: CaseStatus }
  | { type: 'charges' }
  | { type: 'none' };

export type NextStep = { text: string; label: string; action: NextAction; isUrgent: boolean };

export function paymentMethodLabel(t: Messages, method: string): string {
  return method in t.methods ? t.methods[method as PaymentMethodCode] : method;
}

/**
 * The one most useful thing to do now, in one sentence (DESIGN.md, principle 1). Deliberately simple rules
 * in the order a dispute usually goes: proof, then the platform, then the bank, then the regulator.
 */
export function nextStep(t: Messages, o: CaseOverview, now = new Date()): NextStep {
  const c = o.case;
  const who = c.counterparty || t.next.theCompany;
  const method =
    c.paymentMethod && c.paymentMethod !== 'other'
      ? paymentMethodLabel(t, c.paymentMethod)
      : t.next.yourPaymentApp;
  const deadline = o.nextDeadline;
  if (c.status === 'resolved' || c.status === 'closed') {
    return { text: t.next.resolved, label: '', action: { type: 'none' }, isUrgent: false };
  }
  if (deadline?.isOverdue && c.status !== 'regulator_complaint') {
    return {
      text: t.next.overdue(deadline.title),
      label: t.next.complainAction,
      action: { type: 'status', status: 'regulator_complaint' },
      isUrgent: true,
    };
  }
  if (o.counts.evidence === 0) {
    return {
      text: t.next.importFirst,
      label: t.next.importAction,
      action: { type: 'import' },
      isUrgent: false,
    };
  }
  if (c.status === 'collecting') {
    if (o.records.transactions > 0 && o.records.disputedCount === 0) {
      return {
        text: t.next.markCharges,
        label: t.next.markChargesAction,
        action: { type: 'charges' },
        isUrgent: false,
      };
    }
    if (o.counts.contacts === 0) {
      return {
        text: t.next.contact(who),
        label: t.next.contactAction,
        action: { type: 'event', kind: 'call' },
        isUrgent: false,
      };
    }
    return {
      text: t.next.markContacted,
      label: t.next.markContactedAction,
      action: { type: 'status', status: 'platform_contacted' },
      isUrgent: false,
    };
  }
  if (deadline && !deadline.isOverdue) {
    return {
      text: t.next.dueIn(deadline.title, daysUntil(deadline.utc, c.timezone, now)),
      label: t.next.logReplyAction,
      action: { type: 'event', kind: 'message' },
      isUrgent: false,
    };
  }
  if (c.status === 'platform_contacted') {
    return {
      text: t.next.askBank(method),
      label: t.next.askBankAction,
      action: { type: 'status', status: 'bank_asked' },
      isUrgent: false,
    };
  }
  if (c.status === 'bank_asked') {
    return {
      text: t.next.waitBank,
      label: t.next.logReplyAction,
      action: { type: 'event', kind: 'message' },
      isUrgent: false,
    };
  }
  return {
    text: t.next.waitRegulator,
    label: t.next.logReplyAction,
    action: { type: 'event', kind: 'message' },
    isUrgent: false,
  };
}
