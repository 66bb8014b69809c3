import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Importing the real `electron` package in a test starts a binary download. security.ts imports only its
// types; the empty mock keeps it that way. Window options and menus: test/electron/window.test.ts.
vi.mock('electron', () => ({}));

const security = await import('../../electron/security.ts');

describe('resolveInside', () => {
  const root = path.resolve('/srv/app/dist/renderer');

  it.each([
    ['/index.html', path.join(root, 'index.html')],
    ['assets/index-abc.js', path.join(root, 'assets', 'index-abc.js')],
    ['/assets/%E4%B8%AD.png', path.join(root, 'assets', '中.png')],
    ['/assets/..hidden.js', path.join(root, 'assets', '..hidden.js')],
  ])('serves %s from inside the root', (requested, expected) => {
    expect(security.resolveInside(root, requested)).toBe(expected);
  });

  it.each([
    '/../secret',
    '../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/../../renderer-evil/x.js',
    '/..%2f..%2fetc%2fpasswd',
    '/..\\..\\windows\\win.ini',
    '/assets/%00.js',
    '/assets/\0.js',
    '/C:/Windows/win.ini',
    'C:\\Windows\\win.ini',
    '/%E0%A4%A', // malformed percent-encoding
    '/',
    '',
  ])('refuses %j', (requested) => {
    expect(security.resolveInside(root, requested)).toBeNull();
  });

  it('is not fooled by a sibling folder whose name starts with the root (the startsWith bug)', () => {
    expect(security.resolveInside('/store', '../store-evil/x')).toBeNull();
  });
});

