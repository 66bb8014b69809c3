import { readFileSync, writeFileSync } from 'node:fs';
import { isMenuCommand, MENU_COMMAND_CHANNEL, type MenuCommand } from './ipc/channels.ts';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  screen,
  shell,
  type BrowserWindowConstructorOptions,
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

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Fits a window onto the connected screens' work areas (primary first): it goes to the screen it overlaps
 * most, shrunk to that screen and moved wholly onto it, so its title bar can always be grabbed. A window on
 * no connected screen (an unplugged monitor) loses its position and opens centred on the primary one.
 */
export function fitWindowState(state: WindowState, displays: readonly Rectangle[]): WindowState {
  const { x, y, ...rest } = state;
  const hasPosition = x !== undefined && y !== undefined;
  const rect = { x: x ?? 0, y: y ?? 0, width: state.width, height: state.height };
  let best: Rectangle | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const area = hasPosition ? overlap(rect, display) : 0;
    if (area > bestArea) [best, bestArea] = [display, area];
  }
  const target = best ?? displays[0];
  if (!target) return rest;
  const width = Math.min(state.width, target.width);
  const height = Math.min(state.height, target.height);
  if (!best) return { ...rest, width, height };
  return {
    ...rest,
    x: clamp(rect.x, target.x, target.x + target.width - width),
    y: clamp(rect.y, target.y, target.y + target.height - height),
    width,
    height,
  };
}

/** The remembered size and place, if it is still sane and still on a connected screen (primary first). */
export function readWindowState(file: string, displays: Rectangle[]): WindowState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return fitWindowState(DEFAULT_STATE, displays);
  }
  if (!parsed || typeof parsed !== 'object') return fitWindowState(DEFAULT_STATE, displays);
  const s = parsed as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
  const x = int(s.x, -20_000, 20_000);
  const y = int(s.y, -20_000, 20_000);
  return fitWindowState(
    {
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
      width: int(s.width, 640, 10_000) ?? DEFAULT_STATE.width,
      height: int(s.height, 480, 10_000) ?? DEFAULT_STATE.height,
      isMaximized: s.isMaximized === true,
    },
    displays,
  );
}

/** The main window's options: the remembered bounds and the one set of secure webPreferences. */
export function mainWindowOptions(preload: string, state: WindowState): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Evidence Locker',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preload),
  };
}

export function createMainWindow(options: { preload: string; stateFile: string }): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)];
  const state = readWindowState(
    options.stateFile,
    displays.map((d) => d.workArea),
  );
  const win = new BrowserWindow(mainWindowOptions(options.preload, state));
  if (state.isMaximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const next: WindowState = { ...win.getNormalBounds(), isMaximized: win.isMaximized() };
    // Written synchronously: on quit the process may end before an async write lands. It is a few bytes.
    try {
      writeFileSync(options.stateFile, JSON.stringify(next));
    } catch {
      // Remembering the size is a convenience; failing to must never block closing the window.
    }
  });
  return win;
}

// ── Menus ────────────────────────────────────────────────────────────────────────────────────────────────

export { isMenuCommand, MENU_COMMAND_CHANNEL, MENU_COMMANDS, type MenuCommand } from './ipc/channels.ts';

/** Sends a menu command to a window's page; nothing else ever goes out on this channel. */
export function sendMenuCommand(win: BrowserWindow | null | undefined, command: MenuCommand): void {
  if (!win || win.isDestroyed() || !isMenuCommand(command)) return;
  win.webContents.send(MENU_COMMAND_CHANNEL, command);
}

const LABELS = {
  en: {
    file: 'File',
    newCase: 'New case',
    addFiles: 'Add files…',
    exportPacket: 'Export packet…',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About Evidence Locker',
    whereIsLocker: 'Where is my locker?',
  },
  zh: {
    file: '文件',
    newCase: '新建案件',
    addFiles: '添加文件…',
    exportPacket: '导出材料包…',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    about: '关于证据保管箱',
    whereIsLocker: '我的证据保管箱在哪里？',
  },
} as const;

type Role = NonNullable<MenuItemConstructorOptions['role']>;

