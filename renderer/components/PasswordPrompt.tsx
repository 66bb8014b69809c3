import { LockKeyhole } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import type { ImportSummary } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { useModalOnMount } from '../lib/dialog.ts';

/** A file an import reported as locked: its name as the user knows it and the id the locker keeps it by. */
export type LockedFile = { name: string; lockedId: string };

/** The files of an import result that need their password (each once). */
export function lockedFilesOf(summary: ImportSummary): LockedFile[] {
  const seen = new Set<string>();
  const out: LockedFile[] = [];
  for (const f of summary.files) {
    if (f.outcome === 'failed' && f.needsPassword && f.lockedId && !seen.has(f.lockedId)) {
      seen.add(f.lockedId);
      out.push({ name: f.name, lockedId: f.lockedId });
    }
  }
  return out;
}

type Props = {
  file: LockedFile;
  /** The file opened: the import result of what was inside. */
  onOpened: (summary: ImportSummary) => void;
  /** The user chose "Not now": the locker lets go of the kept copy (the file itself stays filed). */
  onDismissed: () => void;
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
        (f) => f.outcome === 'failed' && f.needsPassword && f.lockedId === props.file.lockedId,
      );
      if (stillLocked) {
        setWrong(true);
        requestAnimationFrame(() => input.current?.focus());
      } else {
        isDone.current = true;
        props.onOpened(summary);
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
        if (!isDone.current) props.onDismissed();
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
