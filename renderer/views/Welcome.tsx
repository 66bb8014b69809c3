import { Lock } from 'lucide-react';
import { useI18n } from '../i18n/i18n.tsx';

export function Welcome(props: { onStart: () => void }) {
  const { t } = useI18n();
  return (
    <main className="welcome">
      <div className="welcome-card">
        <div className="welcome-icon" aria-hidden="true">
          <Lock size={28} strokeWidth={1.75} />
        </div>
        <h1>{t.welcomeTitle}</h1>
        {t.welcomeLines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        <button type="button" className="button primary large" onClick={props.onStart} autoFocus>
          {t.startCase}
        </button>
        <p className="muted small">{t.offlineNote}</p>
      </div>
    </main>
  );
}
