#!/usr/bin/env node
// The `locker` command as built into dist/node/locker.js (package.json's `bin`): see scripts/build-node.js.
import { main } from '../cli.ts';

// `locker … | head`: once the reader has gone, what is left to print has nowhere to go. Stop quietly, as
// Unix tools do, instead of a stack trace for an unhandled EPIPE.
function quietOnEpipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
}
process.stdout.on('error', quietOnEpipe);
// Node makes process.stderr on first use, and making it loads the pipe or terminal code (2–4 ms of a command
// that prints no error): it gets the same guard when it is made, not before.
const stderrProperty = Object.getOwnPropertyDescriptor(process, 'stderr');
if (stderrProperty?.get) {
  const made = stderrProperty;
  Object.defineProperty(process, 'stderr', {
    configurable: true,
    enumerable: true,
    get() {
      const stderr = made.get?.call(process) as typeof process.stderr;
      if (!stderr.listeners('error').includes(quietOnEpipe)) stderr.on('error', quietOnEpipe);
      return stderr;
    },
  });
} else {
  process.stderr.on('error', quietOnEpipe);
}

process.exitCode = await main(process.argv.slice(2));
