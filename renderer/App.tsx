import { Upload } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  CaseDto,
  CaseOverview,
  CaseStatus,
  Charges,
  EventKind,
  EvidenceDetail,
  Input,
  MessageDto,
  MessageList,
  SearchHitDto,
  Timeline,
  TimelineRow,
} from '../electron/ipc/contract.ts';
import { CaseHeader } from './components/CaseHeader.tsx';
import { ContactDialog } from './components/ContactDialog.tsx';
import { PasswordPrompt, lockedFilesOf, type LockedFile } from './components/PasswordPrompt.tsx';
import { EventDialog } from './components/EventDialog.tsx';
import { ImportPanel, type ImportState } from './components/ImportPanel.tsx';
import { ColumnMapDialog } from './components/ColumnMapDialog.tsx';
import { SECTIONS, Sidebar, type Section } from './components/Sidebar.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { api } from './lib/api.ts';
import type { NextAction } from './lib/next-step.ts';
import { AgreementsView } from './views/AgreementsView.tsx';
import { ChargesView } from './views/ChargesView.tsx';
import { ComplaintView } from './views/ComplaintView.tsx';
import { EventPanel } from './views/EventPanel.tsx';
import { EvidencePanel } from './views/EvidencePanel.tsx';
import { ExportView } from './views/ExportView.tsx';
import { MessagesView } from './views/MessagesView.tsx';
import { NewCase } from './views/NewCase.tsx';
import { Overview } from './views/Overview.tsx';
import { SearchResults, hitIdsOf, type SearchJump } from './views/SearchResults.tsx';
import { TimelineView } from './views/TimelineView.tsx';
import { Welcome } from './views/Welcome.tsx';

type Route =
  | { name: 'loading' }
  | { name: 'welcome' }
  | { name: 'new-case' }
  | { name: 'case'; caseId: string; section: Section };

const hasFiles = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));

const LAST_PLACE_KEY = 'evidence-locker.last-place';

function readLastPlace(): { caseId: string; section: Section } | null {
  try {
    const value = JSON.parse(localStorage.getItem(LAST_PLACE_KEY) ?? 'null') as unknown;
    if (!value || typeof value !== 'object') return null;
    const { caseId, section } = value as Record<string, unknown>;
    if (typeof caseId !== 'string' || !SECTIONS.includes(section as Section)) return null;
    return { caseId, section: section as Section };
  } catch {
    return null;
  }
}

function saveLastPlace(place: { caseId: string; section: Section }): void {
  try {
    localStorage.setItem(LAST_PLACE_KEY, JSON.stringify(place));
  } catch {
    // Not remembered: the app opens on the first case's overview next time.
  }
}

