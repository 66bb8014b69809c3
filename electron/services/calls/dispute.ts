import { z } from 'zod';
import { CONTACT_CHANNELS, PLAN_STEPS, STEP_STATUSES } from '../../../db/queries/dispute.ts';
import { COMPLAINT_TARGETS, complaintFields } from '../dispute/complaint.ts';
import { casePlan, type Plan } from '../dispute/plan.ts';
import { packetReadiness } from '../dispute/readiness.ts';
import {
  addContact,
  claimantFor,
  effectiveRules,
  maskValue,
  setClaimant,
  setPlanOverride,
} from '../dispute/records.ts';
import { AGENCIES, CONTACT_PARTIES } from '../dispute/rules.ts';
import { LANGS, RECIPIENTS } from '../export/i18n.ts';
import type { Locker } from '../locker.ts';
import { formatInstant } from '../util/time.ts';
import { call, exactCase, instantOf } from './define.ts';
import { caseId, evidenceId, isoTime, longText, shortText } from './inputs.ts';

/*
 * The guided dispute: the six-step plan with its deadlines, the contacts that start them, the complaint
 * texts, the complainant, and what an officer would send the packet back for. The same services as
 * `locker plan`, `locker contact`, `locker complaint` and `locker ready`.
 */

export const lang = z.enum(LANGS);
export const recipient = z.enum(RECIPIENTS);

export type PlanDto = {
  caseId: string;
  steps: {
    key: Plan['steps'][number]['key'];
    title: string;
    action: string;
    status: Plan['steps'][number]['status'];
    /** What the evidence says, before any status the user set. */
    derivedStatus: Plan['steps'][number]['status'];
    isOverridden: boolean;
    holds: string[];
    missing: string[];
  }[];
  deadlines: {
    id: string | null;
    /** ISO instant with the offset it is due in. */
    at: string;
    utc: string;
    title: string;
    rule: string | null;
    /** Whom it concerns (中国银行, 元保, 12315, else 银行). */
    party: string | null;
    /** Where the period comes from and its length: "卡组织规则 120 天". */
    ruleLabel: string | null;
    /** ahead (calm) · soon (amber) · missed (red: the user can act on it) · lapsed (grey, calm) · done. */
    state: Plan['deadlines'][number]['state'];
    daysLeft: number;
    isOverdue: boolean;
    isDone: boolean;
    isEstimate: boolean;
    whoActs: 'them' | 'you' | null;
    /** The contact that started it (null: a deadline of the user's own). */
    contactId: string | null;
  }[];
  /** The next step as the plan decides it; the screens only word it. `deadline` indexes `deadlines`. */
  next: Plan['next'];
  /** The header's stepper: collect → platform → bank → regulator → resolved, as far as the plan got. */
  stages: Plan['stages'];
  disclaimer: string;
};

function planDto(plan: Plan): PlanDto {
  return {
    caseId: plan.caseId,
    steps: plan.steps.map((s) => ({
      key: s.key,
      title: s.title,
      action: s.action,
      status: s.status,
      derivedStatus: s.derivedStatus,
      isOverridden: s.isOverridden,
      holds: s.holds,
      missing: s.missing,
    })),
    deadlines: plan.deadlines.map((d) => ({
      id: d.id,
      at: d.at,
      utc: instantOf(d.at).utc,
      title: d.title,
      rule: d.rule,
      party: d.party,
      ruleLabel: d.ruleLabel,
      state: d.state,
      daysLeft: d.daysLeft,
      isOverdue: d.overdue,
      isDone: d.isDone,
      isEstimate: d.isEstimate,
      whoActs: d.whoActs,
      contactId: d.contactId,
    })),
    next: plan.next,
    stages: plan.stages,
    disclaimer: plan.disclaimer,
  };
}

/** What the page may know of the complainant: the name, and the ID and phone masked. */
export type ClaimantDto = { name: string; idNumberMasked: string; phoneMasked: string };

function maskedClaimant(locker: Locker, caseId: string | null): ClaimantDto {
  const c = claimantFor(locker, caseId);
  // The ID number and phone are shown masked: enough to recognise, nothing to copy from the screen.
  return { name: c.name, idNumberMasked: maskValue(c.idNumber), phoneMasked: maskValue(c.phone) };
}

