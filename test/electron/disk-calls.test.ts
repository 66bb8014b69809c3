import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { startBridge } from '../../electron/bridge/server.ts';
import { startLockerThread } from '../../electron/host/thread.ts';
import { CALL_CHANNEL } from '../../electron/ipc/channels.ts';
import { registerRemoteIpc } from '../../electron/ipc/register-remote.ts';
import { runDeclared, type Call } from '../../electron/services/calls/define.ts';
import { diskCalls, runDisk, type DiskAccess } from '../../electron/services/calls/disk.ts';
import { callNames, isCallName, runCall } from '../../electron/services/calls/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * The calls that name paths on this machine (services/calls/disk.ts) are the `locker` command's only: the page
 * never passes a path. Here the page's ways in — Electron's IPC in main (forwarding to the locker's own
 * process), the locker's process itself, and the loopback bridge over HTTP — are asked to run each of them
 * with a path the page chose, and every one refuses; nothing is written there. The same declarations run for
 * the command.
 */

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

const tempDir = useTempDirs();
const APP_PAGE = { senderFrame: { url: 'app://ui/index.html', parent: null }, sender: {} };
const DISK_NAMES = Object.keys(diskCalls) as (keyof typeof diskCalls)[];

/** What a page would send to make each disk call write or read where it chose. */
function pageInputs(caseId: string, target: string, shot: string): Record<string, unknown> {
  return {
    'disk:add': { caseId, paths: [shot] },
    'disk:export': { caseId, out: path.join(target, 'packet.pdf') },
    'disk:backup': { out: path.join(target, 'locker.backup') },
    'disk:restore': { file: path.join(target, 'locker.backup'), folder: path.join(target, 'restored') },
    'disk:encrypt': { folder: target },
    'disk:passphrase': { folder: target },
    'disk:guess': { path: shot },
    'disk:ocr': { caseId },
  };
}

const access: DiskAccess = {
  actor: 'cli',
  unlock: () => Promise.resolve({}),
  newPassphrase: () => Promise.reject(new Error('not asked in this test')),
};

