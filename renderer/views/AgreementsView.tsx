import { CircleCheck, FileSignature, Pencil, Plus } from 'lucide-react';
import { useQueryClient, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AgreementDto, AgreementReadingDto } from '../../electron/ipc/contract.ts';
import { AgreementDialog, CloseAgreementDialog } from '../components/AgreementDialog.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

type Props = {
  caseId: string;
  timeZone: string;
  onError: (e: unknown) => void;
  /** An agreement was added or changed: the plan's “Stop further debits” step may have moved. */
  onChanged: () => void;
};

const isClosed = (a: AgreementDto) => a.status === 'closed' || a.closedAt !== null;

/** Pictures read at most, looking for an agreement page nobody recorded yet. */
const MAX_READ = 40;

type Detected = { title: string; reading: AgreementReadingDto };

/**
 * The case's screenshots that OCR read as an agreement page not yet recorded (the services decide what reads as
 * one: `agreement:read`), for the empty page to point at.
 */
function useDetectedAgreements(caseId: string, isEmpty: boolean): Detected[] {
  const [found, setFound] = useState<Detected[]>([]);
  useEffect(() => {
    if (!isEmpty) return;
    let isCurrent = true;
    void (async () => {
      const timeline = await api.getTimeline(caseId);
      const pictures = timeline.rows
        .filter((r) => r.type === 'evidence' && (r.kind === 'screenshot' || r.kind === 'photo'))
        .slice(0, MAX_READ);
      const out: Detected[] = [];
      for (const r of pictures) {
        const reading = await api.readAgreement(r.id).catch(() => null);
        if (reading?.isAgreementPage && reading.agreementIds.length === 0)
          out.push({ title: r.title, reading });
      }
      if (isCurrent) setFound(out);
    })().catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [caseId, isEmpty]);
  return found;
}

/**
 * The auto-debit agreements behind the charges (免密支付 / 自动扣款 / 自动续费), as `locker agreement` keeps
 * them: listed with what is known of each, added and corrected by hand, and marked closed on the day they were.
 */
export function AgreementsView(props: Props) {
  const { t, fmt } = useI18n();
  const a = t.agreements;
  const tz = props.timeZone;
  const { caseId, onChanged, onError } = props;
  const client = useQueryClient();
  const listKey = ['agreement:list', { caseId }] as const;
  const list = useQuery({ queryKey: listKey, queryFn: () => api.listAgreements(caseId) }).data ?? null;
  const [editing, setEditing] = useState<AgreementDto | 'new' | null>(null);
  const [closing, setClosing] = useState<AgreementDto | null>(null);
  const detected = useDetectedAgreements(caseId, list?.length === 0);
  const [recording, setRecording] = useState<string | null>(null);

  const saved = (next: AgreementDto) => {
    client.setQueryData<AgreementDto[]>(listKey, (l) =>
      !l
        ? [next]
        : l.some((x) => x.id === next.id)
          ? l.map((x) => (x.id === next.id ? next : x))
          : [...l, next],
    );
    onChanged();
  };

  const when = (at: string | null, withTime: boolean) =>
    at ? (withTime ? `${fmt.date(at, tz)} ${fmt.time(at, tz)}` : fmt.date(at, tz)) : a.notGiven;

  return (
    <div className="section-page" data-testid="agreements">
      <div className="agreements-head">
        <p className="section-hint">{a.hint}</p>
        <button type="button" className="button primary" onClick={() => setEditing('new')}>
          <Plus size={16} aria-hidden="true" />
          {a.add}
        </button>
      </div>

      {list === null ? (
        <p className="muted">{t.loading}</p>
      ) : list.length === 0 ? (
        <div className="empty agreements-empty">
          <FileSignature size={28} strokeWidth={1.75} aria-hidden="true" />
          {detected.length > 0 ? (
            <section className="agreements-detected" data-testid="agreements-detected">
              <h2 className="card-title">{a.detectedTitle(detected.length)}</h2>
              <p className="muted small">{a.detectedHint}</p>
              <ul>
                {detected.map(({ title, reading: r }) => (
                  <li key={r.evidenceId} className="card agreement-detected">
                    <img src={api.thumbUrl(r.evidenceId)} alt="" className="agreement-detected-thumb" />
                    <div>
                      <strong>{[r.merchant?.value, r.service?.value].filter(Boolean).join(' · ')}</strong>
                      <dl className="facts small">
                        {r.number && (
                          <>
                            <dt>{a.col.number}</dt>
                            <dd className="tabular">{r.number.value}</dd>
                          </>
                        )}
                        {r.signedAt && (
                          <>
                            <dt>{a.col.signedAt}</dt>
                            <dd className="tabular">{when(r.signedAt.at, true)}</dd>
                          </>
                        )}
                        {r.status && (
                          <>
                            <dt>{a.col.status}</dt>
                            <dd>{a.statuses[r.status.value]}</dd>
                          </>
                        )}
                      </dl>
                      <p className="muted small">{a.detectedFrom(title)}</p>
                      <button
                        type="button"
                        className="button primary small"
                        disabled={recording !== null || !r.merchant}
                        onClick={() => {
                          if (!r.merchant) return;
                          setRecording(r.evidenceId);
                          api
                            .addAgreement({
                              evidenceId: r.evidenceId,
                              merchant: r.merchant.value,
                              ...(r.service ? { service: r.service.value } : {}),
                              ...(r.number ? { number: r.number.value } : {}),
                              ...(r.signedAt ? { signedAt: r.signedAt.at } : {}),
                              ...(r.method ? { paymentMethod: r.method.value } : {}),
                              ...(r.status ? { status: r.status.value } : {}),
                            })
                            .then(saved, onError)
                            .finally(() => setRecording(null));
                        }}
                      >
                        {a.detectedRecord}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : (
            <p>{a.empty}</p>
          )}
          <p className="muted small">{a.howToClose}</p>
        </div>
      ) : (
        <>
          <ul className="agreement-list" aria-label={a.listLabel}>
            {list.map((x) => (
              <li key={x.id} className="card agreement" data-testid="agreement">
                <div className="agreement-top">
                  <FileSignature size={16} aria-hidden="true" />
                  <h3>{x.merchant}</h3>
                  <span
                    className={`badge ${isClosed(x) ? 'ok' : x.status === 'active' ? 'warn' : ''}`}
                    data-testid="agreement-status"
                  >
                    {a.statuses[x.status]}
                  </span>
                </div>
                <dl className="agreement-facts">
                  <div>
                    <dt>{a.col.service}</dt>
                    <dd>{x.service || a.notGiven}</dd>
                  </div>
                  <div>
                    <dt>{a.col.number}</dt>
                    <dd className="mono break">{x.number || a.notGiven}</dd>
                  </div>
                  <div>
                    <dt>{a.col.signedAt}</dt>
                    <dd className="tabular">{when(x.signedAt, true)}</dd>
                  </div>
                  <div>
                    <dt>{a.col.method}</dt>
                    <dd>{x.paymentMethod || a.notGiven}</dd>
                  </div>
                  <div>
                    <dt>{a.col.closedAt}</dt>
                    <dd className="tabular" data-testid="agreement-closed-at">
                      {when(x.closedAt, false)}
                    </dd>
                  </div>
                </dl>
                <div className="agreement-actions">
                  {x.evidenceIds.length > 0 && (
                    <span className="muted small">{a.proofCount(x.evidenceIds.length)}</span>
                  )}
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setEditing(x)}
                    aria-label={a.editLabel(x.merchant)}
                  >
                    <Pencil size={14} aria-hidden="true" />
                    {a.edit}
                  </button>
                  {!isClosed(x) && (
                    <button
                      type="button"
                      className="button small"
                      onClick={() => setClosing(x)}
                      aria-label={a.markClosedLabel(x.merchant)}
                    >
                      <CircleCheck size={14} aria-hidden="true" />
                      {a.markClosed}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <p className="muted small">{a.howToClose}</p>
        </>
      )}

      {editing && (
        <AgreementDialog
          caseId={caseId}
          timeZone={tz}
          agreement={editing === 'new' ? null : editing}
          onSaved={saved}
          onClose={() => setEditing(null)}
        />
      )}
      {closing && (
        <CloseAgreementDialog
          agreement={closing}
          timeZone={tz}
          onSaved={saved}
          onClose={() => setClosing(null)}
        />
      )}
    </div>
  );
}
