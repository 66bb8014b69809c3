import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuCommand, PreloadApi } from '../../electron/ipc/contract.ts';

// Importing the real `electron` package in a test starts a binary download: a stand-in with what preload.ts uses.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const exposed: Record<string, unknown> = {};
  return {
    exposed,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer: {
      invoke: vi.fn(),
      on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) =>
        listeners.get(channel)?.delete(fn),
    },
    webUtils: { getPathForFile: () => '' },
  };
});
vi.mock('electron', () => electron);

function emit(channel: string, ...args: unknown[]) {
  for (const fn of electron.listeners.get(channel) ?? []) fn({ sender: 'the raw event' }, ...args);
}

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    electron.listeners.clear();
    await import('../../electron/preload.ts');
  });

  it('exposes one frozen object of named functions, never ipcRenderer', () => {
    const api = electron.exposed.locker as PreloadApi;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(
      [
        'importFiles',
        'invoke',
        'onMenuCommand',
        'openRestored',
        'pickFiles',
        'restoreBackup',
        'revealExport',
        'runtime',
        'saveBackup',
        'saveExport',
      ].sort(),
    );
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('sends every declared call on the one call channel, by name', async () => {
    const api = electron.exposed.locker as PreloadApi;
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    expect(await api.invoke('case:list', {})).toEqual({ ok: true, value: [] });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('locker:call', 'case:list', {});
  });

  it('passes menu commands on the fixed list to the page, without the Electron event, until unsubscribed', () => {
    const api = electron.exposed.locker as PreloadApi;
    const seen: unknown[][] = [];
    const unsubscribe = api.onMenuCommand((...args: [MenuCommand]) => seen.push(args));
    emit('menu:command', 'files:add');
    emit('menu:command', 'case:delete');
    emit('menu:command', { command: 'case:new' });
    emit('menu:command', 'packet:export');
    unsubscribe();
    emit('menu:command', 'case:new');
    expect(seen).toEqual([['files:add'], ['packet:export']]);
  });
});
