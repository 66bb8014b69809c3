import {
  PLAN_STEPS,
  listPlanOverrides,
  type PlanStepKey,
  type StepStatus,
} from '../../../db/queries/dispute.ts';
import type { Locker } from '../locker.ts';
import { caseLedger, disputedPayments, type Payment } from '../ledger/index.ts';
import { formatInstant, type Instant } from '../util/time.ts';
import { disputedSeriesStops } from './series-agreements.ts';
import { ruleDue } from './deadlines.ts';
import {
  caseAgreements,
  caseContacts,
  caseBankName,
  caseDeadlines,
  claimantFor,
  contactPartyName,
  effectiveRules,
  type EffectiveRule,
} from './records.ts';
import { ruleAct, ruleLength, type ContactParty } from './rules.ts';
import { localDate } from './deadlines.ts';
import type { DisputeLang } from './words.ts';

export type PlanStep = {
  key: PlanStepKey;
  title: string;
  /** What to do, in one plain sentence. */
  action: string;
  status: StepStatus;
  /** What the evidence says, before any status the user set. */
  derivedStatus: StepStatus;
  isOverridden: boolean;
  /** What the locker already holds for this step, in plain words. */
  holds: string[];
  /** What is still missing, in plain words. */
  missing: string[];
};

/**
 * How a deadline stands for the user, decided once here so every screen colours it alike: `ahead` (calm),
 * `soon` (amber: a week or less), `missed` (red: the other side let it pass and the user can act on that now),
 * `lapsed` (grey: the user's own window has passed, or the miss is already acted on — said calmly), `done`.
 */
export type DeadlineState = 'ahead' | 'soon' | 'missed' | 'lapsed' | 'done';

export type PlanDeadline = {
  id: string | null;
  at: string;
  /** Says who it concerns: "中国银行应答复你的投诉", "向中国银行申请拒付退款". A deadline the user wrote keeps their words. */
  title: string;
  rule: string | null;
  /** Whom it concerns, by name where the locker knows one (中国银行, 元保, 12315), else in words (银行). */
  party: string | null;
  /** Where the period comes from and how long it runs: "卡组织规则 120 天". */
  ruleLabel: string | null;
  state: DeadlineState;
  /** Calendar days from today to the last day, in the case's time zone (negative once passed). */
  daysLeft: number;
  overdue: boolean;
  isDone: boolean;
  isEstimate: boolean;
  /** `them`: the other side owes an answer by then; `you`: the user must act by then. */
  whoActs: 'them' | 'you' | null;
  contactId: string | null;
};

/**
 * The one thing to do next, decided here (the screens only word it). `deadline` is an index into the plan's
 * deadlines; `party` is whom the action is with.
 */
export type NextKind =
  | 'resolved'
  | 'missed-deadline'
  | 'import-first'
  | 'mark-charges'
  | 'import-bill'
  | 'contact-platform'
  | 'reply-due'
  | 'ask-bank'
  | 'complain'
  | 'keep-proof'
  | 'stop-debits'
  | 'all-done';

export type PlanNext = {
  kind: NextKind;
  step: PlanStepKey | null;
  deadline: number | null;
  party: ContactParty | null;
};

/** The header's stepper: the dispute's main line, each stage as far as the plan says it got. */
export const STAGES = ['collect', 'platform', 'bank', 'regulator', 'resolved'] as const;
export type StageKey = (typeof STAGES)[number];
export type PlanStage = { key: StageKey; status: StepStatus };

export type Plan = {
  caseId: string;
  steps: PlanStep[];
  deadlines: PlanDeadline[];
  next: PlanNext;
  stages: PlanStage[];
  disclaimer: string;
};

type StepWords = { title: string; action: string };

