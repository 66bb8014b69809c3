import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { LockerGate } from '../../electron/ipc/gate.ts';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { buildRenderer, launchChromium, SCREENS } from './harness.ts';
import { addDanglingEvent } from '../helpers/damage.ts';

/*
 * An encrypted locker in the app: it starts locked, the page asks for the passphrase (or the recovery key)
 * before anything else, a wrong one is refused in plain words, the right one opens the case. Nothing but the
 * status and the unlock is answered before that. Real renderer, bridge and Chromium.
 */

const PASS = 'a long enough passphrase';
let work: string;
let gate: LockerGate;
let bridge: Bridge;
let browser: Browser;
let page: Page;
let recoveryKey: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-e2e-unlock-'));
  mkdirSync(SCREENS, { recursive: true });
  const rendererDir = path.join(work, 'renderer');
  await buildRenderer(rendererDir);
  const store = path.join(work, 'store');
  const locker = await Locker.open(store, { actor: 'app' });
  const c = await locker.createCase({ title: 'Yuanbao auto-debit', counterparty: 'Yuanbao' });
  const inbox = path.join(work, 'inbox');
  mkdirSync(inbox);
  writeFileSync(path.join(inbox, 'Screenshot_20250827-080112.png'), await makePng(300, 600, 3));
  await addPaths(locker, c.id, [inbox]);
  locker.close();
  recoveryKey = (await encryptLocker(store, PASS, { cost: { N: 1 << 12, r: 8, p: 1 } })).recoveryKey;
  gate = await LockerGate.open(store, { actor: 'app' });
  bridge = await startBridge({ gate, rendererDir, log: () => undefined, backgroundOcr: false });
  browser = await launchChromium();
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  gate?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function api(channel: string, body: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  const res = await fetch(`${bridge.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-locker-token': bridge.token },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; error?: { code: string } };
}

describe('an encrypted locker in the app', () => {
  it('answers nothing but its status until it is unlocked', async () => {
    expect(gate.locker).toBeNull();
    expect(await api('case:list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await api('locker:status', {})).toMatchObject({
      ok: true,
      value: { encrypted: true, unlocked: false, keychain: null, remembered: false },
    });
    const thumb = await fetch(`${bridge.origin}/files/thumb/ev_anything?token=${bridge.token}`);
    expect(thumb.status).toBe(404);
  });

  it('asks for the passphrase, refuses a wrong one, and opens the case with the right one', async () => {
    await page.goto(bridge.url);
    const form = page.getByTestId('unlock');
    await form.waitFor();
    await expect(page.getByRole('heading', { name: 'This locker is encrypted' }).isVisible()).resolves.toBe(
      true,
    );
    await page.screenshot({ path: path.join(SCREENS, '70-unlock-light.png') });

    await page.getByLabel('Passphrase').fill('not the passphrase');
    await page.getByRole('button', { name: 'Open the locker' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/does not unlock/);
    expect(gate.locker).toBeNull();

    // The recovery key works too; here the passphrase does.
    await page.getByRole('button', { name: /recovery key/ }).click();
    await expect(page.getByLabel('Recovery key').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: /Use the passphrase instead/ }).click();
    await page.getByLabel('Passphrase').fill(PASS);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENS, '70-unlock-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Open the locker' }).click();
    await page.getByText('Yuanbao auto-debit').first().waitFor();
    expect(await page.getByTestId('unlock').count()).toBe(0);
    expect(gate.locker?.encrypted).toBe(true);
    expect(await api('case:list', {})).toMatchObject({ ok: true });
    // The thumbnail is decrypted on its way to the page.
    const [item] = gate.locker!.listEvidence(gate.locker!.listCases()[0]!.id);
    const thumb = await fetch(`${bridge.origin}/files/thumb/${item!.id}?token=${bridge.token}`);
    expect(thumb.status).toBe(200);
    expect(
      Buffer.from(await thumb.arrayBuffer())
        .subarray(8, 12)
        .toString('latin1'),
    ).toBe('WEBP');
    await page.screenshot({ path: path.join(SCREENS, '71-unlocked-light.png') });
    expect(recoveryKey).toMatch(/^[0-9A-Z]{4}-/);
    expect(await page.getByTestId('damage-banner').count()).toBe(0);
  });

  it('backs up the encrypted locker from Settings, with progress, to a download that restores', async () => {
    await page.getByTestId('settings').click();
    await page.getByRole('button', { name: 'Back up the locker…' }).click();
    const link = page.getByRole('link', { name: 'Download the backup' });
    await link.waitFor();
    const text = (await page.getByTestId('backup').textContent()) ?? '';
    expect(text).toMatch(/Backed up: 1 original,/);
    expect(text).toMatch(/encrypted; so is its backup/);
    const sha = /[0-9a-f]{64}/.exec(text)?.[0];
    await page.screenshot({ path: path.join(SCREENS, '73-backup-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENS, '73-backup-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(work, 'downloaded.backup');
    await download.saveAs(file);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(sha);
    const report = await restoreLocker(file, path.join(work, 'restored'), () =>
      Promise.resolve({ passphrase: PASS }),
    );
    expect(report.ok).toBe(true);
    expect(report.objects).toBe(1);
  });

  it('shows a bidi trick in a file name as what it is, not as the name it pretends to be', async () => {
    const locker = gate.locker!;
    const inbox = path.join(work, 'inbox-bidi');
    mkdirSync(inbox);
    writeFileSync(path.join(inbox, 'invoice\u202Egpj.exe'), Buffer.from('MZ not really a picture'));
    await addPaths(locker, locker.listCases()[0]!.id, [inbox]);
    await page.reload();
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    const row = page.locator('.row-title', { hasText: 'invoice' });
    await row.waitFor();
    expect(await row.textContent()).toBe('invoice⟦U+202E⟧gpj.exe');
  });

  it('says at opening that the database is damaged, and where the last backup is', async () => {
    const store = path.join(work, 'damaged');
    const locker = await Locker.open(store, { actor: 'app' });
    await locker.createCase({ title: 'Bank refund' });
    const backup = await backupLocker(locker, path.join(work, 'last.backup'));
    locker.close();
    addDanglingEvent(store, 'ev_x');
    const damaged = await Locker.open(store, { actor: 'app' });
    const other = await startBridge({
      locker: damaged,
      rendererDir: path.join(work, 'renderer'),
      log: () => undefined,
      backgroundOcr: false,
    });
    try {
      await page.goto(other.url);
      const banner = page.getByTestId('damage-banner');
      await banner.waitFor();
      const text = (await banner.textContent()) ?? '';
      expect(text).toMatch(/reports damage/);
      expect(text).toContain(backup.path);
      expect(text).toContain('a row of events (rowid 1) points at a missing row of cases');
      await page.getByText('Bank refund').first().waitFor();
      await page.screenshot({ path: path.join(SCREENS, '72-damage-banner-light.png') });
      // The finding is a code: a Chinese page words it in Chinese.
      await page.evaluate("localStorage.setItem('evidence-locker.locale', 'zh-CN')");
      await page.reload();
      await banner.waitFor();
      expect(await banner.textContent()).toContain(
        '数据库前后不一致：events 的一行（rowid 1）指向 cases 中不存在的一行',
      );
    } finally {
      await page.evaluate("localStorage.removeItem('evidence-locker.locale')").catch(() => undefined);
      await other.close();
      damaged.close();
    }
  });
});

describe('turning encryption on from the app', () => {
  it('encrypts the open locker, shows the recovery key once, and carries on with the encrypted locker', async () => {
    const store = path.join(work, 'to-encrypt');
    const plain = await Locker.open(store, { actor: 'app' });
    const c = await plain.createCase({ title: 'Insurance refund' });
    const inbox = path.join(work, 'inbox-2');
    mkdirSync(inbox);
    writeFileSync(path.join(inbox, 'Screenshot_20250901-090000.png'), await makePng(200, 400, 5));
    await addPaths(plain, c.id, [inbox]);
    plain.close();
    const g = await LockerGate.open(store, { actor: 'app', cost: { N: 1 << 12, r: 8, p: 1 } });
    const b = await startBridge({
      gate: g,
      rendererDir: path.join(work, 'renderer'),
      log: () => undefined,
      backgroundOcr: false,
    });
    try {
      await page.goto(b.url);
      await page.getByText('Insurance refund').first().waitFor();
      await page.getByTestId('settings').click();
      expect(await page.getByTestId('encryption').textContent()).toMatch(/Not encrypted/);
      await page.getByRole('button', { name: 'Encrypt this locker…' }).click();
      const dialog = page.getByTestId('encrypt-dialog');
      await dialog.getByLabel('New passphrase').fill('insurance refund passphrase');
      await dialog.getByLabel('The same passphrase again').fill('insurance refund passphras');
      expect(await dialog.getByRole('button', { name: 'Encrypt' }).isDisabled()).toBe(true);
      await dialog.getByLabel('The same passphrase again').fill('insurance refund passphrase');
      await page.screenshot({ path: path.join(SCREENS, '74-encrypt-dialog-light.png') });
      await dialog.getByRole('button', { name: 'Encrypt' }).click();
      const key = page.getByTestId('recovery-key');
      await key.waitFor();
      const recovery = ((await key.textContent()) ?? '').trim();
      expect(recovery).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
      await page.screenshot({ path: path.join(SCREENS, '75-recovery-key-light.png') });
      expect(await dialog.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
      await dialog.getByLabel('I have written the recovery key down').check();
      await dialog.getByRole('button', { name: 'Done' }).click();
      await page
        .getByTestId('encryption')
        .getByText(/^.*Encrypted: the locker opens only/)
        .waitFor();

      // The locker on disk is now encrypted, and the app goes on working with it.
      expect(g.locker?.encrypted).toBe(true);
      expect(g.locker?.listEvidence(c.id)).toHaveLength(1);
      await expect(Locker.open(store)).rejects.toMatchObject({ reason: 'no-key' });
      const byKey = await Locker.open(store, { unlock: { recoveryKey: recovery } });
      byKey.close();
      await page.reload();
      await page.getByText('Insurance refund').first().waitFor();
      expect(await page.getByTestId('unlock').count()).toBe(0);
    } finally {
      await b.close();
      g.close();
    }
  });
});
