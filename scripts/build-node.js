#!/usr/bin/env node
// Builds what runs under plain Node into dist/node/: the `locker` command (package.json's `bin`) and the
// loopback bridge `npm start` serves the interface with where Electron cannot run. One esbuild pass with
// code splitting: each command's services land in their own chunks, loaded only when that command runs, so
// `locker --help` reads no service at all. Packages stay external and load from node_modules (native addons,
// pdfkit, sharp…). Runs on `npm install` / `npm ci` (the `prepare` script), in `npm run build`, before the
// tests (test/global-setup.ts) and in `npm start`.
import { chmod, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_OUT = path.join(root, 'dist', 'node');
const Z_IMPORT = "import { z } from 'zod';";
const BUNDLED = ['zod', 'commander', 'better-sqlite3'];

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
  const options = {
    absWorkingDir: root,
    outdir: NODE_OUT,
    // Chunks sit beside the entries: code that finds files relative to itself sees the same depth.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Packages load from node_modules, except zod and commander (below). Bundled CommonJS (commander) calls
    // `require`, which an ES module has not: each output file defines it, made on first use (a `createRequire`
    // in each of the 45 files `locker case list` loads cost it about 3 ms; one or two of them call it).
    banner: {
      js: 'import { createRequire as __lockerRequire } from "node:module"; let __lockerRequired; function require(id) { return (__lockerRequired ??= __lockerRequire(import.meta.url))(id); }',
    },
    plugins: [
      {
        name: 'external-packages-but-zod-and-commander',
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
          // `import { z } from 'zod'` hands over zod's whole namespace as one object, which keeps every export
          // (JSON Schema output, codecs, ISO helpers…): read as `import * as z`, each `z.string` is a plain
          // import and the rest is left out: half of zod's code, and of its start-up, in every command.
          build.onLoad({ filter: /[\\/](electron|db)[\\/].*\.ts$/ }, async (args) => {
            const text = await readFile(args.path, 'utf8');
            if (!text.includes(Z_IMPORT)) return undefined;
            return { contents: text.replace(Z_IMPORT, "import * as z from 'zod';"), loader: 'ts' };
          });
          // commander's process spawning (for executable subcommands, which the locker has none of) would
          // load child_process, net and dgram in every command, `locker --help` included: loaded on use.
          build.onResolve({ filter: /^node:child_process$/ }, (args) =>
            /[\\/]commander[\\/]/.test(args.importer)
              ? { path: args.path, namespace: 'child-process-on-use' }
              : undefined,
          );
          build.onLoad({ filter: /.*/, namespace: 'child-process-on-use' }, () => ({
            contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
            loader: 'js',
          }));
          // Bundled: commander (its seven CommonJS files cost `locker --help` more to find and load than to
          // run), zod (its ~50 ES modules cost twice what the same code in one chunk does) and better-sqlite3's
          // JavaScript (13 files for every command that opens a locker; its compiled addon stays in
          // node_modules and is named by native-binding.ts, so its `bindings` search never runs).
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            BUNDLED.some((name) => args.path === name || args.path.startsWith(`${name}/`)) &&
            !/[\\/]better-sqlite3[\\/]/.test(args.importer)
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
    logLevel: 'warning',
  };
  // Two passes into the same folder. esbuild makes one chunk per set of entry points (dynamic imports
  // included) that share code; built with the bridge, the `locker` command's code came in 20% more files,
  // each a cost to start-up. A chunk both passes make is the same file under the same (content) name.
  await esbuild.build({ ...options, entryPoints: { locker: 'electron/cli/locker.ts' } });
  await esbuild.build({
    ...options,
    entryPoints: {
      bridge: 'electron/bridge/run.ts',
      // The export process (export/child.ts), started by its name beside the chunk that starts it.
      'child-main': 'electron/services/export/child-main.ts',
    },
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
