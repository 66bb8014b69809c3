import { useState, type FormEvent } from 'react';
import type { EventKind, Input } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { toLocalInput } from '../lib/time.ts';
import { useModalOnMount } from '../lib/dialog.ts';

const KINDS: EventKind[] = ['call', 'message', 'ticket', 'letter', 'visit', 'deadline', 'note', 'other'];

type Props = {
  caseId: string;
  timeZone: string;
  initialKind: EventKind;
  onSubmit: (input: Input<'event:add'>) => Promise<void>;
  onClose: () => void;
};

/** A modal <dialog>: the browser keeps focus inside it and Escape closes it. */
export function EventDialog(props: Props) {
  const { t } = useI18n();
  const ref = useModalOnMount();
  const [kind, setKind] = useState<EventKind>(props.initialKind);
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(new Date().toISOString(), props.timeZone).slice(0, 16));
  const [reference, setReference] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError(t.titleRequired);
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit({
        caseId: props.caseId,
        kind,
        title: title.trim(),
        occurredAt: when,
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(notes ? { notes } : {}),
      });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog wide" onClose={props.onClose} aria-labelledby="event-title">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="event-title">{t.eventTitle}</h2>
        <div className="field-row">
          <label className="field">
            <span className="field-label">{t.eventKindLabel}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as EventKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.eventKinds[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t.eventWhenLabel}</span>
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
          </label>
        </div>
        <label className="field">
          <span className="field-label">{t.eventWhatLabel}</span>
          <input
            name="event-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder={t.eventWhatPlaceholder}
            maxLength={300}
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field-label">{t.eventRefLabel}</span>
          <input
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            placeholder={t.eventRefPlaceholder}
          />
        </label>
        <label className="field">
          <span className="field-label">{t.eventNotesLabel}</span>
          <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
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
          <button type="submit" className="button primary" disabled={isBusy}>
            {t.addEventSubmit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
