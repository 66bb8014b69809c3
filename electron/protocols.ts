import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import type { Locker } from './services/locker.ts';
import { findEvidenceFile } from './ipc/files.ts';
import {
  APP_HOST,
  APP_SCHEME,
  contentSecurityPolicy,
  EVIDENCE_SCHEME,
  parseEvidenceUrl,
  resolveInside,
  staticContentType,
} from './security.ts';

/** Must run before `app` is ready. `standard` + `secure` give app:// a real origin and secure-context APIs. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: EVIDENCE_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

const CSP = contentSecurityPolicy({ evidenceSource: `${EVIDENCE_SCHEME}:` });

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/**
 * app://ui/… serves only the built renderer's own files (contained with path.relative, typed by an
 * extension allowlist); evidence://thumb/ID, evidence://original/ID and evidence://page/ID/N/WIDTH (a PDF's
 * page drawn as PNG) serve an item's bytes by id.
 */
export function handleProtocols(
  session: Session,
  // A getter: an encrypted locker opens after the page has asked for its passphrase.
  options: { rendererDir: string; locker: () => Locker | null },
): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    const file = resolveInside(options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    const type = file ? staticContentType(file) : null;
    if (!file || !type) return notFound();
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(new Uint8Array(bytes), {
      headers: {
        'Content-Type': type,
        'X-Content-Type-Options': 'nosniff',
        ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CSP } : {}),
      },
    });
  });

  session.protocol.handle(EVIDENCE_SCHEME, async (request) => {
    const wanted = request.method === 'GET' ? parseEvidenceUrl(request.url) : null;
    const locker = options.locker();
    const found = wanted && locker ? await findEvidenceFile(locker, wanted) : null;
    if (!found) return notFound();
    const body = Readable.toWeb(found.open()) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        'Content-Type': found.contentType,
        'Content-Length': String(found.size),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  });
}
