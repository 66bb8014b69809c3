#!/usr/bin/env node
// `npm start`: the Electron app when its binary is on disk; otherwise the same UI and API in the browser
// over the loopback bridge. The `electron` package is never `require`d here: that would start a download.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable if it has been downloaded, else null. */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const exe = electronBinary();
console.log('Building the interface…');
await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

if (exe) {
  const { buildElectron } = await import('./build-electron.js');
  await buildElectron();
  const child = spawn(exe, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary is available here, so the app opens in your browser instead.');
  const { register } = await import('tsx/esm/api');
  register();
  const { runBridge } = await import('../electron/bridge/run.ts');
  await runBridge([...args, '--renderer', path.join(root, 'dist', 'renderer')]);
}
