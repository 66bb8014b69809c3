import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_CHANNEL } from '../../electron/ipc/channels.ts';
import { isCallName } from '../../electron/services/calls/index.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { forkPlan } from '../helpers/utility-process.ts';

/*
 * main.ts itself, run under Node with a stand-in `electron` module (importing the real one starts a download):
 * what the app does at start, when start fails, when the window is gone and the user comes back, when the
 * locker's process dies, and on quit. Everything below main is the real code: the locker runs in its own
 * "utility process" — a worker thread running the real electron/host/entry.ts behind an Electron-like
 * parentPort (test/helpers/utility-process.ts) — and every answer the page gets comes from there.
 */

type Listener = (...args: unknown[]) => unknown;

const electron = await vi.hoisted(async () => {
  // vi.hoisted runs before the imports above: the event emitter is imported here.
  const { EventEmitter } = await import('node:events');
  const utility = await import('../helpers/utility-process.ts');
  class FakeWindow extends EventEmitter {
    static all: FakeWindow[] = [];
    static made: FakeWindow[] = [];
    static loadError: Error | null = null;
    readonly webContents = { send: vi.fn() };
    minimized = false;
    restore = vi.fn(() => (this.minimized = false));
    focus = vi.fn();
    show = vi.fn();
    maximize = vi.fn();
    loadURL = vi.fn((url: string) => {
      void url;
      return FakeWindow.loadError ? Promise.reject(FakeWindow.loadError) : Promise.resolve();
    });
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeWindow.all.push(this);
      FakeWindow.made.push(this);
    }
    static getAllWindows() {
      return [...FakeWindow.all];
    }
    static fromWebContents() {
      return null;
    }
    isMinimized() {
      return this.minimized;
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return !FakeWindow.all.includes(this);
    }
    getNormalBounds() {
      return { x: 10, y: 10, width: 1000, height: 700 };
    }
    /** What the user closing the window does. */
    close() {
      this.emit('close');
      FakeWindow.all = FakeWindow.all.filter((w) => w !== this);
      this.emit('closed');
    }
  }
  const app = Object.assign(new EventEmitter(), {
    paths: { appPath: '', userData: '' },
    setName: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
    exit: vi.fn(),
    relaunch: vi.fn(),
    isPackaged: false,
    getAppPath: () => app.paths.appPath,
    getPath: () => app.paths.userData,
    languages: ['en-GB'],
    getPreferredSystemLanguages: () => app.languages,
    getLocale: () => 'en-GB',
    getVersion: () => '0.1.0',
  });
  const handlers = new Map<string, Listener>();
  const dialog = {
    showErrorBox: vi.fn(),
    showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })),
    showOpenDialog: vi.fn(),
    showSaveDialog: vi.fn(),
  };
  const session = {
    defaultSession: {
      protocol: { handle: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setSpellCheckerEnabled: vi.fn(),
    },
  };
  // No keychain unless a test turns it on (then a reversible stand-in for the OS's): an encrypted locker asks
  // for its passphrase in the page.
  const safeStorage = {
    available: false,
    isAsyncEncryptionAvailable: () => Promise.resolve(safeStorage.available),
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: vi.fn((text: string) => Promise.resolve(Buffer.from(`sealed:${text}`))),
    decryptStringAsync: vi.fn((blob: Buffer) =>
      Promise.resolve({ result: blob.toString().replace(/^sealed:/, ''), shouldReEncrypt: false }),
    ),
  };
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  return {
    FakeWindow,
    FakeUtilityProcess: utility.FakeUtilityProcess,
    safeStorage,
    app,
    handlers,
    dialog,
    session,
    module: {
      app,
      BrowserWindow: FakeWindow,
      dialog,
      session,
      utilityProcess: utility.fakeUtilityProcess,
      MessageChannelMain: utility.FakeMessageChannelMain,
      protocol: { registerSchemesAsPrivileged: vi.fn() },
      ipcMain: {
        handle: (channel: string, fn: Listener) => handlers.set(channel, fn),
        removeHandler: (channel: string) => handlers.delete(channel),
      },
      Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
      screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
      shell: { showItemInFolder: vi.fn() },
      safeStorage,
    },
  };
});
vi.mock('electron', () => electron.module);

