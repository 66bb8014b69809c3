import { LockKeyhole } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import type { ImportSummary } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { useModalOnMount } from '../lib/dialog.ts';
import type { LockedFile } from '../lib/import-results.ts';

type Props = {
  file: LockedFile;
  /** The file opened: its own line and the lines of what was inside. */
  onOpened: (file: LockedFile, summary: ImportSummary) => void;
  /** The user chose "Not now": the file stays filed and keeps waiting for its password, visibly. */
  onDismissed: (file: LockedFile) => void;
};

/**
 * Asks for the password of a bill archive, calmly. The password lives in this component's state only, goes
 * to the locker in the body of one request, and is cleared as soon as that request returns.
 */
export function PasswordPrompt(props: Props) {
  const { t } = useI18n();
  const d = t.dispute;
  const ref = useModalOnMount();
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [isWrong, setWrong] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isDone = useRef(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) return;
    setBusy(true);
    setError(null);
    try {
      const summary = await api.unlockImport(props.file.lockedId, password);
      setPassword('');
      const stillLocked = summary.files.some(
        (f) => (f.outcome === 'added' || f.outcome === 'duplicate') && f.lockedId === props.file.lockedId,
      );
      if (stillLocked) {
        setWrong(true);
        requestAnimationFrame(() => input.current?.focus());
      } else {
        isDone.current = true;
        props.onOpened(props.file, summary);
      }
    } catch (e) {
      setPassword('');
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="password-title"
      data-testid="password-prompt"
      onClose={() => {
        if (!isDone.current) props.onDismissed(props.file);
      }}
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <h2 id="password-title" className="dialog-title-icon">
          <LockKeyhole size={20} aria-hidden="true" />
          {d.pwTitle}
        </h2>
        <p>{d.pwBody(props.file.name)}</p>
        <p className="muted small">{d.pwFiled}</p>
        <label className="field">
          <span className="field-label">{d.pwLabel}</span>
          <input
            ref={input}
            type="password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setWrong(false);
            }}
            inputMode="numeric"
            autoComplete="off"
            maxLength={128}
            aria-invalid={isWrong || undefined}
            aria-describedby={isWrong ? 'password-wrong' : undefined}
            autoFocus
          />
        </label>
        {isWrong && (
          <p id="password-wrong" className="form-note" role="alert">
            {d.pwWrong}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <p className="muted small">{d.pwNever}</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            {d.pwLater}
          </button>
          <button type="submit" className="button primary" disabled={isBusy || !password}>
            {d.pwOpen}
          </button>
        </div>
      </form>
    </dialog>
  );
}
