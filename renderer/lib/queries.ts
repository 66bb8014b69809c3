import {
  MutationCache,
  QueryCache,
  QueryClient,
  useQuery,
  useQueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CallName, Charges, PacketLang, Recipient } from '../../electron/ipc/contract.ts';
import type { Locale } from '../i18n/messages.ts';
import { api } from './api.ts';
import { useFirstScreenDrawn } from './first-paint.ts';

/*
 * The renderer's data layer: every read is a query keyed by its call and its input (`['timeline:get',
 * { caseId }]`), so two screens asking for the same thing share one request, an answer that arrives for a case
 * the user has left is simply kept under that case's key (no race guards), and a change invalidates the calls
 * it changes (CHANGES below) instead of the app re-reading everything after every click.
 */

type Key<C extends CallName, I> = readonly [C, I];

const key = <C extends CallName, I>(channel: C, input: I): Key<C, I> => [channel, input] as const;

export const keys = {
  cases: () => key('case:list', { includeArchived: true }),
  case: (id: string) => key('case:get', { id }),
  timeline: (caseId: string) => key('timeline:get', { caseId }),
  /** The first screenful of the timeline, asked for before the rest (see useTimeline). */
  timelineStart: (caseId: string) => key('timeline:get', { caseId, first: FIRST_TIMELINE_ROWS }),
  charges: (caseId: string, evidenceId?: string) =>
    key('transaction:list', evidenceId ? { caseId, evidenceId } : { caseId }),
  messages: (caseId: string, evidenceId?: string) =>
    key('message:list', evidenceId ? { caseId, evidenceId } : { caseId }),
  plan: (caseId: string, lang: Locale) => key('plan:get', { caseId, lang }),
  evidence: (id: string) => key('evidence:get', { id }),
  exportDraft: (caseId: string, recipient: Recipient, lang: PacketLang, citeRules: boolean) =>
    key('export:draft', citeRules ? { caseId, recipient, lang, citeRules } : { caseId, recipient, lang }),
  exhibits: (caseId: string, recipient: Recipient) => key('exhibits:get', { caseId, recipient }),
  readiness: (caseId: string, recipient: Recipient, lang: PacketLang) =>
    key('export:ready', { caseId, recipient, lang }),
  chat: (evidenceId: string) => key('chat:read', { evidenceId }),
  chatOffers: (caseId: string) => key('chat:offers', { caseId }),
};

/** What a change touches: the calls whose answers it may alter, invalidated once it succeeds. */
const CHANGES = {
  /** Files filed, opened with their password, mapped, trashed: everything read from the case's items. */
  records: [
    'case:get',
    'timeline:get',
    'transaction:list',
    'message:list',
    'evidence:get',
    'plan:get',
    'agreement:list',
    'search:query',
    'complaint:get',
    'export:ready',
    'export:draft',
    'exhibits:get',
    'ocr:status',
    'chat:read',
    'chat:offers',
  ],
  /** Disputed flags, joined or split payments, rails: the ledger and what is worked out from it. */
  ledger: [
    'case:get',
    'timeline:get',
    'transaction:list',
    'plan:get',
    'complaint:get',
    'export:ready',
    'export:draft',
  ],
  /** The case's own fields (title, status, archived). */
  case: ['case:list', 'case:get', 'plan:get', 'complaint:get', 'export:draft'],
  /** Things that happened (calls, letters, contacts) and agreements: the story and the plan that follows it. */
  events: [
    'case:get',
    'timeline:get',
    'plan:get',
    'complaint:get',
    'export:ready',
    'export:draft',
    'chat:read',
    'chat:offers',
  ],
  /** A chat screenshot filed as the contact with the platform: the contact, and the messages read from it. */
  chat: [
    'case:get',
    'timeline:get',
    'plan:get',
    'complaint:get',
    'export:ready',
    'export:draft',
    'message:list',
    'evidence:get',
    'search:query',
    'chat:read',
    'chat:offers',
  ],
  /** The exhibits chosen for a recipient: the draft's list and what an officer would send back. */
  exhibits: ['export:draft', 'export:ready'],
  /** A message marked as key. */
  messages: ['message:list', 'case:get', 'timeline:get', 'export:draft'],
  /** An item's title, time, notes or tags. */
  evidence: ['evidence:get', 'timeline:get', 'case:get', 'search:query', 'export:draft', 'exhibits:get'],
} as const satisfies Record<string, readonly CallName[]>;

