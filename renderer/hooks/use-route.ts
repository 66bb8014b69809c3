import { useCallback, useEffect, useState } from 'react';
import type { CaseDto } from '../../electron/ipc/contract.ts';
import { SECTIONS, type Section } from '../components/Sidebar.tsx';
import type { SearchJump } from '../views/SearchResults.tsx';

export type Route =
  | { name: 'loading' }
  | { name: 'welcome' }
  | { name: 'new-case' }
  | { name: 'case'; caseId: string; section: Section };

const LAST_PLACE_KEY = 'evidence-locker.last-place';

export function readLastPlace(): { caseId: string; section: Section } | null {
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

/** Where the app opens: where the user left it, else the first open case, else the welcome page. */
function firstRoute(cases: readonly CaseDto[] | undefined): Route {
  if (!cases) return { name: 'loading' };
  const last = readLastPlace();
  const reopen = cases.find((c) => c.id === last?.caseId);
  if (reopen && last) return { name: 'case', caseId: reopen.id, section: last.section };
  const first = cases.find((c) => !c.archivedAt) ?? cases[0];
  return first ? { name: 'case', caseId: first.id, section: 'overview' } : { name: 'welcome' };
}

/** The screen shown. Until the user goes somewhere, it follows the list of cases as it loads. */
export function useRoute(cases: readonly CaseDto[] | undefined) {
  const [chosen, setRoute] = useState<Route | null>(null);
  const route = chosen ?? firstRoute(cases);
  const caseId = route.name === 'case' ? route.caseId : null;
  const section = route.name === 'case' ? route.section : null;
  // The app reopens where the user left it.
  useEffect(() => {
    if (caseId && section) saveLastPlace({ caseId, section });
  }, [caseId, section]);
  const goTo = useCallback(
    (to: Section) => {
      if (caseId) setRoute({ name: 'case', caseId, section: to });
    },
    [caseId],
  );
  return { route, caseId, section, setRoute, goTo };
}

/** What the user has open inside one case: the selected row, the search, the place a result opened. */
export type CaseView = {
  selectedId: string | null;
  query: string;
  hitIds: ReadonlySet<string>;
  jump: SearchJump | null;
};

const EMPTY_VIEW: CaseView = { selectedId: null, query: '', hitIds: new Set(), jump: null };

/** Kept per case: opening another case starts from nothing selected, with no effect to reset it. */
export function useCaseView(caseId: string | null) {
  const [state, setState] = useState<{ caseId: string | null; view: CaseView }>({
    caseId,
    view: EMPTY_VIEW,
  });
  const view = state.caseId === caseId ? state.view : EMPTY_VIEW;
  const update = useCallback(
    (patch: Partial<CaseView>) =>
      setState((s) => ({ caseId, view: { ...(s.caseId === caseId ? s.view : EMPTY_VIEW), ...patch } })),
    [caseId],
  );
  return [view, update] as const;
}
