import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import type { HostCalls } from './ipc/register-remote.ts';
import {
  APP_HOST,
  APP_SCHEME,
  contentSecurityPolicy,
  EVIDENCE_SCHEME,
  parseEvidenceUrl,
  resolveInside,
  staticCacheControl,
  staticContentType,
  type EvidenceRequest,
} from './security.ts';

/** Must run before `app` is ready. `standard` + `secure` give app:// a real origin and secure-context APIs. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    // codeCache: a window opened again runs the interface's scripts from V8's cache instead of compiling them.
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
    { scheme: EVIDENCE_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

const CSP = contentSecurityPolicy({ evidenceSource: `${EVIDENCE_SCHEME}:` });

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/** An item's bytes as the locker's process reads them (decrypted, a PDF page drawn), with their type. */
export type EvidenceBytes = { contentType: string; bytes: Uint8Array };

/**
 * Asks the locker's process for what an evidence:// URL names, by id (`host:file`, which checks the request
 * again): the page never names a path, and main never opens the locker's files itself.
 */
export function evidenceFromHost(
  host: () => HostCalls | null,
): (request: EvidenceRequest) => Promise<EvidenceBytes | null> {
  return async (request) => {
    const rest = request.variant === 'page' ? [String(request.page), String(request.width)] : [];
    const result = await host()?.call('host:file', { variant: request.variant, id: request.id, rest });
    return result?.ok ? (result.value as EvidenceBytes | null) : null;
  };
}

/**
 * app://ui/… serves only the built renderer's own files (contained with path.relative, typed by an
 * extension allowlist); evidence://thumb/ID, evidence://original/ID and evidence://page/ID/N/WIDTH (a PDF's
 * page drawn as PNG) serve an item's bytes by id, from the locker's process.
 */
export function handleProtocols(
  session: Session,
  options: { rendererDir: string; evidence: (request: EvidenceRequest) => Promise<EvidenceBytes | null> },
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
        'Cache-Control': staticCacheControl(url.pathname),
        ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CSP } : {}),
      },
    });
  });

  session.protocol.handle(EVIDENCE_SCHEME, async (request) => {
    const wanted = request.method === 'GET' ? parseEvidenceUrl(request.url) : null;
    const found = wanted ? await options.evidence(wanted) : null;
    if (!found) return notFound();
    return new Response(found.bytes, {
      headers: {
        'Content-Type': found.contentType,
        'Content-Length': String(found.bytes.byteLength),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  });
}
