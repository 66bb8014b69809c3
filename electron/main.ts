import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, session } from 'electron';
import type { Locker } from './services/locker.ts';
import { LockerGate } from './ipc/gate.ts';
import { electronKeychain } from './keychain.ts';
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
 * security.ts, window.ts, protocols.ts and ipc/, each small enough to read at once.
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

// One app, one locker writer: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', (event) => {
    // The image being read is finished and saved before the locker closes; then the quit goes on.
    if (ocr?.isRunning) {
      event.preventDefault();
      void ocr.stop().finally(() => app.quit());
      return;
    }
    void ocr?.stop();
    void staging?.close();
    locker?.close();
    locker = null;
  });

  void app.whenReady().then(async () => {
    const root = app.getAppPath();
    // better-sqlite3 needs its Electron-ABI build (scripts/build-electron-native.js), shipped beside the app.
    useNativeBinding(
      electronNativeBinding([
        path.join(process.resourcesPath, 'native'),
        path.join(app.getAppPath(), 'native'),
      ]),
    );
    const storeDir = resolveStoreDir(storeFlag(process.argv), process.env);
    // An encrypted locker opens through the keychain when it was remembered there, else the page asks.
    const gate = await LockerGate.open(storeDir, {
      actor: 'app',
      keychain: electronKeychain(),
    });
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
    const userData = app.getPath('userData');
    mkdirSync(userData, { recursive: true });
    mainWindow = createMainWindow({
      preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
      stateFile: path.join(userData, 'window-state.json'),
    });
    mainWindow.on('closed', () => (mainWindow = null));
    await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  });
}
