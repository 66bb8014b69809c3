import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp.ts';

// scripts/*.js are plain JavaScript (no types): describe the parts the test uses.
const scripts = path.resolve(import.meta.dirname, '../../scripts');
const { launchPlan } = (await import(path.join(scripts, 'start.js'))) as {
  launchPlan: (root: string) => { electron?: string; browser?: string };
};
const { copyWithoutBuild, electronNativeTarget } = (await import(
  path.join(scripts, 'electron-native.js')
)) as {
  copyWithoutBuild: (pkgDir: string, dest: string) => void;
  electronNativeTarget: (root: string) => { abi: string; dir: string; file: string };
};

const tempDir = useTempDirs();

/** A checkout with a downloaded Electron binary in node_modules/electron (and, when asked, its native build). */
function checkout(options: { binary: boolean; native: boolean }): string {
  const root = tempDir();
  if (options.binary) {
    const dir = path.join(root, 'node_modules', 'electron');
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
  }
  if (options.native) {
    const { dir, file } = electronNativeTarget(root);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
  }
  return root;
}

describe('npm start (launchPlan)', () => {
  it('opens the Electron app when the binary and its build of the database module are there', () => {
    const root = checkout({ binary: true, native: true });
    expect(launchPlan(root)).toEqual({
      electron: path.join(root, 'node_modules', 'electron', 'dist', 'electron'),
    });
  });

  it('falls back to the browser when the Electron build of the database module is missing', () => {
    const plan = launchPlan(checkout({ binary: true, native: false }));
    expect(plan.electron).toBeUndefined();
    expect(plan.browser).toMatch(
      /Electron build of the database module is missing \(native[\\/]electron-v150-[^)]+better_sqlite3\.node\)/,
    );
    expect(plan.browser).toContain('npm run native:electron');
  });

  it('falls back to the browser when there is no Electron binary', () => {
    expect(launchPlan(checkout({ binary: false, native: true }))).toEqual({
      browser: 'No Electron binary is available here, so the app opens in your browser instead.',
    });
  });
});

describe('the native build copies better-sqlite3 without its build folder', () => {
  it('copies everything else, even when the checkout lives under a folder named build', () => {
    const pkg = path.join(tempDir(), 'build', 'evidence-locker', 'node_modules', 'better-sqlite3');
    for (const [name, text] of [
      ['package.json', '{}'],
      ['binding.gyp', '{}'],
      ['lib/index.js', ''],
      ['src/better_sqlite3.cpp', ''],
      ['deps/sqlite3/build/notes.txt', ''],
      ['build/Release/better_sqlite3.node', 'the Node build'],
    ] as const) {
      mkdirSync(path.dirname(path.join(pkg, name)), { recursive: true });
      writeFileSync(path.join(pkg, name), text);
    }
    const copy = path.join(tempDir(), 'better-sqlite3');
    copyWithoutBuild(pkg, copy);
    expect(readdirSync(copy).sort()).toEqual(['binding.gyp', 'deps', 'lib', 'package.json', 'src']);
    expect(existsSync(path.join(copy, 'lib', 'index.js'))).toBe(true);
    expect(existsSync(path.join(copy, 'deps', 'sqlite3', 'build', 'notes.txt'))).toBe(true);
  });
});
