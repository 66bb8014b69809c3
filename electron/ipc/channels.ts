/**
 * The transport's own names, with no schema attached: the sandboxed preload bundles this file and nothing
 * heavier. The calls themselves (`case:get`, `plan:set` …) are declared in electron/services/calls and travel
 * over IPC on the one CALL_CHANNEL; these are the routes only one transport answers. `noun:verb`, as in
 * Signal Desktop.
 */

/** The one IPC channel every declared call travels on: `(name, input)`; main refuses any name not declared. */
export const CALL_CHANNEL = 'locker:call';

/** Only the Electron main process answers these: it owns the dialogs and the paths the preload resolves. */
export const ELECTRON_CHANNELS = [
  'import:pick',
  'import:paths',
  'import:bytes',
  'export:save',
  'export:reveal',
  'backup:save',
  'backup:restore',
  'backup:open',
] as const;

/** Only the loopback bridge answers these: browser imports are uploads of bytes, never paths. */
/** `export:run` writes into the bridge's per-run export folder; the page downloads the files by id. */
export const BRIDGE_CHANNELS = ['import:begin', 'import:commit', 'export:run', 'backup:run'] as const;

export type ElectronChannel = (typeof ELECTRON_CHANNELS)[number];
export type BridgeChannel = (typeof BRIDGE_CHANNELS)[number];

/** The channel main sends menu commands on; the preload's `onMenuCommand` is its only listener. */
export const MENU_COMMAND_CHANNEL = 'menu:command';

/** Everything a menu can ask the page to do: a fixed list, checked before sending and again on receipt. */
export const MENU_COMMANDS = ['case:new', 'files:add', 'packet:export'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
