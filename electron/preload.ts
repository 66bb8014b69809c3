import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CALL_CHANNEL, isMenuCommand, MENU_COMMAND_CHANNEL } from './ipc/channels.ts';
import type { CallInvoke, ImportSummary, PreloadApi, Result } from './ipc/contract.ts';

/*
 * The page's only door to main: a frozen object of named functions. Never ipcRenderer itself, never a send on
 * a channel the page names. Bundled to one CommonJS file (sandboxed preloads cannot load ES modules).
 */

/**
 * A declared call by name, always on the one call channel: main answers only names the calls declare, so the
 * page reaches no route of main's own (dropped paths, dialogs) through it. The list of names lives in main,
 * with the declarations; this file bundles none of them.
 */
const invoke = ((name: string, input: unknown) =>
  ipcRenderer.invoke(CALL_CHANNEL, name, input)) as CallInvoke;

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
