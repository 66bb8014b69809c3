import { parentPort as threadParent, workerData } from 'node:worker_threads';
import { CallPeer, electronPort, workerPort, type PortLike } from '../ipc/call-port.ts';
import { electronNativeBinding, useNativeBinding } from '../services/native-binding.ts';
import { transferError } from '../services/threads/errors.ts';
import { startLockerHost, type HostInit } from './locker-host.ts';

/*
 * The locker process's entry. In the app, Electron's utility process: main's first message carries the port
 * to talk on and how to start (HostInit, plus where the Electron build of the database module is). Under plain
 * Node (the tests), a worker thread: the same start from `workerData`, over the thread's own port.
 */

type Start = HostInit & { nativeDirs?: string[]; backgroundOcr?: boolean };

type ElectronParent = {
  once(event: 'message', listener: (event: { data: unknown; ports: ElectronPort[] }) => void): void;
};
type ElectronPort = Parameters<typeof electronPort>[0];

async function serve(port: PortLike, start: Start): Promise<void> {
  // Electron's Node has its own ABI: better-sqlite3's Electron build, shipped beside the app (main.ts too).
  if (start.nativeDirs?.length) useNativeBinding(electronNativeBinding(start.nativeDirs));
  const peer = new CallPeer(port);
  const host = await startLockerHost(peer, start, { backgroundOcr: start.backgroundOcr !== false });
  // Ready: the first call main makes after this is answered by the locker.
  port.post({ kind: 'ready' });
  process.once('exit', () => void host.close());
}

/** Start-up failed: main shows its start-up error box, worded by the error's kind (kept across the boundary). */
function failed(port: PortLike, error: unknown): void {
  const transferred = transferError(error);
  port.post({ kind: 'failed', message: transferred.message, error: transferred });
}

const electronParent = (process as unknown as { parentPort?: ElectronParent }).parentPort;
if (electronParent) {
  electronParent.once('message', ({ data, ports }) => {
    const port = electronPort(ports[0]!);
    serve(port, data as Start).catch((error: unknown) => failed(port, error));
  });
} else if (threadParent) {
  const port = workerPort(threadParent);
  serve(port, workerData as Start).catch((error: unknown) => failed(port, error));
}
