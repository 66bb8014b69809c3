import {
  FileOutput,
  FileSignature,
  LayoutDashboard,
  ListTree,
  MessagesSquare,
  Plus,
  Receipt,
  Scale,
} from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import type { MouseEvent } from 'react';
import type { CaseDto } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { OcrStatus } from './OcrStatus.tsx';
import { Settings } from './Settings.tsx';
import { LOCALE_NAMES, type Locale, type Messages } from '../i18n/messages.ts';

export const SECTIONS = [
  'overview',
  'timeline',
  'charges',
  'agreements',
  'messages',
  'complaint',
  'export',
] as const;
export type Section = (typeof SECTIONS)[number];

const SECTION_ICONS: Record<Section, LucideIcon> = {
  overview: LayoutDashboard,
  timeline: ListTree,
  charges: Receipt,
  agreements: FileSignature,
  messages: MessagesSquare,
  complaint: Scale,
  export: FileOutput,
};

function sectionLabel(t: Messages, s: Section): string {
  if (s === 'complaint') return t.dispute.complaintSection;
  if (s === 'agreements') return t.agreements.section;
  return s === 'export' ? t.exportSection : t[s];
}

type Props = {
  cases: CaseDto[];
  activeCaseId: string | null;
  section: Section | null;
  onSelectCase: (id: string) => void;
  onNewCase: () => void;
  onSection: (section: Section) => void;
};

/** Focuses the page's primary action (the next step), else the main area itself. */
function skipToMain(e: MouseEvent): void {
  e.preventDefault();
  const target =
    document.querySelector<HTMLElement>('main [data-primary-action]') ?? document.querySelector('main');
  if (!target) return;
  if (!target.matches('button, a[href], input, select, textarea')) target.tabIndex = -1;
  target.focus();
}

function CaseLink(props: { c: CaseDto; isActive: boolean; onSelect: () => void }) {
  const { t } = useI18n();
  const { c } = props;
  return (
    <li>
      <button
        type="button"
        className="case-link"
        aria-current={props.isActive ? 'page' : undefined}
        onClick={props.onSelect}
      >
        <span className={`status-dot status-${c.status}`} aria-hidden="true" />
        <span className="case-link-text">
          <span className="case-link-title">{c.title}</span>
          <span className="case-link-sub">
            {c.archivedAt
              ? t.archived
              : c.status === 'resolved' || c.status === 'closed'
                ? t.statuses[c.status]
                : c.counterparty}
          </span>
        </span>
      </button>
    </li>
  );
}

export function Sidebar(props: Props) {
  const { t, locale, setLocale } = useI18n();
  const active = props.cases.find((c) => c.id === props.activeCaseId) ?? null;
  const open = props.cases.filter((c) => !c.archivedAt);
  const archived = props.cases.filter((c) => c.archivedAt);
  return (
    <nav className="sidebar" aria-label={t.cases}>
      {/* The first stop in the tab order: past the case list and sections, straight to the next step. */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t.skipToMain}
      </a>
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
        {open.map((c) => (
          <CaseLink
            key={c.id}
            c={c}
            isActive={c.id === props.activeCaseId}
            onSelect={() => props.onSelectCase(c.id)}
          />
        ))}
      </ul>
      {archived.length > 0 && (
        <details className="archived-cases" open={active?.archivedAt ? true : undefined}>
          <summary>{t.showArchived}</summary>
          <ul className="case-list">
            {archived.map((c) => (
              <CaseLink
                key={c.id}
                c={c}
                isActive={c.id === props.activeCaseId}
                onSelect={() => props.onSelectCase(c.id)}
              />
            ))}
          </ul>
        </details>
      )}
      {active && (
        <>
          <div className="sidebar-heading">
            <span>{t.inThisCase}</span>
          </div>
          <ul className="section-list">
            {SECTIONS.map((s) => {
              const Icon = SECTION_ICONS[s];
              return (
                <li key={s}>
                  <button
                    type="button"
                    className="section-link"
                    aria-current={props.section === s ? 'page' : undefined}
                    onClick={() => props.onSection(s)}
                  >
                    <Icon size={16} aria-hidden="true" />
                    {sectionLabel(t, s)}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="sidebar-footer">
        <OcrStatus caseId={props.activeCaseId} />
        <Settings />
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
