import { Check } from 'lucide-react';
import type { CaseDto, CaseStatus } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { paymentMethodLabel } from '../lib/next-step.ts';

const STEPS: CaseStatus[] = [
  'collecting',
  'platform_contacted',
  'bank_asked',
  'regulator_complaint',
  'resolved',
];

export function CaseHeader(props: { case: CaseDto; onStatus: (status: CaseStatus) => void }) {
  const { t } = useI18n();
  const c = props.case;
  const current = c.status === 'closed' ? STEPS.length - 1 : STEPS.indexOf(c.status);
  const sub = [c.counterparty, c.paymentMethod ? paymentMethodLabel(t, c.paymentMethod) : ''].filter(Boolean);
  return (
    <header className="case-header">
      <div className="case-title-row">
        <h1 className="case-title">{c.title}</h1>
        {sub.length > 0 && <span className="case-sub">{sub.join(' · ')}</span>}
      </div>
      <ol className="stepper" aria-label={t.statusLabel}>
        {STEPS.map((step, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          return (
            <li key={step} className={`step step-${state}`}>
              <button
                type="button"
                onClick={() => props.onStatus(step)}
                aria-current={state === 'current' ? 'step' : undefined}
                title={t.setStatus(t.statuses[step])}
              >
                <span className="step-mark" aria-hidden="true">
                  {state === 'done' ? <Check size={12} strokeWidth={3} /> : i + 1}
                </span>
                <span className="step-label">{t.statuses[step]}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </header>
  );
}
