import { Archive, ArchiveRestore, Check, Pencil } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import type { CaseDto, PlanDto } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { paymentMethodLabel } from '../lib/next-step.ts';
import { usePlan } from '../lib/queries.ts';

type Props = {
  case: CaseDto;
  onRename: (title: string) => Promise<void>;
  onArchive: (archived: boolean) => Promise<void>;
  /** Opens the overview at its plan, where each step says what it still misses. */
  onOpenPlan?: () => void;
};

/**
 * The plan's progress, read from the same plan as the overview (it follows the evidence). Not a row of status
 * buttons: one link to the plan, a single stop in the tab order.
 */
function Stepper(props: { plan: PlanDto | null; onOpenPlan?: () => void }) {
  const { t } = useI18n();
  const stages = props.plan?.stages ?? [];
  const current = stages.findIndex((s) => s.status !== 'done');
  const at = current < 0 ? stages.length - 1 : current;
  const label = stages[at] ? t.stages.progress(t.stages.names[stages[at].key], at + 1, stages.length) : '';
  return (
    <nav className="stepper-nav" aria-label={t.statusLabel}>
      <a
        className="stepper"
        href="#plan"
        aria-label={label}
        title={t.stages.openPlan}
        data-testid="stepper"
        onClick={(e) => {
          e.preventDefault();
          props.onOpenPlan?.();
          requestAnimationFrame(() => document.getElementById('plan')?.scrollIntoView({ block: 'start' }));
        }}
      >
        <ol aria-hidden="true">
          {stages.map((stage, i) => {
            const state = stage.status === 'done' ? 'done' : i === at ? 'current' : 'todo';
            return (
              <li key={stage.key} className={`step step-${state}`} data-stage={stage.key}>
                <span className="step-mark">
                  {state === 'done' ? <Check size={12} strokeWidth={3} /> : i + 1}
                </span>
                <span className="step-label">{t.stages.names[stage.key]}</span>
              </li>
            );
          })}
        </ol>
      </a>
    </nav>
  );
}

export function CaseHeader(props: Props) {
  const { t, locale } = useI18n();
  const c = props.case;
  const plan = usePlan(c.id, locale).data ?? null;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const archiveDialog = useRef<HTMLDialogElement>(null);
  const sub = [c.counterparty, c.paymentMethod ? paymentMethodLabel(t, c.paymentMethod) : ''].filter(Boolean);

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null) return;
    if (!draft.trim()) {
      setError(t.titleRequired);
      return;
    }
    try {
      if (draft.trim() !== c.title) await props.onRename(draft.trim());
      setDraft(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <header className="case-header">
      {c.archivedAt && (
        <div className="banner" data-testid="archived-banner">
          <span>{t.archivedBanner}</span>
          <button type="button" className="button small" onClick={() => void props.onArchive(false)}>
            <ArchiveRestore size={14} aria-hidden="true" />
            {t.unarchive}
          </button>
        </div>
      )}
      <div className="case-title-row">
        {draft === null ? (
          <>
            <h1 className="case-title">{c.title}</h1>
            {sub.length > 0 && <span className="case-sub">{sub.join(' · ')}</span>}
            <span className="case-actions">
              <button
                type="button"
                className="icon-button"
                onClick={() => setDraft(c.title)}
                aria-label={t.rename}
                title={t.rename}
              >
                <Pencil size={16} aria-hidden="true" />
              </button>
              {!c.archivedAt && (
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => archiveDialog.current?.showModal()}
                  aria-label={t.archive}
                  title={t.archive}
                >
                  <Archive size={16} aria-hidden="true" />
                </button>
              )}
            </span>
          </>
        ) : (
          <form className="rename-form" onSubmit={(e) => void rename(e)}>
            <label className="visually-hidden" htmlFor="case-rename">
              {t.renameLabel}
            </label>
            <input
              id="case-rename"
              value={draft}
              maxLength={300}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setDraft(null);
                  setError(null);
                }
              }}
            />
            <button type="submit" className="button primary small">
              {t.save}
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setDraft(null);
                setError(null);
              }}
            >
              {t.cancel}
            </button>
            {error && (
              <span className="form-error" role="alert">
                {error}
              </span>
            )}
          </form>
        )}
      </div>
      <Stepper plan={plan} onOpenPlan={props.onOpenPlan} />
      <dialog ref={archiveDialog} className="dialog" aria-labelledby="archive-title">
        <h2 id="archive-title">{t.archiveTitle}</h2>
        <p>{t.archiveExplain}</p>
        <div className="form-actions">
          {/* Focused by showModal as the dialog's first button. Not autoFocus: React would focus it while the
              dialog is closed, on the page's first render, forcing a layout of the whole page there. */}
          <button type="button" className="button" onClick={() => archiveDialog.current?.close()}>
            {t.cancel}
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              archiveDialog.current?.close();
              void props.onArchive(true);
            }}
          >
            {t.archiveConfirm}
          </button>
        </div>
      </dialog>
    </header>
  );
}
