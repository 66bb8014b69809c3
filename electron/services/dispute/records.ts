import {
  AGREEMENT_STATUSES,
  CONTACT_CHANNELS,
  PLAN_STEPS,
  STEP_STATUSES,
  getAgreement,
  getClaimant,
  getContact,
  getDeadline,
  insertAgreement,
  insertContact,
  insertDeadline,
  listAgreements,
  listContacts,
  listDeadlines,
  listRuleOverrides,
  setContactEvidence,
  setPlanOverrideRow,
  setRuleOverrideRow,
  updateAgreementRow,
  updateDeadlineRow,
  upsertClaimant,
  type AgreementRecord,
  type AgreementStatus,
  type ClaimantRecord,
  type ContactChannel,
  type ContactRecord,
  type DeadlineRecord,
  type PlanStepKey,
  type StepStatus,
} from '../../../db/queries/dispute.ts';
import type { EventKind } from '../../../db/queries/events.ts';
import { LockerInputError, NotFoundError, refuseNul } from '../errors.ts';
import { coded } from '../../messages/say.ts';
import type { Locker } from '../locker.ts';
import { caseSeries } from '../records.ts';
import { caseLedger, claimFor } from '../ledger/index.ts';
import { formatInstant, type Instant } from '../util/time.ts';
import { contactJson } from './contact-json.ts';
import { ruleDue } from './deadlines.ts';
import {
  AGENCIES,
  CONTACT_PARTIES,
  DEFAULT_RULES,
  applyRulePatches,
  parseRulePatch,
  type Agency,
  type ContactParty,
  type DeadlineRule,
  type RulePatch,
  ruleAct,
} from './rules.ts';
import { PARTY_WORDS, contactTitle, type DisputeLang } from './words.ts';

export type EffectiveRule = DeadlineRule & { isEdited: boolean };

/** The shipped rules with this locker's edits laid over them. */
export function effectiveRules(locker: Locker): EffectiveRule[] {
  return applyRulePatches(DEFAULT_RULES, listRuleOverrides(locker.db));
}

/** Changes a rule for this locker (null puts the shipped rule back). Deadlines already derived stay as they are. */
export async function setRuleOverride(locker: Locker, key: string, input: unknown): Promise<EffectiveRule> {
  if (!DEFAULT_RULES.some((r) => r.key === key)) {
    throw new LockerInputError('rule.not-found', {
      key,
      list: DEFAULT_RULES.map((r) => r.key).join(', '),
    });
  }
  let patch: RulePatch | null = null;
  if (input !== null) {
    const parsed = parseRulePatch(input);
    if (parsed.problems.length)
      throw new LockerInputError('rule.cannot-keep', { problems: parsed.problems.join('; ') });
    patch = parsed.patch;
  }
  locker.write((log) => {
    setRuleOverrideRow(locker.db, key, patch, locker.now());
    log({ action: 'rule.override', subjectId: key, details: { patch } });
  });
  await locker.saveChainHead();
  return effectiveRules(locker).find((r) => r.key === key)!;
}

/**
 * Changes some of a rule's settings and keeps the user's earlier changes to the others: the change is laid
 * over the stored override (not over the defaults), then kept as with `setRuleOverride`.
 */
export async function amendRuleOverride(
  locker: Locker,
  key: string,
  change: Record<string, unknown>,
): Promise<EffectiveRule> {
  const before = effectiveRules(locker).find((r) => r.key === key);
  const stored = before?.isEdited
    ? Object.fromEntries(
        (['days', 'count', 'enabled', 'parties', 'agencies', 'extendableTo'] as const).map((k) => [
          k,
          before[k],
        ]),
      )
    : {};
  const patch: Record<string, unknown> = { ...stored, ...change };
  for (const k of Object.keys(patch)) if (patch[k] === undefined) delete patch[k];
  return setRuleOverride(locker, key, patch);
}

// ── Contacts ─────────────────────────────────────────────────────────────────────────────────────────────

export type NewContact = {
  party: ContactParty;
  /** ISO 8601; without an offset it is read in the case's time zone. */
  at: string;
  channel?: ContactChannel;
  agency?: Agency | '';
  direction?: 'out' | 'in';
  ticket?: string;
  note?: string;
  evidenceIds?: string[];
  /** The language of the titles written onto the timeline. */
  lang?: DisputeLang;
};

