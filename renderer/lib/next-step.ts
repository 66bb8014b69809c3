import type {
  CaseOverview,
  CaseStatus,
  ContactParty,
  EventKind,
  PlanDto,
} from '../../electron/ipc/contract.ts';
import type { Messages, PaymentMethodCode } from '../i18n/messages.ts';
import type { LockedFile } from './import-results.ts';
import { daysUntil } from './time.ts';

export type NextAction =
  | { type: 'import' }
  | { type: 'password'; file: LockedFile }
  | { type: 'event'; kind: EventKind }
  | { type: 'status'; status: CaseStatus }
  | { type: 'charges' }
  | { type: 'contact'; party: ContactParty }
  | { type: 'complaint' }
  | { type: 'agreements' }
  | { type: 'none' };

export type NextStep = { text: string; label: string; action: NextAction; isUrgent: boolean };

export function paymentMethodLabel(t: Messages, method: string): string {
  return method in t.methods ? t.methods[method as PaymentMethodCode] : method;
}

/**
 * A bill filed without its password comes first: until it is opened, the charges in it are unknown and every
 * later step would be guessed (issue 17: a locked bill is never a dead end).
 */
function lockedStep(t: Messages, o: CaseOverview): NextStep | null {
  const first = o.waitingForPassword[0];
  if (!first) return null;
  return {
    text: t.imports.nextLocked(first.title),
    label: t.imports.enterPassword,
    action: { type: 'password', file: { name: first.title, lockedId: first.id } },
    isUrgent: false,
  };
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
  const locked = lockedStep(t, o);
  if (locked) return locked;
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

/**
 * The next step from the plan: the first of the six steps not done, in order, said in one sentence with
 * one button. A deadline the other side missed comes first (it is the one thing that can be urgent); a reply
 * still due says how many days are left instead of asking for the next contact too early.
 */
export function nextStepFromPlan(t: Messages, o: CaseOverview, plan: PlanDto, now = new Date()): NextStep {
  const d = t.dispute;
  const c = o.case;
  const tz = c.timezone;
  const who = c.counterparty || t.next.theCompany;
  const method =
    c.paymentMethod && c.paymentMethod !== 'other'
      ? paymentMethodLabel(t, c.paymentMethod)
      : t.next.yourPaymentApp;
  if (c.status === 'resolved' || c.status === 'closed') {
    return { text: t.next.resolved, label: '', action: { type: 'none' }, isUrgent: false };
  }
  const locked = lockedStep(t, o);
  if (locked) return locked;
  const open = plan.deadlines.filter((x) => !x.isDone && x.whoActs !== 'you');
  const missed = open.find((x) => x.isOverdue);
  const complained = plan.steps.find((s) => s.key === 'complain')?.status === 'done';
  if (missed && !complained) {
    return {
      text: d.nextOverdue(missed.title),
      label: d.nextComplainAction,
      action: { type: 'complaint' },
      isUrgent: true,
    };
  }
  const step = plan.steps.find((s) => s.status !== 'done');
  if (!step) return { text: d.nextAllDone, label: '', action: { type: 'none' }, isUrgent: false };
  const waiting = open.find((x) => !x.isOverdue);
  switch (step.key) {
    case 'confirm-charges':
      if (o.counts.evidence === 0) {
        return {
          text: t.next.importFirst,
          label: t.next.importAction,
          action: { type: 'import' },
          isUrgent: false,
        };
      }
      if (o.records.transactions > 0) {
        return {
          text: t.next.markCharges,
          label: t.next.markChargesAction,
          action: { type: 'charges' },
          isUrgent: false,
        };
      }
      return {
        text: d.nextImportBill,
        label: d.nextImportBillAction,
        action: { type: 'import' },
        isUrgent: false,
      };
    case 'contact-platform':
      return {
        text: d.nextContactPlatform(who),
        label: d.nextContactAction,
        action: { type: 'contact', party: 'platform' },
        isUrgent: false,
      };
    case 'ask-bank':
      if (waiting) {
        return {
          text: d.nextReplyDue(waiting.title, daysUntil(waiting.utc, tz, now)),
          label: d.nextLogReply,
          action: { type: 'contact', party: 'platform' },
          isUrgent: false,
        };
      }
      return {
        text: d.nextAskBank(method),
        label: d.nextContactAction,
        action: { type: 'contact', party: 'bank' },
        isUrgent: false,
      };
    case 'complain':
      return {
        text: d.nextComplain,
        label: d.nextComplainAction,
        action: { type: 'complaint' },
        isUrgent: false,
      };
    case 'keep-proof':
      return {
        text: d.nextKeepProof(step.missing.join(d.listSep)),
        label: d.nextKeepProofAction,
        action: { type: 'import' },
        isUrgent: false,
      };
    case 'stop-debits':
      return {
        text: d.nextStopDebits,
        label: d.nextStopDebitsAction,
        action: { type: 'import' },
        isUrgent: false,
      };
  }
}
