import { z } from 'zod';
import { AGREEMENT_STATUSES } from '../../../db/queries/dispute.ts';
import { addAgreementFromEvidence, readAgreementPage } from '../dispute/agreement-from-ocr.ts';
import {
  addAgreement,
  agreementJson,
  caseAgreements,
  updateAgreement,
  type AgreementInput,
} from '../dispute/records.ts';
import type { FactSource } from '../ocr/suggest.ts';
import { call, exactCase, exactEvidence } from './define.ts';
import { agreementId, caseId, evidenceId, isoTime, shortText } from './inputs.ts';

/*
 * The auto-debit agreements behind the charges (Alipay 免密支付/自动扣款, WeChat Pay 自动续费): read from a
 * screenshot of their page for the user to check, recorded from what they confirmed, or typed in by hand,
 * changed and closed. The same services as `locker agreement`.
 */

/** Where a suggested fact was read: the page, the line as read, and the boxes of its words. */
export type FactSourceDto = {
  page: number;
  line: string;
  boxes: { x0: number; y0: number; x1: number; y1: number }[];
  confidence: number;
};

export const sourceDto = (s: FactSource): FactSourceDto => ({
  page: s.page,
  line: s.line,
  boxes: s.boxes,
  confidence: s.confidence,
});

export type AgreementFieldKey =
  'merchant' | 'service' | 'number' | 'signedAt' | 'method' | 'status' | 'closedAt';

/** What OCR read from a screenshot as an auto-debit agreement page: for the user to check, never applied alone. */
export type AgreementReadingDto = {
  evidenceId: string;
  /** False when the screenshot does not read as an agreement page (then nothing is offered). */
  isAgreementPage: boolean;
  platform: 'alipay' | 'wechat' | null;
  merchant?: { value: string; source: FactSourceDto };
  service?: { value: string; source: FactSourceDto };
  number?: { value: string; source: FactSourceDto };
  signedAt?: { local: string; at: string; source: FactSourceDto };
  method?: { value: string; source: FactSourceDto };
  status?: { value: 'active' | 'closed'; isInferred: boolean; source: FactSourceDto };
  closedAt?: { local: string; at: string; source: FactSourceDto };
  found: AgreementFieldKey[];
  /** The recurring series of the same merchant, which the agreement will be linked to. */
  series: { id: string; counterparty: string } | null;
  /** Agreements that already hold this screenshot. */
  agreementIds: string[];
};

/** Only the fields the user gave: an absent field keeps what is recorded. */
function inputOf(fields: Record<string, unknown>): AgreementInput {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * Who it is with: text the locker checks itself, so an empty one is refused as `agreement.needs-merchant` (what
 * the user left out) rather than as input of the wrong size.
 */
const merchant = shortText;

const fields = {
  merchant,
  service: shortText.optional(),
  number: z.string().max(100).optional(),
  signedAt: isoTime.nullable().optional(),
  closedAt: isoTime.nullable().optional(),
  paymentMethod: shortText.optional(),
  status: z.enum(AGREEMENT_STATUSES).optional(),
  /** The recurring series of charges it is behind (null: none); the locker checks it is the case's. */
  seriesId: shortText.nullable().optional(),
  /** More items that show it (added to those it has). */
  evidenceIds: z.array(evidenceId).max(100).optional(),
};

export const agreementCalls = {
  'agreement:read': call(
    () => z.strictObject({ evidenceId }),
    async ({ locker }, { evidenceId }) => {
      const r = readAgreementPage(locker, exactEvidence(locker, evidenceId).id);
      const s = r.suggestion;
      const dto: AgreementReadingDto = {
        evidenceId: r.evidenceId,
        isAgreementPage: s?.isAgreementPage ?? false,
        platform: s?.platform ?? null,
        found: s?.found ?? [],
        series: r.series,
        agreementIds: r.agreementIds,
      };
      if (s?.isAgreementPage) {
        for (const key of ['merchant', 'service', 'number', 'method'] as const) {
          const f = s[key];
          if (f) dto[key] = { value: f.value, source: sourceDto(f.source) };
        }
        for (const key of ['signedAt', 'closedAt'] as const) {
          const f = s[key];
          if (f) dto[key] = { local: f.local, at: f.at, source: sourceDto(f.source) };
        }
        if (s.status)
          dto.status = {
            value: s.status.value,
            isInferred: s.status.isInferred,
            source: sourceDto(s.status.source),
          };
      }
      return Promise.resolve(dto);
    },
  ),

  // The fields as the user checked them on the screen; the screenshot they came from is linked as the proof.
  // A field not given is taken from the reading (the merchant too, where the page names one). With `id`, the
  // agreement already recorded gains the screenshot and only the fields it lacks; `caseId` (optional) is the
  // case the screenshot must be in. `found` lists what was read; `isNew` is false where `id` was filled in.
  'agreement:add': call(
    () =>
      z.strictObject({
        evidenceId,
        ...fields,
        merchant: merchant.optional(),
        caseId: caseId.optional(),
        id: agreementId.optional(),
      }),
    async ({ locker }, { evidenceId, caseId, id, ...given }) => {
      const item = exactEvidence(locker, evidenceId);
      // What the user confirmed on the screen is what is recorded: each field given replaces what was read.
      const r = await addAgreementFromEvidence(
        locker,
        caseId === undefined ? item.caseId : exactCase(locker, caseId).id,
        item.id,
        { ...inputOf(given), merchant: given.merchant },
        id,
      );
      return { ...agreementJson(r.agreement), found: r.found, isNew: r.isNew };
    },
  ),

  'agreement:list': call(
    () => z.strictObject({ caseId }),
    async ({ locker }, { caseId }) =>
      Promise.resolve(caseAgreements(locker, exactCase(locker, caseId).id).map(agreementJson)),
  ),

  'agreement:create': call(
    () => z.strictObject({ caseId, ...fields }),
    async ({ locker }, { caseId, ...given }) =>
      agreementJson(
        await addAgreement(locker, exactCase(locker, caseId).id, {
          ...inputOf(given),
          merchant: given.merchant,
        }),
      ),
  ),

  // Each field given replaces the one kept; null clears a date. A closing date alone marks it closed.
  'agreement:update': call(
    () =>
      z.strictObject({
        id: agreementId,
        patch: z.strictObject({ ...fields, merchant: merchant.optional() }),
      }),
    async ({ locker }, { id, patch }) => agreementJson(await updateAgreement(locker, id, inputOf(patch))),
  ),
};