type CustodyLog = Parameters<Parameters<Locker['write']>[0]>[0];

export type DeadlineJson = {
  id: string;
  at: string;
  title: string;
  rule: string | null;
  contactId: string | null;
  eventId: string | null;
  isEstimate: boolean;
  isDone: boolean;
  isUserEdited: boolean;
};

export function deadlineJson(d: DeadlineRecord): DeadlineJson {
  return {
    id: d.id,
    at: formatInstant({ utc: d.dueUtc, offset: d.dueOffset }),
    title: d.title,
    rule: d.ruleKey,
    contactId: d.contactId,
    eventId: d.eventId,
    isEstimate: d.isEstimate,
    isDone: d.isDone,
    isUserEdited: d.isUserEdited,
  };
}

export { contactJson, type ContactJson } from './contact-json.ts';

const EVENT_KIND: Record<ContactChannel, EventKind> = {
  phone: 'call',
  chat: 'message',
  email: 'message',
  form: 'message',
  letter: 'letter',
  'in-person': 'visit',
};

/** A contact's agency where the user did not say: a 12315 ticket or note names it. */
function inferAgency(party: ContactParty, text: string): Agency | '' {
  if (party !== 'regulator') return '';
  for (const a of AGENCIES) if (text.includes(a)) return a;
  return '';
}

function checkEvidence(locker: Locker, caseId: string, ids: string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()).filter(Boolean))].map((id) => {
    const e = locker.getEvidence(id);
    if (e.caseId !== caseId) throw new NotFoundError('evidence-in-case', id);
    return e.id;
  });
}

/** The contact rules that apply to a contact, in rule-table order. Replies start no deadline. */
export function rulesForContact(
  rules: EffectiveRule[],
  c: Pick<ContactRecord, 'party' | 'agency' | 'direction'>,
): EffectiveRule[] {
  if (c.direction !== 'out') return [];
  return rules.filter(
    (r) =>
      r.enabled &&
      r.trigger === 'contact' &&
      (r.parties ?? []).includes(c.party) &&
      (!r.agencies?.length || (c.agency !== '' && r.agencies.includes(c.agency))),
  );
}

/**
 * Records a contact with the platform, the bank, a regulator…: it goes on the timeline as an event (a call, a
 * message, a letter, a visit; the ticket as its reference), and every rule that applies to it adds a deadline,
 * also on the timeline. Returns the contact and its deadlines.
 */
