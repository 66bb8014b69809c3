import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Locker } from '../services/locker.ts';
import type { LockerGate } from '../ipc/gate.ts';
import { isCallName, type CallContext, type CallName } from '../services/calls/index.ts';
import { BRIDGE_CHANNELS, type BridgeChannel } from '../ipc/channels.ts';
import type { Result } from '../ipc/contract.ts';
import { backupFileName, backupJobsOf } from '../ipc/backups.ts';
import { findEvidenceFile } from '../ipc/files.ts';
import { safeLog } from '../services/log.ts';
import { coded } from '../messages/say.ts';
import { answerCall, dispatch, errorResult, fail } from '../ipc/dispatch.ts';
import { BackgroundOcr } from '../ipc/ocr-background.ts';
import { UploadStaging } from '../ipc/uploads.ts';
import { attachmentHeader, ExportDownloads } from './exports.ts';
import {
  contentSecurityPolicy,
  isAllowedHost,
  parseEvidenceRequest,
  resolveInside,
  staticCacheControl,
  staticContentType,
  tokensMatch,
} from '../security.ts';

/*
 * The loopback bridge: the same renderer and the same API as the Electron app, over HTTP on 127.0.0.1, for
 * machines with no Electron binary (this one) and for the end-to-end tests in Chromium. Every API and file
 * request carries the per-run token; every declared call is answered by name (`/api/NAME`), or several in one
 * request (`/batch`), through the same parse and the same functions as IPC; uploads and downloads keep routes
 * of their own.
 */

export type BridgeOptions = {
  /** The open locker; or `gate` for one that may still be locked (encrypted, waiting for its passphrase). */
  locker?: Locker;
  gate?: LockerGate;
  /** The built renderer (vite's outDir). */
  rendererDir: string;
  /** Defaults to a fresh random one per run. */
  token?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  log?: (error: unknown) => void;
  /** Read new screenshots in the background, as the app does (default true). */
  backgroundOcr?: boolean;
};

export type Bridge = {
  port: number;
  origin: string;
  token: string;
  /** The address to open: the UI with the token it needs. */
  url: string;
  close: () => Promise<void>;
};

type Live = {
  locker: Locker;
  staging: UploadStaging;
  ocr: BackgroundOcr | undefined;
  /** What every declared call runs against. */
  ctx: CallContext;
  downloads: ExportDownloads;
};

