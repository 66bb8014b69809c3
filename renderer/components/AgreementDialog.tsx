import { useState, type FormEvent } from 'react';
import type { AgreementDto, AgreementStatus, Input } from '../../electron/ipc/contract.ts';
import { AGREEMENT_STATUSES } from '../../electron/ipc/words.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { dayKey, toLocalInput } from '../lib/time.ts';
import { useModalOnMount } from '../lib/dialog.ts';

type Draft = {
  merchant: string;
  service: string;
  number: string;
  signedAt: string;
  paymentMethod: string;
  status: AgreementStatus;
  closedAt: string;
};

/** `2025-03-27T08:00` for a datetime-local input, in the case's zone; '' for no time. */
const asInput = (at: string | null, tz: string) => (at ? toLocalInput(at, tz).slice(0, 16) : '');

function draftOf(a: AgreementDto | null, tz: string): Draft {
  return {
    merchant: a?.merchant ?? '',
    service: a?.service ?? '',
    number: a?.number ?? '',
    signedAt: asInput(a?.signedAt ?? null, tz),
    paymentMethod: a?.paymentMethod ?? '',
    status: a?.status ?? 'active',
    closedAt: asInput(a?.closedAt ?? null, tz),
  };
}

type Props = {
  caseId: string;
  timeZone: string;
  /** The agreement to edit; null to add one. */
  agreement: AgreementDto | null;
  onSaved: (a: AgreementDto) => void;
  onClose: () => void;
};

/** Adds an auto-debit agreement by hand, or corrects one: only the fields the user changed are sent. */
export function AgreementDialog(props: Props) {
  const { t } = useI18n();
  const a = t.agreements;
  const tz = props.timeZone;
  const ref = useModalOnMount();
  const [initial] = useState(() => draftOf(props.agreement, tz));
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.merchant.trim()) {
      setError(a.needMerchant);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let saved: AgreementDto;
      if (props.agreement) {
        const patch: Input<'agreement:update'>['patch'] = {};
        if (draft.merchant.trim() !== initial.merchant) patch.merchant = draft.merchant.trim();
        if (draft.service.trim() !== initial.service) patch.service = draft.service.trim();
        if (draft.number.trim() !== initial.number) patch.number = draft.number.trim();
        if (draft.paymentMethod.trim() !== initial.paymentMethod)
          patch.paymentMethod = draft.paymentMethod.trim();
        if (draft.signedAt !== initial.signedAt) patch.signedAt = draft.signedAt || null;
        if (draft.closedAt !== initial.closedAt) patch.closedAt = draft.closedAt || null;
        if (draft.status !== initial.status) patch.status = draft.status;
        saved = Object.keys(patch).length
          ? await api.updateAgreement(props.agreement.id, patch)
          : props.agreement;
      } else {
        saved = await api.createAgreement({
          caseId: props.caseId,
          merchant: draft.merchant.trim(),
          ...(draft.service.trim() ? { service: draft.service.trim() } : {}),
          ...(draft.number.trim() ? { number: draft.number.trim() } : {}),
          ...(draft.paymentMethod.trim() ? { paymentMethod: draft.paymentMethod.trim() } : {}),
          ...(draft.signedAt ? { signedAt: draft.signedAt } : {}),
          ...(draft.closedAt ? { closedAt: draft.closedAt } : {}),
          status: draft.status,
        });
      }
      props.onSaved(saved);
      ref.current?.close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog wide"
      onClose={props.onClose}
      aria-labelledby="agreement-title"
      data-testid="agreement-dialog"
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="agreement-title">{props.agreement ? a.dialogEdit : a.dialogAdd}</h2>
        <div className="field-row">
          <label className="field">
            <span className="field-label">{a.merchant}</span>
            <input
              value={draft.merchant}
              onChange={(e) => set({ merchant: e.target.value })}
              placeholder={a.merchantPlaceholder}
              maxLength={300}
              required
              autoFocus
            />
          </label>
          <label className="field">
            <span className="field-label">{a.service}</span>
            <input
              value={draft.service}
              onChange={(e) => set({ service: e.target.value })}
              placeholder={a.servicePlaceholder}
              maxLength={300}
            />
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span className="field-label">{a.number}</span>
            <input
              value={draft.number}
              onChange={(e) => set({ number: e.target.value })}
              maxLength={100}
              spellCheck={false}
            />
          </label>
          <label className="field">
            <span className="field-label">{a.method}</span>
            <input
              value={draft.paymentMethod}
              onChange={(e) => set({ paymentMethod: e.target.value })}
              placeholder={a.methodPlaceholder}
              maxLength={300}
            />
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span className="field-label">{a.signedAt}</span>
            <input
              type="datetime-local"
              value={draft.signedAt}
              onChange={(e) => set({ signedAt: e.target.value })}
            />
            <span className="field-hint">{a.timeHint(tz)}</span>
          </label>
          <label className="field">
            <span className="field-label">{a.status}</span>
            <select value={draft.status} onChange={(e) => set({ status: e.target.value as AgreementStatus })}>
              {AGREEMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {a.statuses[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span className="field-label">{a.closedAt}</span>
            <input
              type="datetime-local"
              value={draft.closedAt}
              onChange={(e) => {
                const closedAt = e.target.value;
                // A closing date means closed; taking it away means it is open again, unless said otherwise.
                if (closedAt && draft.status === 'active') set({ closedAt, status: 'closed' });
                else if (!closedAt && draft.status === 'closed') set({ closedAt, status: 'active' });
                else set({ closedAt });
              }}
            />
            <span className="field-hint">{a.closedAtHint}</span>
          </label>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            {t.cancel}
          </button>
          <button type="submit" className="button primary" disabled={isBusy}>
            {isBusy ? a.saving : props.agreement ? a.submitEdit : a.submitAdd}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Marks an agreement closed on a day (today by default, in the case's zone). */
export function CloseAgreementDialog(props: {
  agreement: AgreementDto;
  timeZone: string;
  onSaved: (a: AgreementDto) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const a = t.agreements;
  const ref = useModalOnMount();
  const [day, setDay] = useState(() => dayKey(new Date().toISOString(), props.timeZone));
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSaved(await api.updateAgreement(props.agreement.id, { closedAt: day, status: 'closed' }));
      ref.current?.close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      onClose={props.onClose}
      aria-labelledby="agreement-close-title"
      data-testid="agreement-close-dialog"
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="agreement-close-title">{a.closeTitle}</h2>
        <p>{a.closeIntro(props.agreement.merchant)}</p>
        <label className="field">
          <span className="field-label">{a.closeOn}</span>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} required autoFocus />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            {t.cancel}
          </button>
          <button type="submit" className="button primary" disabled={isBusy || !day}>
            {a.closeSubmit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
