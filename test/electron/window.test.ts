import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Importing the real `electron` package in a test starts a binary download: a stand-in with what window.ts uses.
const electron = vi.hoisted(() => {
  type Listener = () => void;
  class FakeWindow {
    static last: FakeWindow | null = null;
    readonly listeners = new Map<string, Listener>();
    readonly webContents = { send: vi.fn() };
    isMaximizedValue = false;
    isDestroyedValue = false;
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.last = this;
    }
    on(name: string, fn: Listener) {
      this.listeners.set(name, fn);
      return this;
    }
    once(name: string, fn: Listener) {
      return this.on(name, fn);
    }
    maximize = vi.fn();
    show = vi.fn();
    isMaximized() {
      return this.isMaximizedValue;
    }
    isDestroyed() {
      return this.isDestroyedValue;
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1100, height: 760 };
    }
  }
  const display = (id: number, x: number, y: number, width: number, height: number) => ({
    id,
    workArea: { x, y, width, height },
  });
  return {
    FakeWindow,
    displays: [display(1, 0, 0, 1920, 1040)],
    module: {
      BrowserWindow: FakeWindow,
      Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
      app: {
        getPreferredSystemLanguages: vi.fn(() => ['en-GB']),
        getLocale: () => 'en-GB',
        getVersion: () => '0.1.0',
      },
      dialog: { showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })) },
      shell: { showItemInFolder: vi.fn() },
      screen: {
        getPrimaryDisplay: (): { id: number; workArea: object } => electron.displays[0]!,
        getAllDisplays: () => electron.displays,
      },
    },
  };
});
vi.mock('electron', () => electron.module);

const win = await import('../../electron/window.ts');

type Item = MenuItemConstructorOptions;
const send = vi.fn();
const showAbout = vi.fn();
const showLocker = vi.fn();

function template(platform: NodeJS.Platform, isDevelopment = false, language = 'en-US'): Item[] {
  return win.menuTemplate({ platform, isDevelopment, language, send, showAbout, showLocker });
}

/** Every item at every depth. */
function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function find(items: Item[], id: string): Item {
  const found = flatten(items).find((item) => item.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
}

function menu(items: Item[], label: string): Item[] {
  const found = items.find((item) => item.label === label);
  if (!found || !Array.isArray(found.submenu)) throw new Error(`no menu ${label}`);
  return found.submenu;
}

const roles = (items: Item[]) => items.map((item) => item.role ?? item.type ?? item.id);
const click = (item: Item) => (item.click as () => void)();

beforeEach(() => {
  vi.clearAllMocks();
});

describe('secureWebPreferences and mainWindowOptions', () => {
  it('isolates and sandboxes the renderer, with no Node and no spell-check downloads', () => {
    expect(win.secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('gives the main window those preferences, its remembered bounds, and no flash of an empty window', () => {
    const options = win.mainWindowOptions('/app/preload.cjs', {
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      isMaximized: false,
    });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(options.webPreferences).toEqual(win.secureWebPreferences('/app/preload.cjs'));
    expect(win.mainWindowOptions('/p', { width: 900, height: 600, isMaximized: false })).not.toHaveProperty(
      'x',
    );
  });
});

describe('readWindowState', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  const stateFile = (state: unknown) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'win-')), 'state.json');
    writeFileSync(file, typeof state === 'string' ? state : JSON.stringify(state));
    return file;
  };

  it('falls back to a default for a missing or hostile file', () => {
    const fallback = { width: 1280, height: 820, isMaximized: false };
    expect(win.readWindowState('/nonexistent/state.json', screen)).toEqual(fallback);
    for (const text of ['', 'null', '[]', '"x"', '{"width":"1e9"}', '{"__proto__":{"x":1}}']) {
      expect(win.readWindowState(stateFile(text), screen)).toEqual(fallback);
    }
  });

  it('drops a position on no connected screen and absurd sizes', () => {
    const file = stateFile({ x: 5000, y: 5000, width: 1e9, height: 600, isMaximized: 'yes' });
    expect(win.readWindowState(file, screen)).toEqual({ width: 1280, height: 600, isMaximized: false });
    const sane = { x: 100, y: 80, width: 1000, height: 700, isMaximized: true };
    expect(win.readWindowState(stateFile(sane), screen)).toEqual(sane);
  });
});

