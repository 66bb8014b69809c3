import { coded } from '../messages/say.ts';
import type { Result } from './contract.ts';
import { fail } from './envelope.ts';

/*
 * One message protocol between two processes or threads that each hold one end of a port: either side calls
 * `call(channel, input)` and gets the other side's `Result` envelope back. It carries whatever calls exist —
 * the locker's channels, the host's own — without knowing them: Electron's main talks to the locker's utility
 * process this way over a MessagePortMain, and the tests run the very same protocol over a worker thread.
 */

type CallMessage = { kind: 'call'; id: number; channel: string; input: unknown };
type ReplyMessage = { kind: 'reply'; id: number; result: Result<unknown> };

/** The two things a port must do, whichever kind it is (worker_threads, Electron's MessagePortMain, a child). */
export type PortLike = {
  post(message: unknown): void;
  /** Registers the one listener for messages (already unwrapped from any event) and for the port's end. */
  listen(onMessage: (message: unknown) => void, onClose: () => void): void;
};

export type Answer = (channel: string, input: unknown) => Promise<Result<unknown>>;

/** Both ends of the protocol: answers the other side's calls with `answer`, and makes calls of its own. */
export class CallPeer {
  private next = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private isClosed = false;

  constructor(
    private readonly port: PortLike,
    private answer: Answer = () => Promise.resolve(fail('not_found', coded('no-such-call'))),
  ) {
    port.listen(
      (message) => void this.receive(message),
      () => this.closed(),
    );
  }

  /** Answers calls from now on (a host becomes ready after its locker opens). */
  serve(answer: Answer): void {
    this.answer = answer;
  }

  /** The other side's answer; a side that stops first answers every open call with `internal`. */
  call(channel: string, input: unknown): Promise<Result<unknown>> {
    if (this.isClosed) return Promise.resolve(stopped());
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.post({ kind: 'call', id, channel, input } satisfies CallMessage);
    });
  }

  private async receive(message: unknown): Promise<void> {
    if (!isMessage(message)) return;
    if (message.kind === 'reply') {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.result);
      return;
    }
    let result: Result<unknown>;
    try {
      result = await this.answer(message.channel, message.input);
    } catch {
      // Answers are envelopes already; a throw here is a fault of the host, never words for the page.
      result = fail('internal', coded('internal'));
    }
    if (!this.isClosed) this.port.post({ kind: 'reply', id: message.id, result } satisfies ReplyMessage);
  }

  /** The other side is gone (its process ended): every open call, and every call after, is told so. */
  closed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const resolve of this.pending.values()) resolve(stopped());
    this.pending.clear();
  }
}

function stopped(): Result<never> {
  return fail('internal', coded('host.stopped'));
}

function isMessage(m: unknown): m is CallMessage | ReplyMessage {
  if (typeof m !== 'object' || m === null) return false;
  const { kind, id } = m as { kind?: unknown; id?: unknown };
  return (kind === 'call' || kind === 'reply') && typeof id === 'number';
}

/** A worker_threads port (a MessagePort, `parentPort`, or a Worker seen from its parent). */
export function workerPort(port: {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'close' | 'exit', listener: () => void): unknown;
}): PortLike {
  return {
    post: (message) => port.postMessage(message),
    listen(onMessage, onClose) {
      port.on('message', onMessage);
      port.on('close', onClose);
      // A Worker ends with `exit`, a port with `close`.
      if ('terminate' in port) port.on('exit', onClose);
    },
  };
}

/** Electron's MessagePortMain (and a utility process's `parentPort`): messages arrive as `{ data }` events. */
export function electronPort(port: {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start?(): void;
}): PortLike {
  return {
    post: (message) => port.postMessage(message),
    listen(onMessage, onClose) {
      port.on('message', (event) => onMessage(event.data));
      port.on('close', onClose);
      port.start?.();
    },
  };
}
