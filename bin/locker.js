#!/usr/bin/env node
// The `locker` command at the path package.json's `bin` has always named. It runs the built command in
// dist/node/ (made on `npm install` by scripts/build-node.js); an install run with --ignore-scripts has none
// yet, so it is built here first. A fixed path matters: npx keeps a project's bin link in its cache, and a
// link to a path that moved is "locker: not found".
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const built = new URL('../dist/node/locker.js', import.meta.url);
if (!existsSync(built)) {
  const { buildNode } = await import('../scripts/build-node.js');
  try {
    await buildNode();
  } catch (error) {
    console.error(`locker: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
await import(built.href);
