import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, type ReactNode, type RefObject } from 'react';
import type { MessageDto, MessageList, SearchHitDto } from '../../electron/ipc/contract.ts';
import { CaseHeader } from '../components/CaseHeader.tsx';
import type { Section } from '../components/Sidebar.tsx';
import type { CaseView } from '../hooks/use-route.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { LockedFile } from '../lib/import-results.ts';
import { useFirstScreenDrawn } from '../lib/first-paint.ts';
import type { NextAction } from '../lib/next-step.ts';
import {
  invalidate,
  keys,
  useCaseOverview,
  useCases,
  useCharges,
  useChargesChanged,
  useMessages,
  useTimeline,
} from '../lib/queries.ts';
import { Overview } from '../views/Overview.tsx';
import { TimelineView } from '../views/TimelineView.tsx';

// Sections other than the overview and the timeline load when first opened: the first paint parses less.
const AgreementsView = lazy(() =>
  import('../views/AgreementsView.tsx').then((m) => ({ default: m.AgreementsView })),
);
const ChargesView = lazy(() => import('../views/ChargesView.tsx').then((m) => ({ default: m.ChargesView })));
const ComplaintView = lazy(() =>
  import('../views/ComplaintView.tsx').then((m) => ({ default: m.ComplaintView })),
);
const ExportView = lazy(() => import('../views/ExportView.tsx').then((m) => ({ default: m.ExportView })));
// Loaded with the timeline, not before it: the results list shows only once something is typed.
const SearchResults = lazy(() =>
  import('../views/SearchResults.tsx').then((m) => ({ default: m.SearchResults })),
);
const MessagesView = lazy(() =>
  import('../views/MessagesView.tsx').then((m) => ({ default: m.MessagesView })),
);

/** The ids of the timeline rows a search found: the records themselves and the items they were read from. */
function hitIdsOf(hits: readonly SearchHitDto[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const h of hits) {
    ids.add(h.id);
    if (h.evidenceId) ids.add(h.evidenceId);
  }
  return ids;
}

type Props = {
  caseId: string;
  section: Section;
  view: CaseView;
  onView: (patch: Partial<CaseView>) => void;
  goTo: (section: Section) => void;
  onAction: (action: NextAction) => void;
  onImport: () => void;
  onAddEvent: () => void;
  onRename: (title: string) => Promise<void>;
  onArchive: (archived: boolean) => Promise<void>;
  onPassword: (file: LockedFile) => void;
  onError: (e: unknown) => void;
  searchRef: RefObject<HTMLInputElement | null>;
};