const STEPS: Record<DisputeLang, Record<PlanStepKey, StepWords>> = {
  'zh-CN': {
    'confirm-charges': {
      title: '核对扣款记录',
      action: '导出支付宝、微信或银行账单，标出每一笔有异议的扣款。',
    },
    'contact-platform': {
      title: '联系平台客服',
      action: '向平台客服说明情况，要求退款并关闭自动扣款，记下工单号和对方的答复。',
    },
    'ask-bank': {
      title: '向银行申请退款',
      action: '带着账单和证据联系银行或发卡行，申请调查并退回有异议的款项。',
    },
    complain: {
      title: '向监管部门或消费者协会投诉',
      action: '通过12378（保险）、12363（支付机构）、12315或消费者协会投诉。',
    },
    'keep-proof': {
      title: '保存全部证据',
      action: '保存账单、协议页面截图、聊天记录、通话录音和每一次沟通的记录。',
    },
    'stop-debits': {
      title: '停止后续扣款',
      action: '先截图保存自动扣款协议页面（签约时间往往是争议的关键），再关闭该协议。',
    },
  },
  en: {
    'confirm-charges': {
      title: 'Confirm the charges',
      action: 'Export the Alipay, WeChat Pay or bank bill and mark every charge you dispute.',
    },
    'contact-platform': {
      title: 'Contact the platform',
      action:
        "Tell the platform's customer service what happened, ask for a refund and to stop the debits; note the ticket number and what they say.",
    },
    'ask-bank': {
      title: 'Ask the bank',
      action:
        'Ask your bank or card issuer, with the bill and your proof, to investigate and return the money.',
    },
    complain: {
      title: 'Complain to the regulator or consumer association',
      action:
        'Complain through 12378 (insurance), 12363 (payment institutions), 12315 or the consumer association.',
    },
    'keep-proof': {
      title: 'Keep the proof',
      action: 'Keep the bills, the agreement page, chats, call recordings and a record of every contact.',
    },
    'stop-debits': {
      title: 'Stop further debits',
      action:
        'Capture the auto-debit agreement page first (when it was signed is often the heart of the dispute), then close the agreement.',
    },
  },
};

type Words = {
  noBill: string;
  noDisputed: string;
  bills: (n: number) => string;
  disputed: (n: number) => string;
  noPlatformContact: string;
  contacts: (n: number, who: string) => string;
  noBankContact: string;
  noBankReply: string;
  bankReplied: string;
  noComplaint: string;
  noClaimant: (fields: string[]) => string;
  claimantFields: { name: string; idNumber: string; phone: string };
  evidence: (n: number) => string;
  agreementPageMissing: string;
  agreementPageHeld: string;
  contactsWithoutProof: (n: number) => string;
  noAgreement: string;
  agreementOpen: string;
  agreementClosed: (at: string) => string;
  nextCharge: (at: string, who: string) => string;
  who: { platform: string; bank: string; complaint: string };
  disclaimer: string;
};

const EN_PLURALS = new Intl.PluralRules('en');
const plural = (n: number, one: string, other: string) => (EN_PLURALS.select(n) === 'one' ? one : other);

