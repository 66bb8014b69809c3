import { CircleAlert, CircleCheck, Copy, LockKeyhole, MinusCircle, X } from 'lucide-react';
import { useState } from 'react';
import type { ImportOutcome, ItemRead } from '../../electron/ipc/contract.ts';
import '../imports.css';
import { useI18n, type Formatters } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import type { LockedFile } from '../lib/import-results.ts';

/** One import batch: its progress, then its one list of results (kept, and updated in place). */
export type ImportState =
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; files: ImportOutcome[] }
  | { phase: 'failed'; message: string };

/** Lists this long or shorter open on their own: the user sees each file without a click. */
const OPEN_UP_TO = 12;

function OutcomeIcon({ outcome }: { outcome: ImportOutcome['outcome'] }) {
  if (outcome === 'added') return <CircleCheck size={16} className="ok" aria-hidden="true" />;
  if (outcome === 'duplicate') return <Copy size={16} className="muted" aria-hidden="true" />;
  if (outcome === 'skipped') return <MinusCircle size={16} className="muted" aria-hidden="true" />;
  return <CircleAlert size={16} className="danger" aria-hidden="true" />;
}

const isLocked = (
  f: ImportOutcome,
): f is Extract<ImportOutcome, { evidenceId: string }> & { lockedId: string } =>
  (f.outcome === 'added' || f.outcome === 'duplicate') && f.needsPassword === true && Boolean(f.lockedId);

/** "3 rows · 2 charges · 5 Mar 2023 to 7 Mar 2023": what was read from a bill or a chat. */
export function readText(t: Messages, fmt: Formatters, read: ItemRead, timeZone: string): string {
  const m = t.imports;
  const parts = [
    read.transactions ? m.rows(read.transactions) : '',
    read.transactions ? m.charges(read.charges) : '',
    read.messages ? m.messages(read.messages) : '',
    read.firstUtc && read.lastUtc
      ? m.span(fmt.date(read.firstUtc, timeZone), fmt.date(read.lastUtc, timeZone))
      : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Stays until dismissed (DESIGN.md: nothing is lost, nothing is silent). */
export function ImportPanel(props: {
  state: ImportState;
  timeZone: string;
  onDismiss: () => void;
  onShow: (evidenceId: string) => void;
  /** Opens the column map for a table nothing could read (issue 14). */
  onMapColumns?: (evidenceId: string) => void;
  /** Asks for the password of a file waiting for it. */
  onPassword: (file: LockedFile) => void;
}) {
  const { t, fmt, say } = useI18n();
  const { state } = props;
  const files = state.phase === 'done' ? state.files : [];
  const [openChoice, setOpen] = useState<boolean | null>(null);
  const isOpen = openChoice ?? files.length <= OPEN_UP_TO;

  if (state.phase === 'running') {
    return (
      <section className="import-panel" aria-live="polite" data-testid="import-panel">
        <p>{t.importing(state.done, state.total)}</p>
        <progress max={state.total || 1} value={state.done} />
      </section>
    );
  }
  const dismiss = (
    <button
      type="button"
      className="icon-button"
      onClick={props.onDismiss}
      aria-label={t.dismiss}
      title={t.dismiss}
    >
      <X size={16} aria-hidden="true" />
    </button>
  );
  if (state.phase === 'failed') {
    return (
      <section className="import-panel" role="alert" data-testid="import-panel">
        <div className="import-head">
          <strong>{t.importFailed}</strong>
          {dismiss}
        </div>
        <p>{state.message}</p>
      </section>
    );
  }
  const count = (o: ImportOutcome['outcome']) => files.filter((f) => f.outcome === o).length;
  // A locked file is kept and only waits for its password: not a failure, and not said as one.
  const locked = files.filter((f) => isLocked(f) || (f.outcome === 'failed' && f.needsPassword)).length;
  const failed = files.filter((f) => f.outcome === 'failed' && !f.needsPassword).length;
  const ids = new Set(files.map((f) => ('evidenceId' in f ? f.evidenceId : '')));
  return (
    <section className="import-panel" aria-live="polite" data-testid="import-panel">
      <div className="import-head">
        <strong>{t.importDone}</strong>
        {dismiss}
      </div>
      <p data-testid="import-summary">
        {t.importSummary(count('added'), count('duplicate'), failed)}
        {locked > 0 && ` · ${t.dispute.pwNeeded(locked)}`}
      </p>
      <button type="button" className="link-button" onClick={() => setOpen(!isOpen)} aria-expanded={isOpen}>
        {isOpen ? t.hideDetails : t.showDetails}
      </button>
      {isOpen && (
        <ul className="import-list" data-testid="import-list">
          {files.map((f, i) => {
            // An entry of a ZIP listed under it says only its own name.
            const isEntry = 'parentId' in f && Boolean(f.parentId && ids.has(f.parentId));
            const name = isEntry ? (f.name.split(' › ').at(-1) ?? f.name) : f.name;
            const read =
              (f.outcome === 'added' || f.outcome === 'duplicate') && f.read
                ? readText(t, fmt, f.read, props.timeZone)
                : '';
            return (
              <li
                key={`${'evidenceId' in f ? f.evidenceId : f.name}-${i}`}
                className={isEntry ? 'import-entry' : undefined}
                data-testid="import-line"
              >
                {isLocked(f) ? (
                  <LockKeyhole size={16} className="warn" aria-hidden="true" />
                ) : (
                  <OutcomeIcon outcome={f.outcome} />
                )}
                <div className="import-item">
                  {f.outcome === 'added' || f.outcome === 'duplicate' ? (
                    <button
                      type="button"
                      className="link-button name"
                      title={f.name}
                      onClick={() => props.onShow(f.evidenceId)}
                    >
                      {name}
                    </button>
                  ) : (
                    <span className="name" title={f.name}>
                      {name}
                    </span>
                  )}
                  <span className="muted small">
                    {f.outcome === 'duplicate' && f.inTrash
                      ? t.outcome.duplicateInTrash
                      : t.outcome[f.outcome]}
                    {(f.outcome === 'skipped' || (f.outcome === 'failed' && !f.needsPassword)) &&
                      `: ${say(f)}`}
                    {f.outcome === 'added' &&
                      f.columnMap &&
                      ` · ${t.columns.importReadWith(f.columnMap.name)}`}
                    {f.outcome === 'added' && f.canMap && ` · ${t.columns.importCanMap}`}
                  </span>
                  {read && (
                    <span className="small import-read" data-testid="import-read">
                      {read}
                    </span>
                  )}
                  {isLocked(f) && (
                    <span className="waiting-line" data-testid="import-waiting">
                      <span className="waiting-badge">{t.imports.waiting}</span>
                      <span aria-hidden="true">·</span>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => props.onPassword({ name: f.name, lockedId: f.lockedId })}
                      >
                        {t.imports.enterPassword}
                      </button>
                    </span>
                  )}
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
            );
          })}
        </ul>
      )}
    </section>
  );
}
