import { useQueryClient } from '@tanstack/react-query';
import { Upload } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { CaseDto, CaseStatus, EventKind, Input } from '../electron/ipc/contract.ts';
import { Sidebar } from './components/Sidebar.tsx';
import { useImport } from './hooks/use-import.ts';
import { useCaseView, useRoute } from './hooks/use-route.ts';
import { useFileDrop, useShortcuts } from './hooks/use-window-events.ts';
import { useI18n } from './i18n/i18n.tsx';
import { api } from './lib/api.ts';
import { afterFirstScreen, firstScreenCommitted } from './lib/first-paint.ts';
import { loadVirtualLists } from './lib/virtual-lists.ts';
import type { NextAction } from './lib/next-step.ts';
import { invalidate, keys, onQueryError, useCases, useTimeline } from './lib/queries.ts';
import { CaseRoute } from './routes/CaseRoute.tsx';
import { EventPanel } from './views/EventPanel.tsx';
import { Welcome } from './views/Welcome.tsx';

// Dialogs and the item panel load when first needed: the first paint parses less.
const ColumnMapDialog = lazy(() =>
  import('./components/ColumnMapDialog.tsx').then((m) => ({ default: m.ColumnMapDialog })),
);
const ContactDialog = lazy(() =>
  import('./components/ContactDialog.tsx').then((m) => ({ default: m.ContactDialog })),
);
const EventDialog = lazy(() =>
  import('./components/EventDialog.tsx').then((m) => ({ default: m.EventDialog })),
);
const ImportPanel = lazy(() =>
  import('./components/ImportPanel.tsx').then((m) => ({ default: m.ImportPanel })),
);
const NewCase = lazy(() => import('./views/NewCase.tsx').then((m) => ({ default: m.NewCase })));
const PasswordPrompt = lazy(() =>
  import('./components/PasswordPrompt.tsx').then((m) => ({ default: m.PasswordPrompt })),
);
const EvidencePanel = lazy(() =>
  import('./views/EvidencePanel.tsx').then((m) => ({ default: m.EvidencePanel })),
);

type ContactParty = Extract<NextAction, { type: 'contact' }>['party'];

/**
 * The window: the sidebar, the route, the detail panel, and what floats over them (the import results, the
 * dialogs, the drop target, the toast). Data comes from the query layer (lib/queries.ts); a change
 * invalidates what it touches, so nothing here re-reads the case by hand.
 */
