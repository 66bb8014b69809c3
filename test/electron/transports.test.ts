import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { CALL_CHANNEL } from '../../electron/ipc/channels.ts';
import { registerIpc } from '../../electron/ipc/register.ts';
import { UploadStaging } from '../../electron/ipc/uploads.ts';
import {
  runCall,
  type CallInput,
  type CallName,
  type CallOutput,
} from '../../electron/services/calls/index.ts';
import { importPaths } from '../../electron/services/calls/imports.ts';
import { NotFoundError } from '../../electron/services/errors.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { gbkFixture, readFixture } from '../importers/helpers.ts';

/*
 * One use case, three doors: Electron's IPC (the handler main registers, called with a fake sender frame), the
 * loopback bridge over real HTTP, and `runCall` in this process (what the `locker` command will use). Each
 * declared call gives the same DTO through all three.
 */

type Listener = (...args: unknown[]) => unknown;
// Importing the real `electron` package in a test starts a binary download: a stand-in with what register.ts uses.
const electron = vi.hoisted(() => ({ handlers: new Map<string, (...args: unknown[]) => unknown>() }));
vi.mock('electron', () => ({
  app: {},
  BrowserWindow: { fromWebContents: () => null },
  dialog: {},
  shell: {},
  ipcMain: {
    handle: (channel: string, fn: Listener) => electron.handlers.set(channel, fn),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
}));

const tempDir = useTempDirs();
let locker: Locker;
let staging: UploadStaging;
let bridge: Bridge;
let caseId: string;
let evidenceId: string;

const APP_PAGE = { senderFrame: { url: 'app://ui/index.html', parent: null }, sender: {} };

/** The page's `window.locker.invoke(name, input)`, as the preload sends it to main. */
function viaIpc(name: string, input: unknown): Promise<unknown> {
  const handler = electron.handlers.get(CALL_CHANNEL);
  if (!handler) throw new Error('main registered no call channel');
  return Promise.resolve(handler(APP_PAGE, name, input));
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

async function throughAll<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const direct = await runCall({ locker }, name, input);
  const ipc = await viaIpc(name, input);
  const http = await viaBridge(name, input);
  // Over IPC the value arrives as main made it (structured clone keeps every field as is).
  expect(ipc).toStrictEqual({ ok: true, value: direct });
  // Over HTTP it is JSON: the same DTO, fields and values, once through JSON.
  expect(http).toStrictEqual({ ok: true, value: JSON.parse(JSON.stringify(direct)) as unknown });
  return direct;
}

beforeAll(async () => {
  locker = await Locker.open(tempDir(), {
    ids: sequentialIds(),
    actor: 'app',
    clock: () => new Date('2025-09-05T02:00:00Z'),
  });
  staging = new UploadStaging(locker, { tmpRoot: tempDir() });
  registerIpc(locker, staging);
  bridge = await startBridge({ locker, rendererDir: tempDir(), backgroundOcr: false, log: () => undefined });
  caseId = (await locker.createCase({ title: '元保', counterparty: '元保', timezone: 'Asia/Shanghai' })).id;
  const dir = tempDir();
  const bill = path.join(dir, 'alipay.csv');
  const chat = path.join(dir, 'WhatsApp Chat with Ana.txt');
  writeFileSync(bill, gbkFixture('alipay-2023.utf8.csv'));
  writeFileSync(chat, readFixture('whatsapp-android-dmy.txt'));
  const imported = await importPaths(locker, caseId, [bill, chat], 'upload');
  const bill1 = imported.files.find((f) => f.name === 'alipay.csv');
  if (bill1?.outcome !== 'added') throw new Error('the bill was not filed');
  evidenceId = bill1.evidenceId;
  await locker.addEvent(caseId, {
    kind: 'deadline',
    title: 'The bank answers',
    occurredAt: '2025-09-20T18:00:00+08:00',
  });
});

afterAll(async () => {
  await bridge.close();
  await staging.close();
  locker.close();
});

describe('a declared call through IPC, the bridge and runCall', () => {
  it('disputes charges and gives the same Charges through each door', async () => {
    const charges = caseTransactions(locker, caseId).filter((t) => t.direction === 'out');
    expect(charges.length).toBeGreaterThan(1);
    const ids = charges.slice(0, 2).map((t) => t.id);
    // The first door changes the locker; the other two repeat the same change, which changes nothing more.
    const disputed = await throughAll('transaction:dispute', { caseId, ids, disputed: true });
    expect(disputed.disputed.count).toBe(2);
    expect(disputed.transactions.filter((t) => t.isDisputed).map((t) => t.id)).toEqual(ids);
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
    await expect(runCall({ locker }, 'case:get', wrong)).rejects.toThrow(NotFoundError);

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
    await expect(runCall({ locker }, 'case:get', bad as never)).rejects.toThrow(
      'input: not a field of this input: sql',
    );
  });
});
