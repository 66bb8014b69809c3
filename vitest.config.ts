import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/node (the `locker` command the CLI tests spawn) from the sources under test.
    globalSetup: ['test/global-setup.ts'],
    // Real SQLite files, real sharp and child processes: give slow CI disks room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
