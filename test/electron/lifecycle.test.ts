import { describe, expect, it, vi } from 'vitest';
import { LockerTooNewError } from '../../db/migrate.ts';
import { hostStoppedBox, quitGuard, settleWithin, startupErrorBox } from '../../electron/lifecycle.ts';
import { NativeBindingMissingError } from '../../electron/services/native-binding.ts';

const WAIT = { timeout: 10_000, interval: 5 };

describe('quitGuard (will-quit)', () => {
  const event = () => ({ preventDefault: vi.fn() });

  it('holds the first quit while a picture is read, then quits once that is saved', async () => {
    let finish!: () => void;
    const drain = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const quit = vi.fn();
    const cleanup = vi.fn();
    const onWillQuit = quitGuard({ busy: () => true, drain, quit, cleanup, waitMs: 60_000 });
    const first = event();
    onWillQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1), WAIT);
    // Electron emits will-quit again for that quit: this time it goes through.
    const second = event();
    onWillQuit(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('stops waiting for a reader that never finishes, and lets the quit through', async () => {
    const quit = vi.fn();
    const cleanup = vi.fn();
    const onWillQuit = quitGuard({
      busy: () => true,
      drain: () => new Promise<void>(() => undefined),
      quit,
      cleanup,
      waitMs: 20,
    });
    onWillQuit(event());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1), WAIT);
    const again = event();
    onWillQuit(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('quits at once when nothing is being read', () => {
    const drain = vi.fn(() => Promise.resolve());
    const cleanup = vi.fn();
    const e = event();
    quitGuard({ busy: () => false, drain, quit: vi.fn(), cleanup })(e);
    expect(e.preventDefault).not.toHaveBeenCalled();
    expect(drain).not.toHaveBeenCalled();
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('settleWithin never rejects', async () => {
    await expect(settleWithin(Promise.reject(new Error('boom')), 1000)).resolves.toBeUndefined();
  });
});

describe('startupErrorBox', () => {
  it('tells the user of a newer locker to update, in Chinese when the system is Chinese', () => {
    const box = startupErrorBox(new LockerTooNewError(9, 6), {
      storeDir: '/home/u/locker',
      language: 'zh-CN',
    });
    expect(box.title).toBe('证据保管箱无法启动');
    expect(box.content).toContain('请安装新版本');
    expect(box.content).toContain('保管箱: /home/u/locker');
    const en = startupErrorBox(new LockerTooNewError(9, 6), { storeDir: null, language: 'en-US' });
    expect(en.content).toMatch(/^Your locker was written by a newer version/);
    expect(en.content).not.toContain('Locker:');
  });

  it('says reinstall for a missing native build, and keeps the name of an unexpected error', () => {
    expect(startupErrorBox(new NativeBindingMissingError('no build'), {}).content).toMatch(
      /^The database part built for this app is missing[^\n]*Reinstall/,
    );
    const box = startupErrorBox(new TypeError('x is not a function'), {});
    expect(box.content).toMatch(/^Nothing in your locker was changed\. Quit and start the app again/);
    expect(box.content).toContain('Details: TypeError: x is not a function');
  });

  it('words an error from the locker’s process by its kind, which arrives as a name and a message', () => {
    const across = Object.assign(new Error('locker.db is not a readable database'), {
      name: 'DatabaseUnreadableError',
    });
    const box = startupErrorBox(across, { language: 'en' });
    expect(box.content).toMatch(/^Your locker’s database cannot be read/);
    expect(box.content).toContain('Details: locker.db is not a readable database');
  });
});

describe('hostStoppedBox', () => {
  it('says the locker’s process stopped, what is safe and what to do, in the system’s language', () => {
    const en = hostStoppedBox({ code: 139 }, { storeDir: '/home/u/locker', language: 'en-GB' });
    expect(en.title).toBe('Evidence Locker has to close');
    expect(en.content).toContain('Everything already filed is safe');
    expect(en.content).toContain('Locker: /home/u/locker');
    expect(en.content).toContain('Details: exit code 139');
    const zh = hostStoppedBox({ code: null }, { storeDir: null, language: 'zh-Hans-CN' });
    expect(zh.title).toBe('证据保管箱需要关闭');
    expect(zh.content).toContain('已归档的内容都完好无损');
    expect(zh.content).not.toContain('保管箱:');
  });
});
