import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { LockerStatus } from '../electron/ipc/contract.ts';
import { App } from './App.tsx';
import { LockGate } from './components/LockGate.tsx';
import { I18nProvider, initialLocale } from './i18n/i18n.tsx';
import { api } from './lib/api.ts';
import { readLastPlace } from './hooks/use-route.ts';
import { warmUpIntl } from './lib/time.ts';
import { createQueryClient, prefetchCases, prefetchPlan, prefetchTimelineStart } from './lib/queries.ts';
import './styles.css';

/** Once the locker's status is known, how long the first render waits at most for the rest of the first screen. */
const FIRST_SCREEN_WAIT_MS = 300;

const root = document.getElementById('root');
const queryClient = createQueryClient();
// Before the first render, all at once: the rows the window reopens on, whether the locker is open (the lock
// screen waits for it), the cases and the reopened case's plan (its header's stepper); mounting asks for each
// only after the one before it has answered. While they are on their way, the page's first Intl object is
// built (the slow one, see warmUpIntl), unless boot.js already did.
const place = readLastPlace();
const locale = initialLocale();
const rows = prefetchTimelineStart(queryClient, place);
const plan = prefetchPlan(queryClient, place, locale);
const status = api.lockerStatus();
let known: LockerStatus | undefined;
status.then(
  (s) => (known = s),
  () => undefined, // shown by the lock screen once it mounts
);
const cases = prefetchCases(queryClient);
warmUpIntl(locale);
if (!root) throw new Error('index.html has no #root');

// The first render waits for what the first screen shows (boot.js asked for it before this script loaded, so
// it is usually here by now). Rendered before, the window would go through an empty lock gate and a page
// saying "Loading…" before the rows, and the stepper would push them down when the plan came: a render and a
// frame each. Nothing is shown before the status anyway, and a slow answer for the rest holds the window back
// only a moment.
const statusSettled = status.then(
  () => undefined,
  () => undefined,
);
void Promise.race([
  Promise.allSettled([status, cases, rows, plan]),
  statusSettled.then(() => new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS))),
]).then(() => {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <QueryClientProvider client={queryClient}>
          <LockGate status={status} known={known}>
            <App />
          </LockGate>
        </QueryClientProvider>
      </I18nProvider>
    </StrictMode>,
  );
});