export type Change = keyof typeof CHANGES;

/** The input of a key made by `keys` (or any `[channel, input]` key). */
function inputOf(queryKey: QueryKey): Record<string, unknown> {
  const input = queryKey[1];
  return input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
}

/**
 * Invalidates what a change touches. With `caseId`, case-scoped calls of other cases are left alone (their
 * answers did not change); calls keyed by an item id or by nothing are invalidated whatever the case.
 */
export function invalidate(
  client: QueryClient,
  change: Change,
  caseId?: string,
  /** The answer the change itself returned, already put in the cache: not read again. */
  except?: QueryKey,
): Promise<void> {
  const channels: readonly string[] = CHANGES[change];
  const kept = except ? JSON.stringify(except) : null;
  return client.invalidateQueries({
    predicate: (query) => {
      if (!channels.includes(String(query.queryKey[0]))) return false;
      if (kept && JSON.stringify(query.queryKey) === kept) return false;
      const scoped = inputOf(query.queryKey).caseId;
      return caseId === undefined || typeof scoped !== 'string' || scoped === caseId;
    },
  });
}

/** A hook form of `invalidate`, for event handlers. */
export function useInvalidate(): (change: Change, caseId?: string) => Promise<void> {
  const client = useQueryClient();
  return useCallback((change, caseId) => invalidate(client, change, caseId), [client]);
}

type ErrorListener = (error: unknown) => void;
let errorListener: ErrorListener = () => undefined;

/** Where a failed read or change is shown (the app's toast). */
export function onQueryError(listener: ErrorListener): () => void {
  errorListener = listener;
  return () => {
    if (errorListener === listener) errorListener = () => undefined;
  };
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.meta?.isQuiet !== true) errorListener(error);
      },
    }),
    mutationCache: new MutationCache({ onError: (error) => errorListener(error) }),
    defaultOptions: {
      queries: {
        // The locker is local and only this window changes it: answers stay good until a change says
        // otherwise (background OCR polls on its own), and a failure is shown at once, not retried thrice.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        retry: false,
      },
      mutations: { retry: false },
    },
  });
}

const casesQueryFn = () => api.listCases(true);

export function useCases() {
  return useQuery({ queryKey: keys.cases(), queryFn: casesQueryFn });
}

/** `isWanted` false: not asked for yet (the overview's figures behind another section's first screen). */
export function useCaseOverview(id: string | null, isWanted = true) {
  return useQuery({
    queryKey: keys.case(id ?? ''),
    queryFn: () => api.getCase(id!),
    enabled: id !== null && isWanted,
  });
}

/** More rows than the tallest window shows at once (a row is about 50 px high), plus the list's overscan. */
export const FIRST_TIMELINE_ROWS = 200;

const timelineStartQuery = (caseId: string) => ({
  queryKey: keys.timelineStart(caseId),
  queryFn: () => api.invoke('timeline:get', { caseId, first: FIRST_TIMELINE_ROWS }),
  // Asked for before the locker may be open (see prefetchTimelineStart): a failure here is not the user's news.
  meta: { isQuiet: true },
});

/**
 * The case's timeline. The whole of a large case is megabytes of rows; the first screenful is asked for
 * first (its answer also gives the count and the facets of the whole), painted at once, and the whole is
 * asked for once that has arrived and the window's first screen is drawn. Until then the answer has
 * `rows.length < total`.
 */
