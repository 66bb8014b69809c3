import { LayoutDashboard, ListTree, Plus } from 'lucide-react';
import type { CaseDto } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LOCALE_NAMES, type Locale } from '../i18n/messages.ts';

export type Section = 'overview' | 'timeline';

type Props = {
  cases: CaseDto[];
  activeCaseId: string | null;
  section: Section | null;
  onSelectCase: (id: string) => void;
  onNewCase: () => void;
  onSection: (section: Section) => void;
};

export function Sidebar(props: Props) {
  const { t, locale, setLocale } = useI18n();
  const active = props.cases.find((c) => c.id === props.activeCaseId) ?? null;
  return (
    <nav className="sidebar" aria-label={t.cases}>
      <div className="sidebar-brand">{t.appName}</div>
      <div className="sidebar-heading">
        <span>{t.cases}</span>
        <button
          type="button"
          className="icon-button"
          onClick={props.onNewCase}
          title={t.newCase}
          aria-label={t.newCase}
        >
          <Plus size={16} aria-hidden="true" />
        </button>
      </div>
      <ul className="case-list">
        {props.cases.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="case-link"
              aria-current={c.id === props.activeCaseId ? 'page' : undefined}
              onClick={() => props.onSelectCase(c.id)}
            >
              <span className={`status-dot status-${c.status}`} aria-hidden="true" />
              <span className="case-link-text">
                <span className="case-link-title">{c.title}</span>
                <span className="case-link-sub">{t.statuses[c.status]}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {active && (
        <>
          <div className="sidebar-heading">
            <span>{t.inThisCase}</span>
          </div>
          <ul className="section-list">
            <li>
              <button
                type="button"
                className="section-link"
                aria-current={props.section === 'overview' ? 'page' : undefined}
                onClick={() => props.onSection('overview')}
              >
                <LayoutDashboard size={16} aria-hidden="true" />
                {t.overview}
              </button>
            </li>
            <li>
              <button
                type="button"
                className="section-link"
                aria-current={props.section === 'timeline' ? 'page' : undefined}
                onClick={() => props.onSection('timeline')}
              >
                <ListTree size={16} aria-hidden="true" />
                {t.timeline}
              </button>
            </li>
          </ul>
        </>
      )}
      <div className="sidebar-footer">
        <label className="language-switch">
          <span>{t.language}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="language">
            {(Object.keys(LOCALE_NAMES) as Locale[]).map((l) => (
              <option key={l} value={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </nav>
  );
}
