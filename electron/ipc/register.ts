import { randomBytes } from 'node:crypto';
import { app, BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import type { Locker } from '../services/locker.ts';
import { isCallName, type CallContext } from '../services/calls/index.ts';
import { runExport } from '../services/calls/export.ts';
import { importPaths } from '../services/calls/imports.ts';
import { backupFileName, backupJobsOf } from './backups.ts';
import type { LockerGate } from './gate.ts';
import { isTrustedSender } from '../security.ts';
import { CALL_CHANNEL, type ElectronChannel } from './channels.ts';
import type { Output, ParsedInput, Result } from './contract.ts';
import { NotFoundError } from '../services/errors.ts';
import { coded } from '../messages/say.ts';
import { answerCall, dispatch, fail } from './dispatch.ts';
import type { BackgroundOcr } from './ocr-background.ts';
import type { UploadStaging } from './uploads.ts';

/*
 * Electron's IPC over a locker in the same process. The app no longer uses it — its locker runs in a utility
 * process and main forwards to it (register-remote.ts) — but test/electron/transports.test.ts still drives the
 * calls through it beside the bridge and runCall; retire it when that test takes main's forwarding door.
 *
 * A thin transport. Every declared call (electron/services/calls) travels on the one
 * CALL_CHANNEL as `(name, input)`; the few routes only main answers (its dialogs, dropped paths, pasted
 * bytes) keep channels of their own. Either way: sender frame checked, input parsed, run, result enveloped.
 */

/** Only the app's own top-level page may call; a frame or a foreign origin gets a refusal, not data. */
function isFromApp(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null);
}

const REFUSED = coded('not-from-app');

/** What answers the call channel now: the gate alone before the locker opens, then the open locker's calls. */
const doors: { ctx: CallContext | null; gate?: LockerGate } = { ctx: null };

/** Set by registerIpc: starts the background OCR reader after every import. */
let afterImport: (() => void) | null = null;

function handleCalls(): void {
  ipcMain.removeHandler(CALL_CHANNEL);
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, raw: unknown): Promise<Result<unknown>> => {
    if (!isFromApp(event)) return fail('refused', REFUSED);
    // The page can name a declared call and nothing else: no route of main's (paths, dialogs) is reachable here.
    if (!isCallName(name)) return fail('refused', coded('no-such-call'));
    const result = await answerCall(name, raw, doors);
    // New images wait in the OCR queue: the background reader picks them up, never holding up the import.
    if (name.startsWith('import:')) afterImport?.();
    return result;
  });
}

type Run<C extends ElectronChannel> = (
  input: ParsedInput<C>,
  event: IpcMainInvokeEvent,
) => Promise<Output<C>>;

/** One of main's own routes: sender frame checked, input parsed, handler run, result enveloped. */
function handle<C extends ElectronChannel>(channel: C, run: Run<C>): void {
  ipcMain.removeHandler(channel);
  ipcMain.handle(channel, async (event, raw: unknown): Promise<Result<Output<C>>> => {
    if (!isFromApp(event)) return fail('refused', REFUSED);
    const result = await dispatch(channel, raw, (input) => run(input, event));
    if (channel.startsWith('import:')) afterImport?.();
    return result;
  });
}

/** Before an encrypted locker is open: only its status and the unlock are answered; the rest say "locked". */
export function registerGateIpc(gate: LockerGate): void {
  doors.gate = gate;
  // While the locker is closed to be encrypted, its calls say "locked" instead of reaching a closed database.
  gate.onClose(() => {
    doors.ctx = null;
    return Promise.resolve();
  });
  handleCalls();
}

/** Turning encryption on closes and reopens the locker: only the gate can (`answerCall` routes it there). */
export function registerEncryptIpc(gate: LockerGate): void {
  doors.gate = gate;
}

export function registerIpc(locker: Locker, staging: UploadStaging, ocr?: BackgroundOcr): void {
  afterImport = ocr ? () => ocr.kick() : null;
  // Staging also keeps password-protected files (by id) until the user gives the password or gives up.
  doors.ctx = { locker, ocr };
  handleCalls();
  /** Files `export:save` wrote in this run, by id. */
  const written = new Map<string, string>();

  // Main owns the dialog: the renderer asks for "files for this case" and never sees a path.
  handle('import:pick', async ({ caseId }, event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[] };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (picked.canceled || picked.filePaths.length === 0) return null;
    return importPaths(locker, caseId, picked.filePaths, 'dialog');
  });
  // Paths the preload resolved with webUtils.getPathForFile from files the user dropped.
  handle('import:paths', ({ caseId, paths }) => importPaths(locker, caseId, paths, 'drop'));
  // Pasted screenshots have no path: their bytes are staged like a browser upload.
  handle('import:bytes', ({ caseId, files }) => staging.fileBytes(caseId, files, 'paste'));
  // Main owns the save dialog too: the page says what to export, the user says where, no path crosses over.
  handle('export:save', async (input, event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = {
      defaultPath: `evidence-packet-${input.lang}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    };
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return null;
    const out = /\.pdf$/i.test(chosen.filePath) ? chosen.filePath : `${chosen.filePath}.pdf`;
    return runExport(locker, input, out, (file) => {
      const id = randomBytes(16).toString('hex');
      written.set(id, file);
      return id;
    });
  });
  // Main owns the dialog here too: the page asks for "a backup" and never names the file.
  handle('backup:save', async (_input, event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = {
      defaultPath: backupFileName(new Date()),
      filters: [{ name: 'Evidence Locker backup', extensions: ['backup'] }],
    };
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return null;
    const jobs = backupJobsOf(locker);
    return jobs.status(jobs.start(chosen.filePath));
  });
  // Restoring makes a new locker in a new folder: never over this one. Both paths come from main's dialogs.
  handle('backup:restore', async (_input, event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const pick = async <T extends Electron.OpenDialogOptions>(options: T) =>
      win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
    const file = await pick({
      properties: ['openFile'],
      filters: [{ name: 'Evidence Locker backup', extensions: ['backup', 'zip'] }],
    });
    if (file.canceled || !file.filePaths[0]) return null;
    const folder = await pick({
      title: 'A new, empty folder for the restored locker',
      properties: ['openDirectory', 'createDirectory'],
    });
    if (folder.canceled || !folder.filePaths[0]) return null;
    const jobs = backupJobsOf(locker);
    return jobs.status(jobs.restore(file.filePaths[0], folder.filePaths[0]));
  });
  // Only a folder a verified restore of this run made: the page cannot name any other.
  handle('backup:open', ({ jobId }) => {
    const dir = backupJobsOf(locker).restoredDir(jobId);
    if (!dir) throw new NotFoundError('restored-locker', jobId);
    const args = process.argv.slice(1).filter((a, i, all) => a !== '--store' && all[i - 1] !== '--store');
    app.relaunch({ args: [...args.filter((a) => !a.startsWith('--store=')), '--store', dir] });
    // A normal quit, not app.exit: the picture being read is saved and the locker closed (will-quit) first.
    app.quit();
    return Promise.resolve(null);
  });
  // "Show in folder" by the id of a file this run wrote: the page can name no other file.
  handle('export:reveal', async ({ downloadId }) => {
    const file = written.get(downloadId);
    if (!file) throw new NotFoundError('exported-file', downloadId);
    shell.showItemInFolder(file);
    return Promise.resolve(null);
  });
}