export function useTimeline(caseId: string | null) {
  const client = useQueryClient();
  const isDrawn = useFirstScreenDrawn();
  const hasWhole = caseId !== null && client.getQueryData(keys.timeline(caseId)) !== undefined;
  const start = useQuery({
    ...timelineStartQuery(caseId ?? ''),
    enabled: caseId !== null && !hasWhole,
  });
  const whole = useQuery({
    queryKey: keys.timeline(caseId ?? ''),
    queryFn: () => api.getTimeline(caseId!),
    enabled: caseId !== null && (hasWhole || (start.status !== 'pending' && isDrawn)),
  });
  return whole.data ?? start.data;
}

/*
 * Asked for before the first render (main.tsx), rather than one after the other as the window mounts. A locked
 * locker refuses these quietly, and they are asked again once it is open.
 */

/** The app reopens where the user left it: when that is a timeline, its first rows. */
export function prefetchTimelineStart(
  client: QueryClient,
  place: { caseId: string; section: string } | null,
): Promise<void> {
  return place?.section === 'timeline'
    ? client.prefetchQuery(timelineStartQuery(place.caseId))
    : Promise.resolve();
}

/** The plan of the case the window reopens on: the case header's stepper shows its progress. */
export function prefetchPlan(
  client: QueryClient,
  place: { caseId: string } | null,
  lang: Locale,
): Promise<void> {
  if (!place) return Promise.resolve();
  return client.prefetchQuery({
    queryKey: keys.plan(place.caseId, lang),
    queryFn: () => api.getPlan({ caseId: place.caseId, lang }),
    meta: { isQuiet: true },
  });
}

export function prefetchCases(client: QueryClient): Promise<void> {
  return client.prefetchQuery({ queryKey: keys.cases(), queryFn: casesQueryFn, meta: { isQuiet: true } });
}

/** The case's charges, read when the Charges section opens (not with the case). */
export function useCharges(caseId: string | null, evidenceId?: string) {
  return useQuery({
    queryKey: keys.charges(caseId ?? '', evidenceId),
    queryFn: () => api.listTransactions(caseId!, evidenceId),
    enabled: caseId !== null,
  });
}

export function useMessages(caseId: string | null, evidenceId?: string) {
  return useQuery({
    queryKey: keys.messages(caseId ?? '', evidenceId),
    queryFn: () => api.listMessages(caseId!, evidenceId),
    enabled: caseId !== null,
  });
}

export function usePlan(caseId: string, lang: Locale) {
  return useQuery({ queryKey: keys.plan(caseId, lang), queryFn: () => api.getPlan({ caseId, lang }) });
}

/** The packet's cover letter and exhibits in packet order, as the export page shows them before writing. */
export function useExportDraft(caseId: string, recipient: Recipient, lang: PacketLang, citeRules: boolean) {
  return useQuery({
    queryKey: keys.exportDraft(caseId, recipient, lang, citeRules),
    queryFn: () => api.draftExport({ caseId, recipient, lang, ...(citeRules ? { citeRules } : {}) }),
    // While another recipient's letter is asked for, the last one of this case stays on screen (no flash).
    placeholderData: (previous, query) =>
      query && inputOf(query.queryKey).caseId === caseId ? previous : undefined,
  });
}

/** Every item of the case for one recipient, each in or left out, in the user's order. */
export function useExhibitChoices(caseId: string, recipient: Recipient) {
  return useQuery({
    queryKey: keys.exhibits(caseId, recipient),
    queryFn: () => api.exhibitChoices({ caseId, recipient }),
  });
}

/** What an officer would send the packet back for. A failure only hides the list. */
export function useReadiness(caseId: string, recipient: Recipient, lang: PacketLang) {
  return useQuery({
    queryKey: keys.readiness(caseId, recipient, lang),
    queryFn: () => api.exportReadiness({ caseId, recipient, lang }),
    meta: { isQuiet: true },
  });
}

/** A change to the ledger answered with the new charges: kept as the answer, and the rest invalidated. */
export function useChargesChanged(): (next: Charges) => void {
  const client = useQueryClient();
  return useCallback(
    (next: Charges) => {
      client.setQueryData(keys.charges(next.caseId), next);
      void invalidate(client, 'ledger', next.caseId, keys.charges(next.caseId));
    },
    [client],
  );
}
