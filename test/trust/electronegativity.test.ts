import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../helpers/temp.ts';

/**
 * Electronegativity (Doyensec's static checker for Electron apps) over the app's own source, run offline.
 *
 * Left alone it goes online twice: its i18n loader fetches translations from S3 on every run (the "Could not
 * retrieve updated translations" line), and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's
 * release list from GitHub. Both go through the `got` package, so `got` is replaced in the require cache by
 * a stub that answers "not found" without a socket, and that one check is left out (what it asks — is this
 * Electron release missing security fixes? — needs the network by nature). Every socket is refused and
 * counted besides, so a new way out would fail the test rather than pass because the machine is offline.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const PACKAGE = path.join(ROOT, 'node_modules/@doyensec/electronegativity/package.json');
const ALLOWLIST = path.join(ROOT, 'build/electronegativity-allowlist.json');
/** The source Electronegativity reads: the main process, the renderer (index.html's CSP) and package.json. */
const SCANNED = ['electron', 'renderer', 'package.json'];
const NETWORK_CHECK = 'AvailableSecurityFixesGlobalCheck';

type Level = { value: number; name: string };
type Issue = {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: Level;
  confidence: Level;
  manualReview: boolean;
};
type ScanResult = {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Issue[];
};
type RunOptions = {
  input: string;
  isRelative: boolean;
  customScan: string[];
  excludeFromScan: string[];
  parserPlugins: string[];
};
type AllowEntry = { check: string; file: string; why: string; provedBy: string };

const MEDIUM = 2;
const isInstalled = existsSync(PACKAGE);
const tempDir = useTempDirs();
const attempts: string[] = [];

beforeAll(() => {
  const refuse = (what: string) => () => {
    attempts.push(what);
    throw new Error(`network access attempted: ${what}`);
  };
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(refuse('net.Socket.connect'));
  vi.spyOn(tls, 'connect').mockImplementation(refuse('tls.connect'));
  vi.spyOn(dns, 'lookup').mockImplementation(refuse('dns.lookup'));
  vi.spyOn(globalThis, 'fetch').mockImplementation(refuse('fetch'));
});
afterAll(() => vi.restoreAllMocks());

let runner: ((options: RunOptions, forCli: boolean) => Promise<ScanResult>) | null = null;

/** Loads Electronegativity's programmatic entry point with its network client replaced by an offline stub. */
function loadOffline(): NonNullable<typeof runner> {
  if (runner) return runner;
  const require = createRequire(PACKAGE);
  const gotPath = require.resolve('got');
  const offline = Object.assign(() => Promise.resolve({ statusCode: 404, body: '' }), {
    head: () => Promise.reject(new Error('offline: Electronegativity may not go online in tests')),
  });
  require.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: offline,
  } as unknown as NodeJS.Module;
  runner = require('./dist/runner.js') as NonNullable<typeof runner>;
  return runner;
}

function scan(input: string): Promise<ScanResult> {
  return loadOffline()(
    { input, isRelative: true, customScan: [], excludeFromScan: [NETWORK_CHECK], parserPlugins: [] },
    false,
  );
}

if (!isInstalled) {
  console.warn(
    'electronegativity test skipped: @doyensec/electronegativity is not installed (npm ci installs it)',
  );
}

const key = (check: string, file: string) => `${check} @ ${file}`;
const show = (i: Issue) =>
  `${i.id} ${i.severity.name}/${i.confidence.name} ${i.file}:${i.location.line}:${i.location.column}`;

describe.skipIf(!isInstalled)(
  `Electronegativity, offline${isInstalled ? '' : ' (skipped: @doyensec/electronegativity is not installed)'}`,
  () => {
    it('catches an insecure window, so a clean report means something', async () => {
      const app = tempDir();
      writeFileSync(
        path.join(app, 'package.json'),
        JSON.stringify({ name: 'canary', devDependencies: { electron: '45.4.1' } }),
      );
      writeFileSync(
        path.join(app, 'main.ts'),
        [
          "import { BrowserWindow } from 'electron';",
          'export const open = (url: string): BrowserWindow => {',
          '  const win = new BrowserWindow({',
          '    webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true, webSecurity: false },',
          '  });',
          '  void win.loadURL(url);',
          '  return win;',
          '};',
        ].join('\n'),
      );
      const result = await scan(app);
      const found = result.issues.filter((i) => i.severity.value >= MEDIUM).map((i) => i.id);
      expect(found).toEqual(
        expect.arrayContaining([
          'CONTEXT_ISOLATION_JS_CHECK',
          'SANDBOX_JS_CHECK',
          'WEB_SECURITY_JS_CHECK',
          // No will-navigate handler and no permission handler anywhere: the app source has both.
          'LIMIT_NAVIGATION_GLOBAL_CHECK',
          'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
        ]),
      );
      expect(attempts).toEqual([]);
    });

    it('leaves no high or medium finding in the app source unexplained, and no explanation stale', async () => {
      // A copy of exactly the shipped source: pointed at the repository root it would walk node_modules.
      const stage = tempDir();
      for (const part of SCANNED) {
        const from = path.join(ROOT, part);
        if (!existsSync(from)) continue;
        mkdirSync(path.dirname(path.join(stage, part)), { recursive: true });
        cpSync(from, path.join(stage, part), { recursive: true });
      }
      const started = Date.now();
      const result = await scan(stage);
      console.info(
        `electronegativity: ${result.globalChecks + result.atomicChecks} checks over ${SCANNED.join(', ')} in ${Date.now() - started} ms`,
      );

      // A file it could not parse is a file it did not check.
      expect(result.errors.map((e) => `${e.file}: ${e.message}`)).toEqual([]);
      expect(result.atomicChecks).toBeGreaterThan(20);
      // The Electron version is read from package.json: checks whose verdict depends on it must know it.
      expect(result.issues.map((i) => i.id)).toContain('ELECTRON_VERSION_JSON_CHECK');

      const allow = JSON.parse(readFileSync(ALLOWLIST, 'utf8')) as { entries: AllowEntry[] };
      for (const entry of allow.entries) {
        expect(entry.why.length, key(entry.check, entry.file)).toBeGreaterThan(60);
        expect(existsSync(path.join(ROOT, entry.provedBy)), `${entry.provedBy} must exist`).toBe(true);
      }
      const allowed = new Set(allow.entries.map((e) => key(e.check, e.file)));
      const serious = result.issues.filter((i) => i.severity.value >= MEDIUM);
      const rest = result.issues.filter((i) => i.severity.value < MEDIUM);
      if (rest.length) console.info(`low and informational (not gated):\n  ${rest.map(show).join('\n  ')}`);
      if (serious.length) console.info(`high and medium, explained:\n  ${serious.map(show).join('\n  ')}`);

      const unexplained = serious.filter((i) => !allowed.has(key(i.id, i.file))).map(show);
      expect(
        unexplained,
        'add a fix, or an entry with a true reason to build/electronegativity-allowlist.json',
      ).toEqual([]);
      const seen = new Set(serious.map((i) => key(i.id, i.file)));
      const stale = allow.entries.map((e) => key(e.check, e.file)).filter((k) => !seen.has(k));
      expect(stale, 'these allowlist entries match no finding any more: remove them').toEqual([]);
      expect(attempts).toEqual([]);
    });
  },
);