const MAX_JSON_BYTES = 1024 * 1024;
const TOKEN_HEADER = 'x-locker-token';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const log = options.log ?? ((error: unknown) => safeLog(error));
  let port = 0;
  /** Everything that needs the open locker; null while an encrypted locker waits for its passphrase. */
  let live = null as Live | null;
  const activate = (locker: Locker) => {
    // The same staging keeps uploaded archives that need a password until the prompt is answered.
    const staging = new UploadStaging(locker);
    // The same background OCR reader as Electron's main: started now, after each import, stopped on close.
    const ocr = options.backgroundOcr === false ? undefined : new BackgroundOcr(locker, { log });
    live = {
      locker,
      staging,
      ocr,
      ctx: { locker, ocr },
      downloads: new ExportDownloads(locker),
    };
    // What a killed run left in `exports/` goes now, not only at the next export.
    void live.downloads.sweep().catch(log);
    if (port) ocr?.kick();
  };
  const gate = options.gate;
  if (options.locker) activate(options.locker);
  else if (gate) {
    gate.whenOpen(activate);
    gate.onClose(async () => {
      const current = live;
      live = null;
      await current?.ocr?.stop();
      await current?.staging.close();
      await current?.downloads.close();
    });
  } else throw new Error('startBridge needs a locker or a gate');
  const opened = () => {
    if (!live) throw new HttpError(423, 'The locker is locked');
    return live;
  };
  const rendererDir = path.resolve(options.rendererDir);
  const csp = contentSecurityPolicy();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        sendText(res, error.status, error.message);
      } else {
        log(error);
        sendText(res, 500, 'Internal error');
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    // DNS rebinding: only requests addressed to this exact loopback host and port are answered.
    if (!isAllowedHost(req.headers.host, port)) throw new HttpError(403, 'Forbidden host');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const route = url.pathname;

    if (
      route.startsWith('/api/') ||
      route === '/batch' ||
      route.startsWith('/upload/') ||
      route.startsWith('/files/')
    ) {
      res.setHeader('Cache-Control', 'no-store');
      const given = req.headers[TOKEN_HEADER] ?? url.searchParams.get('token');
      if (!tokensMatch(given, token)) throw new HttpError(403, 'Forbidden');
      // A cross-origin page that somehow held the token still cannot post from its own origin.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://127.0.0.1:${port}`)
        throw new HttpError(403, 'Forbidden');
      if (route.startsWith('/api/')) return api(req, res, route.slice('/api/'.length));
      if (route === '/batch') return batch(req, res);
      if (route.startsWith('/upload/')) return upload(req, res, route.slice('/upload/'.length));
      return evidenceFile(req, res, route.slice('/files/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
    return staticFile(res, route === '/' ? '/index.html' : route);
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    requireJsonPost(req);
    const isCall = isCallName(channel);
    const isBridge = (BRIDGE_CHANNELS as readonly string[]).includes(channel);
    if (!isCall && !isBridge) throw new HttpError(404, 'No such channel');
    const read = await readJson(req, res);
    if (!read) return;
    const { body } = read;
    let result: Result<unknown>;
    if (isCall) result = await answerCall(channel, body, { ctx: live?.ctx ?? null, gate, log });
    else if (!live) result = fail('locked', coded('crypto.locked-bridge'));
    else result = await callBridge(channel as BridgeChannel, body);
    sendJson(res, 200, result);
    if (channel.startsWith('import:')) live?.ocr?.kick();
  }

  /**
   * Several declared calls in one request, answered in order, each as `/api/NAME` answers it: the first
   * screen's questions (public/boot.js) in one round trip instead of four. Only declared calls: uploads and
   * downloads keep their own routes.
   */
  async function batch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requireJsonPost(req);
    const read = await readJson(req, res);
    if (!read) return;
    const asked = batchOf(read.body);
    if (!asked) throw new HttpError(400, `Send a list of 1 to ${MAX_BATCH} calls, each {"name", "input"}`);
    const results: Result<unknown>[] = [];
    for (const { name, input } of asked) {
      results.push(await answerCall(name, input, { ctx: live?.ctx ?? null, gate, log }));
    }
    sendJson(res, 200, results);
  }

  async function callBridge(channel: BridgeChannel, body: unknown): Promise<Result<unknown>> {
    const { staging, downloads } = opened();
    if (channel === 'import:begin') {
      return dispatch('import:begin', body, (input) => staging.begin(input.caseId), log);
    }
    if (channel === 'export:run') return dispatch('export:run', body, (input) => downloads.run(input), log);
    if (channel === 'backup:run') {
      return dispatch(
        'backup:run',
        body,
        async () => {
          // Written into the run's download folder, then handed to the browser as a download by id.
          const jobs = backupJobsOf(opened().locker);
          const out = path.join(await downloads.folder(), backupFileName(new Date()));
          return jobs.status(jobs.start(out, (file) => downloads.track(file)));
        },
        log,
      );
    }
    return dispatch('import:commit', body, (input) => staging.commit(input.batchId, 'upload'), log);
  }

  async function upload(req: IncomingMessage, res: ServerResponse, batchId: string): Promise<void> {
    if (req.method !== 'PUT') throw new HttpError(405, 'Method not allowed');
    if (!/^[0-9a-f]{32}$/.test(batchId)) throw new HttpError(404, 'No such upload');
    let name: string;
    try {
      name = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
    } catch {
      name = '';
    }
    const modified = Number(req.headers['x-file-modified']);
    try {
      await opened().staging.receive(batchId, name, Number.isFinite(modified) ? modified : null, req);
      sendJson(res, 200, { ok: true, value: null });
    } catch (error) {
      sendJson(res, 200, errorResult(error, log));
    }
  }

  async function evidenceFile(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
    const [variant = '', id = '', ...extra] = rest.split('/');
    if (variant === 'export' && !extra.length) return exportFile(req, res, id);
    const request = parseEvidenceRequest(variant, id, extra);
    const found = request && live ? await findEvidenceFile(live.locker, request) : null;
    if (!found) throw new HttpError(404, 'Not found');
    res.writeHead(200, {
      'Content-Type': found.contentType,
      'Content-Length': String(found.size),
      // Even if a browser were to render it as a document, it could run nothing.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
    });
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve, reject) => {
      const stream = found.open();
      stream.on('error', reject);
      res.on('close', resolve);
      stream.pipe(res);
    });
  }

  /** A written packet, by its download id only, always as an attachment (never shown in the page). */
  async function exportFile(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const found = await opened().downloads.find(id);
    if (!found) throw new HttpError(404, 'Not found');
    res.writeHead(200, {
      'Content-Type': found.contentType,
      'Content-Length': String(found.size),
      'Content-Disposition': attachmentHeader(found.name),
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve, reject) => {
      // Streamed, and decrypted on the way out when the packet waits sealed (an encrypted locker).
      const stream = found.open();
      stream.on('error', reject);
      res.on('close', resolve);
      stream.pipe(res);
    });
  }

  async function staticFile(res: ServerResponse, route: string): Promise<void> {
    const file = resolveInside(rendererDir, route);
    const type = file ? staticContentType(file) : null;
    if (!file || !type) throw new HttpError(404, 'Not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new HttpError(404, 'Not found');
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Length': String(info.size),
      'Cache-Control': staticCacheControl(route),
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
    res.writeHead(200, headers);
    res.end(await readFile(file));
  }

  // Loopback only: nothing on the network can reach the locker.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  live?.ocr?.kick();
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    close: async () => {
      const current = live as {
        ocr?: BackgroundOcr;
        staging: UploadStaging;
        downloads: ExportDownloads;
      } | null;
      await current?.ocr?.stop();
      await current?.staging.close();
      await current?.downloads.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The most calls one `/batch` request may carry (the first screen asks four). */
const MAX_BATCH = 8;

/** A batch's calls, or null when the body is not a short list of declared calls. */
function batchOf(body: unknown): { name: CallName; input: unknown }[] | null {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH) return null;
  const asked: { name: CallName; input: unknown }[] = [];
  for (const item of body as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { name, input } = item as { name?: unknown; input?: unknown };
    if (typeof name !== 'string' || !isCallName(name)) return null;
    asked.push({ name, input });
  }
  return asked;
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** The API's requests are JSON posts: anything else is refused before its body is read. */
function requireJsonPost(req: IncomingMessage): void {
  if (req.method !== 'POST') throw new HttpError(405, 'Method not allowed');
  if (!/^application\/json(;|$)/.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send JSON');
  }
}

/** A request's JSON body; null once a body that is not JSON has been answered (400, coded). */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | null> {
  try {
    return { body: JSON.parse((await readBody(req, MAX_JSON_BYTES)).toString('utf8')) as unknown };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    sendJson(res, 400, fail('bad_input', coded('bad-request-json')));
    return null;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'Request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
