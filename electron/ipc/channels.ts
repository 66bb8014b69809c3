/**
 * The names of every channel, with no schema attached: the sandboxed preload bundles this file and nothing
 * heavier. `noun:verb`, as in Signal Desktop.
 */
export const SHARED_CHANNELS = [
  'case:list',
  'case:create',
  'case:update',
  'case:get',
  'timeline:get',
  'evidence:get',
  'evidence:update',
  'evidence:trash',
  'event:add',
  'event:delete',
  'locker:verify',
  'transaction:list',
  'transaction:dispute',
  // The dispute ledger: the user joins two rows into one payment, splits one out, turns a suggestion down,
  // confirms the matcher's single-candidate suggestions, corrects how a payment moved.
  'payment:join',
  'payment:split',
  'payment:reject',
  'payment:confirm',
  'payment:rail',
  // What an officer would send the packet back for, before it is exported.
  'export:ready',
  // Which items go into the packet, in what order (without trashing any).
  'export:exhibits',
  'export:exhibits:set',
  'message:list',
  'message:mark',
  'redaction:get',
  'redaction:set',
  'export:draft',
  // Full-text search and the background reading of screenshots (issue 6).
  'search:query',
  'ocr:status',
  'ocr:set',
  'ocr:get',
  // The guided dispute: the six-step plan, contacts and their deadlines, complaint texts, the complainant.
  'plan:get',
  'plan:set',
  'contact:add',
  'complaint:get',
  'claimant:get',
  'claimant:set',
  // The auto-debit agreement read from a screenshot of its page, and recorded once the user has checked it.
  'agreement:read',
  'agreement:add',
  // The agreements of a case, typed in by the user (no screenshot needed), changed, closed.
  'agreement:list',
  'agreement:create',
  'agreement:update',
  // A password-protected archive kept (by id, never by path) until the user gives its password or gives up.
  'import:unlock',
  'import:forget',
  // An encrypted locker: whether it is open yet, and opening it with the passphrase or recovery key.
  'locker:status',
  'locker:unlock',
  'locker:encrypt',
  // A backup running in the background: its progress and, when done, its fingerprint.
  'backup:status',
  // The column map (issue 14): a table no importer read, mapped by the user; the saved maps, as JSON files.
  'columns:propose',
  'columns:preview',
  'columns:apply',
  'columns:undo',
  'layout:list',
  'layout:export',
  'layout:import',
  'layout:delete',
] as const;

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

export type SharedChannel = (typeof SHARED_CHANNELS)[number];
export type ElectronChannel = (typeof ELECTRON_CHANNELS)[number];
export type BridgeChannel = (typeof BRIDGE_CHANNELS)[number];
export type Channel = SharedChannel | ElectronChannel | BridgeChannel;

/** The channel main sends menu commands on; the preload's `onMenuCommand` is its only listener. */
export const MENU_COMMAND_CHANNEL = 'menu:command';

/** Everything a menu can ask the page to do: a fixed list, checked before sending and again on receipt. */
export const MENU_COMMANDS = ['case:new', 'files:add', 'packet:export'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