const tempDir = useTempDirs();
/** Opening a new locker runs its migrations: on a busy machine that is more than waitFor's default second. */
const WAIT = { timeout: 30_000, interval: 20 };
const { FakeWindow, FakeUtilityProcess, app, dialog, handlers, safeStorage, session } = electron;
const requireCjs = createRequire(import.meta.url);
let store: string;

/** Runs main.ts afresh (its module state included) and waits until start-up has shown a window or failed. */
async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../electron/main.ts');
  await vi.waitFor(() => {
    if (!FakeWindow.made.some((w) => w.loadURL.mock.calls.length) && !app.exit.mock.calls.length) {
      throw new Error('still starting');
    }
  }, WAIT);
  // The window is loaded; let start-up finish after it.
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Calls as the app's page would, through the registered handler and its sender check: a declared call on the
 * one call channel (as the preload's `invoke` sends it), one of main's own routes on its channel.
 */
async function call(
  channel: string,
  input: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  const event = { senderFrame: { url: 'app://ui/index.html', parent: null }, sender: {} };
  if (isCallName(channel)) {
    const handler = handlers.get(CALL_CHANNEL);
    if (!handler) throw new Error('no handler for the call channel');
    return (await handler(event, channel, input)) as { ok: boolean; value?: unknown };
  }
  const handler = handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return (await handler(event, input)) as { ok: boolean; value?: unknown };
}

/** The evidence:// handler main registered, called as the page's <img> would. */
async function fetchEvidence(url: string): Promise<Response> {
  const calls = session.defaultSession.protocol.handle.mock.calls as unknown as [
    string,
    (request: { method: string; url: string }) => Promise<Response>,
  ][];
  const handler = calls.find(([scheme]) => scheme === 'evidence')?.[1];
  if (!handler) throw new Error('no evidence:// handler');
  return handler({ method: 'GET', url });
}

/** What a quit does: will-quit held while the locker's process closes the locker, then again to end it. */
async function quit(): Promise<void> {
  const first = { preventDefault: vi.fn() };
  app.emit('will-quit', first);
  if (first.preventDefault.mock.calls.length) {
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled(), WAIT);
    app.emit('will-quit', { preventDefault: vi.fn() });
  }
}

beforeEach(() => {
  vi.clearAllMocks();
  app.removeAllListeners();
  handlers.clear();
  FakeWindow.all = [];
  FakeWindow.made = [];
  FakeWindow.loadError = null;
  FakeUtilityProcess.made = [];
  forkPlan.exitBeforeStart = null;
  safeStorage.available = false;
  app.languages = ['en-GB'];
  app.paths.appPath = tempDir();
  app.paths.userData = tempDir();
  (process as { resourcesPath: string }).resourcesPath = tempDir();
  store = path.join(tempDir(), 'locker');
  vi.stubEnv('LOCKER_STORE', store);
});

afterEach(async () => {
  // The quit path closes the locker in its process and ends that process; none may outlive the test.
  await quit();
  await Promise.all(FakeUtilityProcess.made.map((child) => child.worker.terminate()));
  vi.unstubAllEnvs();
  delete (process.versions as Record<string, string | undefined>).electron;
});

