#!/usr/bin/env node
// The `locker` command as built into dist/node/locker.js (package.json's `bin`): see scripts/build-node.js.
import { main } from '../cli.ts';

process.exitCode = await main(process.argv.slice(2));
