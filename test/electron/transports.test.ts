import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { main as runLocker } from '../../electron/cli.ts';
import { withCalls, type Ctx } from '../../electron/cli/runtime.ts';
import { launchHost, type LockerHost } from '../../electron/host/launch.ts';
import { CALL_CHANNEL } from '../../electron/ipc/channels.ts';
import { LockerGate } from '../../electron/ipc/gate.ts';
import { registerRemoteIpc } from '../../electron/ipc/register-remote.ts';
import { say } from '../../electron/messages/say.ts';
import {
  calls,
  type CallInput,
  type CallName,
  type CallOutput,
} from '../../electron/services/calls/index.ts';
import type { Call } from '../../electron/services/calls/define.ts';
import { importPaths } from '../../electron/services/calls/imports.ts';
import { LockerInputError, NotFoundError } from '../../electron/services/errors.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { gbkFixture, readFixture } from '../importers/helpers.ts';
import {
  fakeUtilityProcess,
  FakeMessageChannelMain,
  FakeUtilityProcess,
} from '../helpers/utility-process.ts';

/*
 * One use case, three doors, each as it runs today on one locker folder:
 * - Electron's IPC: main's handler (register-remote.ts, fake sender frame) forwards the page's call to the
 *   locker's process, started by launch.ts as main starts it — a "utility process" that is a worker thread
 *   running the real host entry (test/helpers/utility-process.ts, as main.test.ts uses);
 * - the loopback bridge over real HTTP, on a LockerGate as `npm start` (bridge/run.ts) serves it;
 * - the `locker` command's transport (cli/runtime.ts `withCalls`: opens the locker, runs the declaration,
 *   closes), and the command itself printing --json from that DTO.
 * Each declared call gives the same DTO through all three.
 */

/** Folders for the whole file (useTempDirs removes its own after each test; the doors stay open across tests). */
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'locker-test-'));
  dirs.push(dir);
  return dir;
};
let store: string;
let host: LockerHost;
let gate: LockerGate;
let bridge: Bridge;
let caseId: string;
let evidenceId: string;
let disputedIds: string[];

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
/** What main registered on ipcMain (register-remote.ts takes Electron's pieces as parameters). */
const handlers = new Map<string, Handler>();
const APP_PAGE = { senderFrame: { url: 'app://ui/index.html', parent: null }, sender: {} };

/** The page's `window.locker.invoke(name, input)`, as the preload sends it to main. */
function viaIpc(name: string, input: unknown): Promise<unknown> {
  const handler = handlers.get(CALL_CHANNEL);
  if (!handler) throw new Error('main registered no call channel');
  return Promise.resolve(handler(APP_PAGE as unknown as IpcMainInvokeEvent, name, input));
}

/** The page in a browser, as renderer/lib/api.ts posts to the bridge. */
async function viaBridge(name: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${bridge.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Locker-Token': bridge.token },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** Printed output of one `locker` command line (in this process, on the same folder). */
async function viaCommand(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runLocker(['--store', store, ...argv], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: {},
    isTTY: false,
  });
  return { code, out, err };
}

/** The context a command's action builds (cli/runtime.ts `action`), for this folder, in English. */
function commandCtx(): Ctx {
  return {
    json: true,
    emit: () => undefined,
    io: { out: () => undefined, err: () => undefined, env: {}, isTTY: false },
    storeDir: store,
    global: { store },
    locale: 'en',
    say: (message) => say(message, 'en'),
  };
}

/** A call as a command makes it: the locker opened from its folder, the declaration run, the locker closed. */
function viaCli<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const declared = calls[name] as unknown as Call<z.ZodType, CallOutput<N>>;
  return withCalls(commandCtx(), (run) => run(declared, input));
}

async function throughAll<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const cli = await viaCli(name, input);
  const ipc = await viaIpc(name, input);
  const http = await viaBridge(name, input);
  // Over IPC the value arrives as the locker's process made it (structured clone, twice, keeps it as is).
  expect(ipc).toStrictEqual({ ok: true, value: cli });
  // Over HTTP it is JSON: the same DTO, fields and values, once through JSON.
  expect(http).toStrictEqual({ ok: true, value: JSON.parse(JSON.stringify(cli)) as unknown });
  return cli;
}

