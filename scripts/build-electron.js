#!/usr/bin/env node
// Bundles Electron's main process (ESM) and the preload (one CommonJS file: a sandboxed preload cannot load
// ES modules or node_modules) into dist/electron/. Dependencies of main stay external and load from node_modules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');

export async function buildElectron() {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: path.join(root, 'electron', 'main.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { external: ['electron'], output: { format: 'es', entryFileNames: 'main.js' } },
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
