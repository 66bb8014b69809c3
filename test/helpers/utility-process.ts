import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '../../electron/services/threads/worker-entry.ts';

/*
 * Stand-ins for Electron's `utilityProcess` and `MessageChannelMain`, for running main.ts under plain Node. A
 * "utility process" is a worker thread that runs the real locker entry (electron/host/entry.ts) behind an
 * Electron-like `process.parentPort` (utility-process-shim.ts): the same first message with the port, the same
 * `{ data }` events, the same `exit` when it ends. What runs in it is the real locker.
 */

const RAW = Symbol('raw port');

/** A MessagePortMain over a worker_threads MessagePort: messages arrive as `{ data }` events. */
export type FakePortMain = {
  postMessage(message: unknown): void;
  on(event: string, listener: (...args: never[]) => void): FakePortMain;
  start(): void;
  close(): void;
  [RAW]: MessagePort;
};

export function portMain(port: MessagePort): FakePortMain {
  const wrapped: FakePortMain = {
    postMessage: (message) => port.postMessage(message),
    on(event, listener) {
      const fn = listener as (...args: unknown[]) => void;
      if (event === 'message') port.on('message', (data: unknown) => fn({ data }));
      else port.on(event, fn);
      return wrapped;
    },
    start: () => port.start(),
    close: () => port.close(),
    [RAW]: port,
  };
  return wrapped;
}

export class FakeMessageChannelMain {
  readonly port1: FakePortMain;
  readonly port2: FakePortMain;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = portMain(port1);
    this.port2 = portMain(port2);
  }
}

/** How the next fork behaves: run the entry, or end (with this exit code) before it is even loaded. */
export const forkPlan: { exitBeforeStart: number | null } = { exitBeforeStart: null };

export class FakeUtilityProcess extends EventEmitter {
  static made: FakeUtilityProcess[] = [];
  readonly worker: Worker;
  exitCode: number | null = null;

  constructor(
    readonly modulePath: string,
    readonly options: unknown,
  ) {
    super();
    FakeUtilityProcess.made.push(this);
    this.worker = startWorker(new URL('./utility-process-shim.ts', import.meta.url), {
      workerData: {
        entry: new URL('../../electron/host/entry.ts', import.meta.url).href,
        // A utility process runs under Electron: its Node reports Electron's version, as this test's does.
        electron: process.versions.electron ?? null,
        exitBeforeStart: forkPlan.exitBeforeStart,
      },
    });
    // An uncaught error ends the "process" (its exit follows), as it would end a utility process.
    this.worker.on('error', () => undefined);
    this.worker.on('exit', (code) => {
      this.exitCode = code;
      this.emit('exit', code);
    });
  }

  postMessage(message: unknown, transfer: FakePortMain[] = []): void {
    const ports = transfer.map((p) => p[RAW]);
    this.worker.postMessage({ data: message, ports }, ports);
  }

  kill(): boolean {
    void this.worker.terminate();
    return true;
  }

  /** The process dies on its own (a crash), not asked to by main. */
  crash(): Promise<number> {
    return this.worker.terminate();
  }

  get hasExited(): boolean {
    return this.exitCode !== null;
  }
}

export const fakeUtilityProcess = {
  fork: (modulePath: string, _args?: string[], options?: unknown) =>
    new FakeUtilityProcess(modulePath, options),
};
