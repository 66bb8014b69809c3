import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isMenuCommand, MENU_COMMAND_CHANNEL, SHARED_CHANNELS } from './ipc/channels.ts';
import type { ImportSummary, PreloadApi, Result, SharedInvoke } from './ipc/contract.ts';

/*
 * The page's only door to main: a frozen object of named functions, one per allowed channel. Never
 * ipcRenderer itself, never a generic send. Bundled to one CommonJS file (sandboxed preloads cannot load
 * ES modules).
 */

const invoke = Object.freeze(
  Object.fromEntries(
    SHARED_CHANNELS.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
  ),
) as SharedInvoke;

async function importFiles(caseId: string, files: readonly File[]): Promise<Result<ImportSummary>> {
  const paths: string[] = [];
  const pathless: File[] = [];
  for (const file of files) {
    // A path exists only for files the user dropped or picked; files made up by the page get "".
    const p = webUtils.getPathForFile(file);
    if (p) paths.push(p);
    else pathless.push(file);
  }
  const results: Result<ImportSummary>[] = [];
  if (paths.length) {
    results.push((await ipcRenderer.invoke('import:paths', { caseId, paths })) as Result<ImportSummary>);
  }
  if (pathless.length) {
    const bytes = await Promise.all(
      pathless.map(async (f) => ({
        name: f.name,
        lastModified: f.lastModified,
        bytes: new Uint8Array(await f.arrayBuffer()),
      })),
    );
    results.push(
      (await ipcRenderer.invoke('import:bytes', { caseId, files: bytes })) as Result<ImportSummary>,
    );
  }
  const failed = results.find((r) => !r.ok);
  if (failed) return failed;
  return {
    ok: true,
    value: { caseId, files: results.flatMap((r) => (r.ok ? r.value.files : [])) },
  };
}

const api = Object.freeze({
  runtime: 'electron',
  invoke,
  pickFiles: (input) => ipcRenderer.invoke('import:pick', input) as ReturnType<PreloadApi['pickFiles']>,
  importFiles,
  saveExport: (input) => ipcRenderer.invoke('export:save', input) as ReturnType<PreloadApi['saveExport']>,
  saveBackup: () => ipcRenderer.invoke('backup:save', {}) as ReturnType<PreloadApi['saveBackup']>,
  restoreBackup: () => ipcRenderer.invoke('backup:restore', {}) as ReturnType<PreloadApi['restoreBackup']>,
  openRestored: (input) => ipcRenderer.invoke('backup:open', input) as ReturnType<PreloadApi['openRestored']>,
  revealExport: (input) =>
    ipcRenderer.invoke('export:reveal', input) as ReturnType<PreloadApi['revealExport']>,
  // The page gets the command name only, never the Electron event, and only names on the fixed list.
  onMenuCommand: (listener) => {
    const handler = (_event: unknown, command: unknown) => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(MENU_COMMAND_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, handler);
    };
  },
} satisfies PreloadApi);

contextBridge.exposeInMainWorld('locker', api);
