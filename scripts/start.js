#!/usr/bin/env node
// `npm start`: the Electron app when its binary and its build of the database module are on disk; otherwise
// the same UI and API in the browser over the loopback bridge. The `electron` package is never `require`d
// here: that would start a download.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronNativeTarget } from './electron-native.js';

/**
 * How to open the app from this checkout: `{ electron: exe }`, or `{ browser: why }` when Electron cannot
 * start it (no binary, or no Electron build of better-sqlite3: the window would open onto an error).
 */
export function launchPlan(root) {
  const exe = electronBinary(root);
  if (!exe)
    return { browser: 'No Electron binary is available here, so the app opens in your browser instead.' };
  let native;
  try {
    native = electronNativeTarget(root).file;
  } catch (error) {
    return {
      browser: `Cannot tell the Electron version (${error.message}), so the app opens in your browser instead.`,
    };
  }
  if (!existsSync(native)) {
    return {
      browser:
        `The Electron build of the database module is missing (${path.relative(root, native)}), so the app opens in ` +
        'your browser instead. Run "npm run native:electron" once while online to open it in its own window.',
    };
  }
  return { electron: exe };
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const plan = launchPlan(root);
  const { build } = await import('vite');
  console.log('Building the interface…');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  if (plan.electron) {
    const { buildElectron } = await import('./build-electron.js');
    await buildElectron();
    const child = spawn(plan.electron, [root, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    console.log(plan.browser);
    // The bridge runs as built JavaScript (dist/node/bridge.js), rebuilt here like the interface above.
    const { buildNode } = await import('./build-node.js');
    await buildNode();
    const { runBridge } = await import('../dist/node/bridge.js');
    await runBridge([...args, '--renderer', path.join(root, 'dist', 'renderer')]);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