/** One open case: its header and the section the user is on. Each section reads only what it shows. */
export function CaseRoute(props: Props) {
  const { t } = useI18n();
  const client = useQueryClient();
  const { caseId, section, view, onView, goTo, onError } = props;
  const isDrawn = useFirstScreenDrawn();
  // On the overview its figures are the page; elsewhere only the header's case, asked after the first screen.
  const overview = useCaseOverview(caseId, section === 'overview' || isDrawn).data;
  // The header and the sections other than the overview need only the case itself, already in the list of
  // cases: the timeline paints as soon as its rows arrive, without waiting for the overview's figures.
  const listed = useCases().data?.find((c) => c.id === caseId);
  const theCase = overview?.case.id === caseId ? overview.case : listed;
  if (!theCase) return <p className="page muted">{t.loading}</p>;
  const tz = theCase.timezone;

  // A search result opens the exact place: the message, the bill row, the region of a picture, the item.
  const openHit = (hit: SearchHitDto) => {
    onView({ jump: { id: hit.id, evidenceId: hit.evidenceId, box: hit.region, label: view.query.trim() } });
    if (hit.kind === 'message') goTo('messages');
    else if (hit.kind === 'transaction') goTo('charges');
    else onView({ selectedId: hit.kind === 'event' ? hit.id : (hit.evidenceId ?? hit.id) });
  };

  return (
    <Suspense fallback={<p className="page muted">{t.loading}</p>}>
      <CaseHeader
        case={theCase}
        onOpenPlan={() => goTo('overview')}
        onRename={props.onRename}
        onArchive={props.onArchive}
      />
      {section === 'overview' && !overview && <p className="page muted">{t.loading}</p>}
      {section === 'overview' && overview && (
        <Overview
          overview={overview}
          onAction={props.onAction}
          onOpenTimeline={() => goTo('timeline')}
          onOpenCharges={() => goTo('charges')}
          onError={onError}
        />
      )}
      {section === 'timeline' && (
        <TimelineSection
          {...props}
          timeZone={tz}
          results={
            // Its own boundary: the timeline does not wait for the results' code, loaded once the first screen
            // is drawn (or at once for a search already typed).
            (isDrawn || view.query !== '') && (
              <Suspense fallback={null}>
                <SearchResults
                  caseId={caseId}
                  query={view.query}
                  timeZone={tz}
                  inputRef={props.searchRef}
                  onOpen={openHit}
                  onHits={(hits) =>
                    // An emptied search box lets go of the place the last result opened.
                    onView(hits.length ? { hitIds: hitIdsOf(hits) } : { hitIds: hitIdsOf(hits), jump: null })
                  }
                />
              </Suspense>
            )
          }
        />
      )}
      {section === 'charges' && <ChargesSection {...props} />}
      {section === 'agreements' && (
        <AgreementsView
          key={caseId}
          caseId={caseId}
          timeZone={tz}
          onError={onError}
          onChanged={() => void invalidate(client, 'events', caseId)}
        />
      )}
      {section === 'messages' && <MessagesSection {...props} />}
      {section === 'complaint' && <ComplaintView key={caseId} caseId={caseId} onError={onError} />}
      {section === 'export' && <ExportView key={caseId} case={theCase} onImport={props.onImport} />}
    </Suspense>
  );
}

function TimelineSection(props: Props & { timeZone: string; results: ReactNode }) {
  const { t } = useI18n();
  const { view, onView } = props;
  const timeline = useTimeline(props.caseId);
  const onSelect = useCallback((row: { id: string }) => onView({ selectedId: row.id }), [onView]);
  if (!timeline) return <p className="page muted">{t.loading}</p>;
  return (
    <TimelineView
      timeline={timeline}
      selectedId={view.selectedId}
      onSelect={onSelect}
      query={view.query}
      onQuery={(query) => onView({ query })}
      searchRef={props.searchRef}
      onImport={props.onImport}
      onAddEvent={props.onAddEvent}
      alsoShow={view.hitIds}
      results={props.results}
    />
  );
}

/** Charges are read when their section opens; a change answered with the new charges is kept as the answer. */
function ChargesSection(props: Props) {
  const { t } = useI18n();
  const charges = useCharges(props.caseId).data;
  const onChanged = useChargesChanged();
  if (!charges) return <p className="page muted">{t.loading}</p>;
  return (
    <ChargesView
      charges={charges}
      onChanged={onChanged}
      onError={props.onError}
      onImport={props.onImport}
      highlightId={props.view.jump?.id ?? null}
    />
  );
}

function MessagesSection(props: Props) {
  const { t } = useI18n();
  const client = useQueryClient();
  const list = useMessages(props.caseId).data;
  const { caseId } = props;
  const onChanged = useCallback(
    (m: MessageDto) => {
      client.setQueryData<MessageList>(keys.messages(caseId), (old) =>
        old ? { ...old, messages: old.messages.map((x) => (x.id === m.id ? m : x)) } : old,
      );
      void invalidate(client, 'messages', caseId, keys.messages(caseId));
    },
    [client, caseId],
  );
  if (!list) return <p className="page muted">{t.loading}</p>;
  return (
    <MessagesView
      list={list}
      onChanged={onChanged}
      onError={props.onError}
      onImport={props.onImport}
      highlightId={props.view.jump?.id ?? null}
    />
  );
}
