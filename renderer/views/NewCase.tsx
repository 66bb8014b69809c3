import { useState, type FormEvent } from 'react';
import type { CaseDto } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { PaymentMethodCode } from '../i18n/messages.ts';
import { api } from '../lib/api.ts';

const METHODS: PaymentMethodCode[] = ['alipay', 'wechat_pay', 'bank_card', 'other'];

export function NewCase(props: { onCreated: (c: CaseDto) => void; onCancel: (() => void) | null }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [counterparty, setCounterparty] = useState('');
  const [method, setMethod] = useState<PaymentMethodCode>('alipay');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError(t.titleRequired);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onCreated(
        await api.createCase({
          title: title.trim(),
          counterparty: counterparty.trim(),
          paymentMethod: method,
        }),
      );
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <h1>{t.newCaseTitle}</h1>
      <p className="muted">{t.newCaseIntro}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span className="field-label">{t.caseTitleLabel}</span>
          <input
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder={t.caseTitlePlaceholder}
            maxLength={300}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'new-case-error' : undefined}
          />
        </label>
        <label className="field">
          <span className="field-label">{t.counterpartyLabel}</span>
          <input
            name="counterparty"
            value={counterparty}
            onChange={(e) => setCounterparty(e.target.value)}
            placeholder={t.counterpartyPlaceholder}
            maxLength={300}
          />
        </label>
        <fieldset className="field">
          <legend className="field-label">{t.methodLabel}</legend>
          <div className="choice-row">
            {METHODS.map((m) => (
              <label key={m} className="choice">
                <input
                  type="radio"
                  name="method"
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                />
                <span>{t.methods[m]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="form-error" id="new-case-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          {props.onCancel && (
            <button type="button" className="button" onClick={props.onCancel}>
              {t.cancel}
            </button>
          )}
          <button type="submit" className="button primary" disabled={isBusy}>
            {t.createCase}
          </button>
        </div>
      </form>
    </main>
  );
}
