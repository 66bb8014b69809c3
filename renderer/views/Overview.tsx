import { ArrowRight, FileText, Image, LockKeyhole, Phone, Trash2 } from 'lucide-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseOverview, PlanStepKey, StepStatus } from '../../electron/ipc/contract.ts';
import '../imports.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { invalidate, keys, usePlan } from '../lib/queries.ts';
import {
  chatStep,
  lockedStep,
  nextStepWords,
  paymentMethodLabel,
  type NextAction,
} from '../lib/next-step.ts';
import { DeadlineList, PlanSteps } from './PlanPanel.tsx';

export function Overview(props: {
  overview: CaseOverview;
  onAction: (a: NextAction) => void;
  onOpenTimeline: () => void;
  onOpenCharges: () => void;
  onError?: (e: unknown) => void;
}) {
  const { t, fmt, locale } = useI18n();
  const o = props.overview;
  const tz = o.case.timezone;
  const caseId = o.case.id;
  const onError = props.onError;
  const client = useQueryClient();
  // Read with the case and read again whenever a change invalidates it (an import, a dispute, a contact); the
  // header's stepper reads the same query, so the two cannot disagree.
  const current = usePlan(caseId, locale).data ?? null;
  const setStatus = (step: PlanStepKey, status: StepStatus | null) => {
    api.setPlanStep({ caseId, lang: locale, step, status }).then(
      (p) => {
        client.setQueryData(keys.plan(caseId, locale), p);
        void invalidate(client, 'events', caseId, keys.plan(caseId, locale));
      },
      (e: unknown) => onError?.(e),
    );
  };
  // Read each time the overview opens: background OCR may have read a chat since.
  const chats = useQuery({
    queryKey: keys.chatOffers(caseId),
    queryFn: () => api.invoke('chat:offers', { caseId }),
    enabled: current?.next.kind === 'contact-platform',
    staleTime: 0,
    meta: { isQuiet: true },
  }).data;
  const step =
    lockedStep(t, o) ??
    chatStep(t, o.case, current, chats) ??
    (current ? nextStepWords(t, o.case, current) : null);
  return (
    <div className="overview">
      <section className="next-card" aria-labelledby="next-step-title" aria-busy={!step}>
        <h2 id="next-step-title" className="eyebrow">
          {t.nextStep}
          {step?.isMissed && <span className="badge danger">{t.dispute.missedBadge}</span>}
        </h2>
        {step?.action.type === 'password' && (
          <p className="waiting-badge" data-testid="next-waiting">
            <LockKeyhole size={14} aria-hidden="true" />
            {t.imports.waiting}
          </p>
        )}
        <p className="next-text">{step?.text ?? t.loading}</p>
        {step && step.action.type !== 'none' && (
          <button
            type="button"
            className="button primary"
            data-primary-action
            onClick={() => props.onAction(step.action)}
          >
            {step.label}
            <ArrowRight size={16} aria-hidden="true" />
          </button>
        )}
      </section>

      <div className="overview-grid">
        <section className="card">
          <h2 className="card-title">{t.overview}</h2>
          <ul className="stat-list">
            <li>
              <Image size={16} aria-hidden="true" />
              {t.counts.images(o.counts.images)}
            </li>
            <li>
              <FileText size={16} aria-hidden="true" />
              {t.counts.documents(o.counts.documents)}
            </li>
            <li>
              <Phone size={16} aria-hidden="true" />
              {t.counts.contacts(o.counts.contacts)}
            </li>
            {o.counts.inTrash > 0 && (
              <li className="muted">
                <Trash2 size={16} aria-hidden="true" />
                {t.counts.inTrash(o.counts.inTrash)}
              </li>
            )}
          </ul>
          {o.firstAt && o.lastAt && (
            <p className="muted small">{t.coverage(fmt.date(o.firstAt, tz), fmt.date(o.lastAt, tz))}</p>
          )}
          <button type="button" className="button" onClick={props.onOpenTimeline}>
            {t.openTimeline}
          </button>
        </section>

        {o.records.transactions > 0 && (
          <section className="card" data-testid="overview-totals">
            <h2 className="card-title">{t.totalsTitle}</h2>
            {o.records.totals.length === 0 ? (
              <p className="muted">{t.totalsNone}</p>
            ) : (
              o.records.totals.map((tot) => (
                <dl key={tot.currency} className="totals-row">
                  <div>
                    <dt>{t.totalCharged}</dt>
                    <dd className="tabular">{fmt.money(tot.charged, tot.currency)}</dd>
                  </div>
                  <div>
                    <dt>{t.totalRefunded}</dt>
                    <dd className="tabular">{fmt.money(tot.refunded, tot.currency)}</dd>
                  </div>
                  <div>
                    <dt>{t.totalOutstanding}</dt>
                    <dd className="tabular strong">{fmt.money(tot.outstanding, tot.currency)}</dd>
                  </div>
                </dl>
              ))
            )}
            <button type="button" className="button" onClick={props.onOpenCharges}>
              {t.next.markChargesAction}
            </button>
          </section>
        )}

        {current && <DeadlineList deadlines={current.deadlines} timeZone={tz} />}

        <section className="card">
          <h2 className="card-title">{t.caseFacts}</h2>
          <dl className="facts">
            <dt>{t.charged}</dt>
            <dd>{o.case.counterparty || '—'}</dd>
            <dt>{t.paidWith}</dt>
            <dd>{o.case.paymentMethod ? paymentMethodLabel(t, o.case.paymentMethod) : '—'}</dd>
            <dt>{t.timeZone}</dt>
            <dd>{fmt.zoneName(o.case.timezone)}</dd>
          </dl>
        </section>
      </div>
      {current && (
        <PlanSteps
          plan={current}
          onSetStatus={setStatus}
          onLogContact={() => props.onAction({ type: 'contact', party: 'platform' })}
          onOpenAgreements={() => props.onAction({ type: 'agreements' })}
          isResolved={o.case.status === 'resolved' || o.case.status === 'closed'}
          onResolve={(isResolved) =>
            props.onAction({ type: 'status', status: isResolved ? 'resolved' : 'collecting' })
          }
        />
      )}
      {current && <p className="disclaimer muted small">{current.disclaimer}</p>}
    </div>
  );
}