describe('main.ts at start', () => {
  it('starts the locker in a utility process, answers the page from there and shows one window', async () => {
    await startMain();
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    // The built entry, packed beside main.js (scripts/build-electron.js, build/electron-builder.config.js).
    expect(FakeUtilityProcess.made.map((c) => c.modulePath)).toEqual([
      path.join(app.paths.appPath, 'dist', 'electron', 'host.js'),
    ]);
    expect(FakeWindow.made).toHaveLength(1);
    expect(FakeWindow.made[0]!.loadURL).toHaveBeenCalledWith('app://ui/index.html');
    // app:// is a standard scheme with V8's code cache: a window opened again skips compiling the interface.
    expect(electron.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith(
      expect.arrayContaining([
        {
          scheme: 'app',
          privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
        },
      ]),
    );
    expect(await call('locker:status', {})).toMatchObject({ ok: true, value: { unlocked: true } });
    expect(await call('case:create', { title: 'From main' })).toMatchObject({ ok: true });
    // Written by the locker's process: the case is in the locker on disk.
    const child = FakeUtilityProcess.made[0]!;
    await quit();
    await vi.waitFor(() => expect(child.hasExited).toBe(true), WAIT);
    const locker = await Locker.open(store);
    try {
      expect(locker.listCases().map((c) => c.title)).toEqual(['From main']);
    } finally {
      locker.close();
    }
  });

  it('answers the call channel for the app’s top frame only, and only with declared calls', async () => {
    await startMain();
    const handler = handlers.get(CALL_CHANNEL)!;
    const top = { senderFrame: { url: 'app://ui/index.html', parent: null }, sender: {} };
    const framed = { senderFrame: { url: 'app://ui/index.html', parent: {} }, sender: {} };
    const foreign = { senderFrame: { url: 'https://example.com/', parent: null }, sender: {} };
    for (const event of [framed, foreign, { senderFrame: null, sender: {} }])
      expect(await handler(event, 'case:list', {})).toMatchObject({ ok: false, error: { code: 'refused' } });
    // Main's own routes and the locker process's host:* calls are never reachable by name through the page's invoke.
    for (const name of [
      'import:paths',
      'export:save',
      'backup:open',
      'host:import-paths',
      'host:export-to',
      'host:file',
      'host:close',
      'host:parse',
      '__proto__',
      'toString',
      42,
    ])
      expect(await handler(top, name, { caseId: 'case_000001', paths: ['/etc/passwd'] })).toMatchObject({
        ok: false,
        error: { code: 'refused' },
      });
    expect(await handler(top, 'case:list', { includeArchived: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    expect(await handler(top, 'case:list', {})).toEqual({ ok: true, value: [] });
  });

  it('files dropped paths through the locker’s process, and serves evidence:// by id from there', async () => {
    await startMain();
    const created = (await call('case:create', { title: 'Shots' })) as { value: { id: string } };
    const inbox = tempDir();
    const shot = path.join(inbox, 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(120, 240, 2));
    // A path that is not absolute is refused by the route's schema before anything is read.
    expect(await call('import:paths', { caseId: created.value.id, paths: ['relative.png'] })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    const imported = (await call('import:paths', { caseId: created.value.id, paths: [shot] })) as {
      ok: boolean;
      value: { files: { evidenceId: string; outcome: string }[] };
    };
    expect(imported).toMatchObject({ ok: true, value: { files: [{ outcome: 'added' }] } });
    const id = imported.value.files[0]!.evidenceId;

    const original = await fetchEvidence(`evidence://original/${id}`);
    expect(original.status).toBe(200);
    expect(original.headers.get('Content-Type')).toBe('image/png');
    expect(Buffer.from(await original.arrayBuffer()).equals(readFileSync(shot))).toBe(true);
    const thumb = await fetchEvidence(`evidence://thumb/${id}`);
    expect(thumb.headers.get('Content-Type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe('webp');
    // Ids only: anything that names a path or an unknown item is not found.
    for (const url of [
      'evidence://original/ev_0000nothere',
      'evidence://original/..%2F..%2Fetc%2Fpasswd',
      `evidence://original/${id}/x`,
    ])
      expect((await fetchEvidence(url)).status, url).toBe(404);
  });

  it('uses the Electron build of better-sqlite3 it finds beside the app, in the locker’s process', async () => {
    // A copy of Node's build where the packaged app keeps Electron's: it loads here, under its own path.
    const folder = path.join(
      process.resourcesPath,
      'native',
      `electron-v${process.versions.modules}-${process.platform}-${process.arch}`,
    );
    mkdirSync(folder, { recursive: true });
    const nodeBuild = path.join(
      path.dirname(requireCjs.resolve('better-sqlite3/package.json')),
      'build',
      'Release',
    );
    copyFileSync(path.join(nodeBuild, 'better_sqlite3.node'), path.join(folder, 'better_sqlite3.node'));
    (process.versions as Record<string, string>).electron = '45.4.1';
    await startMain();
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    expect(await call('case:list', {})).toEqual({ ok: true, value: [] });
    // The locker's thread shares this process's address space: the copy is what got loaded.
    if (process.platform === 'linux') {
      expect(readFileSync('/proc/self/maps', 'utf8')).toContain(path.join(folder, 'better_sqlite3.node'));
    }
  });
});

describe('main.ts with an encrypted locker', () => {
  it('opens it with the passphrase the page sends, and next time with the key main’s keychain kept', async () => {
    const pass = 'correct horse battery staple';
    (await Locker.open(store)).close();
    await encryptLocker(store, pass, { cost: { N: 1 << 12, r: 8, p: 1 } });
    safeStorage.available = true;
    await startMain();
    expect(await call('locker:status', {})).toMatchObject({ ok: true, value: { unlocked: false } });
    expect(await call('case:list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call('locker:unlock', { passphrase: pass, remember: true })).toMatchObject({
      ok: true,
      value: { unlocked: true, remembered: true, keychain: { backend: 'gnome_libsecret', secure: true } },
    });
    // The locker's process asked main to protect the key: safeStorage exists only there.
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    await quit();

    vi.clearAllMocks();
    await startMain();
    expect(await call('locker:status', {})).toMatchObject({ ok: true, value: { unlocked: true } });
    expect(safeStorage.decryptStringAsync).toHaveBeenCalledTimes(1);
    expect(await call('case:list', {})).toEqual({ ok: true, value: [] });
  });
});

describe('main.ts when start-up fails', () => {
  it('shows what to do about a locker it cannot read, and exits with a failure code', async () => {
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, 'locker.db'), 'this is not a database '.repeat(400));
    await startMain();
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, content] = dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('Evidence Locker could not start');
    expect(content).toContain('Nothing in it was changed. Restore your last backup');
    expect(content).toContain(`Locker: ${store}`);
    expect(content).toMatch(/Details: locker\.db is not a readable database/);
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeWindow.made).toEqual([]);
    // The process that said so is ended.
    await vi.waitFor(() => expect(FakeUtilityProcess.made[0]!.hasExited).toBe(true), WAIT);
  });

  it('says how to get the Electron build of the database module when it is missing, in Chinese too', async () => {
    (process.versions as Record<string, string>).electron = '45.4.1';
    await startMain();
    const [, content] = dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(content).toContain('Reinstall Evidence Locker');
    expect(content).toContain('npm run native:electron');
    expect(app.exit).toHaveBeenCalledWith(1);

    app.languages = ['zh-CN'];
    await quit();
    vi.clearAllMocks();
    await startMain();
    const [title, zh] = dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('证据保管箱无法启动');
    expect(zh).toContain('请重新安装证据保管箱');
    expect(zh).toContain(`保管箱: ${store}`);
  });

  it('ends the same way when the locker’s process stops before it is ready', async () => {
    forkPlan.exitBeforeStart = 3;
    await startMain();
    const [title, content] = dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('Evidence Locker could not start');
    expect(content).toContain('Quit and start the app again');
    expect(content).toContain("Details: the locker's process stopped before it was ready (exit code 3)");
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeWindow.made).toEqual([]);
  });

  it('ends the same way when the page cannot be loaded', async () => {
    FakeWindow.loadError = new Error('ERR_FILE_NOT_FOUND (-6) loading app://ui/index.html');
    await startMain();
    const [, content] = dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(content).toContain('ERR_FILE_NOT_FOUND');
    expect(app.exit).toHaveBeenCalledWith(1);
  });
});

describe('main.ts when the locker’s process dies after start-up', () => {
  it('says so in the user’s language and leaves, and the page’s calls are told it stopped', async () => {
    app.languages = ['zh-CN'];
    await startMain();
    expect(await call('case:list', {})).toEqual({ ok: true, value: [] });
    await FakeUtilityProcess.made[0]!.crash();
    await vi.waitFor(() => expect(dialog.showErrorBox).toHaveBeenCalledTimes(1), WAIT);
    const [title, content] = dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('证据保管箱需要关闭');
    expect(content).toContain('负责保管箱的应用组件意外停止');
    expect(content).toContain(`保管箱: ${store}`);
    expect(app.exit).toHaveBeenCalledWith(1);
    // Every answer came from that process: with it gone, none comes.
    expect(await call('case:list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('main.ts after its window is closed', () => {
  it('makes the window again on activate when none is open (macOS), and only then', async () => {
    await startMain();
    const first = FakeWindow.made[0]!;
    app.emit('activate');
    expect(FakeWindow.made).toHaveLength(1);

    first.close();
    app.emit('activate');
    await vi.waitFor(() => expect(FakeWindow.made).toHaveLength(2), WAIT);
    expect(FakeWindow.made[1]!.loadURL).toHaveBeenCalledWith('app://ui/index.html');
    // IPC still answers the new page.
    expect(await call('locker:status', {})).toMatchObject({ ok: true });
  });

  it('brings the window forward on a second launch, or makes it again when it was closed', async () => {
    await startMain();
    const first = FakeWindow.made[0]!;
    first.minimized = true;
    app.emit('second-instance');
    expect(first.restore).toHaveBeenCalled();
    expect(first.focus).toHaveBeenCalled();

    first.close();
    app.emit('second-instance');
    await vi.waitFor(() => expect(FakeWindow.made).toHaveLength(2), WAIT);
  });
});

describe('main.ts on quit', () => {
  it('holds the quit until the locker’s process has closed the locker, then ends that process', async () => {
    await startMain();
    const child = FakeUtilityProcess.made[0]!;
    const first = { preventDefault: vi.fn() };
    app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1), WAIT);
    // Closed, not killed: the process is still there and its locker is shut.
    expect(child.hasExited).toBe(false);
    expect(await call('case:list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    const second = { preventDefault: vi.fn() };
    app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(child.hasExited).toBe(true), WAIT);
    // Asked to end: not reported as a crash.
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('opens a restored backup by relaunching through a normal quit, not app.exit', async () => {
    const seed = await Locker.open(store);
    const c = await seed.createCase({ title: 'to restore' });
    const inbox = tempDir();
    writeFileSync(path.join(inbox, 'Screenshot_20250827-080112.png'), await makePng(200, 400, 1));
    await addPaths(seed, c.id, [inbox]);
    seed.close();
    await startMain();

    const backup = path.join(tempDir(), 'main.backup');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: backup });
    const saved = (await call('backup:save', {})) as { ok: true; value: { jobId: string } };
    const finished = async (jobId: string) => {
      for (;;) {
        const r = (await call('backup:status', { jobId })) as {
          value: { finished: boolean; error?: string; restored?: { ok: boolean } };
        };
        if (r.value.finished) return r.value;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    expect(await finished(saved.value.jobId)).not.toHaveProperty('error');

    const dir = path.join(tempDir(), 'restored');
    dialog.showOpenDialog
      .mockResolvedValueOnce({ canceled: false, filePaths: [backup] })
      .mockResolvedValueOnce({ canceled: false, filePaths: [dir] });
    const restoring = (await call('backup:restore', {})) as { ok: true; value: { jobId: string } };
    expect((await finished(restoring.value.jobId)).restored).toMatchObject({ ok: true });

    // Only a folder this run restored: any other job id is not found, and nothing relaunches.
    expect(await call('backup:open', { jobId: 'f'.repeat(32) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(app.relaunch).not.toHaveBeenCalled();
    expect(await call('backup:open', { jobId: restoring.value.jobId })).toEqual({ ok: true, value: null });
    expect(app.relaunch).toHaveBeenCalledWith({ args: expect.arrayContaining(['--store', dir]) as unknown });
    expect(app.quit).toHaveBeenCalled();
    expect(app.exit).not.toHaveBeenCalled();
  });
});