const WORDS: Record<DisputeLang, Words> = {
  'zh-CN': {
    noBill: '还没有导入账单',
    noDisputed: '还没有标记有异议的扣款',
    bills: (n) => `已导入 ${n} 份账单`,
    disputed: (n) => `已标记 ${n} 笔有异议的扣款`,
    noPlatformContact: '没有联系平台的记录',
    contacts: (n, who) => `已记录 ${n} 次与${who}的沟通`,
    noBankContact: '没有联系银行的记录',
    noBankReply: '银行尚未答复',
    bankReplied: '银行已答复',
    noComplaint: '还没有向监管部门或消费者协会投诉的记录',
    noClaimant: (f) => `投诉表所需的个人信息未填写：${f.join('、')}`,
    claimantFields: { name: '姓名', idNumber: '身份证号', phone: '电话' },
    evidence: (n) => `已保存 ${n} 份证据`,
    agreementPageMissing: '没有自动扣款协议页面的截图',
    agreementPageHeld: '已保存协议页面截图',
    contactsWithoutProof: (n) => `${n} 条沟通记录没有附录音或截图`,
    noAgreement: '还没有记录自动扣款协议',
    agreementOpen: '自动扣款协议尚未关闭',
    agreementClosed: (at) => `协议已于 ${at} 关闭`,
    nextCharge: (at, who) => `${who}预计下一次扣款：${at}`,
    who: { platform: '平台', bank: '银行', complaint: '监管部门或消费者协会' },
    disclaimer: '本应用只帮助整理证据，不提供法律意见。',
  },
  en: {
    noBill: 'no bill export yet',
    noDisputed: 'no charge marked as disputed yet',
    bills: (n) => `${n} ${plural(n, 'bill export', 'bill exports')} filed`,
    disputed: (n) => `${n} disputed ${plural(n, 'charge', 'charges')}`,
    noPlatformContact: 'no record of contacting the platform',
    contacts: (n, who) => `${n} ${plural(n, 'contact', 'contacts')} with ${who} recorded`,
    noBankContact: 'no record of asking the bank',
    noBankReply: 'no reply from the bank yet',
    bankReplied: 'the bank has replied',
    noComplaint: 'no complaint to a regulator or the consumer association yet',
    noClaimant: (f) => `your ${f.join(', ')} for the complaint form not entered yet`,
    claimantFields: { name: 'name', idNumber: 'ID number', phone: 'phone' },
    evidence: (n) => `${n} ${plural(n, 'item', 'items')} of evidence kept`,
    agreementPageMissing: 'agreement page not captured',
    agreementPageHeld: 'agreement page captured',
    contactsWithoutProof: (n) =>
      `${n} contact ${plural(n, 'record', 'records')} without a recording or screenshot`,
    noAgreement: 'no auto-debit agreement recorded yet',
    agreementOpen: 'the auto-debit agreement is not closed yet',
    agreementClosed: (at) => `agreement closed on ${at}`,
    nextCharge: (at, who) => `next charge from ${who} expected ${at}`,
    who: { platform: 'the platform', bank: 'the bank', complaint: 'a regulator or the consumer association' },
    disclaimer: 'Evidence Locker organises your evidence; it does not give legal advice.',
  },
};

const day = (iso: string) => iso.slice(0, 10);

/** A week or less: the deadline turns amber. */
const SOON_DAYS = 7;

/**
 * Derived deadlines that start from charges (card chargeback) or from the statement showing them (Regulation E).
 * A card scheme's chargeback window applies to payments that went over a card network only — never to a
 * quick-pay debit from a bank account (Alipay/WeChat 快捷支付) or a wallet payment, which no scheme covers.
 */
function chargeDeadlines(
  locker: Locker,
  rules: EffectiveRule[],
  disputed: Payment[],
  zone: string,
  lang: DisputeLang,
  bank: string,
): (PlanDeadline & { utc: string })[] {
  const out: (PlanDeadline & { utc: string })[] = [];
  for (const rule of rules) {
    if (!rule.enabled || (rule.trigger !== 'charge' && rule.trigger !== 'statement')) continue;
    let relevant = disputed;
    if (rule.methodPattern) relevant = relevant.filter((p) => p.rail === 'card');
    else if (rule.trigger === 'statement')
      relevant = relevant.filter((p) => p.rail === 'card' || p.rail === 'bank' || p.rail === 'quickpay');
    if (rule.currency) relevant = relevant.filter((p) => p.currency === rule.currency);
    const first = relevant[0]?.anchor.tx;
    if (!first) continue;
    let start: Instant = { utc: first.occurredUtc, offset: first.occurredOffset };
    if (rule.trigger === 'statement') {
      const bankRow = relevant[0]!.sightings.find((s) => s.source === 'bank')?.tx ?? first;
      const statement = locker.listEvidence(first.caseId).find((e) => e.id === bankRow.evidenceId);
      if (statement) start = { utc: statement.occurredUtc, offset: statement.occurredOffset };
    }
    const { due } = ruleDue(rule, start, zone);
    out.push({
      id: null,
      at: due.at,
      utc: due.instant.utc,
      title: ruleAct(rule, bank, lang),
      rule: rule.key,
      party: bank || null,
      ruleLabel: ruleLength(rule, lang),
      state: 'ahead',
      daysLeft: 0,
      overdue: false,
      isDone: false,
      isEstimate: due.isEstimate,
      whoActs: rule.whoActs,
      contactId: null,
    });
  }
  return out;
}

