import type { Worker } from 'node:worker_threads';
import { CallPeer, workerPort } from '../ipc/call-port.ts';
import type { Keychain } from '../services/crypto/keys.ts';
import { startWorker } from '../services/threads/worker-entry.ts';
import { keychainAnswers } from './launch.ts';
import type { HostInit } from './locker-host.ts';

export type LockerThread = { peer: CallPeer; worker: Worker; stop: () => Promise<void> };

/**
 * The locker host (host/entry.ts) in a worker thread of this process, spoken to over the protocol Electron's
 * main uses with the utility process: the same calls, the same envelopes, the same keychain calls back.
 */
export async function startLockerThread(
  init: HostInit & { backgroundOcr?: boolean },
  keychain: Keychain | null = null,
): Promise<LockerThread> {
  const worker = startWorker(
    new URL('./entry' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url),
    {
      workerData: {
        ...init,
        keychain: keychain ? { backend: keychain.backend, secure: keychain.secure } : null,
      },
    },
  );
  const peer = new CallPeer(workerPort(worker), keychainAnswers(keychain));
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: { kind?: string; message?: string }) => {
      if (m.kind === 'ready') resolve();
      else if (m.kind === 'failed') reject(new Error(m.message));
      else return;
      worker.off('message', onMessage);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  return {
    peer,
    worker,
    stop: async () => {
      await worker.terminate();
    },
  };
}
