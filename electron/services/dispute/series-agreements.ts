import type { AgreementRecord } from '../../../db/queries/dispute.ts';
import type { Locker } from '../locker.ts';
import { caseSeries } from '../records.ts';
import { normaliseCounterparty, type Series } from '../series.ts';
import { formatInstant } from '../util/time.ts';
import { caseAgreements } from './records.ts';

/*
 * Which recorded agreement stands behind which recurring series. Kept apart from reading agreement pages by OCR
 * (agreement-from-ocr.ts), so the series lists, the plan and `locker payments` load no OCR engine or image
 * library.
 */

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

/** For each disputed series, whether the agreement behind it has been closed. */
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