describe('staticContentType and viewableContentType', () => {
  it('types only the UI’s own kinds of file', () => {
    expect(security.staticContentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(security.staticContentType('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    for (const name of ['/x/locker.db', '/x/a.map', '/x/.env', '/x/noext', '/x/a.html.bak']) {
      expect(security.staticContentType(name)).toBeNull();
    }
  });

  it('lets the viewer show raster images and nothing that can carry script', () => {
    for (const mime of ['image/png', 'image/jpeg', 'image/webp', 'image/gif']) {
      expect(security.viewableContentType(mime)).toBe(mime);
    }
    for (const mime of [
      'image/svg+xml',
      'text/html',
      'application/pdf',
      'application/xhtml+xml',
      '',
      'IMAGE/PNG',
    ]) {
      expect(security.viewableContentType(mime)).toBeNull();
    }
  });
});

describe('staticCacheControl', () => {
  it('keeps only what Vite names by its content hash, and never the page or a file of the same name', () => {
    const keep = 'public, max-age=31536000, immutable';
    expect(security.staticCacheControl('/assets/index-DLEujS-w.js')).toBe(keep);
    expect(security.staticCacheControl('/assets/ColumnMapDialog-BXLqg6DR.css')).toBe(keep);
    expect(security.staticCacheControl('/assets/createLucideIcon-BCDhP25Z.js')).toBe(keep);
    for (const route of [
      '/index.html',
      '/',
      '/boot.js',
      '/icon.svg',
      '/assets/index.js',
      '/assets/a/b-DLEujS-w.js',
    ])
      expect(security.staticCacheControl(route), route).toBe('no-store');
  });
});

describe('parseEvidenceUrl', () => {
  it('accepts a thumbnail or an original by item id', () => {
    expect(security.parseEvidenceUrl('evidence://thumb/ev_abcd1234')).toEqual({
      variant: 'thumb',
      id: 'ev_abcd1234',
    });
    expect(security.parseEvidenceUrl('evidence://original/ev_000001')).toEqual({
      variant: 'original',
      id: 'ev_000001',
    });
  });

  it.each([
    'evidence://thumb/../locker.db',
    'evidence://thumb/ev_abcd1234/../../x',
    'evidence://original/%2e%2e%2flocker.db',
    'evidence://original/ev_ABCD',
    'evidence://original/ev_ab',
    'evidence://original/case_abcd1234',
    'evidence://original/ev_abcd1234?x=1',
    'evidence://original/ev_abcd1234#x',
    'evidence://objects/ev_abcd1234',
    'evidence://original//etc/passwd',
    'file:///etc/passwd',
    'app://ui/ev_abcd1234',
    'not a url',
  ])('refuses %s', (url) => {
    expect(security.parseEvidenceUrl(url)).toBeNull();
  });
});

describe('parseEvidenceUrl: PDF pages', () => {
  it('accepts a page of an item by id, page number and width', () => {
    expect(security.parseEvidenceUrl('evidence://page/ev_abcd1234/3/800')).toEqual({
      variant: 'page',
      id: 'ev_abcd1234',
      page: 3,
      width: 800,
    });
    expect(security.parseEvidenceRequest('page', 'ev_abcd1234', ['12', '1600'])).toEqual({
      variant: 'page',
      id: 'ev_abcd1234',
      page: 12,
      width: 1600,
    });
  });

  it.each([
    'evidence://page/ev_abcd1234',
    'evidence://page/ev_abcd1234/3',
    'evidence://page/ev_abcd1234/3/800/x',
    'evidence://page/ev_abcd1234/0/800',
    'evidence://page/ev_abcd1234/03/800',
    'evidence://page/ev_abcd1234/-1/800',
    'evidence://page/ev_abcd1234/1e3/800',
    'evidence://page/ev_abcd1234/1.5/800',
    'evidence://page/ev_abcd1234/3/0800',
    'evidence://page/ev_abcd1234/3/99999',
    'evidence://page/ev_abcd1234/123456/800',
    'evidence://page/ev_abcd1234/3/800?w=1',
    'evidence://page/ev_abcd1234/3/%38%30%30',
    'evidence://page/ev_abcd1234/3/800%2f..',
    'evidence://page/ev_abcd1234/%20/800',
    'evidence://page/ev_abcd1234/3/800/',
    'evidence://page/../locker.db/1/800',
    'evidence://page/case_abcd1234/1/800',
    'evidence://thumb/ev_abcd1234/1/800',
    'evidence://original/ev_abcd1234/1',
    'evidence://pages/ev_abcd1234/1/800',
  ])('refuses %s', (url) => {
    expect(security.parseEvidenceUrl(url)).toBeNull();
  });

  it.each([
    ['page', 'ev_abcd1234', ['1']],
    ['page', 'ev_abcd1234', ['1', '800', '']],
    ['page', 'ev_abcd1234', ['', '800']],
    ['page', 'ev_abcd1234', ['1', ' 800']],
    ['page', 'ev_abcd1234', ['0x1', '800']],
    ['page', 'ev_abcd1234', ['１', '800']],
    ['page', '../ev_abcd1234', ['1', '800']],
    ['thumb', 'ev_abcd1234', ['1']],
    ['original', 'ev_abcd1234', ['']],
  ])('refuses the bridge route %s/%s/%j', (variant, id, rest) => {
    expect(security.parseEvidenceRequest(variant, id, rest)).toBeNull();
  });
});

describe('isTrustedSender', () => {
  it('trusts only the app’s own top-level page', () => {
    expect(security.isTrustedSender({ url: 'app://ui/index.html', isTopFrame: true })).toBe(true);
  });

  it.each([
    [null],
    [undefined],
    [{ url: 'app://ui/index.html', isTopFrame: false }],
    [{ url: 'app://evil/index.html', isTopFrame: true }],
    [{ url: 'app://ui.evil.example/', isTopFrame: true }],
    [{ url: 'https://ui/index.html', isTopFrame: true }],
    [{ url: 'http://127.0.0.1:5173/', isTopFrame: true }],
    [{ url: 'file:///index.html', isTopFrame: true }],
    [{ url: 'about:blank', isTopFrame: true }],
    [{ url: 'data:text/html,<script>', isTopFrame: true }],
    [{ url: '', isTopFrame: true }],
  ])('refuses %j', (frame) => {
    expect(security.isTrustedSender(frame)).toBe(false);
  });
});

describe('navigation and permissions', () => {
  it.each(['https://example.com', 'app://ui/other.html', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'refuses to navigate to %s',
    (url) => {
      expect(security.isNavigationAllowed(url)).toBe(false);
    },
  );

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'unknown',
  ])('denies the %s permission, even to the app', (permission) => {
    expect(security.isPermissionGranted(permission, 'app://ui')).toBe(false);
  });

  it('lets the app’s own page write to the clipboard (the Copy buttons), and no other origin', () => {
    expect(security.isPermissionGranted('clipboard-sanitized-write', 'app://ui')).toBe(true);
    expect(security.isPermissionGranted('clipboard-sanitized-write', 'app://ui/index.html')).toBe(true);
    for (const origin of [
      'https://ui',
      'app://ui.evil.example',
      'app://evil',
      'app://user:pw@ui/',
      'evidence://thumb',
      'file:///index.html',
      'null',
      '',
      undefined,
    ]) {
      expect(security.isPermissionGranted('clipboard-sanitized-write', origin), String(origin)).toBe(false);
    }
    expect(security.isPermissionGranted('clipboard-read', 'app://ui')).toBe(false);
  });

  it('wires the rules into a window and a session', () => {
    const handlers = new Map<string, (...args: unknown[]) => void>();
    const contents = {
      on: (name: string, fn: (...args: unknown[]) => void) => handlers.set(name, fn),
      setWindowOpenHandler: vi.fn(),
    };
    security.hardenWebContents(contents as never);
    const event = { preventDefault: vi.fn() };
    handlers.get('will-navigate')?.(event, 'https://example.com');
    handlers.get('will-attach-webview')?.(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(2);
    const open = contents.setWindowOpenHandler.mock.calls[0]?.[0] as () => unknown;
    expect(open()).toEqual({ action: 'deny' });

    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setSpellCheckerEnabled: vi.fn(),
    };
    security.hardenSession(session as never);
    const callback = vi.fn();
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (...a: unknown[]) => void;
    request(null, 'media', callback, { requestingUrl: 'app://ui/index.html' });
    request(null, 'clipboard-sanitized-write', callback, { requestingUrl: 'app://ui/index.html' });
    request(null, 'clipboard-sanitized-write', callback, { requestingUrl: 'https://example.com/' });
    expect(callback.mock.calls).toEqual([[false], [true], [false]]);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...a: unknown[]) => boolean;
    expect(check(null, 'clipboard-sanitized-write', 'app://ui', {})).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'https://example.com', {})).toBe(false);
    expect(check(null, 'notifications', 'app://ui', {})).toBe(false);
    expect(session.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only the app’s own scripts and styles: no inline code, no eval, no remote origin', () => {
    const csp = security.contentSecurityPolicy({ evidenceSource: 'evidence:' });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' blob: evidence:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
  });
});

