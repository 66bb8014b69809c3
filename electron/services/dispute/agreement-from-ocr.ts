import type { AgreementRecord } from '../../../db/queries/dispute.ts';
import { getOcrJob } from '../../../db/queries/ocr.ts';
import { LockerInputError, NotFoundError } from '../errors.ts';
import type { Locker } from '../locker.ts';
import { suggestAgreement, type AgreementField, type AgreementSuggestion } from '../ocr/agreement-suggest.ts';
import { ocrPages } from '../ocr/runner.ts';
import { caseSeries } from '../records.ts';
import { normaliseCounterparty, type Series } from '../series.ts';
import { formatInstant } from '../util/time.ts';
import { addAgreement, caseAgreements, updateAgreement, type AgreementInput } from './records.ts';

/**
 * The recurring series an agreement is behind: the one whose counterparty is the agreement's merchant once
 * both are normalised (`元保保险经纪（北京）有限公司` and `支付宝-元保` are both `元保`), else one whose name the
 * merchant or the service name contains (`元保百万医疗`). A disputed series wins a tie, then the longest.
 */
export function seriesForMerchant(series: readonly Series[], merchant: string, service = ''): Series | null {
  const names = [merchant, service].map((n) => normaliseCounterparty(n)).filter((n) => n.length >= 2);
  if (!names.length) return null;
  const rank = (list: Series[]) =>
    [...list].sort((a, b) => b.disputed - a.disputed || b.count - a.count || (a.id < b.id ? -1 : 1))[0] ??
    null;
  const exact = series.filter((s) => names.includes(s.key));
  if (exact.length) return rank(exact);
  return rank(
    series.filter((s) => s.key.length >= 2 && names.some((n) => n.includes(s.key) || s.key.includes(n))),
  );
}

/**
 * Whether an agreement stands behind a series: linked to it, or (never linked to another series) made with
 * the same merchant.
 */
export function agreementCoversSeries(a: AgreementRecord, s: Series): boolean {
  if (a.seriesId) return a.seriesId === s.id;
  return seriesForMerchant([s], a.merchant, a.service) !== null;
}

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

export type SeriesStop = {
  seriesId: string;
  counterparty: string;
  nextExpected: string;
  /** The agreement behind the series (linked to it, or made with its merchant), closed ones first. */
  agreementId: string | null;
  /** When that agreement was closed; null while it is open (or none is recorded). */
  closedAt: string | null;
  /** True once the agreement behind it is closed: the next expected charge is then no longer a warning. */
  isStopped: boolean;
};

/** For each disputed series, whether the agreement behind it has been closed. */
/** The agreement behind a series, as the series lists show it: the closed one if any, else the first. */
export type SeriesAgreement = { id: string; status: 'open' | 'closed'; closedAt: string | null } | null;

export function agreementOfSeries(s: Series, agreements: AgreementRecord[]): SeriesAgreement {
  const isClosed = (a: AgreementRecord) => a.closedUtc !== null || a.status === 'closed';
  const behind = agreements.filter((a) => agreementCoversSeries(a, s));
  const a = behind.find(isClosed) ?? behind[0];
  if (!a) return null;
  return {
    id: a.id,
    status: isClosed(a) ? 'closed' : 'open',
    closedAt: a.closedUtc !== null ? formatInstant({ utc: a.closedUtc, offset: a.closedOffset ?? 0 }) : null,
  };
}

export function disputedSeriesStops(
  locker: Locker,
  caseId: string,
  agreements: AgreementRecord[] = caseAgreements(locker, caseId),
): SeriesStop[] {
  const isClosed = (a: AgreementRecord) => a.closedUtc !== null || a.status === 'closed';
  return caseSeries(locker, caseId)
    .filter((s) => s.disputed > 0)
    .map((s) => {
      const behind = agreements.filter((a) => agreementCoversSeries(a, s));
      const closed = behind.find(isClosed);
      const a = closed ?? behind[0] ?? null;
      return {
        seriesId: s.id,
        counterparty: s.counterparty,
        nextExpected: s.nextExpected,
        agreementId: a?.id ?? null,
        closedAt:
          closed?.closedUtc != null
            ? formatInstant({ utc: closed.closedUtc, offset: closed.closedOffset ?? 0 })
            : null,
        isStopped: closed !== undefined,
      };
    });
}