export function App() {
  const { t } = useI18n();
  const client = useQueryClient();
  const cases = useCases().data;
  const { route, caseId, section, setRoute, goTo } = useRoute(cases);
  const [view, onView] = useCaseView(caseId);
  const [eventKind, setEventKind] = useState<EventKind | null>(null);
  const [contactParty, setContactParty] = useState<ContactParty | null>(null);
  /** The item whose columns the user is mapping from the import results. */
  const [mapItemId, setMapItemId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const showError = useCallback((e: unknown) => setError((e as Error).message || String(e)), []);
  useEffect(() => onQueryError(showError), [showError]);
  // What the first screen does not show is asked for once it is drawn (lib/first-paint.ts).
  useEffect(firstScreenCommitted, []);
  // Then the virtual lists' code, whichever section the window opened on (lib/virtual-lists.ts).
  useEffect(() => afterFirstScreen(() => void loadVirtualLists().catch(() => undefined)), []);

  const fileInput = useRef<HTMLInputElement>(null);
  const imports = useImport(caseId, fileInput, showError);
  const isDragging = useFileDrop(caseId, imports.run);
  // Asked first on the timeline: the locker answers in order, and the rows are what the user waits for.
  const hasPanel = useHasPanel(section === 'timeline' ? caseId : null, view.selectedId);
  const tz = cases?.find((c) => c.id === caseId)?.timezone ?? 'Asia/Shanghai';

  const putCase = useCallback(
    (updated: CaseDto) => {
      client.setQueryData<CaseDto[]>(keys.cases(), (list) =>
        list?.map((c) => (c.id === updated.id ? updated : c)),
      );
      void invalidate(client, 'case', updated.id, keys.cases());
    },
    [client],
  );

  const setStatus = useCallback(
    (status: CaseStatus) => {
      if (caseId) api.updateCase(caseId, { status }).then(putCase, showError);
    },
    [caseId, putCase, showError],
  );

  const renameCase = async (title: string) => {
    if (caseId) putCase(await api.updateCase(caseId, { title }));
  };

  const archiveCase = async (archived: boolean) => {
    if (!caseId) return;
    try {
      const updated = await api.updateCase(caseId, { archived });
      putCase(updated);
      if (archived) {
        // The case leaves the list: go to the next open case, or to the start.
        const next = cases?.find((c) => c.id !== updated.id && !c.archivedAt);
        setRoute(next ? { name: 'case', caseId: next.id, section: 'overview' } : { name: 'welcome' });
      }
    } catch (e) {
      showError(e);
    }
  };

  const onAction = (action: NextAction) => {
    if (action.type === 'import') imports.start();
    else if (action.type === 'password') imports.askPassword(action.file);
    else if (action.type === 'event') setEventKind(action.kind);
    else if (action.type === 'status') setStatus(action.status);
    else if (action.type === 'contact') setContactParty(action.party);
    else if (action.type === 'charges' || action.type === 'complaint' || action.type === 'agreements')
      goTo(action.type);
    else if (action.type === 'evidence') {
      goTo('timeline');
      onView({ selectedId: action.evidenceId });
    }
  };

  const addEvent = async (input: Input<'event:add'>) => {
    const event = await api.addEvent(input);
    setEventKind(null);
    void invalidate(client, 'events', input.caseId);
    setRoute({ name: 'case', caseId: input.caseId, section: 'timeline' });
    onView({ selectedId: event.id });
  };

  const newCase = useCallback(() => setRoute({ name: 'new-case' }), [setRoute]);
  const findInTimeline = useCallback(() => goTo('timeline'), [goTo]);
  const openExport = useCallback(() => goTo('export'), [goTo]);
  const closePanel = useCallback(() => onView({ selectedId: null }), [onView]);
  useShortcuts({
    caseId,
    onImport: imports.start,
    onFind: findInTimeline,
    onNewCase: newCase,
    onExport: openExport,
    onEscape: view.selectedId ? closePanel : null,
    searchRef,
  });

  const panel = (
    <DetailPanel
      caseId={section === 'timeline' ? caseId : null}
      view={view}
      timeZone={tz}
      onClose={closePanel}
      onOpen={(id) => onView({ selectedId: id })}
      onPassword={imports.askPassword}
      onError={showError}
    />
  );

  return (
    <div className={`app${hasPanel ? ' with-panel' : ''}`}>
      <Sidebar
        cases={cases ?? []}
        activeCaseId={caseId}
        section={section}
        onSelectCase={(id) => setRoute({ name: 'case', caseId: id, section: 'overview' })}
        onNewCase={newCase}
        onSection={goTo}
      />

      {route.name === 'loading' && <main className="page muted">{t.loading}</main>}
      {route.name === 'welcome' && <Welcome onStart={newCase} />}
      {route.name === 'new-case' && (
        <Suspense fallback={null}>
          <NewCase
            onCancel={
              cases?.length
                ? () =>
                    setRoute(
                      cases[0]
                        ? { name: 'case', caseId: cases[0].id, section: 'overview' }
                        : { name: 'welcome' },
                    )
                : null
            }
            onCreated={(c) => {
              client.setQueryData<CaseDto[]>(keys.cases(), (list) => [c, ...(list ?? [])]);
              setRoute({ name: 'case', caseId: c.id, section: 'overview' });
            }}
          />
        </Suspense>
      )}
      {route.name === 'case' && (
        <main className="case">
          <CaseRoute
            caseId={route.caseId}
            section={route.section}
            view={view}
            onView={onView}
            goTo={goTo}
            onAction={onAction}
            onImport={imports.start}
            onAddEvent={() => setEventKind('call')}
            onRename={renameCase}
            onArchive={archiveCase}
            onPassword={imports.askPassword}
            onError={showError}
            searchRef={searchRef}
          />
        </main>
      )}

      <Suspense fallback={null}>
        {hasPanel && panel}

        {imports.state && (
          <ImportPanel
            state={imports.state}
            timeZone={tz}
            onDismiss={imports.dismiss}
            onShow={(id) => {
              goTo('timeline');
              onView({ selectedId: id });
            }}
            onMapColumns={setMapItemId}
            onPassword={imports.askPassword}
          />
        )}

        {mapItemId && (
          <ColumnMapDialog
            evidenceId={mapItemId}
            onClose={() => setMapItemId(null)}
            onSaved={() => {
              const id = mapItemId;
              setMapItemId(null);
              if (caseId) void invalidate(client, 'records', caseId);
              goTo('timeline');
              onView({ selectedId: id });
            }}
          />
        )}

        {isDragging && (
          <div className="drop-overlay" aria-hidden="true">
            <div className="drop-card">
              <Upload size={32} strokeWidth={1.75} />
              <p className="drop-title">{t.dropTitle}</p>
              <p className="muted">{t.dropHint}</p>
            </div>
          </div>
        )}

        {contactParty && caseId && (
          <ContactDialog
            caseId={caseId}
            timeZone={tz}
            initialParty={contactParty}
            onSaved={() => void invalidate(client, 'events', caseId)}
            onClose={() => setContactParty(null)}
          />
        )}

        {imports.asking && (
          <PasswordPrompt
            key={imports.asking.lockedId}
            file={imports.asking}
            onOpened={imports.opened}
            onDismissed={imports.later}
          />
        )}

        {eventKind && caseId && (
          <EventDialog
            caseId={caseId}
            timeZone={tz}
            initialKind={eventKind}
            onSubmit={addEvent}
            onClose={() => setEventKind(null)}
          />
        )}
      </Suspense>

      {error && (
        <div className="toast" role="alert">
          <span>{error}</span>
          <button type="button" className="link-button" onClick={() => setError(null)}>
            {t.dismiss}
          </button>
        </div>
      )}

      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void imports.run(files);
        }}
      />
    </div>
  );
}

