import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Configuration } from 'electron-builder';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontFiles } from '../../electron/services/export/fonts.ts';
import { electronNativeBinding } from '../../electron/services/native-binding.ts';
import { languageDataFiles } from '../../electron/services/ocr/engine.ts';
import { ICO_SIZES, LINUX_SIZES, makeIcons } from '../../scripts/make-icons.ts';

/*
 * Packaging cannot run here (it downloads Electron), so the configuration is checked with electron-builder's
 * own code: its loader, its schema and the file matchers that decide what goes into the package and what is
 * unpacked from app.asar. Those are internals of the pinned app-builder-lib; if an upgrade moves them, this
 * test fails loudly rather than passing on a guess.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const configFile = path.join(root, 'build', 'electron-builder.config.js');
const lib = path.join(root, 'node_modules', 'app-builder-lib', 'out');
const require = createRequire(import.meta.url);

type Stat = { isDirectory(): boolean; moduleFullFilePath?: string };
type Filter = (file: string, stat: Stat) => boolean;
type Matcher = { from: string; to: string; patterns: string[]; createFilter(): Filter };
type Expand = (pattern: string) => string;
type MatcherOptions = {
  macroExpander: Expand;
  customBuildOptions: object;
  globalOutDir: string;
  defaultSrc: string;
};

const builderConfig = require(path.join(lib, 'util', 'config', 'config.js')) as {
  getConfig(projectDir: string, configPath: string, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
const matchers = require(path.join(lib, 'fileMatcher.js')) as {
  FileMatcher: new (from: string, to: string, expand: Expand, patterns: string[]) => Matcher;
  getFileMatchers(config: Configuration, name: string, to: string, options: MatcherOptions): Matcher[] | null;
  getMainFileMatchers(
    appDir: string,
    to: string,
    expand: Expand,
    platformOptions: object,
    platformPackager: { info: object },
    outDir: string,
    isElectronCompile: boolean,
  ): Matcher[];
  getNodeModuleFileMatcher(
    appDir: string,
    to: string,
    expand: Expand,
    platformOptions: object,
    info: object,
  ): Matcher;
};
const { DebugLogger } = require(path.join(root, 'node_modules', 'builder-util')) as {
  DebugLogger: new (enabled: boolean) => unknown;
};

const expand: Expand = (pattern) => pattern;
const file: Stat = { isDirectory: () => false };
const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');

let config: Configuration;
let outDir: string;
let options: MatcherOptions;
let packagerInfo: object;

beforeAll(async () => {
  // Loaded exactly as `electron-builder --config build/electron-builder.config.js` loads it.
  config = await builderConfig.getConfig(root, configFile, null);
  outDir = path.resolve(root, config.directories?.output ?? 'dist');
  options = { macroExpander: expand, customBuildOptions: {}, globalOutDir: outDir, defaultSrc: root };
  packagerInfo = {
    projectDir: root,
    buildResourcesDir: config.directories?.buildResources ?? 'build',
    config,
    isPrepackedAppAsar: false,
    debugLogger: { isEnabled: false },
  };
});

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema, and that check is live', async () => {
    await expect(
      builderConfig.validateConfiguration(config, new DebugLogger(false)),
    ).resolves.toBeUndefined();
    await expect(
      builderConfig.validateConfiguration(
        { ...config, fusesTypo: true } as Configuration,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/fusesTypo/);
  });

  it('names the app and is what `npm run dist` packs with', () => {
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Evidence Locker');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.dist).toContain('npm run build');
    expect(pkg.scripts.dist).toContain('electron-builder --config build/electron-builder.config.js');
    expect(pkg.main).toBe('dist/electron/main.js');
  });

  it('builds Linux AppImage and deb, Windows nsis and macOS dmg', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('writes the installers outside dist/, which holds the app’s own build', () => {
    expect(config.directories?.output).toBeTruthy();
    expect(config.directories?.output).not.toMatch(/^(\.\/)?dist\b/);
  });

  it('packs into app.asar and never rebuilds native modules (that would replace the tests’ Node build)', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('never publishes or updates itself', () => {
    expect(config.publish).toBeNull();
  });
});

describe('what goes into the package', () => {
  const appFilter = () =>
    matchers
      .getMainFileMatchers(root, '/app', expand, {}, { info: packagerInfo }, outDir, false)[0]!
      .createFilter();

  it.each([
    'package.json',
    'dist/electron/main.js',
    // The locker's utility process, which main.ts forks, and the chunks it shares with main.js.
    'dist/electron/host.js',
    'dist/electron/channels-abc123.js',
    'dist/electron/preload.cjs',
    'dist/renderer/index.html',
    'dist/renderer/assets/index-abc123.js',
  ])('packs %s', (name) => {
    expect(appFilter()(path.join(root, name), file)).toBe(true);
  });

  it.each([
    'electron/main.ts',
    'electron/preload.ts',
    'electron/services/locker.ts',
    'db/migrate.ts',
    'renderer/App.tsx',
    'renderer/index.html',
    'test/electron/security.test.ts',
    'test/fixtures/alipay.csv',
    'scripts/start.js',
    'dist/node/locker.js',
    'dist/node/bridge.js',
    'bench/run.ts',
    'native/electron-v150-linux-x64/better_sqlite3.node',
    'build/after-pack.js',
    'build/icon.png',
    'dist/electron/main.js.map',
    'tsconfig.json',
    'package-lock.json',
    'README.md',
  ])('leaves out %s', (name) => {
    expect(appFilter()(path.join(root, name), file)).toBe(false);
  });

  it('packs nothing from the project folder but dist/electron, dist/renderer and package.json', () => {
    const filter = appFilter();
    const packed: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', '.git'].includes(entry.name)) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (filter(full, { isDirectory: () => true })) walk(full);
        } else if (filter(full, file)) {
          packed.push(rel(full));
        }
      }
    };
    walk(root);
    expect(packed).toContain('package.json');
    expect(packed.filter((p) => !/^(package\.json$|dist\/(electron|renderer)\/)/.test(p))).toEqual([]);
  });

  /** Whether a file of a dependency goes into the package (dependencies are filtered by the `!` patterns). */
  const packsModuleFile = (name: string) => {
    const patterns = matchers.getNodeModuleFileMatcher(root, '/app', expand, {}, packagerInfo).patterns;
    const [, scopeOrName, ...rest] = name.split('/');
    const dep = scopeOrName!.startsWith('@') ? `${scopeOrName}/${rest.shift()}` : scopeOrName!;
    const from = path.join(root, 'node_modules', dep);
    const filter = new matchers.FileMatcher(
      from,
      `/app/node_modules/${dep}`,
      expand,
      patterns,
    ).createFilter();
    return filter(path.join(root, name), { ...file, moduleFullFilePath: name });
  };

  it('keeps better-sqlite3’s Node-ABI build and C sources out, and its JavaScript in', () => {
    expect(packsModuleFile('node_modules/better-sqlite3/lib/index.js')).toBe(true);
    expect(packsModuleFile('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(packsModuleFile('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
    expect(packsModuleFile('node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(false);
    expect(packsModuleFile('node_modules/sharp/lib/index.js')).toBe(true);
    expect(packsModuleFile('node_modules/zod/package.json')).toBe(true);
  });

  it('leaves out what only the renderer bundle or the locker command uses', () => {
    for (const name of [
      'node_modules/react/index.js',
      'node_modules/react-dom/client.js',
      'node_modules/lucide-react/package.json',
      'node_modules/react-virtuoso/package.json',
      'node_modules/tsx/package.json',
      'node_modules/commander/package.json',
      'node_modules/esbuild/package.json',
      'node_modules/@esbuild/linux-x64/bin/esbuild',
    ]) {
      expect(packsModuleFile(name), name).toBe(false);
    }
  });

  it('keeps the font faces and OCR models the app reads, and only those', () => {
    const { regular, bold } = fontFiles();
    expect(packsModuleFile(rel(regular))).toBe(true);
    expect(packsModuleFile(rel(bold))).toBe(true);
    expect(
      packsModuleFile('node_modules/@expo-google-fonts/noto-sans-sc/100Thin/NotoSansSC_100Thin.ttf'),
    ).toBe(false);
    expect(
      packsModuleFile('node_modules/@expo-google-fonts/noto-sans-sc/900Black/NotoSansSC_900Black.ttf'),
    ).toBe(false);
    for (const { file: data } of languageDataFiles()) expect(packsModuleFile(rel(data)), data).toBe(true);
    expect(packsModuleFile('node_modules/@tesseract.js-data/chi_sim/4.0.0/chi_sim.traineddata.gz')).toBe(
      false,
    );
  });
});

describe('what is unpacked from app.asar', () => {
  const unpacked = (name: string) => {
    const found = matchers.getFileMatchers(config, 'asarUnpack', '/app', options);
    expect(found).toHaveLength(1);
    return found![0]!.createFilter()(path.join(root, name), file);
  };
  const packageFiles = (dir: string) =>
    readdirSync(path.join(root, 'node_modules', dir)).map(
      (name) => `node_modules/${dir}/${name}/package.json`,
    );

  it('unpacks sharp and every @img and @napi-rs package (native addons and the libraries they load)', () => {
    const names = [
      'node_modules/sharp/package.json',
      'node_modules/sharp/lib/index.js',
      ...packageFiles('@img'),
      ...packageFiles('@napi-rs'),
    ];
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(unpacked(name), name).toBe(true);
  });

  it('unpacks the OCR worker, its wasm core and the language data it links to by path', () => {
    const core = path.dirname(require.resolve('tesseract.js-core/package.json'));
    const wasm = readdirSync(core).filter((name) => name.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    for (const name of wasm) expect(unpacked(rel(path.join(core, name))), name).toBe(true);
    expect(unpacked('node_modules/tesseract.js/src/worker-script/node/index.js')).toBe(true);
    for (const { file: data } of languageDataFiles()) expect(unpacked(rel(data)), data).toBe(true);
  });

  it('unpacks exactly the CJK font files the export embeds', () => {
    const { regular, bold } = fontFiles();
    expect(unpacked(rel(regular))).toBe(true);
    expect(unpacked(rel(bold))).toBe(true);
    expect(unpacked('node_modules/@expo-google-fonts/noto-sans-sc/100Thin/NotoSansSC_100Thin.ttf')).toBe(
      false,
    );
  });

  it('leaves everything else inside app.asar', () => {
    for (const name of [
      'dist/electron/main.js',
      // utilityProcess.fork runs it from inside app.asar (asar-aware, like main.js).
      'dist/electron/host.js',
      'node_modules/zod/package.json',
      'node_modules/pdfkit/package.json',
    ]) {
      expect(unpacked(name), name).toBe(false);
    }
  });
});

describe('the Electron build of better-sqlite3', () => {
  it('ships as resources/native/electron-v*/, where main.ts looks for it', () => {
    const resources = mkdtempSync(path.join(os.tmpdir(), 'locker-resources-'));
    const found = matchers.getFileMatchers(config, 'extraResources', resources, options);
    expect(found).toHaveLength(1);
    const matcher = found![0]!;
    expect(matcher.from).toBe(path.join(root, 'native'));
    const filter = matcher.createFilter();
    const built = 'electron-v150-linux-x64/better_sqlite3.node';
    expect(filter(path.join(matcher.from, built), file)).toBe(true);
    expect(filter(path.join(matcher.from, 'node-v115-linux-x64/better_sqlite3.node'), file)).toBe(false);

    // Copy it the way electron-builder would, then ask the app's own loader for it.
    const target = path.join(matcher.to, built);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, 'binary');
    const versions = { ...process.versions, electron: '45.4.1', modules: '150' };
    expect(electronNativeBinding([path.join(resources, 'native')], versions, 'linux', 'x64')).toBe(target);
    expect(readFileSync(path.join(root, 'electron', 'main.ts'), 'utf8')).toContain(
      "path.join(process.resourcesPath, 'native')",
    );
  });
});

describe('the afterPack hook', () => {
  it('is a module inside the project whose `afterPack` export electron-builder calls', async () => {
    expect(config.afterPack).toBe('./build/after-pack.js');
    const hook = path.resolve(root, config.afterPack as string);
    expect(statSync(hook).isFile()).toBe(true);
    const module = (await import(hook)) as { afterPack?: unknown };
    expect(typeof module.afterPack).toBe('function');
  });
});

describe('icons', () => {
  const build = path.join(root, 'build');
  const size = async (file: string) => {
    const meta = await sharp(file).metadata();
    return { format: meta.format, width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha };
  };

  it('has the 1024-pixel PNG macOS makes its .icns from', async () => {
    expect(config.mac?.icon).toBe('build/icon.png');
    expect(await size(path.join(build, 'icon.png'))).toEqual({
      format: 'png',
      width: 1024,
      height: 1024,
      hasAlpha: true,
    });
  });

  it('has one PNG per Linux size, each the size its name says', async () => {
    expect(config.linux?.icon).toBe('build/icons');
    const names = readdirSync(path.join(build, 'icons')).sort();
    expect(names).toEqual(LINUX_SIZES.map((n) => `${n}x${n}.png`).sort());
    for (const n of LINUX_SIZES) {
      expect(await size(path.join(build, 'icons', `${n}x${n}.png`))).toEqual({
        format: 'png',
        width: n,
        height: n,
        hasAlpha: true,
      });
    }
  });

  it('has a Windows .ico that parses back into PNG images of every listed size up to 256', async () => {
    expect(config.win?.icon).toBe('build/icon.ico');
    const ico = readFileSync(path.join(build, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    expect(count).toBe(ICO_SIZES.length);
    let end = 6 + 16 * count;
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = ico.subarray(6 + 16 * i, 6 + 16 * (i + 1));
      const width = entry.readUInt8(0) || 256;
      const height = entry.readUInt8(1) || 256;
      const length = entry.readUInt32LE(8);
      const offset = entry.readUInt32LE(12);
      expect(entry.readUInt16LE(4)).toBe(1);
      expect(entry.readUInt16LE(6)).toBe(32);
      // Images follow the directory back to back, with nothing overlapping and nothing past the end.
      expect(offset).toBe(end);
      end = offset + length;
      expect(end).toBeLessThanOrEqual(ico.length);
      const png = ico.subarray(offset, offset + length);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(await size(png as unknown as string)).toMatchObject({ format: 'png', width, height });
      expect(width).toBe(height);
      sizes.push(width);
    }
    expect(end).toBe(ico.length);
    expect(sizes).toEqual([...ICO_SIZES]);
    // electron-builder refuses a Windows icon without a 256-pixel image.
    expect(Math.max(...sizes)).toBe(256);
  });

  it('matches the SVG: the committed files are what scripts/make-icons.ts renders', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'locker-icons-'));
    writeFileSync(path.join(fresh, 'icon.svg'), readFileSync(path.join(build, 'icon.svg')));
    const written = await makeIcons(fresh);
    expect(written.map((f) => path.relative(fresh, f)).sort()).toEqual(
      ['icon.png', 'icon.ico', ...LINUX_SIZES.map((n) => path.join('icons', `${n}x${n}.png`))].sort(),
    );
    for (const name of ['icon.png', path.join('icons', '16x16.png'), path.join('icons', '256x256.png')]) {
      const [a, b] = await Promise.all(
        [build, fresh].map((dir) => sharp(path.join(dir, name)).raw().toBuffer()),
      );
      expect(a!.equals(b!), name).toBe(true);
    }
  });
});
