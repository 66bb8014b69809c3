import type { AgreementRecord } from '../../../db/queries/dispute.ts';
import { getOcrJob } from '../../../db/queries/ocr.ts';
import { LockerInputError, NotFoundError } from '../errors.ts';
import type { Locker } from '../locker.ts';
import { suggestAgreement, type AgreementField, type AgreementSuggestion } from '../ocr/agreement-suggest.ts';
import { ocrPages } from '../ocr/runner.ts';
import { caseSeries } from '../records.ts';
import { addAgreement, caseAgreements, updateAgreement, type AgreementInput } from './records.ts';
import { seriesForMerchant } from './series-agreements.ts';

// What was read from the page is matched to the series by the light module the series lists use (it loads no
// OCR), and kept reachable from here as before.
export {
  agreementCoversSeries,
  agreementOfSeries,
  disputedSeriesStops,
  seriesForMerchant,
  type SeriesAgreement,
  type SeriesStop,
} from './series-agreements.ts';

export type AgreementReading = {
  evidenceId: string;
  caseId: string;
  /** The OCR job's state: null when the item is not an image or scanned PDF. */
  ocrStatus: 'pending' | 'done' | 'failed' | 'skipped' | null;
  /** The page read as an agreement page (the first that reads as one, else the first). */
  page: number | null;
  suggestion: AgreementSuggestion | null;
  /** The recurring series whose counterparty the merchant matches. */
  series: { id: string; counterparty: string } | null;
  /** Agreements that already hold this screenshot. */
  agreementIds: string[];
};

/** What OCR read from an item, read as an auto-debit agreement page. Nothing is stored. */
export function readAgreementPage(locker: Locker, evidenceId: string): AgreementReading {
  const item = locker.getEvidence(evidenceId);
  const c = locker.getCase(item.caseId);
  const job = getOcrJob(locker.db, item.id);
  let page: number | null = null;
  let suggestion: AgreementSuggestion | null = null;
  for (const p of ocrPages(locker, item.id)) {
    const s = suggestAgreement(p, { timeZone: c.timezone });
    if (!suggestion || (s.isAgreementPage && !suggestion.isAgreementPage)) {
      suggestion = s;
      page = p.page;
    }
    if (s.isAgreementPage) break;
  }
  const match =
    suggestion?.merchant || suggestion?.service
      ? seriesForMerchant(
          caseSeries(locker, c.id),
          suggestion.merchant?.value ?? '',
          suggestion.service?.value ?? '',
        )
      : null;
  return {
    evidenceId: item.id,
    caseId: c.id,
    ocrStatus: job?.status ?? null,
    page,
    suggestion,
    series: match ? { id: match.id, counterparty: match.counterparty } : null,
    agreementIds: caseAgreements(locker, c.id)
      .filter((a) => a.evidenceIds.includes(item.id))
      .map((a) => a.id),
  };
}

/** The suggestion as the fields of an agreement record (what `addAgreement` takes). */
export function agreementInputOf(s: AgreementSuggestion): AgreementInput {
  const input: AgreementInput = {};
  if (s.merchant) input.merchant = s.merchant.value;
  if (s.service) input.service = s.service.value;
  if (s.number) input.number = s.number.value;
  if (s.signedAt) input.signedAt = s.signedAt.at;
  if (s.method) input.paymentMethod = s.method.value;
  if (s.closedAt) input.closedAt = s.closedAt.at;
  if (s.status) input.status = s.status.value;
  return input;
}

export type AgreementFromEvidence = {
  agreement: AgreementRecord;
  /** The fields read from the screenshot (the user's own values, where given, were kept over them). */
  found: AgreementField[];
  isNew: boolean;
};

/**
 * Records the agreement a screenshot of its page shows (Alipay 免密支付/自动扣款, WeChat Pay 自动续费), with the
 * screenshot linked as its proof and the series of the same merchant linked to it. `input` holds what the
 * user checked or corrected; it wins over what was read. With `agreementId`, an existing agreement gets the
 * screenshot and only the facts it does not have yet.
 */
export async function addAgreementFromEvidence(
  locker: Locker,
  caseId: string,
  evidenceId: string,
  input: AgreementInput = {},
  agreementId?: string,
): Promise<AgreementFromEvidence> {
  const c = locker.getCase(caseId);
  const item = locker.getEvidence(evidenceId);
  if (item.caseId !== c.id) throw new NotFoundError('evidence-in-case', evidenceId);
  const reading = readAgreementPage(locker, item.id);
  if (reading.ocrStatus === 'pending')
    throw new LockerInputError('agreement.not-read-yet', { id: item.id, caseId: c.id });
  const s = reading.suggestion;
  if (!s || !s.isAgreementPage) {
    const hasOwn = Boolean(input.merchant?.trim()) || Boolean(agreementId);
    if (!hasOwn) throw new LockerInputError('agreement.not-an-agreement', { id: item.id });
  }
  const read = s?.isAgreementPage ? agreementInputOf(s) : {};
  const found = s?.isAgreementPage ? s.found : [];
  const given = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  ) as AgreementInput;

  if (agreementId) {
    const before = caseAgreements(locker, c.id).find((a) => a.id === agreementId);
    if (!before) throw new NotFoundError('agreement-in-case', agreementId);
    // Only what the record lacks: a fact the user entered is never replaced by a reading.
    const fill: AgreementInput = {};
    if (!before.merchant && read.merchant) fill.merchant = read.merchant;
    if (!before.service && read.service) fill.service = read.service;
    if (!before.number && read.number) fill.number = read.number;
    if (!before.signedUtc && read.signedAt) fill.signedAt = read.signedAt;
    if (!before.paymentMethod && read.paymentMethod) fill.paymentMethod = read.paymentMethod;
    if (!before.closedUtc && read.closedAt) fill.closedAt = read.closedAt;
    if (before.status !== 'closed' && read.status === 'closed') fill.status = 'closed';
    if (!before.seriesId && reading.series) fill.seriesId = reading.series.id;
    const agreement = await updateAgreement(locker, before.id, {
      ...fill,
      ...given,
      evidenceIds: [...(given.evidenceIds ?? []), item.id],
    });
    return { agreement, found, isNew: false };
  }

  const merged: AgreementInput = {
    ...read,
    ...(reading.series ? { seriesId: reading.series.id } : {}),
    ...given,
    evidenceIds: [item.id, ...(given.evidenceIds ?? [])],
  };
  // A closing time the user cleared leaves a status read as closed: the status then follows their word.
  if (given.closedAt === null && given.status === undefined && read.status === 'closed')
    merged.status = 'unknown';
  const agreement = await addAgreement(locker, c.id, { ...merged, merchant: merged.merchant ?? '' });
  return { agreement, found, isNew: true };
}
