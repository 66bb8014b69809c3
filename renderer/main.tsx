import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LockGate } from './components/LockGate.tsx';
import { I18nProvider, initialLocale } from './i18n/i18n.tsx';
import { api } from './lib/api.ts';
import { readLastPlace } from './hooks/use-route.ts';
import { warmUpIntl } from './lib/time.ts';
import { createQueryClient, prefetchCases, prefetchTimelineStart } from './lib/queries.ts';
import './styles.css';

const root = document.getElementById('root');
const queryClient = createQueryClient();
// Before the first render, all at once: the rows the window reopens on, whether the locker is open (the lock
// screen waits for it) and the cases; mounting asks for each only after the one before it has answered. While
// they are on their way, the page's first Intl object is built (the slow one, see warmUpIntl).
prefetchTimelineStart(queryClient, readLastPlace());
const status = api.lockerStatus();
status.catch(() => undefined); // handled by the lock screen once it mounts
prefetchCases(queryClient);
warmUpIntl(initialLocale());
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <LockGate status={status}>
          <App />
        </LockGate>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
