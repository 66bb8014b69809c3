import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type RefObject } from 'react';
import type { ImportOutcome, ImportSummary } from '../../electron/ipc/contract.ts';
import type { ImportState } from '../components/ImportPanel.tsx';
import { api } from '../lib/api.ts';
import { lockedFilesOf, mergeOpened, type LockedFile } from '../lib/import-results.ts';
import { invalidate } from '../lib/queries.ts';

/**
 * Files into the open case and keeps the batch's one result list: its progress, each file's line, and the
 * files waiting for their password, asked for one at a time. Dismissing the prompt only closes it: the file
 * keeps waiting (on its item, the overview and its line here) until the user enters the password.
 */
export function useImport(
  caseId: string | null,
  /** The page's hidden file input: a browser has no file dialog of main's. */
  fileInput: RefObject<HTMLInputElement | null>,
  onError: (e: unknown) => void,
) {
  const client = useQueryClient();
  const [state, setState] = useState<ImportState | null>(null);
  const [asking, setAsking] = useState<LockedFile[]>([]);

  const finished = useCallback(
    (summary: ImportSummary) => {
      setState({ phase: 'done', files: summary.files });
      setAsking(lockedFilesOf(summary.files));
      void invalidate(client, 'records', summary.caseId);
    },
    [client],
  );

  const run = useCallback(
    async (files: File[]) => {
      if (!caseId || files.length === 0) return;
      setState({ phase: 'running', done: 0, total: files.length });
      try {
        finished(await api.importFiles(caseId, files, (p) => setState({ phase: 'running', ...p })));
      } catch (e) {
        setState({ phase: 'failed', message: (e as Error).message });
      }
    },
    [caseId, finished],
  );

  const start = useCallback(() => {
    if (!caseId) return;
    if (!api.pickFiles) {
      fileInput.current?.click();
      return;
    }
    api.pickFiles(caseId).then((summary) => {
      if (summary) finished(summary);
    }, onError);
  }, [caseId, fileInput, finished, onError]);

  /** Opens the prompt for one file (from its line, its item or the overview's next step). */
  const askPassword = useCallback((file: LockedFile) => {
    setAsking((list) => [file, ...list.filter((f) => f.lockedId !== file.lockedId)]);
  }, []);

  /** The password opened it: its line is updated in place, what came out of it listed under it. */
  const opened = useCallback(
    (file: LockedFile, summary: ImportSummary) => {
      setAsking((list) => list.filter((f) => f.lockedId !== file.lockedId));
      setState((s) => ({
        phase: 'done',
        files: mergeOpened(s?.phase === 'done' ? s.files : [], file.lockedId, summary.files),
      }));
      void invalidate(client, 'records', summary.caseId);
    },
    [client],
  );

  /** "Not now": the prompt closes; the file keeps waiting where the user can see it. */
  const later = useCallback((file: LockedFile) => {
    setAsking((list) => list.filter((f) => f.lockedId !== file.lockedId));
  }, []);

  const dismiss = useCallback(() => setState(null), []);

  return {
    state,
    files: state?.phase === 'done' ? state.files : ([] as ImportOutcome[]),
    asking: asking[0] ?? null,
    run,
    start,
    askPassword,
    opened,
    later,
    dismiss,
  };
}
