import { coded } from '../messages/say.ts';
import { buffer } from 'node:stream/consumers';
import { backupJobsOf } from '../ipc/backups.ts';
import type { Answer, CallPeer } from '../ipc/call-port.ts';
import type { Result } from '../ipc/contract.ts';
import { CALL_CHANNEL, ELECTRON_CHANNELS, type ElectronChannel } from '../ipc/channels.ts';
import { answerCall, dispatch, errorResult, fail, isCallName, ok, parseInput } from '../ipc/dispatch.ts';
import { findEvidenceFile } from '../ipc/files.ts';
import { LockerGate } from '../ipc/gate.ts';
import { BackgroundOcr } from '../ipc/ocr-background.ts';
import { UploadStaging } from '../ipc/uploads.ts';
import { parseEvidenceRequest } from '../security.ts';
import { runExport } from '../services/calls/export.ts';
import { importPaths } from '../services/calls/imports.ts';
import type { CallContext } from '../services/calls/index.ts';
import type { Keychain } from '../services/crypto/keys.ts';
import { NotFoundError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import { safeLog } from '../services/log.ts';

/*
 * The locker's side of the process boundary: everything that reads or writes the locker — its handlers, the
 * uploads, background OCR, exports, backups — answering calls that arrive over a port. In the app it runs in
 * a utility process of its own (host/entry.ts), so no query, import, OCR or packet ever holds the window's
 * main process; main keeps the windows, dialogs, protocols and sender checks, and forwards. Plain Node: the
 * tests run it in a worker thread over the same protocol.
 */

export type HostInit = {
  storeDir: string;
  actor?: string;
  /** Main's OS keychain (safeStorage lives only there): its kind, and whether calls may be made to it. */
  keychain: { backend: string; secure: boolean } | null;
};

/**
 * Calls only main makes, after its own dialogs: the renderer can never name these (see register-remote.ts),
 * because main forwards the page's calls wrapped in `locker:call`, which answers declared calls only.
 */
export const HOST_CALLS = [
  'host:parse',
  'host:close',
  'host:import-paths',
  'host:export-to',
  'host:backup-to',
  'host:restore',
  'host:restored-dir',
  'host:file',
] as const;

type Live = { ctx: CallContext; staging: UploadStaging; ocr: BackgroundOcr; answer: Answer };

/** Opens the locker (or waits, locked, for its passphrase) and answers every call for it over `peer`. */
export async function startLockerHost(
  peer: CallPeer,
  init: HostInit,
  options: { log?: (error: unknown) => void; backgroundOcr?: boolean } = {},
): Promise<{ close: () => Promise<void> }> {
  const log = options.log ?? ((error: unknown) => safeLog(error));
  // The key is kept by main's keychain: protecting and unprotecting it are calls back to main.
  const keychain: Keychain | null = init.keychain
    ? {
        ...init.keychain,
        protect: async (secret) => bytesOf(await peer.call('keychain:protect', secret)),
        unprotect: async (blob) => bytesOf(await peer.call('keychain:unprotect', blob)),
      }
    : null;
  const gate = await LockerGate.open(init.storeDir, { actor: init.actor ?? 'app', keychain });
  let live: Live | null = null;
  gate.whenOpen((locker) => {
    const staging = new UploadStaging(locker);
    const ocr = new BackgroundOcr(locker, { log });
    if (options.backgroundOcr !== false) ocr.kick();
    live = {
      ctx: { locker, ocr },
      staging,
      ocr,
      answer: lockerAnswers(locker, staging, log),
    };
  });
  gate.onClose(async () => {
    const current = live;
    live = null;
    await current?.ocr.stop();
    await current?.staging.close();
  });

  const close = async () => {
    const current = live;
    await current?.ocr.stop();
    await current?.staging.close();
    gate.close();
    live = null;
  };

  peer.serve(async (channel, input) => {
    // A call from the page, forwarded by main as it came: only a declared call's name gets an answer, so the
    // page reaches none of main's own calls (paths, export destinations) through its one channel.
    if (channel === CALL_CHANNEL) {
      const { name, input: raw } = (input ?? {}) as { name?: unknown; input?: unknown };
      if (!isCallName(name)) return fail('refused', coded('no-such-call'));
      channel = name;
      input = raw;
    }
    // Every declared call, as IPC and the bridge answer it (the gate's own while the locker is shut).
    if (isCallName(channel)) {
      const result = await answerCall(channel, input, { ctx: live?.ctx ?? null, gate, log });
      // A bill unlocked with its password may hold pictures to read, as any import.
      if (channel.startsWith('import:')) live?.ocr.kick();
      return result;
    }
    // On quit: the picture being read is finished and saved, then the locker closes; main kills the process.
    if (channel === 'host:close') return close().then(() => ok(null));
    if (!live) return fail('locked', coded('crypto.locked-bridge'));
    // Main's routes are checked here, where their schemas live, before main shows a dialog for one.
    if (channel === 'host:parse') {
      const { route, input: raw } = (input ?? {}) as { route?: unknown; input?: unknown };
      if (!isElectronChannel(route)) return fail('not_found', coded('no-such-call'));
      const parsed = parseInput(route, raw);
      return parsed.ok ? ok(parsed.value) : { ok: false, error: parsed.error };
    }
    const result = await live.answer(channel, input);
    // New images wait in the OCR queue: the background reader picks them up, never holding up the import.
    if (channel.startsWith('import:') || channel === 'host:import-paths') live.ocr.kick();
    return result;
  });

  return { close };
}

function isElectronChannel(name: unknown): name is ElectronChannel {
  return typeof name === 'string' && (ELECTRON_CHANNELS as readonly string[]).includes(name);
}

/** What an open locker answers beyond the declared calls: pasted bytes, and main's own calls after its dialogs. */
function lockerAnswers(locker: Locker, staging: UploadStaging, log: (error: unknown) => void): Answer {
  const run = async <T>(fn: () => Promise<T>): Promise<Result<T>> => {
    try {
      return ok(await fn());
    } catch (error) {
      return errorResult(error, log);
    }
  };
  return async (channel, input) => {
    if (channel === 'import:bytes') {
      return dispatch(
        'import:bytes',
        input,
        ({ caseId, files }) => staging.fileBytes(caseId, files, 'paste'),
        log,
      );
    }
    const args = (input ?? {}) as Record<string, unknown>;
    switch (channel) {
      case 'host:import-paths': {
        const { caseId, paths, method } = args as { caseId: string; paths: string[]; method: string };
        return run(() => importPaths(locker, caseId, paths, method));
      }
      case 'host:export-to': {
        const { out, ...rest } = args as { out: string } & Record<string, unknown>;
        return dispatch('export:save', rest, (i) => runExport(locker, i, out), log);
      }
      case 'host:backup-to': {
        const jobs = backupJobsOf(locker);
        return run(() => Promise.resolve(jobs.status(jobs.start(String(args.out)))));
      }
      case 'host:restore': {
        const jobs = backupJobsOf(locker);
        return run(() => Promise.resolve(jobs.status(jobs.restore(String(args.file), String(args.folder)))));
      }
      case 'host:restored-dir':
        return run(() => {
          const dir = backupJobsOf(locker).restoredDir(String(args.jobId));
          if (!dir) throw new NotFoundError('restored-locker', String(args.jobId));
          return Promise.resolve(dir);
        });
      case 'host:file': {
        const { variant, id, rest } = args as { variant: string; id: string; rest?: string[] };
        const request = parseEvidenceRequest(variant, id, rest ?? []);
        return run(async () => {
          const found = request ? await findEvidenceFile(locker, request) : null;
          if (!found) return null;
          return { contentType: found.contentType, bytes: new Uint8Array(await buffer(found.open())) };
        });
      }
      default:
        return fail('not_found', coded('no-such-call'));
    }
  };
}

function bytesOf(result: Result<unknown>): Buffer {
  if (!result.ok) throw new Error(result.error.message);
  return Buffer.from(result.value as Uint8Array);
}