export async function addContact(
  locker: Locker,
  caseId: string,
  input: NewContact,
  /** More rows that stand or fall with the contact, written in its transaction (a chat's messages). */
  alsoWrite?: (contact: ContactRecord, log: CustodyLog) => void,
): Promise<{ contact: ContactRecord; deadlines: DeadlineRecord[] }> {
  const c = locker.getCase(caseId);
  if (!CONTACT_PARTIES.includes(input.party))
    throw new LockerInputError('unknown-value', {
      what: coded('what.party'),
      value: String(input.party),
      list: CONTACT_PARTIES.join(', '),
    });
  const channel = input.channel ?? 'phone';
  if (!CONTACT_CHANNELS.includes(channel))
    throw new LockerInputError('unknown-value', {
      what: coded('what.channel'),
      value: String(channel),
      list: CONTACT_CHANNELS.join(', '),
    });
  if (input.agency && !AGENCIES.includes(input.agency))
    throw new LockerInputError('unknown-value', {
      what: coded('what.agency'),
      value: String(input.agency),
      list: AGENCIES.join(', '),
    });
  const direction = input.direction ?? 'out';
  const ticket = input.ticket?.trim() ?? '';
  const note = input.note?.trim() ?? '';
  const agency = input.agency || inferAgency(input.party, `${ticket} ${note}`);
  const instant: Instant = locker.parseTime(input.at, c.id);
  const evidenceIds = checkEvidence(locker, c.id, input.evidenceIds ?? []);
  const lang = input.lang ?? 'zh-CN';
  const rules = rulesForContact(effectiveRules(locker), { party: input.party, agency, direction });
  // The party by name where the locker knows it (the case's merchant, its bank): `Chat with 元保`.
  const bankName = input.party === 'bank' ? caseBankName(locker, c.id) : '';
  const named = input.party === 'platform' || input.party === 'bank';
  const name = named ? contactPartyName(c, input.party, agency, bankName, lang) : '';
  const partyName = name === PARTY_WORDS[lang][input.party] ? '' : name;

  // The timeline's events are written through the locker, one transaction each, before the rows that point at
  // them; a crash in between leaves an event without its contact row, never a row pointing at nothing.
  const event = await locker.addEvent(c.id, {
    kind: EVENT_KIND[channel],
    title: contactTitle(lang, input.party, channel, direction, agency, partyName),
    occurredAt: formatInstant(instant),
    notes: note,
    reference: ticket,
    ...(evidenceIds[0] ? { evidenceId: evidenceIds[0] } : {}),
  });
  const contact: ContactRecord = {
    id: locker.ids('contact'),
    caseId: c.id,
    eventId: event.id,
    party: input.party,
    agency,
    channel,
    direction,
    occurredUtc: instant.utc,
    occurredOffset: instant.offset,
    ticket,
    note,
    evidenceIds,
    createdAt: locker.now(),
    deletedAt: null,
  };
  const deadlines: DeadlineRecord[] = [];
  for (const rule of rules) {
    const { due, extended } = ruleDue(rule, instant, c.timezone);
    // Named after its party, so a platform's and a bank's deadline from one rule never read alike on the timeline.
    const title = ruleAct(rule, contactPartyName(c, input.party, agency, bankName, lang), lang);
    const devent = await locker.addEvent(c.id, {
      kind: 'deadline',
      title,
      occurredAt: due.at,
      reference: ticket,
      notes: [
        `${rule.source.title} ${rule.source.reference}`,
        extended ? `${lang === 'zh-CN' ? '可延长至' : 'May be extended to'} ${extended.at}` : '',
        due.isEstimate
          ? lang === 'zh-CN'
            ? '该年度放假安排尚未公布，按周一至周五估算'
            : "That year's official holiday calendar is not published yet: counted Monday to Friday"
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
    });
    deadlines.push({
      id: locker.ids('deadline'),
      caseId: c.id,
      dueUtc: due.instant.utc,
      dueOffset: due.instant.offset,
      title,
      ruleKey: rule.key,
      contactId: contact.id,
      eventId: devent.id,
      isEstimate: due.isEstimate,
      isDone: false,
      isUserEdited: false,
      createdAt: locker.now(),
      updatedAt: locker.now(),
      deletedAt: null,
    });
  }
  locker.write((log) => {
    insertContact(locker.db, contact);
    for (const d of deadlines) insertDeadline(locker.db, d);
    log({
      action: 'contact.add',
      caseId: c.id,
      subjectId: contact.id,
      details: { after: contactJson(contact), deadlines: deadlines.map(deadlineJson) },
    });
    alsoWrite?.(contact, log);
  });
  await locker.saveChainHead();
  return { contact, deadlines };
}

/**
 * Attaches evidence already in the case to a contact logged before (a screenshot of the chat, the recording),
 * or detaches some: the items themselves are never touched. Logged as `contact.attach` with the list before and
 * after; nothing is written when the list does not change.
 */
export async function attachToContact(
  locker: Locker,
  contactId: string,
  change: { add?: string[]; remove?: string[] },
): Promise<ContactRecord> {
  const before = getContact(locker.db, contactId);
  if (!before || before.deletedAt) throw new NotFoundError('contact', contactId);
  const add = checkEvidence(locker, before.caseId, change.add ?? []);
  const remove = new Set((change.remove ?? []).map((id) => id.trim()));
  const kept = before.evidenceIds.filter((id) => !remove.has(id));
  const evidenceIds = [...kept, ...add.filter((id) => !kept.includes(id))];
  if (evidenceIds.join('\n') === before.evidenceIds.join('\n')) return before;
  const after: ContactRecord = { ...before, evidenceIds };
  locker.write((log) => {
    setContactEvidence(locker.db, after.id, evidenceIds);
    log({
      action: 'contact.attach',
      caseId: after.caseId,
      subjectId: after.id,
      details: {
        added: evidenceIds.filter((id) => !before.evidenceIds.includes(id)),
        removed: before.evidenceIds.filter((id) => !evidenceIds.includes(id)),
        before: before.evidenceIds,
        after: evidenceIds,
      },
    });
  });
  await locker.saveChainHead();
  return after;
}

/** The name of whom a contact was with, where the locker knows it: the case's merchant, its bank, the agency. */
export function contactPartyName(
  c: { counterparty: string },
  party: ContactParty,
  agency: string,
  bankName: string,
  lang: DisputeLang,
): string {
  const name =
    party === 'platform' ? c.counterparty : party === 'regulator' ? agency : party === 'bank' ? bankName : '';
  return name || PARTY_WORDS[lang][party];
}

/** The bank the case's money moved through, by name, as the bank's claim names it. */
export function caseBankName(locker: Locker, caseId: string): string {
  const c = locker.getCase(caseId);
  return claimFor(caseLedger(locker, c.id), 'bank', c).bank?.name ?? '';
}

export function caseContacts(locker: Locker, caseId: string): ContactRecord[] {
  return listContacts(locker.db, locker.getCase(caseId).id);
}

// ── Deadlines the user sets or edits ─────────────────────────────────────────────────────────────────────

export function caseDeadlines(locker: Locker, caseId: string): DeadlineRecord[] {
  return listDeadlines(locker.db, locker.getCase(caseId).id);
}

export async function addDeadline(
  locker: Locker,
  caseId: string,
  input: { at: string; title: string },
): Promise<DeadlineRecord> {
  const c = locker.getCase(caseId);
  const title = input.title.trim();
  if (!title) throw new LockerInputError('deadline.needs-title');
  const instant = locker.parseTime(input.at, c.id);
  const event = await locker.addEvent(c.id, { kind: 'deadline', title, occurredAt: formatInstant(instant) });
  const now = locker.now();
  const d: DeadlineRecord = {
    id: locker.ids('deadline'),
    caseId: c.id,
    dueUtc: instant.utc,
    dueOffset: instant.offset,
    title,
    ruleKey: null,
    contactId: null,
    eventId: event.id,
    isEstimate: false,
    isDone: false,
    isUserEdited: true,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  locker.write((log) => {
    insertDeadline(locker.db, d);
    log({ action: 'deadline.add', caseId: c.id, subjectId: d.id, details: { after: deadlineJson(d) } });
  });
  await locker.saveChainHead();
  return d;
}

/** Marks a deadline met (or not), or moves it; a moved deadline is flagged as the user's own. */
export async function editDeadline(
  locker: Locker,
  id: string,
  patch: { isDone?: boolean; at?: string; title?: string },
): Promise<DeadlineRecord> {
  const before = getDeadline(locker.db, id);
  if (!before || before.deletedAt) throw new NotFoundError('deadline', id);
  const after: DeadlineRecord = { ...before };
  if (patch.isDone !== undefined) after.isDone = patch.isDone;
  if (patch.title !== undefined) {
    if (!patch.title.trim()) throw new LockerInputError('deadline.title-empty');
    after.title = patch.title.trim();
    after.isUserEdited = true;
  }
  if (patch.at !== undefined) {
    const instant = locker.parseTime(patch.at, before.caseId);
    after.dueUtc = instant.utc;
    after.dueOffset = instant.offset;
    after.isEstimate = false;
    after.isUserEdited = true;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return before;
  // The timeline shows the deadline as an event, which the locker cannot move: replace it with one that says
  // the new time and title (the old one stays in the custody log as deleted).
  if (after.dueUtc !== before.dueUtc || after.title !== before.title) {
    if (before.eventId) await locker.deleteEvent(before.eventId);
    const event = await locker.addEvent(before.caseId, {
      kind: 'deadline',
      title: after.title,
      occurredAt: formatInstant({ utc: after.dueUtc, offset: after.dueOffset }),
    });
    after.eventId = event.id;
  }
  after.updatedAt = locker.now();
  locker.write((log) => {
    updateDeadlineRow(locker.db, after);
    log({
      action: 'deadline.edit',
      caseId: after.caseId,
      subjectId: id,
      details: { before: deadlineJson(before), after: deadlineJson(after) },
    });
  });
  await locker.saveChainHead();
  return after;
}

// ── Agreements ───────────────────────────────────────────────────────────────────────────────────────────

export type AgreementInput = {
  merchant?: string;
  service?: string;
  number?: string;
  signedAt?: string | null;
  closedAt?: string | null;
  paymentMethod?: string;
  status?: AgreementStatus;
  seriesId?: string | null;
  evidenceIds?: string[];
};

export type AgreementJson = {
  id: string;
  caseId: string;
  merchant: string;
  service: string;
  number: string;
  signedAt: string | null;
  closedAt: string | null;
  paymentMethod: string;
  status: AgreementStatus;
  seriesId: string | null;
  evidenceIds: string[];
};

export function agreementJson(a: AgreementRecord): AgreementJson {
  const at = (utc: string | null, offset: number | null) =>
    utc === null || offset === null ? null : formatInstant({ utc, offset });
  return {
    id: a.id,
    caseId: a.caseId,
    merchant: a.merchant,
    service: a.service,
    number: a.number,
    signedAt: at(a.signedUtc, a.signedOffset),
    closedAt: at(a.closedUtc, a.closedOffset),
    paymentMethod: a.paymentMethod,
    status: a.status,
    seriesId: a.seriesId,
    evidenceIds: a.evidenceIds,
  };
}

function applyAgreement(locker: Locker, a: AgreementRecord, input: AgreementInput): AgreementRecord {
  const next = { ...a, evidenceIds: [...a.evidenceIds] };
  if (input.merchant !== undefined) {
    if (!input.merchant.trim()) throw new LockerInputError('agreement.needs-merchant');
    next.merchant = input.merchant.trim();
  }
  if (input.service !== undefined) next.service = input.service.trim();
  if (input.number !== undefined) next.number = input.number.trim();
  if (input.paymentMethod !== undefined) next.paymentMethod = input.paymentMethod.trim();
  if (input.seriesId !== undefined) {
    next.seriesId = input.seriesId?.trim() || null;
    if (next.seriesId && !caseSeries(locker, a.caseId).some((x) => x.id === next.seriesId))
      throw new LockerInputError('series.not-found', { id: next.seriesId });
  }
  if (input.signedAt !== undefined) {
    const i = input.signedAt === null ? null : locker.parseTime(input.signedAt, a.caseId);
    next.signedUtc = i?.utc ?? null;
    next.signedOffset = i?.offset ?? null;
  }
  if (input.closedAt !== undefined) {
    const i = input.closedAt === null ? null : locker.parseTime(input.closedAt, a.caseId);
    next.closedUtc = i?.utc ?? null;
    next.closedOffset = i?.offset ?? null;
    if (i && input.status === undefined) next.status = 'closed';
  }
  if (input.status !== undefined) {
    if (!AGREEMENT_STATUSES.includes(input.status))
      throw new LockerInputError('unknown-value', {
        what: coded('what.status'),
        value: String(input.status),
        list: AGREEMENT_STATUSES.join(', '),
      });
    next.status = input.status;
  }
  if (input.evidenceIds !== undefined) {
    next.evidenceIds = [
      ...new Set([...next.evidenceIds, ...checkEvidence(locker, a.caseId, input.evidenceIds)]),
    ];
  }
  return next;
}

/** Records an auto-debit agreement (免密支付 / 自动扣款 / 自动续费) behind the charges. */
export async function addAgreement(
  locker: Locker,
  caseId: string,
  input: AgreementInput & { merchant: string },
): Promise<AgreementRecord> {
  refuseNul(input);
  const c = locker.getCase(caseId);
  const now = locker.now();
  const blank: AgreementRecord = {
    id: locker.ids('agr'),
    caseId: c.id,
    merchant: '',
    service: '',
    number: '',
    signedUtc: null,
    signedOffset: null,
    closedUtc: null,
    closedOffset: null,
    paymentMethod: '',
    status: 'active',
    seriesId: null,
    evidenceIds: [],
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  if (!input.merchant?.trim()) throw new LockerInputError('agreement.needs-merchant');
  const record = applyAgreement(locker, blank, input);
  locker.write((log) => {
    insertAgreement(locker.db, record);
    log({
      action: 'agreement.add',
      caseId: c.id,
      subjectId: record.id,
      details: { after: agreementJson(record) },
    });
  });
  await locker.saveChainHead();
  return record;
}

export async function updateAgreement(
  locker: Locker,
  id: string,
  input: AgreementInput,
): Promise<AgreementRecord> {
  refuseNul(input);
  const before = getAgreement(locker.db, id);
  if (!before || before.deletedAt) throw new NotFoundError('agreement', id);
  const after = applyAgreement(locker, before, input);
  const b = agreementJson(before);
  const a = agreementJson(after);
  const changed = (Object.keys(a) as (keyof AgreementJson)[]).filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
  if (!changed.length) return before;
  after.updatedAt = locker.now();
  locker.write((log) => {
    updateAgreementRow(locker.db, after);
    log({
      action: 'agreement.edit',
      caseId: after.caseId,
      subjectId: id,
      details: {
        before: Object.fromEntries(changed.map((k) => [k, b[k]])),
        after: Object.fromEntries(changed.map((k) => [k, a[k]])),
      },
    });
  });
  await locker.saveChainHead();
  return after;
}

export function caseAgreements(locker: Locker, caseId: string): AgreementRecord[] {
  return listAgreements(locker.db, locker.getCase(caseId).id);
}

// ── Claimant ─────────────────────────────────────────────────────────────────────────────────────────────

export type ClaimantInput = { name?: string; idNumber?: string; phone?: string };

/**
 * Sets the complainant's details for complaint forms, for the whole locker or (with `caseId`) one case. The
 * values stay in the database only: the custody log records which fields changed, never what they are.
 */
export async function setClaimant(
  locker: Locker,
  caseId: string | null,
  input: ClaimantInput,
): Promise<{ scope: string; changed: (keyof ClaimantInput)[] }> {
  const c = caseId === null ? null : locker.getCase(caseId);
  const scope = c ? c.id : 'locker';
  const before = getClaimant(locker.db, scope);
  const after: ClaimantRecord = before
    ? { ...before }
    : { scope, caseId: c?.id ?? null, name: '', idNumber: '', phone: '', updatedAt: '' };
  const changed: (keyof ClaimantInput)[] = [];
  for (const key of ['name', 'idNumber', 'phone'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    const clean = v.normalize('NFKC').trim();
    if (clean !== after[key]) {
      after[key] = clean;
      changed.push(key);
    }
  }
  if (!changed.length) return { scope, changed };
  after.updatedAt = locker.now();
  locker.write((log) => {
    upsertClaimant(locker.db, after);
    // Personal data stays out of the append-only log: it could never be removed from there.
    log({ action: 'claimant.set', caseId: c?.id ?? null, subjectId: scope, details: { changed } });
  });
  await locker.saveChainHead();
  return { scope, changed };
}

/** The complainant for a case: the case's own details where given, else the locker's (null: the locker's). */
export function claimantFor(locker: Locker, caseId: string | null): Required<ClaimantInput> {
  const own = caseId === null ? undefined : getClaimant(locker.db, locker.getCase(caseId).id);
  const all = getClaimant(locker.db, 'locker');
  const pick = (k: keyof ClaimantInput) => own?.[k] || all?.[k] || '';
  return { name: pick('name'), idNumber: pick('idNumber'), phone: pick('phone') };
}

/** `110101********1234`, `138****5678`: enough to recognise, not enough to reuse. */
export function maskValue(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  const keep = value.length >= 11 ? (value.length >= 15 ? 6 : 3) : 1;
  return value.slice(0, keep) + '*'.repeat(value.length - keep - 4) + value.slice(-4);
}

// ── Plan overrides ───────────────────────────────────────────────────────────────────────────────────────

/** The user's own status for a plan step (null hands it back to the evidence). */
export async function setPlanOverride(
  locker: Locker,
  caseId: string,
  step: PlanStepKey,
  status: StepStatus | null,
): Promise<void> {
  const c = locker.getCase(caseId);
  if (!PLAN_STEPS.includes(step))
    throw new LockerInputError('unknown-value', {
      what: coded('what.step'),
      value: String(step),
      list: PLAN_STEPS.join(', '),
    });
  if (status !== null && !STEP_STATUSES.includes(status))
    throw new LockerInputError('unknown-value', {
      what: coded('what.status'),
      value: String(status),
      list: STEP_STATUSES.join(', '),
    });
  locker.write((log) => {
    setPlanOverrideRow(locker.db, c.id, step, status, locker.now());
    log({ action: 'plan.override', caseId: c.id, subjectId: c.id, details: { step, status } });
  });
  await locker.saveChainHead();
}