beforeAll(async () => {
  store = path.join(tempDir(), 'locker');
  // The evidence is filed before any door opens: a bill and a chat, and a deadline.
  const seed = await Locker.open(store, { actor: 'app' });
  try {
    caseId = (await seed.createCase({ title: '元保', counterparty: '元保', timezone: 'Asia/Shanghai' })).id;
    const dir = tempDir();
    const bill = path.join(dir, 'alipay.csv');
    const chat = path.join(dir, 'WhatsApp Chat with Ana.txt');
    writeFileSync(bill, gbkFixture('alipay-2023.utf8.csv'));
    writeFileSync(chat, readFixture('whatsapp-android-dmy.txt'));
    const imported = await importPaths(seed, caseId, [bill, chat], 'upload');
    const bill1 = imported.files.find((f) => f.name === 'alipay.csv');
    if (bill1?.outcome !== 'added') throw new Error('the bill was not filed');
    evidenceId = bill1.evidenceId;
    await seed.addEvent(caseId, {
      kind: 'deadline',
      title: 'The bank answers',
      occurredAt: '2099-09-20T18:00:00+08:00',
    });
    const charges = caseTransactions(seed, caseId).filter((t) => t.direction === 'out');
    expect(charges.length).toBeGreaterThan(1);
    disputedIds = charges.slice(0, 2).map((t) => t.id);
    await seed.pendingIndexed();
  } finally {
    seed.close();
  }

  // Electron: main.ts's launch of the locker's process and its IPC, with stand-ins for Electron's pieces.
  host = await launchHost({
    fork: () => fakeUtilityProcess.fork(path.join('dist', 'electron', 'host.js')),
    channel: () => new FakeMessageChannelMain(),
    init: { storeDir: store, actor: 'app', keychain: null, nativeDirs: [] },
    keychain: null,
    onStopped: (code) => {
      throw new Error(`the locker's process stopped (${code})`);
    },
  });
  const noDialog = () => Promise.reject(new Error('no dialog in this test'));
  registerRemoteIpc({
    ipcMain: {
      handle: (channel, listener) => handlers.set(channel, listener),
      removeHandler: (channel) => handlers.delete(channel),
    },
    host: () => host,
    showOpenDialog: noDialog,
    showSaveDialog: noDialog,
    showItemInFolder: () => undefined,
    relaunchOn: () => undefined,
  });

  // The bridge: as bridge/run.ts serves it, on a gate over the same folder.
  gate = await LockerGate.open(store, { actor: 'app' });
  bridge = await startBridge({ gate, rendererDir: tempDir(), backgroundOcr: false, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  gate?.close();
  // As main quits: the locker's process closes its locker, then ends.
  await host?.drain();
  host?.kill();
  await Promise.all(FakeUtilityProcess.made.map((child) => child.worker.terminate()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a declared call through Electron IPC (to the locker process), the bridge and the locker command', () => {
  it('disputes charges and gives the same Charges through each door', async () => {
    // Made once; through each door the same change then changes nothing more (the answer counts what changed).
    expect((await viaCli('transaction:dispute', { caseId, ids: disputedIds, disputed: true })).changed).toBe(
      2,
    );
    const disputed = await throughAll('transaction:dispute', { caseId, ids: disputedIds, disputed: true });
    expect(disputed.changed).toBe(0);
    expect(disputed.disputed.count).toBe(2);
    expect(disputed.transactions.filter((t) => t.isDisputed).map((t) => t.id)).toEqual(disputedIds);
  });

  it('gives the same overview, timeline, charges, plan and readiness', async () => {
    const overview = await throughAll('case:get', { id: caseId });
    expect(overview.records.disputedCount).toBe(2);
    expect(overview.nextDeadline).toMatchObject({ title: 'The bank answers', isOverdue: false });
    const timeline = await throughAll('timeline:get', { caseId });
    expect(timeline.rows.filter((r) => r.type === 'transaction' && r.isDisputed)).toHaveLength(2);
    const list = await throughAll('transaction:list', { caseId, evidenceId });
    expect(list.transactions.every((t) => t.source.evidenceId === evidenceId)).toBe(true);
    const plan = await throughAll('plan:get', { caseId, lang: 'en' });
    expect(plan.steps).toHaveLength(6);
    const ready = await throughAll('export:ready', { caseId, recipient: 'bank', lang: 'en' });
    expect(ready.length).toBeGreaterThan(0);
    const messages = await throughAll('message:list', { caseId });
    expect(messages.messages.length).toBeGreaterThan(0);
  });

  it('prints, as `locker case show --json`, the case the other doors give', async () => {
    const overview = await viaIpc('case:get', { id: caseId });
    expect(overview).toMatchObject({ ok: true });
    const { case: c, counts } = (overview as { value: CallOutput<'case:get'> }).value;
    const shown = await viaCommand(['case', 'show', caseId.slice(0, 9), '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toEqual({
      ...c,
      evidenceCount: counts.evidence,
      eventCount: counts.events,
    });
  });

  it('refuses the same bad input and the same unknown id the same way', async () => {
    const wrong = { id: 'case_0000' };
    const notFound = {
      ok: false,
      error: {
        code: 'not_found',
        message: 'No case with the id "case_0000".',
        coded: { code: 'not-found', params: { thing: { code: 'thing.case', params: {} }, id: 'case_0000' } },
      },
    };
    expect(await viaIpc('case:get', wrong)).toEqual(notFound);
    expect(await viaBridge('case:get', wrong)).toEqual(notFound);
    await expect(viaCli('case:get', wrong)).rejects.toThrow(NotFoundError);
    await expect(viaCli('case:get', wrong)).rejects.toThrow('No case with the id "case_0000".');

    const bad = { id: caseId, sql: 'DROP TABLE cases' };
    const badInput = {
      ok: false,
      error: {
        code: 'bad_input',
        message: 'input: not a field of this input: sql',
        coded: {
          code: 'bad-input',
          params: { where: 'input', problem: { code: 'input.unknown-keys', params: { keys: 'sql' } } },
        },
      },
    };
    expect(await viaIpc('case:get', bad)).toEqual(badInput);
    expect(await viaBridge('case:get', bad)).toEqual(badInput);
    await expect(viaCli('case:get', bad as never)).rejects.toThrow(LockerInputError);
    await expect(viaCli('case:get', bad as never)).rejects.toThrow('input: not a field of this input: sql');
  });

  it('refuses, at main, a call from a page that is not the app, before the locker hears of it', async () => {
    const handler = handlers.get(CALL_CHANNEL)!;
    const foreign = { senderFrame: { url: 'https://example.com/', parent: null }, sender: {} };
    expect(await handler(foreign as unknown as IpcMainInvokeEvent, 'case:get', { id: caseId })).toMatchObject(
      {
        ok: false,
        error: { code: 'refused' },
      },
    );
  });
});
