import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import type { Locker } from './services/locker.ts';
import { LockerGate } from './ipc/gate.ts';
import { electronKeychain } from './keychain.ts';
import { quitGuard, startupErrorBox } from './lifecycle.ts';
import { electronNativeBinding, useNativeBinding } from './services/native-binding.ts';
import { APP_NAME, resolveStoreDir } from './services/paths.ts';
import { BackgroundOcr } from './ipc/ocr-background.ts';
import { registerEncryptIpc, registerGateIpc, registerIpc } from './ipc/register.ts';
import { UploadStaging } from './ipc/uploads.ts';
import { handleProtocols, registerSchemes } from './protocols.ts';
import { APP_ORIGIN, hardenSession, hardenWebContents } from './security.ts';
import { buildMenu, createMainWindow } from './window.ts';

/*
 * Lifecycle only: the locker, the protocols, IPC, one window. Everything that decides something lives in
 * security.ts, window.ts, protocols.ts, lifecycle.ts and ipc/, each small enough to read at once.
 */

app.setName(APP_NAME);
registerSchemes();

function storeFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--store');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--store='))?.slice('--store='.length);
}

let locker: Locker | null = null;
let staging: UploadStaging | null = null;
let ocr: BackgroundOcr | null = null;
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

/** Nothing the app can do without its locker or its page: say what happened and what to do, then leave. */
function failStartup(error: unknown): void {
  const box = startupErrorBox(error, {
    storeDir,
    language: app.getPreferredSystemLanguages()[0] ?? app.getLocale(),
  });
  dialog.showErrorBox(box.title, box.content);
  locker?.close();
  locker = null;
  // Not app.quit(): a window may be half made, and a failed start has nothing to save.
  app.exit(1);
}

async function start(): Promise<void> {
  const root = app.getAppPath();
  // better-sqlite3 needs its Electron-ABI build (scripts/build-electron-native.js), shipped beside the app;
  // every database the process opens uses it from here on.
  useNativeBinding(
    electronNativeBinding([path.join(process.resourcesPath, 'native'), path.join(root, 'native')]),
  );
  storeDir = resolveStoreDir(storeFlag(process.argv), process.env);
  // An encrypted locker opens through the keychain when it was remembered there, else the page asks.
  const gate = await LockerGate.open(storeDir, { actor: 'app', keychain: await electronKeychain() });
  hardenSession(session.defaultSession);
  handleProtocols(session.defaultSession, {
    rendererDir: path.join(root, 'dist', 'renderer'),
    locker: () => locker,
  });
  registerGateIpc(gate);
  gate.whenOpen((opened) => {
    locker = opened;
    staging = new UploadStaging(opened);
    ocr = new BackgroundOcr(opened);
    registerIpc(opened, staging, ocr);
    registerEncryptIpc(gate);
    ocr.kick();
  });
  // Before the locker closes to be encrypted, what reads or writes it stops.
  gate.onClose(async () => {
    await ocr?.stop();
    await staging?.close();
    locker = null;
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

  // The picture being read is finished and saved before the locker closes (for a few seconds at most).
  app.on(
    'will-quit',
    quitGuard({
      busy: () => ocr?.isRunning ?? false,
      drain: () => ocr?.stop() ?? Promise.resolve(),
      quit: () => app.quit(),
      cleanup: () => {
        void ocr?.stop();
        void staging?.close();
        locker?.close();
        locker = null;
      },
    }),
  );

  app.whenReady().then(start).catch(failStartup);
}
