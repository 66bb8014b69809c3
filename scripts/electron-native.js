// Where the Electron pieces live in a checkout, shared by `npm start` (scripts/start.js) and the native build
// (scripts/build-electron-native.js), so both look in the same place the app does (electron/services/native-binding.ts).
// Never `require('electron')` here: that starts a download.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron executable if it has been downloaded into node_modules/electron, else null. */
export function electronBinary(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

/**
 * native/electron-v<abi>-<platform>-<arch>/better_sqlite3.node for the installed Electron, with its version
 * and ABI; throws when the Electron version cannot be told.
 */
export function electronNativeTarget(root, platform = process.platform, arch = process.arch) {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const abi = require('node-abi').getAbi(electronVersion, 'electron');
  const dir = path.join(root, 'native', `electron-v${abi}-${platform}-${arch}`);
  return { electronVersion, abi, dir, file: path.join(dir, 'better_sqlite3.node') };
}

/**
 * Copies a package without its own build/ folder (which holds the Node build). Only the package's top-level
 * build/ is left out: a checkout under a folder named build (/home/me/build/evidence-locker) is copied whole.
 */
export function copyWithoutBuild(pkgDir, dest) {
  cpSync(pkgDir, dest, {
    recursive: true,
    filter: (src) => path.relative(pkgDir, src).split(path.sep)[0] !== 'build',
  });
}
