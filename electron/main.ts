import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  MessageChannelMain,
  session,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
} from 'electron';
import { launchHost, type LockerHost } from './host/launch.ts';
import { registerRemoteIpc } from './ipc/register-remote.ts';
import { electronKeychain } from './keychain.ts';
import { hostStoppedBox, quitGuard, startupErrorBox } from './lifecycle.ts';
import { APP_NAME, resolveStoreDir } from './services/paths.ts';
import { evidenceFromHost, handleProtocols, registerSchemes } from './protocols.ts';
import { APP_ORIGIN, hardenSession, hardenWebContents } from './security.ts';
import { buildMenu, createMainWindow } from './window.ts';

/*
 * Lifecycle only: the locker's process, the protocols, IPC, one window. The locker — its database, imports,
 * OCR, exports, backups — runs in a utility process of its own (host/entry.ts, built to dist/electron/host.js),
 * so nothing it does holds the window's main process; main keeps the windows, dialogs, protocols, menus, sender
 * checks and the keychain, and forwards. Everything that decides something lives in security.ts, window.ts,
 * protocols.ts, lifecycle.ts, host/launch.ts and ipc/register-remote.ts, each small enough to read at once.
 */

app.setName(APP_NAME);
registerSchemes();

function storeFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--store');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--store='))?.slice('--store='.length);
}

let host: LockerHost | null = null;
let mainWindow: BrowserWindow | null = null;
let storeDir: string | null = null;
/** Set once start-up has finished: before that, nothing may open a window. */
let isStarted = false;

/** The one window: brought forward if it exists, else made again (macOS keeps the app running without one). */
async function showWindow(): Promise<void> {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const root = app.getAppPath();
  const userData = app.getPath('userData');
  mkdirSync(userData, { recursive: true });
  const win = createMainWindow({
    preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
    stateFile: path.join(userData, 'window-state.json'),
  });
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

/** The error boxes speak the system's language (Chinese, else English) and name the locker's folder. */
function boxContext(): { storeDir: string | null; language: string } {
  return { storeDir, language: app.getPreferredSystemLanguages()[0] ?? app.getLocale() };
}

/** Nothing the app can do without its locker or its page: say what happened and what to do, then leave. */
function failStartup(error: unknown): void {
  const box = startupErrorBox(error, boxContext());
  dialog.showErrorBox(box.title, box.content);
  host?.kill();
  host = null;
  // Not app.quit(): a window may be half made, and a failed start has nothing to save.
  app.exit(1);
}

/** The locker's process ended on its own after start-up: said, not left as a window that answers nothing. */
function hostStopped(code: number | null): void {
  host = null;
  const box = hostStoppedBox({ code }, boxContext());
  dialog.showErrorBox(box.title, box.content);
  app.exit(1);
}

/** Main's pickers, attached to the window that asked. */
const windowOf = (event: IpcMainInvokeEvent) => BrowserWindow.fromWebContents(event.sender);

async function start(): Promise<void> {
  const root = app.getAppPath();
  storeDir = resolveStoreDir(storeFlag(process.argv), process.env);
  // An encrypted locker opens through the keychain when it was remembered there, else the page asks; the
  // keychain (safeStorage) exists only here, so the locker's process asks main for it.
  const keychain = await electronKeychain();
  host = await launchHost({
    // Not a cwd inside app.asar: the OS cannot enter it (the process starts in main's directory).
    fork: () =>
      utilityProcess.fork(path.join(root, 'dist', 'electron', 'host.js'), [], {
        serviceName: 'Evidence Locker locker',
        // One malloc arena: sharp and zlib free image-sized blocks from several threads, and glibc keeps what
        // each thread freed; a packet export grew to 430–470 MB with the default and ~300 MB with one (see
        // services/export/child.ts). A value the user set wins; other platforms' allocators ignore it.
        env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1' },
      }),
    channel: () => new MessageChannelMain(),
    init: {
      storeDir,
      actor: 'app',
      keychain: keychain ? { backend: keychain.backend, secure: keychain.secure } : null,
      // better-sqlite3's Electron-ABI build (scripts/build-electron-native.js), shipped beside the app.
      nativeDirs: [path.join(process.resourcesPath, 'native'), path.join(root, 'native')],
    },
    keychain,
    onStopped: hostStopped,
  });
  hardenSession(session.defaultSession);
  handleProtocols(session.defaultSession, {
    rendererDir: path.join(root, 'dist', 'renderer'),
    evidence: evidenceFromHost(() => host),
  });
  registerRemoteIpc({
    ipcMain,
    host: () => host,
    showOpenDialog: (event, options) => {
      const win = windowOf(event);
      return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
    },
    showSaveDialog: (event, options) => {
      const win = windowOf(event);
      return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
    },
    showItemInFolder: (file) => shell.showItemInFolder(file),
    relaunchOn: (dir) => {
      const args = process.argv.slice(1).filter((a, i, all) => a !== '--store' && all[i - 1] !== '--store');
      app.relaunch({ args: [...args.filter((a) => !a.startsWith('--store=')), '--store', dir] });
      // A normal quit, not app.exit: the picture being read is saved and the locker closed (will-quit) first.
      app.quit();
    },
  });
  // Menu commands go to the page as `menu:command` events; the page decides what "New case" opens.
  buildMenu({ isDevelopment: !app.isPackaged, storeDir, getWindow: () => mainWindow });
  await showWindow();
  isStarted = true;
}

// One app, one locker writer: a second launch brings the first one's window forward instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (isStarted) showWindow().catch(failStartup);
  });
  // macOS: clicking the Dock icon of a running app with no window open makes the window again.
  app.on('activate', () => {
    if (isStarted && BrowserWindow.getAllWindows().length === 0) showWindow().catch(failStartup);
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // The locker's process finishes and saves the picture being read and closes the locker (for a few seconds at
  // most), then it is ended.
  app.on(
    'will-quit',
    quitGuard({
      busy: () => host?.isRunning ?? false,
      drain: () => host?.drain() ?? Promise.resolve(),
      quit: () => app.quit(),
      cleanup: () => {
        host?.kill();
        host = null;
      },
    }),
  );

  app.whenReady().then(start).catch(failStartup);
}
