#!/usr/bin/env node
// The `locker` command. The sources are TypeScript; tsx compiles them on the fly so that one
// `npm install` is all it takes.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli.ts');
process.exitCode = await main(process.argv.slice(2));
