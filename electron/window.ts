import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  BrowserWindow,
  Menu,
  screen,
  type MenuItemConstructorOptions,
  type Rectangle,
  type WebPreferences,
} from 'electron';

/**
 * The only webPreferences in the app. Every window the renderer runs in gets exactly these: the page is
 * untrusted and reaches the locker only through the preload's named functions.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    // The page and the preload live in separate JavaScript worlds: the page cannot touch the preload's objects.
    contextIsolation: true,
    // The renderer runs in Chromium's OS sandbox with no Node.js.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Spell-check dictionaries are downloaded from Google: the app never goes online.
    spellcheck: false,
    safeDialogs: true,
  };
}

export type WindowState = { x?: number; y?: number; width: number; height: number; isMaximized: boolean };

const DEFAULT_STATE: WindowState = { width: 1280, height: 820, isMaximized: false };

/** The remembered size and place, if it is still sane and still on a connected screen. */
export function readWindowState(file: string, displays: Rectangle[]): WindowState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_STATE;
  }
  if (!parsed || typeof parsed !== 'object') return DEFAULT_STATE;
  const s = parsed as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
  const width = int(s.width, 640, 10_000) ?? DEFAULT_STATE.width;
  const height = int(s.height, 480, 10_000) ?? DEFAULT_STATE.height;
  const x = int(s.x, -20_000, 20_000);
  const y = int(s.y, -20_000, 20_000);
  const isVisible =
    x !== undefined &&
    y !== undefined &&
    displays.some((d) => x + 100 > d.x && x < d.x + d.width && y >= d.y - 10 && y < d.y + d.height - 50);
  return {
    ...(isVisible ? { x, y } : {}),
    width,
    height,
    isMaximized: s.isMaximized === true,
  };
}

export function createMainWindow(options: { preload: string; stateFile: string }): BrowserWindow {
  const state = readWindowState(
    options.stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Evidence Locker',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(options.preload),
  });
  if (state.isMaximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    const next: WindowState = { ...bounds, isMaximized: win.isMaximized() };
    void writeFile(options.stateFile, JSON.stringify(next)).catch(() => undefined);
  });
  return win;
}

/**
 * The usual menus and their shortcuts (edit, zoom, window). The app's own commands (new case, add files,
 * find) are keyboard shortcuts handled in the page, so they work the same in Electron and in the browser.
 * No reload or developer tools items: a reload drops unsaved edits, and devtools is an open door.
 */
export function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