export const disputeCalls = {
  'plan:get': call(
    () => z.strictObject({ caseId, lang }),
    async ({ locker }, { caseId, lang }) =>
      Promise.resolve(planDto(casePlan(locker, exactCase(locker, caseId).id, { lang }))),
  ),

  // null hands the step back to the evidence.
  'plan:set': call(
    () =>
      z.strictObject({
        caseId,
        lang,
        step: z.enum(PLAN_STEPS),
        status: z.enum(STEP_STATUSES).nullable(),
      }),
    async ({ locker }, { caseId, lang, step, status }) => {
      const c = exactCase(locker, caseId);
      await setPlanOverride(locker, c.id, step, status);
      return planDto(casePlan(locker, c.id, { lang }));
    },
  ),

  /** A contact with the platform, the bank or a regulator, and each deadline it starts with its rule. */
  'contact:add': call(
    () =>
      z.strictObject({
        caseId,
        party: z.enum(CONTACT_PARTIES),
        // Absent: a phone call.
        channel: z.enum(CONTACT_CHANNELS).optional(),
        at: isoTime,
        /** `in`: they contacted the user (a reply, which starts no deadline); `out` when absent. */
        direction: z.enum(['out', 'in']).optional(),
        agency: z.enum(AGENCIES).optional(),
        ticket: shortText.optional(),
        note: longText.optional(),
        /** Evidence of the contact already in the case: a screenshot of the chat, a recording, the email. */
        evidenceIds: z.array(evidenceId).max(100).optional(),
        lang,
      }),
    async (
      { locker },
      { caseId, party, channel, at, direction, agency, ticket, note, evidenceIds, lang },
    ) => {
      const c = exactCase(locker, caseId);
      const { contact, deadlines } = await addContact(locker, c.id, {
        party,
        ...(channel ? { channel } : {}),
        at,
        ...(direction ? { direction } : {}),
        ...(agency ? { agency } : {}),
        ...(ticket !== undefined ? { ticket } : {}),
        ...(note !== undefined ? { note } : {}),
        ...(evidenceIds?.length ? { evidenceIds } : {}),
        lang,
      });
      const rules = new Map(effectiveRules(locker).map((r) => [r.key, r]));
      return {
        id: contact.id,
        eventId: contact.eventId,
        evidenceIds: contact.evidenceIds,
        party: contact.party,
        channel: contact.channel,
        direction: contact.direction,
        at: formatInstant({ utc: contact.occurredUtc, offset: contact.occurredOffset }),
        /** Each deadline the contact started, with the rule's length and the text it comes from. */
        deadlines: deadlines.map((d) => {
          const rule = d.ruleKey ? rules.get(d.ruleKey) : undefined;
          return {
            id: d.id,
            at: formatInstant({ utc: d.dueUtc, offset: d.dueOffset }),
            utc: d.dueUtc,
            title: d.title,
            rule: d.ruleKey,
            days: rule?.days ?? null,
            isWorkingDays: rule?.count === 'china-working',
            source: rule?.source.title ?? '',
            contactId: d.contactId,
            eventId: d.eventId,
            isEstimate: d.isEstimate,
            isDone: d.isDone,
            isUserEdited: d.isUserEdited,
          };
        }),
      };
    },
  ),

  'complaint:get': call(
    () => z.strictObject({ caseId, to: z.enum(COMPLAINT_TARGETS), lang }),
    async ({ locker }, { caseId, to, lang }) => {
      const r = complaintFields(locker, exactCase(locker, caseId).id, { to, lang });
      return Promise.resolve({ to: r.to, lang: r.lang, fields: r.fields });
    },
  ),

  'claimant:get': call(
    () => z.strictObject({ caseId }),
    async ({ locker }, { caseId }) => Promise.resolve(maskedClaimant(locker, exactCase(locker, caseId).id)),
  ),

  // Kept for every case (entered once), or with `forCase` for that case only; the custody log records which
  // fields changed, never their values. Answers with the complainant of `caseId` (else of `forCase`, else the
  // one kept for every case), masked, and which fields are set and changed.
  // A name, a resident ID (18 characters) and a phone number: generous bounds, nothing unbounded.
  'claimant:set': call(
    () =>
      z.strictObject({
        caseId: caseId.optional(),
        forCase: caseId.optional(),
        name: z.string().max(100).optional(),
        idNumber: z.string().max(40).optional(),
        phone: z.string().max(40).optional(),
      }),
    async ({ locker }, { caseId, forCase, name, idNumber, phone }) => {
      const own = forCase === undefined ? null : exactCase(locker, forCase);
      const c = caseId === undefined ? own : exactCase(locker, caseId);
      const r = await setClaimant(locker, own?.id ?? null, {
        ...(name !== undefined ? { name } : {}),
        ...(idNumber !== undefined ? { idNumber } : {}),
        ...(phone !== undefined ? { phone } : {}),
      });
      const now = claimantFor(locker, c?.id ?? null);
      return {
        ...maskedClaimant(locker, c?.id ?? null),
        /** The case's id where the details were kept for it alone, else `locker`. */
        scope: r.scope,
        changed: r.changed,
        isSet: { name: !!now.name, idNumber: !!now.idNumber, phone: !!now.phone },
      };
    },
  ),

  // What an officer would send the packet back for, before it is exported.
  'export:ready': call(
    () => z.strictObject({ caseId, recipient, lang }),
    async ({ locker }, { caseId, recipient, lang }) =>
      Promise.resolve(packetReadiness(locker, exactCase(locker, caseId).id, recipient, lang)),
  ),
};