describe('fitWindowState', () => {
  const laptop = { x: 0, y: 25, width: 1440, height: 875 };
  const external = { x: 1440, y: 0, width: 2560, height: 1415 };

  it('keeps a window that fits where it was', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, isMaximized: false };
    expect(win.fitWindowState(state, [laptop, external])).toEqual(state);
  });

  it('shrinks a window larger than its screen and moves it wholly onto it', () => {
    expect(
      win.fitWindowState({ x: 60, y: 40, width: 1800, height: 1000, isMaximized: false }, [laptop, external]),
    ).toEqual({ x: 0, y: 25, width: 1440, height: 875, isMaximized: false });
  });

  it('pulls a window hanging off a screen edge back so its title bar can be grabbed', () => {
    expect(
      win.fitWindowState({ x: 3800, y: -300, width: 1000, height: 700, isMaximized: false }, [
        laptop,
        external,
      ]),
    ).toEqual({ x: 3000, y: 0, width: 1000, height: 700, isMaximized: false });
  });

  it('opens on the primary screen, sized to it, when the screen it was on is unplugged', () => {
    expect(
      win.fitWindowState({ x: 4500, y: 200, width: 1600, height: 1000, isMaximized: true }, [laptop]),
    ).toEqual({ width: 1440, height: 875, isMaximized: true });
  });

  it('leaves the state alone when no screen is known', () => {
    expect(win.fitWindowState({ x: 1, y: 2, width: 900, height: 600, isMaximized: false }, [])).toEqual({
      width: 900,
      height: 600,
      isMaximized: false,
    });
  });
});

describe('createMainWindow', () => {
  it('opens at the remembered place with the secure preferences and saves the place on close', () => {
    const stateFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'win-')), 'window-state.json');
    writeFileSync(stateFile, JSON.stringify({ x: 200, y: 100, width: 1000, height: 700, isMaximized: true }));
    const created = win.createMainWindow({ preload: '/app/preload.cjs', stateFile });
    const fake = electron.FakeWindow.last!;
    expect(created).toBe(fake);
    expect(fake.options).toEqual(
      win.mainWindowOptions('/app/preload.cjs', {
        x: 200,
        y: 100,
        width: 1000,
        height: 700,
        isMaximized: true,
      }),
    );
    expect(fake.maximize).toHaveBeenCalled();
    fake.listeners.get('close')?.();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      x: 40,
      y: 30,
      width: 1100,
      height: 760,
      isMaximized: false,
    });
  });
});