describe('sanitiseFileName', () => {
  it.each([
    ['Screenshot_20250827-080112.png', 'Screenshot_20250827-080112.png'],
    ['微信图片_20250828101500.jpg', '微信图片_20250828101500.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['/absolute/path/bill.pdf', 'bill.pdf'],
    ['..', 'file'],
    ['.bashrc', 'bashrc'],
    ['', 'file'],
    ['   ', 'file'],
    ['a\0b.png', 'a_b.png'],
    ['a\nb\r.png', 'a_b_.png'],
    ['con', '_con'],
    ['NUL.txt', '_NUL.txt'],
    ['what?<>:"|*.png', 'what_______.png'],
    ['evil\u202egnp.exe', 'evil_gnp.exe'],
    ['trailing dots...', 'trailing dots'],
  ])('%j → %j', (given, expected) => {
    expect(security.sanitiseFileName(given)).toBe(expected);
  });

  it('bounds the length in bytes and keeps the extension', () => {
    const name = security.sanitiseFileName(`${'账'.repeat(300)}.png`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('.png')).toBe(true);
  });

  it.each([null, undefined, 42, {}, ['a.png']])('turns a non-string %j into a plain name', (value) => {
    expect(security.sanitiseFileName(value)).toBe('file');
  });
});

describe('tokensMatch and isAllowedHost', () => {
  const token = 'k3y-for-this-run_only';

  it('matches the exact token only', () => {
    expect(security.tokensMatch(token, token)).toBe(true);
    for (const given of [
      '',
      'k3y',
      `${token} `,
      token.toUpperCase(),
      undefined,
      null,
      0,
      [token],
      { token },
    ]) {
      expect(security.tokensMatch(given, token)).toBe(false);
    }
    expect(security.tokensMatch('', '')).toBe(false);
  });

  it('answers only Host: 127.0.0.1:<port>', () => {
    expect(security.isAllowedHost('127.0.0.1:4100', 4100)).toBe(true);
    for (const host of [
      'localhost:4100',
      '127.0.0.1',
      '127.0.0.1:4101',
      'evil.example:4100',
      '127.0.0.1.evil.example:4100',
      '[::1]:4100',
      '0.0.0.0:4100',
      '',
      undefined,
      ['127.0.0.1:4100'],
    ]) {
      expect(security.isAllowedHost(host, 4100)).toBe(false);
    }
  });
});
