import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LockGate } from './components/LockGate.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import { createQueryClient } from './lib/queries.ts';
import './styles.css';

const root = document.getElementById('root');
const queryClient = createQueryClient();
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <LockGate>
          <App />
        </LockGate>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
