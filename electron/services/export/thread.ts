import type { Locker } from '../locker.ts';
import { receiveError, type TransferredError } from '../threads/errors.ts';
import { startWorker } from '../threads/worker-entry.ts';
import type { ExportOptions, ExportResult } from './index.ts';

/** What the export thread needs: where the locker is and what opens it, and the packet asked for. */
export type ExportJob = {
  storeDir: string;
  actor: string;
  /** An encrypted locker's master key, handed over in memory (never written): the thread opens it with it. */
  master: Buffer | null;
  caseId: string;
  /** The export time, fixed by the caller's clock. */
  exportedAt: string;
  options: Omit<ExportOptions, 'clock'>;
};

export type ExportReply = { ok: true; value: ExportResult } | { ok: false; error: TransferredError };

/**
 * Writes the packet in a worker thread with its own connection to the locker: laying out thousands of rows and
 * pages in pdfkit is seconds of synchronous work, which on the caller's thread would stall every other request
 * (the bridge's page, the app's window). The result, and any error as its own kind, come back as if the export
 * had run here.
 */
export async function exportInThread(
  locker: Locker,
  caseId: string,
  options: Omit<ExportOptions, 'clock'> & { clock?: () => Date },
): Promise<ExportResult> {
  const { clock, ...rest } = options;
  const job: ExportJob = {
    storeDir: locker.dir,
    actor: locker.actor,
    master: locker.masterKey(),
    caseId,
    exportedAt: (clock ?? locker.clock)().toISOString(),
    options: rest,
  };
  const worker = startWorker(new URL('./thread-main' + extensionOf(import.meta.url), import.meta.url), {
    workerData: job,
  });
  return new Promise<ExportResult>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: ExportReply) => {
      settled = true;
      if (reply.ok) resolve(reply.value);
      else reject(receiveError(reply.error));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the export thread stopped (exit ${code}) before it finished`));
    });
  });
}

function extensionOf(url: string): string {
  return url.endsWith('.ts') ? '.ts' : '.js';
}
