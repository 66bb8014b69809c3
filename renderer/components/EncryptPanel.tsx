import { KeyRound, LockKeyhole } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { LockerStatus } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { useModalOnMount } from '../lib/dialog.ts';

/** Settings › Encryption: whether the locker is encrypted, and turning it on (once) with a passphrase. */
export function EncryptPanel(props: { status: LockerStatus | null; onChanged: () => void }) {
  const { t } = useI18n();
  const e = t.encrypt;
  const [isOpen, setOpen] = useState(false);
  const status = props.status;
  if (!status) return null;
  return (
    <section className="backup-panel" data-testid="encryption">
      {status.encrypted ? (
        <p>
          <LockKeyhole size={12} aria-hidden="true" /> {status.remembered ? e.onRemembered : e.on}
        </p>
      ) : (
        <>
          <p>{e.off}</p>
          <button type="button" className="button small" onClick={() => setOpen(true)}>
            <KeyRound size={14} aria-hidden="true" />
            {e.turnOn}
          </button>
        </>
      )}
      {isOpen && (
        <EncryptDialog
          status={status}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            props.onChanged();
          }}
        />
      )}
    </section>
  );
}

function EncryptDialog(props: { status: LockerStatus; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const e = t.encrypt;
  const ref = useModalOnMount();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [remember, setRemember] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [isWrittenDown, setWrittenDown] = useState(false);

  const tooShort = [...passphrase].length < 8;
  const differs = again !== passphrase;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooShort || differs || isBusy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.encryptLocker({ passphrase, ...(remember ? { remember: true } : {}) });
      setPassphrase('');
      setAgain('');
      setRecoveryKey(r.recoveryKey);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="encrypt-title"
      data-testid="encrypt-dialog"
      onCancel={(ev) => {
        // While converting, and until the recovery key is acknowledged, Escape does not close it.
        if (isBusy || recoveryKey) ev.preventDefault();
      }}
      onClose={() => (recoveryKey ? props.onDone() : props.onClose())}
    >
      {recoveryKey ? (
        <div className="form">
          <h2 id="encrypt-title" className="dialog-title-icon">
            <LockKeyhole size={20} aria-hidden="true" />
            {e.doneTitle}
          </h2>
          <p>{e.recoveryIntro}</p>
          <p className="recovery-key" data-testid="recovery-key">
            {recoveryKey}
          </p>
          <p className="muted small">{e.recoveryWarning}</p>
          <label className="check">
            <input
              type="checkbox"
              checked={isWrittenDown}
              onChange={(ev) => setWrittenDown(ev.target.checked)}
            />
            {e.writtenDown}
          </label>
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              disabled={!isWrittenDown}
              onClick={() => ref.current?.close()}
            >
              {e.finish}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(ev) => void submit(ev)} noValidate autoComplete="off">
          <h2 id="encrypt-title" className="dialog-title-icon">
            <KeyRound size={20} aria-hidden="true" />
            {e.title}
          </h2>
          <p>{e.intro}</p>
          <p className="muted small">{e.warning}</p>
          <label className="field">
            <span className="field-label">{e.passphrase}</span>
            <input
              type="password"
              value={passphrase}
              onChange={(ev) => setPassphrase(ev.target.value)}
              autoComplete="new-password"
              maxLength={1024}
              autoFocus
            />
            <span className="field-hint">{e.passphraseHint}</span>
          </label>
          <label className="field">
            <span className="field-label">{e.again}</span>
            <input
              type="password"
              value={again}
              onChange={(ev) => setAgain(ev.target.value)}
              autoComplete="new-password"
              maxLength={1024}
              aria-invalid={again && differs ? true : undefined}
            />
            {again && differs && <span className="field-hint">{e.differs}</span>}
          </label>
          {props.status.keychain?.secure ? (
            <label className="check">
              <input type="checkbox" checked={remember} onChange={(ev) => setRemember(ev.target.checked)} />
              {t.unlock.remember}
            </label>
          ) : (
            <p className="muted small">
              {props.status.keychain ? t.unlock.noKeychain : t.unlock.noKeychainHere}
            </p>
          )}
          {isBusy && (
            <p role="status" className="muted small">
              {e.working}
            </p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button" onClick={() => ref.current?.close()} disabled={isBusy}>
              {e.cancel}
            </button>
            <button type="submit" className="button primary" disabled={isBusy || tooShort || differs}>
              {e.submit}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