describe('the disk calls: paths on this machine, for the locker command only', () => {
  it('are no declared call: IPC, the locker’s process and the bridge refuse each one, and nothing is written', async () => {
    const store = tempDir();
    const target = tempDir();
    const locker = await Locker.open(store, { actor: 'app' });
    const bridge = await startBridge({
      locker,
      rendererDir: tempDir(),
      backgroundOcr: false,
      log: () => undefined,
    });
    try {
      const caseId = (await locker.createCase({ title: 'Yuanbao', counterparty: '元保' })).id;
      const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
      writeFileSync(shot, await makePng(60, 120, 4));
      const inputs = pageInputs(caseId, target, shot);

      for (const name of DISK_NAMES) {
        expect(isCallName(name), name).toBe(false);
        expect(callNames as string[]).not.toContain(name);
        // The bridge routes declared calls and its own few by name: this is neither.
        const response = await fetch(`${bridge.origin}/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Locker-Token': bridge.token },
          body: JSON.stringify(inputs[name]),
        });
        expect(response.status, name).toBe(404);
      }
      expect(readdirSync(target)).toEqual([]);
      expect(locker.listEvidence(caseId)).toEqual([]);
    } finally {
      await bridge.close();
      locker.close();
    }

    // The app's way: main forwards the page's calls to the locker's own process on the one channel, which
    // answers declared names only; a disk name sent to the process directly is no call of it either.
    const host = await startLockerThread({ storeDir: store, keychain: null, backgroundOcr: false });
    const handlers = new Map<string, Handler>();
    const noDialog = () => Promise.reject(new Error('no dialog in this test'));
    registerRemoteIpc({
      ipcMain: {
        handle: (channel, listener) => handlers.set(channel, listener),
        removeHandler: (channel) => handlers.delete(channel),
      },
      host: () => ({ call: (channel, input) => host.peer.call(channel, input) }),
      showOpenDialog: noDialog,
      showSaveDialog: noDialog,
      showItemInFolder: () => undefined,
      relaunchOn: () => undefined,
    });
    const ipc = handlers.get(CALL_CHANNEL)!;
    try {
      const caseId = (await host.peer.call('case:list', {})) as { value: { id: string }[] };
      const inputs = pageInputs(caseId.value[0]!.id, target, path.join(target, 'x.png'));
      for (const name of DISK_NAMES) {
        // Electron's IPC in main, forwarded as it came.
        const page = APP_PAGE as unknown as IpcMainInvokeEvent;
        expect(await ipc(page, name, inputs[name]), name).toMatchObject({
          ok: false,
          error: { code: 'refused' },
        });
        expect(await host.peer.call(CALL_CHANNEL, { name, input: inputs[name] }), name).toMatchObject({
          ok: false,
          error: { code: 'refused' },
        });
        expect(await host.peer.call(name, inputs[name]), name).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      }
      expect(readdirSync(target)).toEqual([]);
    } finally {
      await host.stop();
    }
  });

  it('refuse to run with the context the page’s transports build, even if one were listed by mistake', async () => {
    const locker = await Locker.open(tempDir(), { actor: 'app' });
    const target = tempDir();
    try {
      const caseId = (await locker.createCase({ title: 'Yuanbao', counterparty: '元保' })).id;
      const inputs = pageInputs(caseId, target, path.join(target, 'x.png'));
      for (const name of DISK_NAMES) {
        // What IPC and the bridge hand a call: the locker (and the OCR reader), never `disk`.
        const asIfDeclared = diskCalls[name] as unknown as Call<never, unknown>;
        await expect(
          runDeclared({ locker }, asIfDeclared, inputs[name] as never),
          name,
        ).rejects.toMatchObject({
          coded: { code: 'not-from-app' },
        });
      }
      expect(readdirSync(target)).toEqual([]);
    } finally {
      locker.close();
    }
  });

  it('run the use case for the command: the backup written where it said, restored and filed from its paths', async () => {
    const store = tempDir();
    const target = tempDir();
    const locker = await Locker.open(store, { actor: 'cli' });
    const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(60, 120, 4));
    let progress = 0;
    try {
      const caseId = (await locker.createCase({ title: 'Yuanbao', counterparty: '元保' })).id;
      const ctx = { locker, disk: { ...access, onProgress: () => void progress++ } };
      const added = await runDisk(ctx, diskCalls['disk:add'], { caseId, paths: [shot] });
      expect(added.added).toHaveLength(1);
      expect(added.added[0]).toMatchObject({ path: shot, kind: 'screenshot' });
      expect(progress).toBeGreaterThan(0);
      const item = await runCall({ locker }, 'evidence:get', { id: added.added[0]!.id });
      expect(item.sha256).toBe(createHash('sha256').update(readFileSync(shot)).digest('hex'));

      // Bad input is refused by the schema like any call's, before anything runs.
      await expect(
        runDisk(ctx, diskCalls['disk:add'], { caseId, paths: ['a\u0000b'] }),
      ).rejects.toMatchObject({ coded: { code: 'bad-input', params: { where: 'paths.0' } } });

      const out = path.join(target, 'locker.backup');
      const backup = await runDisk(ctx, diskCalls['disk:backup'], { out });
      expect(backup).toMatchObject({ path: out, objects: 1 });
      expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(backup.sha256);
    } finally {
      locker.close();
    }

    // Restoring works on no open locker: the folder it fills is only named.
    const folder = path.join(target, 'restored');
    const restored = await runDisk({ disk: access }, diskCalls['disk:restore'], {
      file: path.join(target, 'locker.backup'),
      folder,
    });
    expect(restored).toMatchObject({ store: folder, ok: true, objects: 1 });
    expect(existsSync(path.join(folder, 'objects'))).toBe(true);
    // A call that needs the opened locker says so when given none.
    await expect(
      runDisk({ disk: access }, diskCalls['disk:backup'], { out: path.join(target, 'again.backup') }),
    ).rejects.toMatchObject({ coded: { code: 'crypto.open-first' } });
  });
});

/** Every module `entry` reaches by a relative import (static or dynamic), as paths under the repository. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+\.ts)'/g)) {
      visit(path.resolve(path.dirname(file), m[1]!));
    }
  };
  visit(path.resolve(entry));
  return seen;
}

describe('the page’s transports', () => {
  it('never load the disk calls: main, the locker’s process, the bridge and the call table reach no import of them', () => {
    const disk = path.resolve('electron/services/calls/disk.ts');
    const entries = [
      'electron/main.ts',
      'electron/preload.ts',
      'electron/host/entry.ts',
      'electron/host/locker-host.ts',
      'electron/ipc/register-remote.ts',
      'electron/bridge/server.ts',
      'electron/bridge/run.ts',
      'electron/services/calls/index.ts',
    ];
    for (const entry of entries) {
      const modules = reachable(entry);
      expect(modules.size, entry).toBeGreaterThan(1);
      expect(modules.has(disk), entry).toBe(false);
    }
    // The walk does find it where it is used: the command that runs it.
    expect(reachable('electron/cli/commands/story.ts').has(disk)).toBe(true);
  });
});