/** A row is selected on the timeline and it opens something: an item, or an event. */
function useHasPanel(caseId: string | null, selectedId: string | null): boolean {
  const timeline = useTimeline(caseId);
  if (!caseId || !selectedId) return false;
  if (selectedId.startsWith('ev_')) return true;
  const row = timeline?.rows.find((r) => r.id === selectedId);
  return Boolean(row?.sourceEvidenceId || row?.type === 'event');
}

/** The timeline's detail panel: the item a row was read from (a charge opens its bill), or the event. */
function DetailPanel(props: {
  caseId: string | null;
  view: ReturnType<typeof useCaseView>[0];
  timeZone: string;
  onClose: () => void;
  /** Opens an item (a contact's attachment) in the panel. */
  onOpen: (evidenceId: string) => void;
  onPassword: (file: { name: string; lockedId: string }) => void;
  onError: (e: unknown) => void;
}) {
  const client = useQueryClient();
  const { caseId, view } = props;
  const timeline = useTimeline(caseId);
  if (!caseId || !view.selectedId) return null;
  const row = timeline?.rows.find((r) => r.id === view.selectedId) ?? null;
  const evidenceId = view.selectedId.startsWith('ev_') ? view.selectedId : (row?.sourceEvidenceId ?? null);
  if (evidenceId) {
    const { jump } = view;
    const found = jump?.box && jump.evidenceId === evidenceId ? { box: jump.box, label: jump.label } : null;
    return (
      <EvidencePanel
        key={evidenceId}
        id={evidenceId}
        timeZone={props.timeZone}
        // Rows may have come or gone with it (a column map saved or undone, opened with its password).
        onChanged={() => void invalidate(client, 'records', caseId)}
        onClose={props.onClose}
        onPassword={props.onPassword}
        found={found}
      />
    );
  }
  if (row?.type !== 'event') return null;
  return (
    <EventPanel
      caseId={caseId}
      row={row}
      timeZone={props.timeZone}
      onClose={props.onClose}
      onOpen={props.onOpen}
      onDelete={() => {
        api.deleteEvent(row.id).then(() => {
          props.onClose();
          return invalidate(client, 'events', caseId);
        }, props.onError);
      }}
    />
  );
}
