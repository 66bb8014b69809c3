import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLockerThread } from '../../electron/host/thread.ts';
import { runCall } from '../../electron/services/calls/index.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import type { Keychain, ScryptCost } from '../../electron/services/crypto/keys.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * The locker off the window's thread (issue 16 item 2): the host that Electron runs in a utility process,
 * run here in a worker thread over the very protocol main uses — calls in, envelopes out, keychain calls back.
 */

const tempDir = useTempDirs();
const COST: ScryptCost = { N: 1 << 12, r: 8, p: 1 };
const PASS = 'correct horse battery staple';

describe('the locker host across a thread boundary', () => {
  it('answers the shared calls with the DTOs the handlers give in process, and main’s own calls after its dialogs', async () => {
    const dir = tempDir();
    const host = await startLockerThread({ storeDir: dir, keychain: null, backgroundOcr: false });
    try {
      const created = await host.peer.call('case:create', { title: 'Yuanbao', counterparty: '元保' });
      expect(created).toMatchObject({ ok: true, value: { title: 'Yuanbao', counterparty: '元保' } });
      const caseId = (created as { value: { id: string } }).value.id;

      const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
      writeFileSync(shot, await makePng(60, 120, 4));
      const imported = await host.peer.call('host:import-paths', { caseId, paths: [shot], method: 'drop' });
      expect(imported).toMatchObject({
        ok: true,
        value: { files: [{ name: 'Screenshot_20250827-080112.png', outcome: 'added' }] },
      });
      const evidenceId = (imported as { value: { files: { evidenceId: string }[] } }).value.files[0]!
        .evidenceId;

      // Bad input and unknown calls come back as envelopes, as over IPC.
      expect(await host.peer.call('case:get', { id: 42 })).toMatchObject({
        ok: false,
        error: { code: 'bad_input' },
      });
      expect(await host.peer.call('case:drop-everything', {})).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });

      const thumb = await host.peer.call('host:file', { variant: 'thumb', id: evidenceId });
      expect(thumb).toMatchObject({ ok: true, value: { contentType: 'image/webp' } });
      const out = path.join(tempDir(), 'packet.pdf');
      const exported = await host.peer.call('host:export-to', { caseId, recipient: 'bank', lang: 'en', out });
      expect(exported).toMatchObject({
        ok: true,
        value: { files: [{ name: 'packet.pdf', kind: 'packet' }] },
      });
      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const timelineOverThread = await host.peer.call('timeline:get', { caseId });
      const casesOverThread = await host.peer.call('case:list', {});
      await host.stop();
      // The same calls in this process, on the same locker: the same DTOs.
      const locker = await Locker.open(dir, { actor: 'app' });
      try {
        const ctx = { locker };
        expect(timelineOverThread).toEqual({
          ok: true,
          value: await runCall(ctx, 'timeline:get', { caseId }),
        });
        expect(casesOverThread).toEqual({ ok: true, value: await runCall(ctx, 'case:list', {}) });
      } finally {
        locker.close();
      }
    } finally {
      await host.stop();
    }
  });

  it('starts an encrypted locker locked, opens it with the passphrase, and keeps the key through main’s keychain', async () => {
    const dir = tempDir();
    await encryptLocker(dir, PASS, { cost: COST });
    const asked: string[] = [];
    const keychain: Keychain = {
      backend: 'test',
      secure: true,
      protect: (secret) => {
        asked.push('protect');
        return Promise.resolve(Buffer.from(secret.map((b) => b ^ 0x5a)));
      },
      unprotect: (blob) => {
        asked.push('unprotect');
        return Promise.resolve(Buffer.from(blob.map((b) => b ^ 0x5a)));
      },
    };
    const host = await startLockerThread({ storeDir: dir, keychain: null, backgroundOcr: false }, keychain);
    try {
      expect(await host.peer.call('case:list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
      expect(await host.peer.call('locker:unlock', { passphrase: 'wrong' })).toMatchObject({ ok: false });
      const opened = await host.peer.call('locker:unlock', { passphrase: PASS, remember: true });
      expect(opened).toMatchObject({
        ok: true,
        value: { encrypted: true, unlocked: true, remembered: true },
      });
      expect(asked).toEqual(['protect']);
      expect(await host.peer.call('case:list', {})).toEqual({ ok: true, value: [] });
    } finally {
      await host.stop();
    }
    // Next start: the key comes back from main's keychain, no passphrase asked.
    const again = await startLockerThread({ storeDir: dir, keychain: null, backgroundOcr: false }, keychain);
    try {
      expect(await again.peer.call('locker:status', {})).toMatchObject({
        ok: true,
        value: { unlocked: true },
      });
      expect(asked).toEqual(['protect', 'unprotect']);
    } finally {
      await again.stop();
    }
  });

  it('answers the page’s forwarded calls by declared name only, checks main’s routes, and closes on quit', async () => {
    const host = await startLockerThread({ storeDir: tempDir(), keychain: null, backgroundOcr: false });
    try {
      const page = (name: unknown, input: unknown) => host.peer.call('locker:call', { name, input });
      expect(await page('case:list', {})).toEqual({ ok: true, value: [] });
      for (const name of ['host:import-paths', 'host:file', 'host:close', 'import:bytes', 'locker:call', 7])
        expect(await page(name, {}), String(name)).toMatchObject({ ok: false, error: { code: 'refused' } });

      const parse = (route: string, input: unknown) => host.peer.call('host:parse', { route, input });
      expect(await parse('import:paths', { caseId: 'case_0001', paths: ['/tmp/a.png'] })).toEqual({
        ok: true,
        value: { caseId: 'case_0001', paths: ['/tmp/a.png'] },
      });
      expect(await parse('import:paths', { caseId: 'case_0001', paths: ['a.png'] })).toMatchObject({
        ok: false,
        error: { code: 'bad_input', coded: { params: { where: 'paths.0' } } },
      });
      // Only main's own routes: a bridge route or a declared call is not one of them.
      expect(await parse('import:begin', { caseId: 'case_0001' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await host.peer.call('host:restored-dir', { jobId: 'f'.repeat(32) })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });

      expect(await host.peer.call('host:close', {})).toEqual({ ok: true, value: null });
      // Closed: nothing reaches the locker any more, and main's routes are not checked for a dialog.
      expect(await page('case:list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
      expect(await parse('backup:save', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    } finally {
      await host.stop();
    }
  });

  it('answers a call the host never finishes with a clear failure when the host stops', async () => {
    const host = await startLockerThread({ storeDir: tempDir(), keychain: null, backgroundOcr: false });
    const pending = host.peer.call('case:list', {});
    await host.stop();
    const result = await pending;
    // Either the host answered before it stopped, or the call is told the locker stopped: never left hanging.
    expect(result.ok ? result.value : result.error.code).toEqual(result.ok ? [] : 'internal');
    expect(await host.peer.call('case:list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
