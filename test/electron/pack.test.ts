import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Runs the real `electron-builder --linux dir` with the project's configuration, offline: a stand-in Electron
 * (a file carrying Electron's fuse wire, plus the locale files electron-builder prunes) replaces the download,
 * and a stand-in Electron build of better-sqlite3 sits in native/. Checks what lands in app.asar, what is
 * unpacked, the extra resources, and that the afterPack hook flipped the fuses. It needs `npm run build` first
 * and takes about half a minute and 200 MB of temporary disk, so it runs only with LOCKER_PACK_TEST=1.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49;
const OFF = 48;

describe.skipIf(!process.env.LOCKER_PACK_TEST)('electron-builder --linux dir (stand-in Electron)', () => {
  let work: string;
  let unpacked: string;
  let asarFiles: string[];

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist', 'electron', 'main.js')))
      throw new Error('run `npm run build` first');
    work = mkdtempSync(path.join(os.tmpdir(), 'locker-pack-'));
    const project = path.join(work, 'project');
    mkdirSync(project);
    for (const name of ['package.json', 'dist', 'build'])
      cpSync(path.join(root, name), path.join(project, name), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    mkdirSync(path.join(project, 'native', 'electron-v150-linux-x64'), { recursive: true });
    writeFileSync(path.join(project, 'native', 'electron-v150-linux-x64', 'better_sqlite3.node'), 'stand-in');

    const electron = path.join(work, 'electron');
    mkdirSync(path.join(electron, 'locales'), { recursive: true });
    const junk = Buffer.alloc(4096, 0x90);
    // Electron's default fuse states, in FuseV1Options order.
    const wire = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];
    writeFileSync(
      path.join(electron, 'electron'),
      Buffer.concat([junk, Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), junk]),
      { mode: 0o755 },
    );
    for (const locale of ['en-US', 'zh-CN', 'fr', 'de'])
      writeFileSync(path.join(electron, 'locales', `${locale}.pak`), '');
    writeFileSync(path.join(electron, 'LICENSE'), '');
    writeFileSync(path.join(electron, 'version'), '45.4.1');

    const out = path.join(work, 'out');
    await promisify(execFile)(
      path.join(root, 'node_modules', '.bin', 'electron-builder'),
      [
        '--config',
        'build/electron-builder.config.js',
        '--linux',
        'dir',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${electron}`,
        '-c.electronVersion=45.4.1',
        `-c.directories.output=${out}`,
      ],
      { cwd: project, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
    );
    unpacked = path.join(out, 'linux-unpacked');
    const asar = require(path.join(root, 'node_modules', '@electron', 'asar')) as {
      listPackage(file: string): string[];
    };
    asarFiles = asar
      .listPackage(path.join(unpacked, 'resources', 'app.asar'))
      .map((p) => p.replace(/\\/g, '/'));
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the built app and package.json, and no source', () => {
    const own = asarFiles.filter((p) => !p.startsWith('/node_modules'));
    expect(own).toContain('/dist/electron/main.js');
    // The locker's utility process, which main.ts forks from inside app.asar.
    expect(own).toContain('/dist/electron/host.js');
    expect(own).toContain('/dist/electron/preload.cjs');
    expect(own).toContain('/dist/renderer/index.html');
    expect(own).toContain('/package.json');
    expect(own.filter((p) => !/^\/(package\.json|dist(\/(electron|renderer)(\/.*)?)?)$/.test(p))).toEqual([]);
  });

  it('packs better-sqlite3’s JavaScript without its Node build, and no renderer-only packages', () => {
    expect(asarFiles).toContain('/node_modules/better-sqlite3/lib/index.js');
    expect(asarFiles.filter((p) => p.startsWith('/node_modules/better-sqlite3/build'))).toEqual([]);
    for (const name of ['react', 'react-dom', 'lucide-react', 'tsx', 'esbuild', 'commander']) {
      expect(asarFiles, name).not.toContain(`/node_modules/${name}/package.json`);
    }
  });

  it('unpacks sharp, its libvips, the OCR core and data, and the two font faces', () => {
    const dir = path.join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(existsSync(path.join(dir, 'sharp', 'package.json'))).toBe(true);
    expect(readdirSync(path.join(dir, '@img')).length).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'tesseract.js-core', 'tesseract-core-simd-lstm.wasm'))).toBe(true);
    expect(
      existsSync(path.join(dir, '@tesseract.js-data', 'chi_sim', '4.0.0_best_int', 'chi_sim.traineddata.gz')),
    ).toBe(true);
    expect(readdirSync(path.join(dir, '@expo-google-fonts', 'noto-sans-sc')).sort()).toEqual([
      '400Regular',
      '700Bold',
    ]);
  });

  it('ships the Electron build of better-sqlite3 in resources/native and prunes Chromium’s locales', () => {
    expect(
      existsSync(
        path.join(unpacked, 'resources', 'native', 'electron-v150-linux-x64', 'better_sqlite3.node'),
      ),
    ).toBe(true);
    expect(readdirSync(path.join(unpacked, 'locales')).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
  });

  it('flipped the fuses in the packed executable', () => {
    const bytes = readFileSync(path.join(unpacked, 'evidence-locker'));
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
    expect([...bytes.subarray(at + 2, at + 10)]).toEqual([OFF, ON, OFF, OFF, ON, ON, OFF, OFF]);
  });
});