describe('menuTemplate', () => {
  it.each(['darwin', 'win32', 'linux'] as const)(
    'has the File commands with their shortcuts on %s',
    (platform) => {
      const items = template(platform);
      expect(find(items, 'case:new')).toMatchObject({ label: 'New case', accelerator: 'CmdOrCtrl+N' });
      expect(find(items, 'files:add')).toMatchObject({ label: 'Add files…', accelerator: 'CmdOrCtrl+O' });
      expect(find(items, 'packet:export')).toMatchObject({
        label: 'Export packet…',
        accelerator: 'CmdOrCtrl+E',
      });
      expect(roles(menu(items, 'File'))).toContain('close');
    },
  );

  it('sends each command to the page by its fixed name', () => {
    const items = template('linux');
    for (const command of win.MENU_COMMANDS) click(find(items, command));
    expect(send.mock.calls).toEqual(win.MENU_COMMANDS.map((command) => [command]));
  });

  it('puts About and Quit where each platform expects them', () => {
    const mac = template('darwin');
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(roles(menu(mac, 'File'))).not.toContain('quit');
    const linux = template('linux');
    expect(flatten(linux).some((item) => item.role === 'appMenu')).toBe(false);
    expect(roles(menu(linux, 'File'))).toContain('quit');
  });

  it('has the standard Edit items', () => {
    expect(roles(menu(template('win32'), 'Edit'))).toEqual([
      'undo',
      'redo',
      'separator',
      'cut',
      'copy',
      'paste',
      'delete',
      'separator',
      'selectAll',
    ]);
    expect(roles(menu(template('darwin'), 'Edit'))).toContain('pasteAndMatchStyle');
  });

  it.each(['darwin', 'win32', 'linux'] as const)(
    'has zoom and full screen but no reload or developer tools in production on %s',
    (platform) => {
      const items = template(platform, false);
      expect(roles(menu(items, 'View'))).toEqual([
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'separator',
        'togglefullscreen',
      ]);
      const everyRole = flatten(items).map((item) => item.role);
      for (const role of ['reload', 'forceReload', 'toggleDevTools'] as const)
        expect(everyRole).not.toContain(role);
    },
  );

  it('adds reload and developer tools in development only', () => {
    expect(roles(menu(template('linux', true), 'View')).slice(0, 3)).toEqual([
      'reload',
      'forceReload',
      'toggleDevTools',
    ]);
  });

  it('has a Window menu and a Help menu with About and the locker folder', () => {
    const items = template('linux');
    expect(roles(menu(items, 'Window'))).toEqual(['minimize', 'close']);
    expect(items.find((item) => item.label === 'Window')).not.toHaveProperty('role');
    expect(template('darwin').find((item) => item.label === 'Window')?.role).toBe('windowMenu');
    const help = menu(items, 'Help');
    expect(help.map((item) => item.label)).toEqual(['About Evidence Locker', 'Where is my locker?']);
    click(find(items, 'help:about'));
    click(find(items, 'help:locker'));
    expect(showAbout).toHaveBeenCalledTimes(1);
    expect(showLocker).toHaveBeenCalledTimes(1);
  });

  it('gives every shortcut one meaning', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const accelerators = flatten(template(platform, true))
        .map((item) => item.accelerator)
        .filter(Boolean);
      expect(new Set(accelerators).size).toBe(accelerators.length);
    }
  });

  it('speaks Chinese when the system does, role items included', () => {
    const items = template('win32', false, 'zh-CN');
    expect(items.map((item) => item.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(find(items, 'case:new')).toMatchObject({ label: '新建案件', accelerator: 'CmdOrCtrl+N' });
    expect(menu(items, '编辑').find((item) => item.role === 'copy')?.label).toBe('复制');
    expect(template('linux', false, 'zh-Hans-CN')[0]?.label).toBe('文件');
    expect(template('linux', false, 'fr-FR')[0]?.label).toBe('File');
  });
});

describe('menu commands', () => {
  it('accepts only the fixed command names', () => {
    for (const command of win.MENU_COMMANDS) expect(win.isMenuCommand(command)).toBe(true);
    for (const value of [
      '',
      'case:delete',
      'CASE:NEW',
      ' case:new',
      'case:new\0',
      null,
      undefined,
      1,
      {},
      ['case:new'],
    ]) {
      expect(win.isMenuCommand(value)).toBe(false);
    }
  });

  it('sends a command on menu:command to a live window only', () => {
    const target = new electron.FakeWindow({});
    win.sendMenuCommand(target as never, 'files:add');
    expect(target.webContents.send).toHaveBeenCalledWith('menu:command', 'files:add');
    win.sendMenuCommand(target as never, 'case:delete' as never);
    target.isDestroyedValue = true;
    win.sendMenuCommand(target as never, 'case:new');
    win.sendMenuCommand(null, 'case:new');
    expect(target.webContents.send).toHaveBeenCalledTimes(1);
  });
});

describe('buildMenu', () => {
  it('installs the menu, wired to the current window, the about box and the locker folder', async () => {
    const target = new electron.FakeWindow({});
    let current: InstanceType<typeof electron.FakeWindow> | null = null;
    win.buildMenu({
      isDevelopment: false,
      storeDir: '/home/u/.config/Evidence Locker/locker',
      getWindow: () => current as never,
    });
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const items = electron.module.Menu.buildFromTemplate.mock.calls[0]![0] as Item[];

    // The window is looked up when the item is clicked, not when the menu is built.
    current = target;
    click(find(items, 'case:new'));
    expect(target.webContents.send).toHaveBeenCalledWith('menu:command', 'case:new');

    click(find(items, 'help:locker'));
    expect(electron.module.shell.showItemInFolder).toHaveBeenCalledWith(
      '/home/u/.config/Evidence Locker/locker',
    );

    click(find(items, 'help:about'));
    await Promise.resolve();
    expect(electron.module.dialog.showMessageBox).toHaveBeenCalledWith(
      target,
      expect.objectContaining({ message: 'Evidence Locker 0.1.0' }),
    );
    expect(flatten(items).some((item) => item.role === 'toggleDevTools')).toBe(false);
  });
});
