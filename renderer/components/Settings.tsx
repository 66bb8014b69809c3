import { Settings as SettingsIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import '../find.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import type { LockerStatus } from '../../electron/ipc/contract.ts';
import { BackupPanel } from './BackupPanel.tsx';
import { EncryptPanel } from './EncryptPanel.tsx';

/** A small Settings disclosure: whether the text of pictures is read in the background, and backups. */
export function Settings() {
  const { t } = useI18n();
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
    <details className="settings" data-testid="settings" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <SettingsIcon size={14} aria-hidden="true" />
        {t.find.settings}
      </summary>
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
      <h3 className="settings-heading">{t.backup.title}</h3>
      <BackupPanel encrypted={encrypted} />
      <h3 className="settings-heading">{t.encrypt.heading}</h3>
      <EncryptPanel
        status={lockerStatus}
        onChanged={() => void api.lockerStatus().then(setLockerStatus, () => undefined)}
      />
    </details>
  );
}
