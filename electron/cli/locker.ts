#!/usr/bin/env node
// The `locker` command as built into dist/node/locker.js (package.json's `bin`): see scripts/build-node.js.
import { main } from '../cli.ts';

// `locker … | head`: once the reader has gone, what is left to print has nowhere to go. Stop quietly, as
// Unix tools do, instead of a stack trace for an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv.slice(2));