/** Electron labels role items in English on Windows and Linux: a Chinese menu names them itself. */
const ROLE_LABELS_ZH: Partial<Record<Role, string>> = {
  undo: '撤销',
  redo: '重做',
  cut: '剪切',
  copy: '复制',
  paste: '粘贴',
  pasteAndMatchStyle: '粘贴并匹配样式',
  delete: '删除',
  selectAll: '全选',
  reload: '重新加载',
  forceReload: '强制重新加载',
  toggleDevTools: '开发者工具',
  resetZoom: '实际大小',
  zoomIn: '放大',
  zoomOut: '缩小',
  togglefullscreen: '全屏',
  minimize: '最小化',
  zoom: '缩放',
  front: '全部置于顶层',
  close: '关闭窗口',
  quit: '退出',
};

export type MenuOptions = {
  platform: NodeJS.Platform;
  /** Reload and developer tools exist only in development: a reload drops unsaved edits, devtools is an open door. */
  isDevelopment: boolean;
  /** The system's preferred language (`zh-CN`, `en-GB`…): Chinese gets a Chinese menu, anything else English. */
  language?: string;
  send: (command: MenuCommand) => void;
  showAbout: () => void;
  showLocker: () => void;
};

/** The application menu as a plain template, so its items and shortcuts are tested without Electron. */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const isZh = options.language?.toLowerCase().startsWith('zh') ?? false;
  const t = isZh ? LABELS.zh : LABELS.en;
  const role = (name: Role): MenuItemConstructorOptions => {
    const label = isZh ? ROLE_LABELS_ZH[name] : undefined;
    return label ? { role: name, label } : { role: name };
  };
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const command = (id: MenuCommand, label: string, accelerator: string): MenuItemConstructorOptions => ({
    id,
    label,
    accelerator,
    click: () => options.send(id),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: t.file,
      submenu: [
        command('case:new', t.newCase, 'CmdOrCtrl+N'),
        command('files:add', t.addFiles, 'CmdOrCtrl+O'),
        command('packet:export', t.exportPacket, 'CmdOrCtrl+E'),
        sep,
        role('close'),
        ...(isMac ? [] : [sep, role('quit')]),
      ],
    },
    {
      label: t.edit,
      submenu: [
        role('undo'),
        role('redo'),
        sep,
        role('cut'),
        role('copy'),
        role('paste'),
        ...(isMac ? [role('pasteAndMatchStyle')] : []),
        role('delete'),
        sep,
        role('selectAll'),
      ],
    },
    {
      label: t.view,
      submenu: [
        ...(options.isDevelopment ? [role('reload'), role('forceReload'), role('toggleDevTools'), sep] : []),
        role('resetZoom'),
        role('zoomIn'),
        role('zoomOut'),
        sep,
        role('togglefullscreen'),
      ],
    },
    {
      label: t.window,
      ...(isMac ? { role: 'windowMenu' as const } : {}),
      submenu: [role('minimize'), ...(isMac ? [role('zoom'), sep, role('front')] : [role('close')])],
    },
    {
      label: t.help,
      // On macOS the help role adds the system's search field to this menu.
      ...(isMac ? { role: 'help' as const } : {}),
      submenu: [
        { id: 'help:about', label: t.about, click: options.showAbout },
        { id: 'help:locker', label: t.whereIsLocker, click: options.showLocker },
      ],
    },
  ];
}

/** Installs the application menu. `getWindow` is read at click time: the window can be closed and reopened. */
export function buildMenu(options: {
  isDevelopment: boolean;
  storeDir: string;
  getWindow: () => BrowserWindow | null;
}): void {
  const template = menuTemplate({
    platform: process.platform,
    isDevelopment: options.isDevelopment,
    language: app.getPreferredSystemLanguages()[0] ?? app.getLocale(),
    send: (command) => sendMenuCommand(options.getWindow(), command),
    showAbout: () => {
      const box = {
        type: 'info' as const,
        title: 'Evidence Locker',
        message: `Evidence Locker ${app.getVersion()}`,
        detail:
          'Keeps the proof of a money dispute safe and in order. Everything stays on this computer: the app never goes online.',
        buttons: ['OK'],
      };
      const win = options.getWindow();
      void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
    },
    // Shows the locker folder selected in the file manager; opens nothing inside it.
    showLocker: () => shell.showItemInFolder(options.storeDir),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
