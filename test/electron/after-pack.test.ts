import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Fuses from '@electron/fuses';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The real @electron/fuses under spies: the calls are checked exactly, and on Linux they really rewrite a
// stand-in executable that carries Electron's fuse wire.
vi.mock('@electron/fuses', async (importOriginal) => {
  const real = await importOriginal<typeof Fuses>();
  return { ...real, flipFuses: vi.fn(real.flipFuses), getCurrentFuseWire: vi.fn(real.getCurrentFuseWire) };
});

const fuses = await import('@electron/fuses');
const { FuseV1Options, FuseVersion } = fuses;
const flipFuses = vi.mocked(fuses.flipFuses);
const getCurrentFuseWire = vi.mocked(fuses.getCurrentFuseWire);
// build/after-pack.js is plain JavaScript (no types): describe the part the test uses.
type Context = {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { executableName: string; appInfo: { productFilename: string } };
};
const hook = (await import(path.resolve(import.meta.dirname, '../../build/after-pack.js'))) as {
  afterPack(context: Context): Promise<void>;
  FUSES: Record<string, boolean>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49;
const OFF = 48;
// Electron's defaults, in FuseV1Options order.
const ELECTRON_DEFAULTS = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];
const X64 = 1;
const ARM64 = 3;

/** The states the brief asks for, by fuse index. */
const EXPECTED = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

function fakeExecutable(file: string, wire: number[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const junk = Buffer.alloc(4096, 0x90);
  writeFileSync(
    file,
    Buffer.concat([junk, Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), junk]),
  );
}

function wireOf(file: string): number[] {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return [...bytes.subarray(at + 2, at + 2 + (bytes[at + 1] ?? 0))];
}

/** A packed Linux app: the executable and resources/native/ as electron-builder leaves them. */
function linuxApp(options: { wire?: number[]; native?: string | null } = {}): Context {
  const appOutDir = mkdtempSync(path.join(os.tmpdir(), 'locker-linux-unpacked-'));
  fakeExecutable(path.join(appOutDir, 'evidence-locker'), options.wire ?? ELECTRON_DEFAULTS);
  const native = options.native === undefined ? 'electron-v150-linux-x64' : options.native;
  if (native) {
    mkdirSync(path.join(appOutDir, 'resources', 'native', native), { recursive: true });
    writeFileSync(path.join(appOutDir, 'resources', 'native', native, 'better_sqlite3.node'), 'binary');
  }
  return {
    appOutDir,
    electronPlatformName: 'linux',
    arch: X64,
    packager: { executableName: 'evidence-locker', appInfo: { productFilename: 'Evidence Locker' } },
  };
}

beforeEach(() => {
  flipFuses.mockClear();
  getCurrentFuseWire.mockClear();
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('afterPack', () => {
  it('flips exactly the fuses asked for in the packed executable', async () => {
    const context = linuxApp();
    await hook.afterPack(context);
    const executable = path.join(context.appOutDir, 'evidence-locker');
    expect(flipFuses).toHaveBeenCalledTimes(1);
    expect(flipFuses).toHaveBeenCalledWith(executable, {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      ...EXPECTED,
    });
    // Read back from the file itself: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges off;
    // cookie encryption, asar integrity and asar-only on.
    expect(wireOf(executable)).toEqual([OFF, ON, OFF, OFF, ON, ON, OFF, OFF]);
    expect(getCurrentFuseWire).toHaveBeenCalledWith(executable);
  });

  it('lists every fuse by a name @electron/fuses knows', () => {
    const names = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    expect(Object.keys(hook.FUSES).sort()).toEqual(names.sort());
  });

  it('still flips the known fuses when a newer Electron has a longer wire, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const context = linuxApp({ wire: [...ELECTRON_DEFAULTS, ON] });
    await hook.afterPack(context);
    expect(wireOf(path.join(context.appOutDir, 'evidence-locker'))).toEqual([
      OFF,
      ON,
      OFF,
      OFF,
      ON,
      ON,
      OFF,
      OFF,
      ON,
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('fuses 8 left at Electron'));
    warn.mockRestore();
  });

  it('resets the ad-hoc signature of an Apple Silicon build, inside the .app', async () => {
    flipFuses.mockResolvedValueOnce(1);
    getCurrentFuseWire.mockResolvedValueOnce({ version: FuseVersion.V1, ...wireStates() });
    const appOutDir = mkdtempSync(path.join(os.tmpdir(), 'locker-mac-arm64-'));
    const native = path.join(
      appOutDir,
      'Evidence Locker.app',
      'Contents',
      'Resources',
      'native',
      'electron-v150-darwin-arm64',
    );
    mkdirSync(native, { recursive: true });
    writeFileSync(path.join(native, 'better_sqlite3.node'), 'binary');
    await hook.afterPack({
      appOutDir,
      electronPlatformName: 'darwin',
      arch: ARM64,
      packager: { executableName: 'Evidence Locker', appInfo: { productFilename: 'Evidence Locker' } },
    });
    expect(flipFuses).toHaveBeenCalledWith(path.join(appOutDir, 'Evidence Locker.app'), {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: true,
      ...EXPECTED,
    });
  });

  it('flips the Windows .exe without touching signatures', async () => {
    flipFuses.mockResolvedValueOnce(1);
    getCurrentFuseWire.mockResolvedValueOnce({ version: FuseVersion.V1, ...wireStates() });
    const appOutDir = mkdtempSync(path.join(os.tmpdir(), 'locker-win-unpacked-'));
    mkdirSync(path.join(appOutDir, 'resources', 'native', 'electron-v150-win32-x64'), { recursive: true });
    writeFileSync(
      path.join(appOutDir, 'resources', 'native', 'electron-v150-win32-x64', 'better_sqlite3.node'),
      '',
    );
    await hook.afterPack({
      appOutDir,
      electronPlatformName: 'win32',
      arch: X64,
      packager: { executableName: 'Evidence Locker', appInfo: { productFilename: 'Evidence Locker' } },
    });
    expect(flipFuses).toHaveBeenCalledWith(path.join(appOutDir, 'Evidence Locker.exe'), {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      ...EXPECTED,
    });
  });

  it('fails the build when the fuses did not take', async () => {
    flipFuses.mockResolvedValueOnce(1);
    const context = linuxApp();
    await expect(hook.afterPack(context)).rejects.toThrow(/RunAsNode.*EnableNodeOptionsEnvironmentVariable/);
  });

  it.each([
    ['no native folder at all', null],
    ['only another architecture’s build', 'electron-v150-linux-arm64'],
    ['only the Node build', 'node-v115-linux-x64'],
  ])('fails the build when the package has %s of better-sqlite3', async (_what, native) => {
    await expect(hook.afterPack(linuxApp({ native }))).rejects.toThrow(
      /native\/electron-v\*-linux-x64\/better_sqlite3\.node/,
    );
    expect(flipFuses).not.toHaveBeenCalled();
  });
});

/** A fuse wire read back as @electron/fuses reports it, with every fuse as asked. */
function wireStates(): Record<number, number> {
  return Object.fromEntries(Object.entries(EXPECTED).map(([index, on]) => [Number(index), on ? ON : OFF]));
}
