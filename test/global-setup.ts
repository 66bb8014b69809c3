import { execFileSync } from 'node:child_process';

/**
 * Tests that run the real `locker` command spawn the built dist/node/locker.js, as `npx locker` does: build it
 * from the sources under test once, before any test file runs.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.js'], { stdio: 'inherit' });
}
