import { KeyRound, LockKeyhole } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { LockerStatus } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

/**
 * In front of the app: an encrypted locker that is not open yet (no keychain, or not remembered) asks for its
 * passphrase — or its recovery key — here, once, before anything else is shown or asked of it.
 */
export function LockGate(props: {
  children: ReactNode;
  /** The locker's status, already asked for before the first render (main.tsx). */
  status?: Promise<LockerStatus>;
  /** That status when it had arrived before the first render: the first render shows what it says. */
  known?: LockerStatus;
}) {
  const [status, setStatus] = useState<LockerStatus | null>(props.known ?? null);
  const [error, setError] = useState<string | null>(null);
  const early = props.status;
  const isKnown = props.known !== undefined;
  useEffect(() => {
    if (isKnown) return;
    (early ?? api.lockerStatus()).then(setStatus, (e: Error) => setError(e.message));
  }, [early, isKnown]);
  if (status?.unlocked) {
    return (
      <>
        {status.damage && <DamageBanner damage={status.damage} />}
        {props.children}
      </>
    );
  }
  if (!status) {
    return error ? (
      <main className="welcome">
        <p className="form-error" role="alert">
          {error}
        </p>
      </main>
    ) : null;
  }
  // Once open, ask again: the locker's own answer includes the check of its database made at opening.
  return (
    <UnlockView
      status={status}
      onOpened={() => void api.lockerStatus().then(setStatus, (e: Error) => setError(e.message))}
    />
  );
}

/** The check at opening found the database damaged: say so plainly, and where the last backup is. */
function DamageBanner(props: { damage: NonNullable<LockerStatus['damage']> }) {
  const { t, say } = useI18n();
  const u = t.unlock;
  const backup = props.damage.lastBackup;
  // The finding in the page's language (an older locker process sends only the English words).
  const first = props.damage.problemCodes?.[0] ?? props.damage.problems[0];
  return (
    <div className="damage-banner" role="alert" data-testid="damage-banner">
      <strong>{u.damageTitle}</strong>
      {first !== undefined && <span>{say(first)}</span>}
      <span>{u.damageKeep}</span>
      <span>{backup ? u.damageBackup(backup.path, backup.at) : u.damageNoBackup}</span>
    </div>
  );
}

function UnlockView(props: { status: LockerStatus; onOpened: () => void }) {
  const { t } = useI18n();
  const u = t.unlock;
  const [useRecovery, setUseRecovery] = useState(false);
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const keychain = props.status.keychain;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!secret || isBusy) return;
    setBusy(true);
    setError(null);
    try {
      await api.unlock({
        ...(useRecovery ? { recoveryKey: secret } : { passphrase: secret }),
        ...(remember ? { remember: true } : {}),
      });
      props.onOpened();
    } catch (err) {
      setSecret('');
      setError((err as Error).message);
      requestAnimationFrame(() => input.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="welcome" data-testid="unlock">
      <form className="welcome-card form" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <div className="welcome-icon" aria-hidden="true">
          <LockKeyhole size={28} strokeWidth={1.75} />
        </div>
        <h1>{u.title}</h1>
        <p>{u.intro}</p>
        <label className="field unlock-field">
          <span className="field-label">{useRecovery ? u.recoveryKey : u.passphrase}</span>
          <input
            ref={input}
            type={useRecovery ? 'text' : 'password'}
            value={secret}
            onChange={(e) => {
              setSecret(e.target.value);
              setError(null);
            }}
            autoComplete="off"
            spellCheck={false}
            maxLength={useRecovery ? 200 : 1024}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'unlock-error' : useRecovery ? 'unlock-recovery-hint' : undefined}
            autoFocus
          />
          {useRecovery && (
            <span id="unlock-recovery-hint" className="field-hint">
              {u.recoveryHint}
            </span>
          )}
        </label>
        {keychain?.secure ? (
          <label className="check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            {u.remember}
          </label>
        ) : (
          <p className="muted small">{keychain ? u.noKeychain : u.noKeychainHere}</p>
        )}
        {error && (
          <p id="unlock-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions unlock-actions">
          <button type="submit" className="button primary large" disabled={isBusy || !secret}>
            {isBusy ? u.opening : u.open}
          </button>
          <button
            type="button"
            className="link-button unlock-switch"
            onClick={() => {
              setUseRecovery(!useRecovery);
              setSecret('');
              setError(null);
              requestAnimationFrame(() => input.current?.focus());
            }}
          >
            <KeyRound size={16} aria-hidden="true" />
            {useRecovery ? u.usePassphrase : u.useRecovery}
          </button>
        </div>
        <p className="muted small">{u.lost}</p>
      </form>
    </main>
  );
}
