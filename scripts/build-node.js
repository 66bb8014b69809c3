#!/usr/bin/env node
// Builds what runs under plain Node into dist/node/: the `locker` command (package.json's `bin`) and the
// loopback bridge `npm start` serves the interface with where Electron cannot run. One esbuild pass with
// code splitting: each command's services land in their own chunks, loaded only when that command runs, so
// `locker --help` reads no service at all. Packages stay external and load from node_modules (native addons,
// pdfkit, sharp…). Runs on `npm install` / `npm ci` (the `prepare` script), in `npm run build`, before the
// tests (test/global-setup.ts) and in `npm start`.
import { chmod, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_OUT = path.join(root, 'dist', 'node');

export async function buildNode() {
  // esbuild is a devDependency: imported here, not at the top, so a missing one is a clear message.
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error(
      'esbuild is missing: run "npm install" (with dev dependencies) to build the locker command.',
    );
  }
  await rm(NODE_OUT, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      locker: 'electron/cli/locker.ts',
      bridge: 'electron/bridge/run.ts',
      // The export process (export/child.ts), started by its name beside the chunk that starts it.
      'child-main': 'electron/services/export/child-main.ts',
    },
    outdir: NODE_OUT,
    // Chunks sit beside the entries: code that finds files relative to itself sees the same depth.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Packages load from node_modules, except zod: the calls' schemas need it in every command that opens the
    // locker, and zod's ~50 ES modules cost a start-up twice what the same code bundled into one chunk does.
    plugins: [
      {
        name: 'external-packages-but-zod',
        setup(build) {
          // zod's error messages in 40 languages: the locker words input problems itself (input-problems.ts),
          // so only the English zod configures by default is kept.
          build.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) =>
            /[\\/]zod[\\/]/.test(args.importer) ? { path: args.path, namespace: 'zod-en-only' } : undefined,
          );
          build.onLoad({ filter: /.*/, namespace: 'zod-en-only' }, () => ({
            contents: "export { default as en } from 'zod/v4/locales/en.js';",
            resolveDir: root,
          }));
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path === 'zod' || args.path.startsWith('zod/')
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
    logLevel: 'warning',
  });
  await chmod(path.join(NODE_OUT, 'locker.js'), 0o755);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildNode();
  } catch (error) {
    // An install without dev dependencies (npm ci --omit=dev) has no esbuild: say so, and let it finish.
    if (process.env.npm_lifecycle_event !== 'prepare') throw error;
    console.warn(`The locker command was not built: ${error.message}`);
  }
}
