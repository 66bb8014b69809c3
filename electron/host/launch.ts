import { coded } from '../messages/say.ts';
import { CallPeer, electronPort, type Answer, type PortLike } from '../ipc/call-port.ts';
import { fail, ok } from '../ipc/envelope.ts';
import type { Keychain } from '../services/crypto/keys.ts';
import type { HostInit } from './locker-host.ts';

/*
 * Main's side of the locker's process (host/entry.ts): start it, hand it its port and how to start, wait until
 * its locker answers (or say why it cannot), report it if it stops later, and close it on quit. Electron's
 * pieces — utilityProcess.fork, MessageChannelMain — come in as parameters, so this runs under plain Node
 * with stand-ins (test/electron/main.test.ts gives it a worker thread for a process).
 */

/** What main needs of Electron's UtilityProcess. */
export type HostProcess = {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
};

type MainPort = Parameters<typeof electronPort>[0];

export type HostLaunch = {
  /** `utilityProcess.fork` on the built entry (dist/electron/host.js). */
  fork: () => HostProcess;
  /** `new MessageChannelMain()`: main keeps port1, the locker's process gets port2. */
  channel: () => { port1: MainPort; port2: unknown };
  /** How the locker starts; `nativeDirs` is where the Electron build of better-sqlite3 is looked for. */
  init: HostInit & { nativeDirs: string[] };
  /** Main's OS keychain: the locker's process asks main to protect and unprotect its key. */
  keychain: Keychain | null;
  /** The process ended after start-up without main asking (a crash): main says so and leaves. */
  onStopped: (code: number | null) => void;
};

export type LockerHost = {
  /** Calls into the locker (declared calls, main's host:* calls), answered with the usual envelopes. */
  call: CallPeer['call'];
  /** Until the process has ended or main has begun to close it. */
  readonly isRunning: boolean;
  /** On quit: the picture being read is finished and saved and the locker closed (resolves when done). */
  drain: () => Promise<void>;
  /** Ends the process (after `drain`, or at once when a quit could not wait). */
  kill: () => void;
};

/** The locker's process ended before its locker was ready (it crashed, or could not even load). */
export class HostExitedError extends Error {
  constructor(readonly code: number | null) {
    super(`the locker's process stopped before it was ready (exit code ${code ?? 'unknown'})`);
    this.name = 'HostExitedError';
  }
}

type Lifecycle = { kind: 'ready' } | { kind: 'failed'; message?: string; error?: TransferredError };
type TransferredError = { name: string; message: string };

/** Starts the locker's process and resolves once its locker answers; rejects with why it cannot start. */
export function launchHost(options: HostLaunch): Promise<LockerHost> {
  const child = options.fork();
  const { port1, port2 } = options.channel();
  let phase: 'starting' | 'running' | 'closing' | 'ended' = 'starting';
  let settle: { resolve: () => void; reject: (error: Error) => void } | null = null;

  // The lifecycle messages (ready, failed) share the port with the calls: taken off before the protocol sees them.
  const base = electronPort(port1);
  const port: PortLike = {
    post: (message) => base.post(message),
    listen: (onMessage, onClose) =>
      base.listen((message) => {
        if (isLifecycle(message)) lifecycle(message);
        else onMessage(message);
      }, onClose),
  };
  const peer = new CallPeer(port, keychainAnswers(options.keychain));

  function lifecycle(message: Lifecycle): void {
    if (phase !== 'starting') return;
    if (message.kind === 'ready') {
      phase = 'running';
      settle?.resolve();
    } else {
      phase = 'ended';
      settle?.reject(startError(message));
      // It has said why; nothing more will come from it.
      child.kill();
    }
  }

  child.on('exit', (code) => {
    const was = phase;
    phase = 'ended';
    peer.closed();
    if (was === 'starting') settle?.reject(new HostExitedError(code));
    // A crash after start-up: every open call has been told, and main is told too (never a silent dead app).
    else if (was === 'running') options.onStopped(code);
  });

  const host: LockerHost = {
    call: (channel, input) => peer.call(channel, input),
    get isRunning() {
      return phase === 'running';
    },
    drain: async () => {
      if (phase !== 'running') return;
      phase = 'closing';
      await peer.call('host:close', {});
    },
    kill: () => {
      if (phase === 'ended') return;
      if (phase !== 'starting') phase = 'closing';
      child.kill();
    },
  };

  return new Promise<LockerHost>((resolve, reject) => {
    settle = { resolve: () => resolve(host), reject };
    // The first message carries the port and how to start; the locker opens in the new process, not here.
    child.postMessage(options.init, [port2]);
  });
}

/** The start-up error as the locker's process saw it: its kind by name (the error box words it by that). */
function startError(message: Extract<Lifecycle, { kind: 'failed' }>): Error {
  const error = new Error(message.error?.message ?? message.message ?? 'the locker could not start');
  if (message.error?.name) error.name = message.error.name;
  return error;
}

function isLifecycle(m: unknown): m is Lifecycle {
  if (typeof m !== 'object' || m === null) return false;
  const kind = (m as { kind?: unknown }).kind;
  return kind === 'ready' || kind === 'failed';
}

/** Main's side of the keychain calls the locker makes (safeStorage exists only in main). */
export function keychainAnswers(keychain: Keychain | null): Answer {
  return async (channel, input) => {
    if (!keychain) return fail('refused', coded('crypto.no-keychain'));
    const bytes = Buffer.from(input as Uint8Array);
    try {
      if (channel === 'keychain:protect') return ok(new Uint8Array(await keychain.protect(bytes)));
      if (channel === 'keychain:unprotect') return ok(new Uint8Array(await keychain.unprotect(bytes)));
    } catch {
      return fail('refused', coded('host.keychain-refused'));
    }
    return fail('not_found', coded('no-such-call'));
  };
}
