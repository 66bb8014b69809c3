import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { portMain } from './utility-process.ts';

/*
 * Inside a stand-in utility process (a worker thread, see utility-process.ts): Electron's `process.parentPort`,
 * whose first message carries main's data and the transferred MessagePortMain, then the real locker entry.
 */

const start = workerData as { entry: string; electron: string | null; exitBeforeStart: number | null };

// A process that cannot even load its entry (a broken install): it ends before saying anything.
if (start.exitBeforeStart !== null) process.exit(start.exitBeforeStart);

if (start.electron) (process.versions as Record<string, string>).electron = start.electron;

type Received = { data: unknown; ports: MessagePort[] };
(process as unknown as { parentPort: unknown }).parentPort = {
  once(event: 'message', listener: (event: { data: unknown; ports: unknown[] }) => void) {
    parentPort!.once(event, ({ data, ports }: Received) => listener({ data, ports: ports.map(portMain) }));
  },
};

await import(start.entry);
