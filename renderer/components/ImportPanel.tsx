import { CircleAlert, CircleCheck, Copy, LockKeyhole, MinusCircle, X } from 'lucide-react';
import { useState } from 'react';
import type { ImportOutcome, ImportSummary } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';

export type ImportState =
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; summary: ImportSummary }
  | { phase: 'failed'; message: string };

function OutcomeIcon({ outcome }: { outcome: ImportOutcome['outcome'] }) {
  if (outcome === 'added') return <CircleCheck size={16} className="ok" aria-hidden="true" />;
  if (outcome === 'duplicate') return <Copy size={16} className="muted" aria-hidden="true" />;
  if (outcome === 'skipped') return <MinusCircle size={16} className="muted" aria-hidden="true" />;
  return <CircleAlert size={16} className="danger" aria-hidden="true" />;
}

/** Stays until dismissed (DESIGN.md: nothing is lost, nothing is silent). */
export function ImportPanel(props: {
  state: ImportState;
  onDismiss: () => void;
  onShow: (evidenceId: string) => void;
  /** Opens the column map for a table nothing could read (issue 14). */
  onMapColumns?: (evidenceId: string) => void;
}) {
  const { t, say } = useI18n();
  const [isOpen, setOpen] = useState(false);
  const { state } = props;

  if (state.phase === 'running') {
    return (
      <section className="import-panel" aria-live="polite" data-testid="import-panel">
        <p>{t.importing(state.done, state.total)}</p>
        <progress max={state.total || 1} value={state.done} />
      </section>
    );
  }
  if (state.phase === 'failed') {
    return (
      <section className="import-panel" role="alert" data-testid="import-panel">
        <div className="import-head">
          <strong>{t.importFailed}</strong>
          <button
            type="button"
            className="icon-button"
            onClick={props.onDismiss}
            aria-label={t.dismiss}
            title={t.dismiss}
          >
            <X size={16} aria-hidden="true" />
          </button>
        </div>
        <p>{state.message}</p>
      </section>
    );
  }
  const files = state.summary.files;
  const count = (o: ImportOutcome['outcome']) => files.filter((f) => f.outcome === o).length;
  // A locked archive is kept and only waits for its password: not a failure, and not said as one.
  const isLocked = (f: ImportOutcome) => f.outcome === 'failed' && f.needsPassword === true;
  const locked = files.filter(isLocked).length;
  const failed = count('failed') - locked;
  return (
    <section className="import-panel" aria-live="polite" data-testid="import-panel">
      <div className="import-head">
        <strong>{t.importDone}</strong>
        <button
          type="button"
          className="icon-button"
          onClick={props.onDismiss}
          aria-label={t.dismiss}
          title={t.dismiss}
        >
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      <p>
        {t.importSummary(count('added'), count('duplicate'), failed)}
        {locked > 0 && ` · ${t.dispute.pwNeeded(locked)}`}
      </p>
      <button type="button" className="link-button" onClick={() => setOpen(!isOpen)} aria-expanded={isOpen}>
        {isOpen ? t.hideDetails : t.showDetails}
      </button>
      {isOpen && (
        <ul className="import-list" data-testid="import-list">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {isLocked(f) ? (
                <LockKeyhole size={16} className="muted" aria-hidden="true" />
              ) : (
                <OutcomeIcon outcome={f.outcome} />
              )}
              <div className="import-item">
                {f.outcome === 'added' || f.outcome === 'duplicate' ? (
                  <button
                    type="button"
                    className="link-button name"
                    onClick={() => props.onShow(f.evidenceId)}
                  >
                    {f.name}
                  </button>
                ) : (
                  <span className="name">{f.name}</span>
                )}
                <span className="muted small">
                  {isLocked(f)
                    ? t.dispute.pwNeededItem
                    : f.outcome === 'duplicate' && f.inTrash
                      ? t.outcome.duplicateInTrash
                      : t.outcome[f.outcome]}
                  {!isLocked(f) && (f.outcome === 'failed' || f.outcome === 'skipped') && `: ${say(f)}`}
                  {f.outcome === 'added' && f.columnMap && ` · ${t.columns.importReadWith(f.columnMap.name)}`}
                  {f.outcome === 'added' && f.canMap && ` · ${t.columns.importCanMap}`}
                </span>
                {f.outcome === 'added' && f.canMap && props.onMapColumns && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => props.onMapColumns?.(f.evidenceId)}
                  >
                    {t.columns.mapButton}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