/**
 * The six steps of the dispute with what each still needs, and every deadline with whether it has passed.
 * Status follows the evidence unless the user set one. `now` defaults to the locker's clock.
 */
export function casePlan(
  locker: Locker,
  caseId: string,
  options: { lang?: DisputeLang; now?: Date } = {},
): Plan {
  const c = locker.getCase(caseId);
  const lang = options.lang ?? 'zh-CN';
  const now = (options.now ?? locker.clock()).getTime();
  const w = WORDS[lang];
  const evidence = locker.listEvidence(c.id);
  const ledger = caseLedger(locker, c.id);
  const disputed = disputedPayments(ledger);
  const contacts = caseContacts(locker, c.id);
  const agreements = caseAgreements(locker, c.id);
  const rules = effectiveRules(locker);
  const overrides = listPlanOverrides(locker.db, c.id);

  const billIds = new Set(
    [...ledger.byTransaction.values()].flatMap((p) => p.sightings.map((s) => s.tx.evidenceId)),
  );
  const bills = evidence.filter((e) => billIds.has(e.id));
  const disputedCount = disputed.length;
  const out = (party: string) => contacts.filter((x) => x.party === party && x.direction === 'out');
  const replies = (party: string) => contacts.filter((x) => x.party === party && x.direction === 'in');
  const agreementPage = agreements.some((a) => a.evidenceIds.length > 0);
  const closed = agreements.find((a) => a.closedUtc !== null || a.status === 'closed');
  const claimant = claimantFor(locker, c.id);
  const missingClaimant = (['name', 'idNumber', 'phone'] as const)
    .filter((k) => !claimant[k])
    .map((k) => w.claimantFields[k]);

  const derived: Record<PlanStepKey, { status: StepStatus; holds: string[]; missing: string[] }> = {
    'confirm-charges': (() => {
      const holds = [
        bills.length ? w.bills(bills.length) : '',
        disputedCount ? w.disputed(disputedCount) : '',
      ];
      const missing = [bills.length ? '' : w.noBill, disputedCount ? '' : w.noDisputed];
      const status: StepStatus =
        bills.length && disputedCount ? 'done' : bills.length || disputedCount ? 'doing' : 'todo';
      return { status, holds, missing };
    })(),
    'contact-platform': (() => {
      const n = out('platform').length;
      return {
        status: n ? 'done' : 'todo',
        holds: [n ? w.contacts(n, w.who.platform) : ''],
        missing: [n ? '' : w.noPlatformContact],
      };
    })(),
    'ask-bank': (() => {
      const n = out('bank').length;
      const r = replies('bank').length;
      return {
        status: n && r ? 'done' : n || r ? 'doing' : 'todo',
        holds: [n ? w.contacts(n, w.who.bank) : '', r ? w.bankReplied : ''],
        missing: [n || r ? '' : w.noBankContact, n && !r ? w.noBankReply : ''],
      };
    })(),
    complain: (() => {
      const n = out('regulator').length + out('consumer-association').length;
      return {
        status: n ? 'done' : missingClaimant.length < 3 ? 'doing' : 'todo',
        holds: [n ? w.contacts(n, w.who.complaint) : ''],
        missing: n ? [] : [w.noComplaint, missingClaimant.length ? w.noClaimant(missingClaimant) : ''],
      };
    })(),
    'keep-proof': (() => {
      const withoutProof = contacts.filter((x) => x.direction === 'out' && !x.evidenceIds.length).length;
      const missing = [
        bills.length ? '' : w.noBill,
        agreementPage ? '' : w.agreementPageMissing,
        withoutProof ? w.contactsWithoutProof(withoutProof) : '',
      ];
      const status: StepStatus = !evidence.length ? 'todo' : missing.some(Boolean) ? 'doing' : 'done';
      return {
        status,
        holds: [evidence.length ? w.evidence(evidence.length) : '', agreementPage ? w.agreementPageHeld : ''],
        missing,
      };
    })(),
    'stop-debits': (() => {
      // Each disputed series stays a warning until the agreement behind it (linked, or with its merchant) is closed.
      const stops = disputedSeriesStops(locker, c.id, agreements);
      const open = stops.filter((s) => !s.isStopped);
      const closedOnes = agreements.filter((a) => a.closedUtc !== null || a.status === 'closed');
      const closedWords = closedOnes.map((a) =>
        w.agreementClosed(
          a.closedUtc ? day(formatInstant({ utc: a.closedUtc, offset: a.closedOffset ?? 0 })) : '',
        ),
      );
      // Done only when no agreement is still open and no disputed series still expects a charge.
      const isAnyOpen = agreements.some((a) => a.closedUtc === null && a.status !== 'closed');
      if (closed && !open.length && !isAnyOpen) return { status: 'done', holds: closedWords, missing: [] };
      return {
        status: agreements.length ? 'doing' : 'todo',
        holds: [agreementPage ? w.agreementPageHeld : '', ...closedWords],
        missing: [
          isAnyOpen ? w.agreementOpen : agreements.length ? '' : w.noAgreement,
          agreementPage ? '' : w.agreementPageMissing,
          ...open.map((s) => w.nextCharge(day(s.nextExpected), s.counterparty)),
        ],
      };
    })(),
  };

  const steps: PlanStep[] = PLAN_STEPS.map((key) => {
    const d = derived[key];
    const override = overrides.get(key);
    return {
      key,
      title: STEPS[lang][key].title,
      action: STEPS[lang][key].action,
      status: override ?? d.status,
      derivedStatus: d.status,
      isOverridden: override !== undefined,
      holds: d.holds.filter(Boolean),
      missing: d.missing.filter(Boolean),
    };
  });

  const ruleByKey = new Map(rules.map((r) => [r.key, r]));
  const bank = caseBankName(locker, c.id);
  const contactById = new Map(contacts.map((x) => [x.id, x]));
  // Whom a contact's deadline concerns, by name where the locker knows it.
  const partyName = (contactId: string | null): string => {
    const contact = contactId ? contactById.get(contactId) : undefined;
    return contact ? contactPartyName(c, contact.party, contact.agency, bank, lang) : '';
  };
  const stored = caseDeadlines(locker, c.id).map((d) => {
    const rule = d.ruleKey ? ruleByKey.get(d.ruleKey) : undefined;
    const party = partyName(d.contactId);
    return {
      id: d.id,
      at: formatInstant({ utc: d.dueUtc, offset: d.dueOffset }),
      utc: d.dueUtc,
      // A derived deadline shows in the asked language, naming its party; one the user wrote keeps their words.
      title: rule && !d.isUserEdited ? ruleAct(rule, party, lang) : d.title,
      rule: d.ruleKey,
      party: party || null,
      ruleLabel: rule ? ruleLength(rule, lang) : null,
      state: 'ahead',
      daysLeft: 0,
      overdue: false,
      isDone: d.isDone,
      isEstimate: d.isEstimate,
      whoActs: rule?.whoActs ?? null,
      contactId: d.contactId,
    };
  });
  // A complaint made after the other side let a deadline pass is the action on it: that miss is no longer red.
  const complaints = contacts
    .filter((x) => x.direction === 'out' && (x.party === 'regulator' || x.party === 'consumer-association'))
    .map((x) => Date.parse(x.occurredUtc))
    .filter((t) => t <= now);
  const isActedOn = (utc: string) => complaints.some((t) => t >= Date.parse(utc));
  const today = localDate({ utc: new Date(now).toISOString(), offset: 0 }, c.timezone);
  const deadlines: PlanDeadline[] = [
    ...stored,
    ...chargeDeadlines(locker, rules, disputed, c.timezone, lang, bank),
  ]
    .map((d) => {
      const overdue = !d.isDone && Date.parse(d.utc) < now;
      const last = localDate({ utc: d.utc, offset: 0 }, c.timezone);
      const daysLeft = Math.round((Date.parse(last) - Date.parse(today)) / 86_400_000);
      let state: DeadlineState;
      if (d.isDone) state = 'done';
      // The user's own window has passed: nothing to push for, said calmly. Another side's miss is red until
      // the user complains about it.
      else if (overdue) state = d.whoActs === 'you' || isActedOn(d.utc) ? 'lapsed' : 'missed';
      else state = daysLeft <= SOON_DAYS ? 'soon' : 'ahead';
      return { ...d, overdue, daysLeft, state };
    })
    .sort((a, b) => (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : 0))
    .map(({ utc: _utc, ...rest }) => rest);

  const next = nextOf({
    isResolved: c.status === 'resolved' || c.status === 'closed',
    steps,
    deadlines,
    evidence: evidence.length,
    payments: ledger.payments.length,
    partyOf: (contactId) => (contactId ? (contactById.get(contactId)?.party ?? null) : null),
  });
  const status = (key: PlanStepKey) => steps.find((s) => s.key === key)!.status;
  const stages: PlanStage[] = [
    { key: 'collect', status: status('confirm-charges') },
    { key: 'platform', status: status('contact-platform') },
    { key: 'bank', status: status('ask-bank') },
    { key: 'regulator', status: status('complain') },
    { key: 'resolved', status: c.status === 'resolved' || c.status === 'closed' ? 'done' : 'todo' },
  ];

  return { caseId: c.id, steps, deadlines, next, stages, disclaimer: w.disclaimer };
}