export function App() {
  const { t } = useI18n();
  const [cases, setCases] = useState<CaseDto[]>([]);
  const [route, setRoute] = useState<Route>({ name: 'loading' });
  const [overview, setOverview] = useState<CaseOverview | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [charges, setCharges] = useState<Charges | null>(null);
  const [messageList, setMessageList] = useState<MessageList | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  // Search (issue 6): what the full-text search found, and the place a result was opened at.
  const [hitIds, setHitIds] = useState<ReadonlySet<string>>(new Set());
  const [jump, setJump] = useState<SearchJump | null>(null);
  const [importState, setImportState] = useState<ImportState | null>(null);
  const [eventKind, setEventKind] = useState<EventKind | null>(null);
  const [contactParty, setContactParty] = useState<Extract<NextAction, { type: 'contact' }>['party'] | null>(
    null,
  );
  // Archives that turned out to need a password, asked for one at a time.
  const [lockedFiles, setLockedFiles] = useState<LockedFile[]>([]);
  const [isDragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const caseId = route.name === 'case' ? route.caseId : null;
  const section = route.name === 'case' ? route.section : null;

  const showError = useCallback((e: unknown) => setError((e as Error).message || String(e)), []);

  useEffect(() => {
    api.listCases(true).then((list) => {
      setCases(list);
      const last = readLastPlace();
      const reopen = list.find((c) => c.id === last?.caseId);
      const first = list.find((c) => !c.archivedAt) ?? list[0];
      if (reopen && last) setRoute({ name: 'case', caseId: reopen.id, section: last.section });
      else setRoute(first ? { name: 'case', caseId: first.id, section: 'overview' } : { name: 'welcome' });
    }, showError);
  }, [showError]);

  // The app reopens where the user left it.
  useEffect(() => {
    if (caseId && section) saveLastPlace({ caseId, section });
  }, [caseId, section]);

  const refreshCase = useCallback(async (id: string) => {
    const [o, tl] = await Promise.all([api.getCase(id), api.getTimeline(id)]);
    setOverview(o);
    setTimeline(tl);
  }, []);

  useEffect(() => {
    setOverview(null);
    setTimeline(null);
    setCharges(null);
    setMessageList(null);
    setSelectedId(null);
    setQuery('');
    if (caseId) refreshCase(caseId).catch(showError);
  }, [caseId, refreshCase, showError]);

  // Charges and messages are read when their section opens (and again after an import), not with the case.
  const [recordsVersion, setRecordsVersion] = useState(0);
  /** The item whose columns the user is mapping from the import results. */
  const [mapItemId, setMapItemId] = useState<string | null>(null);
  useEffect(() => {
    if (!caseId) return;
    let isCurrent = true;
    if (section === 'charges') {
      api.listTransactions(caseId).then((c) => isCurrent && setCharges(c), showError);
    } else if (section === 'messages') {
      api.listMessages(caseId).then((m) => isCurrent && setMessageList(m), showError);
    }
    return () => {
      isCurrent = false;
    };
  }, [caseId, section, recordsVersion, showError]);

  const runImport = useCallback(
    async (files: File[]) => {
      if (!caseId || files.length === 0) return;
      setImportState({ phase: 'running', done: 0, total: files.length });
      try {
        const summary = await api.importFiles(caseId, files, (p) =>
          setImportState({ phase: 'running', ...p }),
        );
        setImportState({ phase: 'done', summary });
        setLockedFiles(lockedFilesOf(summary));
        setRecordsVersion((v) => v + 1);
        await refreshCase(caseId);
      } catch (e) {
        setImportState({ phase: 'failed', message: (e as Error).message });
      }
    },
    [caseId, refreshCase],
  );

  const startImport = useCallback(() => {
    if (!caseId) return;
    if (!api.pickFiles) {
      fileInput.current?.click();
      return;
    }
    api.pickFiles(caseId).then(async (summary) => {
      if (!summary) return;
      setImportState({ phase: 'done', summary });
      setLockedFiles(lockedFilesOf(summary));
      setRecordsVersion((v) => v + 1);
      await refreshCase(caseId);
    }, showError);
  }, [caseId, refreshCase, showError]);

  const setStatus = useCallback(
    async (status: CaseStatus) => {
      if (!caseId) return;
      try {
        const updated = await api.updateCase(caseId, { status });
        setCases((list) => list.map((c) => (c.id === updated.id ? updated : c)));
        await refreshCase(caseId);
      } catch (e) {
        showError(e);
      }
    },
    [caseId, refreshCase, showError],
  );

  const renameCase = async (title: string) => {
    if (!caseId) return;
    const updated = await api.updateCase(caseId, { title });
    setCases((list) => list.map((c) => (c.id === updated.id ? updated : c)));
    await refreshCase(caseId);
  };

  const archiveCase = async (archived: boolean) => {
    if (!caseId) return;
    try {
      const updated = await api.updateCase(caseId, { archived });
      const list = cases.map((c) => (c.id === updated.id ? updated : c));
      setCases(list);
      if (archived) {
        // The case leaves the list: go to the next open case, or to the start.
        const next = list.find((c) => !c.archivedAt);
        setRoute(next ? { name: 'case', caseId: next.id, section: 'overview' } : { name: 'welcome' });
      } else {
        await refreshCase(caseId);
      }
    } catch (e) {
      showError(e);
    }
  };

  const onChargesChanged = useCallback(
    (next: Charges) => {
      setCharges(next);
      refreshCase(next.caseId).catch(showError);
    },
    [refreshCase, showError],
  );

  // The plan's "Stop further debits" step follows the agreements: read the case again.
  const onAgreementsChanged = useCallback(() => {
    if (caseId) refreshCase(caseId).catch(showError);
  }, [caseId, refreshCase, showError]);

  const onMessageChanged = useCallback(
    (m: MessageDto) => {
      setMessageList((list) =>
        list ? { ...list, messages: list.messages.map((x) => (x.id === m.id ? m : x)) } : list,
      );
      if (caseId) refreshCase(caseId).catch(showError);
    },
    [caseId, refreshCase, showError],
  );

  const onAction = (action: NextAction) => {
    if (action.type === 'import') startImport();
    else if (action.type === 'event') setEventKind(action.kind);
    else if (action.type === 'status') void setStatus(action.status);
    else if (action.type === 'charges' && caseId) setRoute({ name: 'case', caseId, section: 'charges' });
    else if (action.type === 'contact') setContactParty(action.party);
    else if (action.type === 'complaint' && caseId) setRoute({ name: 'case', caseId, section: 'complaint' });
    else if (action.type === 'agreements' && caseId)
      setRoute({ name: 'case', caseId, section: 'agreements' });
  };

  const addEvent = async (input: Input<'event:add'>) => {
    const event = await api.addEvent(input);
    setEventKind(null);
    await refreshCase(input.caseId);
    setRoute({ name: 'case', caseId: input.caseId, section: 'timeline' });
    setSelectedId(event.id);
  };

  // Files dropped anywhere on an open case are filed into it; anywhere else they are ignored (never opened).
  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = caseId ? 'copy' : 'none';
    };
    const enter = (e: DragEvent) => {
      if (!hasFiles(e) || !caseId) return;
      depth += 1;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void runImport([...(e.dataTransfer?.files ?? [])]);
    };
    const paste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea')) return;
      const files = [...(e.clipboardData?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      void runImport(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [caseId, runImport]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'o' && caseId) {
        e.preventDefault();
        startImport();
      } else if (mod && e.key.toLowerCase() === 'f' && caseId) {
        e.preventDefault();
        setRoute({ name: 'case', caseId, section: 'timeline' });
        requestAnimationFrame(() => searchRef.current?.focus());
      } else if (mod && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        setRoute({ name: 'new-case' });
      } else if (e.key === 'Escape' && selectedId) {
        setSelectedId(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [caseId, selectedId, startImport]);

  // The native menu's File items (Electron): the same actions as the shortcuts above.
  useEffect(
    () =>
      api.onMenuCommand((command) => {
        if (command === 'case:new') setRoute({ name: 'new-case' });
        else if (command === 'files:add' && caseId) startImport();
        else if (command === 'packet:export' && caseId) setRoute({ name: 'case', caseId, section: 'export' });
      }),
    [caseId, startImport],
  );

  const onSelectRow = useCallback((row: TimelineRow) => setSelectedId(row.id), []);
  const onEvidenceChanged = useCallback(
    (_detail: EvidenceDetail) => {
      if (caseId) refreshCase(caseId).catch(showError);
      // Rows may have come or gone with it (a column map saved or undone): Charges reads them again.
      setRecordsVersion((v) => v + 1);
    },
    [caseId, refreshCase, showError],
  );

  const selectedRow = timeline?.rows.find((r) => r.id === selectedId) ?? null;
  // A charge or a key message opens the item it was read from.
  const panelEvidenceId = selectedId?.startsWith('ev_')
    ? selectedId
    : (selectedRow?.sourceEvidenceId ?? null);
  const tz = overview?.case.timezone ?? 'Asia/Shanghai';

  // A search result opens the exact place: the message, the bill row, the region of a picture, the item.
  const openHit = (hit: SearchHitDto) => {
    if (!caseId) return;
    setJump({ id: hit.id, evidenceId: hit.evidenceId, box: hit.region, label: query.trim() });
    if (hit.kind === 'message') setRoute({ name: 'case', caseId, section: 'messages' });
    else if (hit.kind === 'transaction') setRoute({ name: 'case', caseId, section: 'charges' });
    else setSelectedId(hit.kind === 'event' ? hit.id : (hit.evidenceId ?? hit.id));
  };
  const found =
    jump?.box && jump.evidenceId === panelEvidenceId ? { box: jump.box, label: jump.label } : null;

  // The detail panel belongs to the timeline: the overview leads with the next step alone.
  let panel = null;
  if (section !== 'timeline') {
    panel = null;
  } else if (caseId && panelEvidenceId) {
    panel = (
      <EvidencePanel
        id={panelEvidenceId}
        timeZone={tz}
        onChanged={onEvidenceChanged}
        onClose={() => setSelectedId(null)}
        found={found}
      />
    );
  } else if (caseId && selectedRow?.type === 'event') {
    panel = (
      <EventPanel
        row={selectedRow}
        timeZone={tz}
        onClose={() => setSelectedId(null)}
        onDelete={() => {
          api
            .deleteEvent(selectedRow.id)
            .then(() => {
              setSelectedId(null);
              return refreshCase(caseId);
            })
            .catch(showError);
        }}
      />
    );
  }

  return (
    <div className={`app${panel ? ' with-panel' : ''}`}>
      <Sidebar
        cases={cases}
        activeCaseId={caseId}
        section={section}
        onSelectCase={(id) => setRoute({ name: 'case', caseId: id, section: 'overview' })}
        onNewCase={() => setRoute({ name: 'new-case' })}
        onSection={(s) => caseId && setRoute({ name: 'case', caseId, section: s })}
      />

      {route.name === 'loading' && <main className="page muted">{t.loading}</main>}
      {route.name === 'welcome' && <Welcome onStart={() => setRoute({ name: 'new-case' })} />}
      {route.name === 'new-case' && (
        <NewCase
          onCancel={
            cases.length
              ? () =>
                  setRoute(
                    cases[0]
                      ? { name: 'case', caseId: cases[0].id, section: 'overview' }
                      : { name: 'welcome' },
                  )
              : null
          }
          onCreated={(c) => {
            setCases((list) => [c, ...list]);
            setRoute({ name: 'case', caseId: c.id, section: 'overview' });
          }}
        />
      )}
      {route.name === 'case' && (
        <main className="case">
          {overview ? (
            <>
              <CaseHeader
                case={overview.case}
                onOpenPlan={() => setRoute({ ...route, section: 'overview' })}
                onRename={renameCase}
                onArchive={archiveCase}
              />
              {route.section === 'overview' && (
                <Overview
                  overview={overview}
                  onAction={onAction}
                  onOpenTimeline={() => setRoute({ ...route, section: 'timeline' })}
                  onOpenCharges={() => setRoute({ ...route, section: 'charges' })}
                  onError={showError}
                />
              )}
              {route.section === 'timeline' && timeline && (
                <TimelineView
                  timeline={timeline}
                  selectedId={selectedId}
                  onSelect={onSelectRow}
                  query={query}
                  onQuery={setQuery}
                  searchRef={searchRef}
                  onImport={startImport}
                  onAddEvent={() => setEventKind('call')}
                  alsoShow={hitIds}
                  results={
                    <SearchResults
                      caseId={route.caseId}
                      query={query}
                      timeZone={tz}
                      inputRef={searchRef}
                      onOpen={openHit}
                      onHits={(hits) => {
                        setHitIds(hitIdsOf(hits));
                        // An emptied search box lets go of the place the last result opened.
                        if (!hits.length) setJump(null);
                      }}
                    />
                  }
                />
              )}
              {route.section === 'charges' &&
                (charges?.caseId === route.caseId ? (
                  <ChargesView
                    charges={charges}
                    onChanged={onChargesChanged}
                    onError={showError}
                    onImport={startImport}
                    highlightId={jump?.id ?? null}
                  />
                ) : (
                  <p className="page muted">{t.loading}</p>
                ))}
              {route.section === 'agreements' && (
                <AgreementsView
                  key={route.caseId}
                  caseId={route.caseId}
                  timeZone={tz}
                  onError={showError}
                  onChanged={onAgreementsChanged}
                />
              )}
              {route.section === 'messages' &&
                (messageList?.caseId === route.caseId ? (
                  <MessagesView
                    list={messageList}
                    onChanged={onMessageChanged}
                    onError={showError}
                    onImport={startImport}
                    highlightId={jump?.id ?? null}
                  />
                ) : (
                  <p className="page muted">{t.loading}</p>
                ))}
              {route.section === 'complaint' && (
                <ComplaintView key={route.caseId} caseId={route.caseId} onError={showError} />
              )}
              {route.section === 'export' && (
                <ExportView key={route.caseId} case={overview.case} onImport={startImport} />
              )}
            </>
          ) : (
            <p className="page muted">{t.loading}</p>
          )}
        </main>
      )}

      {panel}

      {importState && (
        <ImportPanel
          state={importState}
          onDismiss={() => setImportState(null)}
          onShow={(id) => {
            if (caseId) setRoute({ name: 'case', caseId, section: 'timeline' });
            setSelectedId(id);
          }}
          onMapColumns={setMapItemId}
        />
      )}

      {mapItemId && (
        <ColumnMapDialog
          evidenceId={mapItemId}
          onClose={() => setMapItemId(null)}
          onSaved={() => {
            const id = mapItemId;
            setMapItemId(null);
            if (caseId) {
              refreshCase(caseId).catch(showError);
              setRoute({ name: 'case', caseId, section: 'timeline' });
            }
            setRecordsVersion((v) => v + 1);
            setSelectedId(id);
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
          onSaved={() => {
            setRecordsVersion((v) => v + 1);
            refreshCase(caseId).catch(showError);
          }}
          onClose={() => setContactParty(null)}
        />
      )}

      {lockedFiles[0] && caseId && (
        <PasswordPrompt
          key={lockedFiles[0].lockedId}
          file={lockedFiles[0]}
          onOpened={(summary) => {
            setLockedFiles((list) => list.slice(1));
            setImportState({ phase: 'done', summary });
            setRecordsVersion((v) => v + 1);
            refreshCase(caseId).catch(showError);
          }}
          onDismissed={() => {
            const { lockedId } = lockedFiles[0]!;
            setLockedFiles((list) => list.filter((f) => f.lockedId !== lockedId));
            api.forgetLocked(lockedId).catch(showError);
          }}
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
          void runImport(files);
        }}
      />
    </div>
  );
}
