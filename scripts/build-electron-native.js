#!/usr/bin/env node
// Builds a second copy of better-sqlite3 for Electron's ABI into native/electron-v<abi>-<platform>-<arch>/,
// leaving node_modules/better-sqlite3 built for Node so the tests keep working. The app loads this copy
// through better-sqlite3's `nativeBinding` option when it runs under Electron (see electron/services/native-binding.ts).
//
// Runs after `npm install`. It needs the network (a prebuilt download, else Electron's headers for a
// compile); where there is none, as on an offline build machine, it says so and exits 0: the tests and the
// `locker` command do not need it, and `npm start` falls back to the browser bridge.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { copyWithoutBuild, electronNativeTarget } from './electron-native.js';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const log = (msg) => process.stderr.write(`[electron-native] ${msg}\n`);
// The release workflow sets it: there, an app without its database build is a failed build, not a skip.
const required = Boolean(process.env.LOCKER_REQUIRE_ELECTRON_NATIVE);

if (process.env.LOCKER_SKIP_ELECTRON_NATIVE) {
  log('skipped (LOCKER_SKIP_ELECTRON_NATIVE is set)');
  process.exit(0);
}

let electronVersion;
let target;
let output;
try {
  ({ electronVersion, dir: target, file: output } = electronNativeTarget(root));
} catch (error) {
  log(`skipped: cannot tell the Electron version (${error.message})`);
  process.exit(required ? 1 : 0);
}

const sqlitePkg = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(readFileSync(path.join(sqlitePkg, 'package.json'), 'utf8')).version;
const stamp = path.join(target, 'VERSION');
const wanted = `better-sqlite3 ${sqliteVersion} electron ${electronVersion}`;
if (existsSync(output) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) {
  log(`up to date: ${path.relative(root, output)}`);
  process.exit(0);
}

// Work on a copy: both tools write into the package's own build/ folder, which holds the Node build.
const work = mkdtempSync(path.join(os.tmpdir(), 'locker-electron-native-'));
const copy = path.join(work, 'better-sqlite3');
copyWithoutBuild(sqlitePkg, copy);
// This machine's npm may set nodedir to the system Node's headers, which silently builds Node's ABI
// under an Electron label: unset it so node-gyp fetches Electron's headers.
const env = { ...process.env };
for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key];
const run = (cmd, args) =>
  execFileSync(process.execPath, [cmd, ...args], {
    cwd: copy,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 180_000,
  });

const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
let how = null;
try {
  run(require.resolve('prebuild-install/bin.js'), [
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--verbose',
  ]);
  if (existsSync(built)) how = 'prebuilt download';
} catch (error) {
  log(`no prebuilt binary (${firstLine(error)})`);
}
if (!how) {
  try {
    run(require.resolve('node-gyp/bin/node-gyp.js'), [
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ]);
    if (existsSync(built)) how = 'compiled against Electron headers';
  } catch (error) {
    log(`could not compile for Electron (${firstLine(error)})`);
  }
}
if (how) {
  mkdirSync(target, { recursive: true });
  copyFileSync(built, output);
  writeFileSync(stamp, wanted + '\n');
  log(`built ${path.relative(root, output)} (${how})`);
} else {
  log(
    `skipped: no Electron build of better-sqlite3 could be made here (offline?). The tests and the locker ` +
      `command do not need it; run "npm run native:electron" once online before "npm start" opens the window.`,
  );
}
rmSync(work, { recursive: true, force: true });
if (!how && required) process.exit(1);

function firstLine(error) {
  const text = String(error?.stderr ?? '') || String(error?.message ?? error);
  return text.trim().split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 200) ?? 'unknown error';
}
