import { useSyncExternalStore } from 'react';
import type * as Virtuoso from 'react-virtuoso';

/*
 * The virtual lists' code (react-virtuoso, about 60 kB) is not among the window's first scripts: parsing it
 * would hold up the first screen on two busy cores, and a first screen draws its first rows without it
 * (TimelineView's FirstRows). It is asked for once the first screen is drawn (App), or when a list mounts
 * before that; a list takes the first rows' place once it is here. Asked for with the app's script instead,
 * its parsing still competed with the first render (paired loads: +7 ms). The sections that always need a
 * list (charges, messages) import it with their own code.
 */

type Lists = typeof Virtuoso;

let lists: Lists | undefined;
let loading: Promise<Lists> | undefined;
const listeners = new Set<() => void>();

/** Starts loading the lists' code (once; again after a failed load). */
export function loadVirtualLists(): Promise<Lists> {
  loading ??= import('react-virtuoso').then(
    (loaded) => {
      lists = loaded;
      for (const listener of listeners) listener();
      return loaded;
    },
    (error: unknown) => {
      // The app's own file could not be read: the first rows stay, and the next list to mount asks again.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!lists) loadVirtualLists().catch((error: unknown) => console.error('The list could not load', error));
  return () => listeners.delete(listener);
}

/** react-virtuoso once it has loaded; undefined until then (the caller draws its first rows without it). */
export function useVirtualLists(): Lists | undefined {
  return useSyncExternalStore(subscribe, () => lists);
}