/**
 * The next step: the first of the six steps not done, in order. A deadline the other side missed comes first
 * (the one thing that can be urgent, until the user complains); a reply still due is waited for before the next
 * contact is asked for. Deadlines the user's own window closed on never lead.
 */
function nextOf(input: {
  isResolved: boolean;
  steps: PlanStep[];
  deadlines: PlanDeadline[];
  evidence: number;
  payments: number;
  partyOf: (contactId: string | null) => ContactParty | null;
}): PlanNext {
  const none = { step: null, deadline: null, party: null };
  if (input.isResolved) return { kind: 'resolved', ...none };
  const missed = input.deadlines.findIndex((d) => d.state === 'missed');
  if (missed >= 0) return { kind: 'missed-deadline', step: 'complain', deadline: missed, party: null };
  const step = input.steps.find((s) => s.status !== 'done');
  if (!step) return { kind: 'all-done', ...none };
  const at = (kind: NextKind, party: ContactParty | null = null, deadline: number | null = null) => ({
    kind,
    step: step.key,
    deadline,
    party,
  });
  switch (step.key) {
    case 'confirm-charges':
      if (input.evidence === 0) return at('import-first');
      return input.payments > 0 ? at('mark-charges') : at('import-bill');
    case 'contact-platform':
      return at('contact-platform', 'platform');
    case 'ask-bank': {
      const waiting = input.deadlines.findIndex(
        (d) => d.whoActs === 'them' && (d.state === 'ahead' || d.state === 'soon'),
      );
      if (waiting < 0) return at('ask-bank', 'bank');
      return at('reply-due', input.partyOf(input.deadlines[waiting]!.contactId) ?? 'platform', waiting);
    }
    case 'complain':
      return at('complain');
    case 'keep-proof':
      return at('keep-proof');
    case 'stop-debits':
      return at('stop-debits');
  }
}
