#!/usr/bin/env node
// Bundles Electron's main process and the locker's utility process (host.js, which main forks; ESM, sharing
// chunks beside them) and the preload (one CommonJS file: a sandboxed preload cannot load ES modules or
// node_modules) into dist/electron/. Dependencies stay external and load from node_modules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_OUT = path.join(root, 'dist', 'electron');

/** `outDir` is for tests, which build into a folder of their own. */
export async function buildElectron(outDir = ELECTRON_OUT) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: {
        input: {
          main: path.join(root, 'electron', 'main.ts'),
          // main.ts forks it with utilityProcess.fork(dist/electron/host.js), packed in app.asar with main.js.
          host: path.join(root, 'electron', 'host', 'entry.ts'),
        },
        external: ['electron'],
        // Chunks sit beside the entries: code that finds files relative to itself sees the same depth.
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: path.join(root, 'electron', 'preload.ts'),
      outDir,
      emptyOutDir: false,
      target: 'node22',
      rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
    },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
}
