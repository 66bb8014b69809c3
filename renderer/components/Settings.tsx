import { Settings as SettingsIcon } from 'lucide-react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import '../find.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import type { LockerStatus } from '../../electron/ipc/contract.ts';

// Loaded when the dialog first opens: the window's first paint does not parse them.
const BackupPanel = lazy(() => import('./BackupPanel.tsx').then((m) => ({ default: m.BackupPanel })));
const EncryptPanel = lazy(() => import('./EncryptPanel.tsx').then((m) => ({ default: m.EncryptPanel })));

/**
 * Settings of the locker as a whole, in a dialog of their own: whether the text of pictures is read in the
 * background, backups (and restoring one), and encryption.
 */
export function Settings() {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [isOpen, setOpen] = useState(false);
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lockerStatus, setLockerStatus] = useState<LockerStatus | null>(null);
  const encrypted = lockerStatus?.encrypted ?? false;

  useEffect(() => {
    if (!isOpen) return;
    let isCurrent = true;
    api.ocrStatus().then(
      (s) => isCurrent && setEnabled(s.enabled),
      (e: unknown) => isCurrent && setError((e as Error).message),
    );
    api.lockerStatus().then(
      (s) => isCurrent && setLockerStatus(s),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [isOpen]);

  const toggle = (next: boolean) => {
    setEnabled(next);
    setError(null);
    api.setOcrEnabled(next).then(
      (s) => setEnabled(s.enabled),
      (e: unknown) => {
        setEnabled(!next);
        setError((e as Error).message);
      },
    );
  };

  return (
    <>
      <button
        type="button"
        className="settings-open"
        data-testid="settings"
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
      >
        <SettingsIcon size={14} aria-hidden="true" />
        {t.find.settings}
      </button>
      <dialog
        ref={ref}
        className="dialog settings-dialog"
        aria-labelledby="settings-title"
        data-testid="settings-dialog"
        // React passes a nested dialog's close (the encryption dialog's) up to this one: only its own counts.
        onClose={(e) => e.target === e.currentTarget && setOpen(false)}
      >
        {isOpen && (
          <Suspense fallback={null}>
            <div className="settings">
              <h2 id="settings-title" className="dialog-title-icon">
                <SettingsIcon size={20} aria-hidden="true" />
                {t.find.settings}
              </h2>
              <section>
                <label className="settings-switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={enabled ?? false}
                    disabled={enabled === null}
                    onChange={(e) => toggle(e.target.checked)}
                    data-testid="ocr-switch"
                  />
                  <span>{t.find.ocrSwitch}</span>
                </label>
                <p className="muted small">{t.find.ocrSwitchHint}</p>
                {error && (
                  <p className="form-error small" role="alert">
                    {error}
                  </p>
                )}
              </section>
              <section>
                <h3 className="settings-heading">{t.backup.title}</h3>
                <BackupPanel encrypted={encrypted} />
              </section>
              <section>
                <h3 className="settings-heading">{t.encrypt.heading}</h3>
                <EncryptPanel
                  status={lockerStatus}
                  onChanged={() => void api.lockerStatus().then(setLockerStatus, () => undefined)}
                />
              </section>
              <div className="form-actions">
                <button type="button" className="button" onClick={() => ref.current?.close()}>
                  {t.find.settingsClose}
                </button>
              </div>
            </div>
          </Suspense>
        )}
      </dialog>
    </>
  );
}
