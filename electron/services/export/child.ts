import { fork } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Locker } from '../locker.ts';
import { receiveError, type TransferredError } from '../threads/errors.ts';
import type { ExportOptions, ExportResult } from './index.ts';

/** What the export process needs: where the locker is and what opens it, and the packet asked for. */
export type ExportJob = {
  storeDir: string;
  actor: string;
  /** An encrypted locker's master key, handed over in memory over the IPC channel (never written). */
  master: Buffer | null;
  caseId: string;
  /** The export time, fixed by the caller's clock. */
  exportedAt: string;
  options: Omit<ExportOptions, 'clock'>;
};

/** What the export process used: its own peak resident memory (bytes), CPU time (ms) and nice value. */
export type ExportUsage = { peakRss: number; cpuMs: number; priority: number };

export type ExportReply = ({ ok: true; value: ExportResult } | { ok: false; error: TransferredError }) & {
  usage: ExportUsage;
};

/**
 * The C allocator of the export process. sharp's libvips and zlib allocate and free image-sized blocks from
 * several threads; glibc's malloc gives each thread an arena of its own and keeps what was freed in them, so
 * a default process grew to 430–470 MB for a packet whose live data is about 200 MB (heaptrack: 215 MB of
 * malloc at the peak). One arena and two threads for the pool keep it near 300 MB, flat from 50 to 200
 * exhibits, for the same CPU time (a fixed mmap threshold took another 20–40 MB off at 20 % more CPU, so is
 * not set). Other C libraries ignore these; a value the user set wins.
 */
const ALLOCATOR_ENV = {
  MALLOC_ARENA_MAX: '1',
  UV_THREADPOOL_SIZE: '2',
};

/** The export process's nice value (see exportInChild). */
const EXPORT_PRIORITY = 5;

/**
 * Writes the packet in a process of its own with its own connection to the locker: laying out thousands of
 * rows and pages in pdfkit is seconds of synchronous work and hundreds of megabytes of images passing through
 * sharp. In a process apart none of it runs, collects garbage or allocates on the caller's threads (the
 * bridge's page, the app's window); it runs below normal priority, so where the CPU is short the caller
 * answers first; its allocator is tuned for the job (see ALLOCATOR_ENV) and its memory goes back whole when it
 * ends. The result, and any error as its own kind, come back as if the export had run here.
 */
export async function exportInChild(
  locker: Locker,
  caseId: string,
  options: Omit<ExportOptions, 'clock'> & { clock?: () => Date },
  extra: {
    /** Told what the export process used, once it is done (the benchmarks report it). */
    onUsage?: (usage: ExportUsage) => void;
    /** The process's entry, when not the one beside this module (the benchmarks run the built one). */
    entry?: URL;
  } = {},
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
  const entry = extra.entry ?? new URL('./child-main' + extensionOf(import.meta.url), import.meta.url);
  // From the TypeScript sources (the tests, `npm start` without a build) the process loads tsx first.
  const fromSources = entry.pathname.endsWith('.ts');
  const child = fork(fileURLToPath(entry), [], {
    execArgv: fromSources ? ['--import', import.meta.resolve('tsx')] : [],
    env: {
      ...ALLOCATOR_ENV,
      ...process.env,
      // Under Electron the process is its own binary run as plain Node.
      ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
    },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Below normal priority, set as it starts (the threads it makes inherit it): where the CPU is short, the
  // caller's thread answering the user goes first and the packet takes a little longer. Nice 5 (Windows:
  // below normal): at 10 it starved behind other normal-priority work on a loaded machine.
  if (child.pid !== undefined) {
    try {
      // Never above this process's own (a caller already running below normal keeps its child there too).
      setPriority(child.pid, Math.max(getPriority(), EXPORT_PRIORITY));
    } catch {
      // Not allowed here (some sandboxes): the export runs at normal priority.
    }
  }
  return new Promise<ExportResult>((resolve, reject) => {
    let settled = false;
    child.once('message', (reply: ExportReply) => {
      settled = true;
      extra.onUsage?.(reply.usage);
      if (reply.ok) resolve(reply.value);
      else reject(receiveError(reply.error));
    });
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    child.once('exit', (code, signal) => {
      if (!settled) {
        settled = true;
        reject(new Error(`the export process stopped (${signal ?? `exit ${code}`}) before it finished`));
      }
    });
    child.send(job);
  });
}

function extensionOf(url: string): string {
  return url.endsWith('.ts') ? '.ts' : '.js';
}
