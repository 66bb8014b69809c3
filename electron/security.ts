import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { Session, WebContents } from 'electron';

/*
 * Every security decision of the shell as a small pure function over untrusted input, so each one is tested
 * with tables of hostile values (test/electron/security.test.ts). Only `harden*` touch Electron objects, and
 * only through what they are given: this file imports no Electron module at run time.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'ui';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const EVIDENCE_SCHEME = 'evidence';

/**
 * The page may load its own scripts and styles and nothing else: no inline script, no eval, no remote
 * origin, no plugins, no frames, no form posts. Images may also come from the evidence source.
 */
export function contentSecurityPolicy(options: { evidenceSource?: string } = {}): string {
  const img = ["'self'", 'blob:', ...(options.evidenceSource ? [options.evidenceSource] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${img}`,
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The renderer is a single page: any navigation away (a dropped link, an injected location) is refused. */
export function isNavigationAllowed(_url: string): boolean {
  return false;
}

/** True for the app's own page (`app://ui` or a URL on it), whatever path it is on. */
export function isAppOrigin(origin: unknown): boolean {
  if (typeof origin !== 'string') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
}

/**
 * One permission is granted, to the app's own page only: writing plain text to the clipboard, which the
 * complaint page's Copy buttons need. Camera, microphone, notifications, geolocation, clipboard reads…:
 * the app needs none, so none is granted, and nothing is granted to any other origin.
 */
export function isPermissionGranted(permission: string, origin: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isAppOrigin(origin);
}

/**
 * IPC is answered only for the app's own top-level page: a frame or any other origin (a navigation that got
 * through, an injected iframe) gets nothing.
 */
export function isTrustedSender(frame: { url: string; isTopFrame: boolean } | null | undefined): boolean {
  if (!frame || !frame.isTopFrame || typeof frame.url !== 'string') return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

/**
 * The absolute path of `requested` inside `root`, or null when it would leave it. Built on path.relative,
 * not startsWith: `/store-evil` starts with `/store` yet lies outside it.
 */
export function resolveInside(root: string, requested: string): string | null {
  if (typeof requested !== 'string' || requested.includes('\0')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(requested);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  // Backslashes are separators on Windows; treat them as such everywhere so a test here means the same there.
  const relative = decoded.replace(/\\/g, '/').replace(/^\/+/, '');
  if (/^[A-Za-z]:/.test(relative)) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, relative);
  const rel = path.relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return target;
}

/** Types the UI's own files may be served as; anything else in the build folder is not served. */
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function staticContentType(file: string): string | null {
  return STATIC_TYPES[path.extname(file).toLowerCase()] ?? null;
}

/** What Vite writes under assets/: a name, a dash and the content's hash (`index-DLEujS-w.js`). */
const HASHED_ASSET = /^\/assets\/[\w.-]+-[\w-]{8}\.(?:js|css|woff2?|svg|png)$/;

/**
 * How long the page may keep a file of the interface. A hashed asset never changes under its name: kept for
 * good, so a reopened window reads it from the cache and Chromium can keep its compiled code (V8's code cache
 * needs a cached script), which is most of the page's start-up. Everything else is asked again each time.
 */
export function staticCacheControl(route: string): string {
  return HASHED_ASSET.test(route) ? 'public, max-age=31536000, immutable' : 'no-store';
}

/**
 * Originals the viewer may show, by the type sniffed from their content at import. Everything else (HTML,
 * SVG with scripts, PDFs with their own viewer) is never handed to the page as a document.
 */
const VIEWABLE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

export function viewableContentType(mime: string): string | null {
  return VIEWABLE_TYPES.has(mime) ? mime : null;
}

export type EvidenceRequest =
  | { variant: 'thumb' | 'original'; id: string }
  /** A page of a PDF drawn as a picture, `width` px wide (the service clamps it to its bounds). */
  | { variant: 'page'; id: string; page: number; width: number };

const EVIDENCE_ID = /^ev_[0-9a-z]{4,40}$/;
// Canonical decimal numbers only: no sign, no leading zero, no exponent, no spaces; bounded by their length.
const PAGE_NUMBER = /^[1-9][0-9]{0,4}$/;
const PAGE_WIDTH = /^[1-9][0-9]{0,3}$/;

/**
 * `evidence://thumb/ev_…`, `/files/original/ev_…` or `evidence://page/ev_…/3/800` (page 3, 800 px wide) →
 * what is asked for; never a path. `rest` is what follows the id, one segment per element.
 */
export function parseEvidenceRequest(
  variant: string,
  id: string,
  rest: readonly string[] = [],
): EvidenceRequest | null {
  if (!EVIDENCE_ID.test(id)) return null;
  if (variant === 'thumb' || variant === 'original') return rest.length ? null : { variant, id };
  if (variant !== 'page' || rest.length !== 2) return null;
  const [page = '', width = ''] = rest;
  if (!PAGE_NUMBER.test(page) || !PAGE_WIDTH.test(width)) return null;
  return { variant, id, page: Number(page), width: Number(width) };
}

export function parseEvidenceUrl(raw: string): EvidenceRequest | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${EVIDENCE_SCHEME}:` || url.search || url.hash) return null;
  const [id = '', ...rest] = url.pathname.replace(/^\//, '').split('/');
  return parseEvidenceRequest(url.hostname, id, rest);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * An uploaded file's name as a safe single file name. Names are data: the last segment only, no separators,
 * no control or reserved characters, no leading dots, bounded length. The name still carries what the
 * importer reads from it (`Screenshot_20250827-080112.png`).
 */
export function sanitiseFileName(name: unknown): string {
  const text = typeof name === 'string' ? name : '';
  const last = text.split(/[\\/]/).pop() ?? '';
  let clean = last
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  // 200 bytes of UTF-8 fits every file system; cut on a character, keeping the extension.
  const ext = path.extname(clean).slice(0, 16);
  let stem = clean.slice(0, clean.length - ext.length);
  while (Buffer.byteLength(stem + ext) > 200) stem = stem.slice(0, -1);
  clean = stem + ext;
  return clean || 'file';
}

/** Compares secrets in constant time (hashing first makes the lengths equal and hides them). */
export function tokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * DNS rebinding: a web page on evil.example can point its name at 127.0.0.1, but its requests still say
 * `Host: evil.example`. Only the exact loopback address and port are answered.
 */
export function isAllowedHost(host: unknown, port: number): boolean {
  return host === `127.0.0.1:${port}`;
}

/** Applies the navigation, new-window and permission rules to a window's contents and session. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  // No pop-ups: the app opens nothing in a second window, and never a web page.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // A <webview> could load anything with its own preferences.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, origin) =>
    isPermissionGranted(permission, origin),
  );
  // Spell-check dictionaries are downloaded from Google: the app never goes online.
  session.setSpellCheckerEnabled(false);
}
