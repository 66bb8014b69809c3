import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type {
  IpcMainInvokeEvent,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';
import { coded } from '../messages/say.ts';
import { isTrustedSender } from '../security.ts';
import { CALL_CHANNEL, type ElectronChannel } from './channels.ts';
import type { ExportSummary, Result } from './contract.ts';
import { fail, ok } from './envelope.ts';
import { backupFileName, packetFileName } from './file-names.ts';

/*
 * Electron's IPC in main, with the locker in a process of its own (host/): a thin, checked gateway. The page's
 * declared calls are forwarded as they came, on the one CALL_CHANNEL; the locker's process answers declared
 * names only. Main's own routes check the sender frame, have the input checked where the schemas live, show
 * main's dialogs, then make one of the host:* calls with the paths the user chose. No route parses, runs or
 * stores anything of the locker's here. Electron's pieces come in as parameters (tests give stand-ins).
 */

/** What main needs of the locker's process: its calls (null when it is not running). */
export type HostCalls = { call(channel: string, input: unknown): Promise<Result<unknown>> };

export type RemoteIpc = {
  ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
    removeHandler(channel: string): void;
  };
  host: () => HostCalls | null;
  /** Main's pickers, attached to the window that asked (BrowserWindow.fromWebContents(event.sender)). */
  showOpenDialog: (event: IpcMainInvokeEvent, options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;
  showSaveDialog: (event: IpcMainInvokeEvent, options: SaveDialogOptions) => Promise<SaveDialogReturnValue>;
  showItemInFolder: (file: string) => void;
  /** Opens a restored locker: the app starts again on that folder, through a normal quit. */
  relaunchOn: (storeDir: string) => void;
};

/** Only the app's own top-level page may call; a frame or a foreign origin gets a refusal, not data. */
function isFromApp(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null);
}

const REFUSED = coded('not-from-app');
const STOPPED = fail('internal', coded('host.stopped'));

export function registerRemoteIpc(ipc: RemoteIpc): void {
  const call = (channel: string, input: unknown): Promise<Result<unknown>> =>
    ipc.host()?.call(channel, input) ?? Promise.resolve(STOPPED);

  ipc.ipcMain.removeHandler(CALL_CHANNEL);
  ipc.ipcMain.handle(CALL_CHANNEL, (event, name, input) => {
    if (!isFromApp(event)) return fail('refused', REFUSED);
    // Forwarded as it came: the locker's process knows the declared names and refuses any other.
    return call(CALL_CHANNEL, { name, input });
  });

  /** One of main's routes: sender checked, input checked by the locker's schemas, then `run` on the result. */
  const route = <I>(
    channel: ElectronChannel,
    run: (input: I, event: IpcMainInvokeEvent) => Promise<Result<unknown>>,
  ) => {
    ipc.ipcMain.removeHandler(channel);
    ipc.ipcMain.handle(channel, async (event, raw) => {
      if (!isFromApp(event)) return fail('refused', REFUSED);
      const parsed = await call('host:parse', { route: channel, input: raw });
      if (!parsed.ok) return parsed;
      return run(parsed.value as I, event);
    });
  };

  // Main owns the dialog: the renderer asks for "files for this case" and never sees a path.
  route<{ caseId: string }>('import:pick', async ({ caseId }, event) => {
    const picked = await ipc.showOpenDialog(event, { properties: ['openFile', 'multiSelections'] });
    if (picked.canceled || picked.filePaths.length === 0) return ok(null);
    return call('host:import-paths', { caseId, paths: picked.filePaths, method: 'dialog' });
  });
  // Paths the preload resolved with webUtils.getPathForFile from files the user dropped.
  route<{ caseId: string; paths: string[] }>('import:paths', ({ caseId, paths }) =>
    call('host:import-paths', { caseId, paths, method: 'drop' }),
  );
  // Pasted screenshots have no path: their bytes are staged like a browser upload (parsed over there).
  ipc.ipcMain.removeHandler('import:bytes');
  ipc.ipcMain.handle('import:bytes', (event, input) =>
    isFromApp(event) ? call('import:bytes', input) : fail('refused', REFUSED),
  );

  /** Files `export:save` wrote in this run, by id: "Show in folder" can name no other file. */
  const written = new Map<string, string>();
  // The page says what to export, the user says where: no path crosses over.
  route<{ lang: string } & Record<string, unknown>>('export:save', async (input, event) => {
    const chosen = await ipc.showSaveDialog(event, {
      defaultPath: packetFileName(input.lang),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
    if (chosen.canceled || !chosen.filePath) return ok(null);
    const out = /\.pdf$/i.test(chosen.filePath) ? chosen.filePath : `${chosen.filePath}.pdf`;
    const result = await call('host:export-to', { ...input, out });
    if (!result.ok) return result;
    // The packet and its archive are written beside each other, under the names the summary gives.
    const summary = result.value as ExportSummary;
    const files = summary.files.map((f) => {
      const downloadId = randomBytes(16).toString('hex');
      written.set(downloadId, path.join(path.dirname(out), f.name));
      return { ...f, downloadId };
    });
    return ok({ ...summary, files });
  });
  route<{ downloadId: string }>('export:reveal', ({ downloadId }) => {
    const file = written.get(downloadId);
    if (!file) {
      return Promise.resolve(
        fail('not_found', coded('not-found', { thing: coded('thing.exported-file'), id: downloadId })),
      );
    }
    ipc.showItemInFolder(file);
    return Promise.resolve(ok(null));
  });

  route('backup:save', async (_input, event) => {
    const chosen = await ipc.showSaveDialog(event, {
      defaultPath: backupFileName(new Date()),
      filters: [{ name: 'Evidence Locker backup', extensions: ['backup'] }],
    });
    if (chosen.canceled || !chosen.filePath) return ok(null);
    return call('host:backup-to', { out: chosen.filePath });
  });
  // Restoring makes a new locker in a new folder, never over this one; both paths come from main's dialogs.
  route('backup:restore', async (_input, event) => {
    const file = await ipc.showOpenDialog(event, {
      properties: ['openFile'],
      filters: [{ name: 'Evidence Locker backup', extensions: ['backup', 'zip'] }],
    });
    if (file.canceled || !file.filePaths[0]) return ok(null);
    const folder = await ipc.showOpenDialog(event, {
      title: 'A new, empty folder for the restored locker',
      properties: ['openDirectory', 'createDirectory'],
    });
    if (folder.canceled || !folder.filePaths[0]) return ok(null);
    return call('host:restore', { file: file.filePaths[0], folder: folder.filePaths[0] });
  });
  // Only a folder a verified restore of this run made: the locker's process knows which, by job id.
  route<{ jobId: string }>('backup:open', async ({ jobId }) => {
    const dir = await call('host:restored-dir', { jobId });
    if (!dir.ok) return dir;
    ipc.relaunchOn(dir.value as string);
    return ok(null);
  });
}
