import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Databases open through db/connect.ts (db/open.ts) only: it gives each one this runtime's better-sqlite3 build. */
const OPEN_THROUGH_DB = {
  name: 'better-sqlite3',
  allowTypeImports: true,
  message:
    'Open databases with connect/openDatabase from db/open.ts or db/connect.ts (they pick the Electron build under Electron).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'native/',
      'test-output/',
      'bench-output/',
      'renderer/dist/',
      'scratch/',
      'release/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Services and the store run under plain Node and in tests: they must never pull in Electron.
    files: ['db/**/*.ts', 'electron/services/**/*.ts', 'electron/cli.ts', 'electron/cli/**/*.ts'],
    ignores: ['db/connect.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Services stay Electron-free.' }, OPEN_THROUGH_DB] },
      ],
    },
  },
  {
    files: ['db/connect.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Services stay Electron-free.' }] },
      ],
    },
  },
  {
    // Under Electron a database opened anywhere but db/connect.ts would load Node's build and fail.
    files: ['electron/*.ts', 'electron/ipc/**/*.ts', 'electron/bridge/**/*.ts', 'electron/host/**/*.ts'],
    ignores: ['electron/cli.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [OPEN_THROUGH_DB] }] },
  },
  {
    // Electron's main process stays thin: the locker's code (services, database, handlers) runs in its utility
    // process (electron/host/), and main only forwards to it. Types may still be shared.
    files: [
      'electron/main.ts',
      'electron/lifecycle.ts',
      'electron/protocols.ts',
      'electron/window.ts',
      'electron/keychain.ts',
      'electron/host/launch.ts',
      'electron/ipc/register-remote.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [OPEN_THROUGH_DB],
          patterns: [
            {
              group: [
                '**/services/**',
                '!**/services/paths.ts',
                '**/db/**',
                '**/ipc/dispatch.ts',
                '**/ipc/gate.ts',
                '**/host/locker-host.ts',
                '**/host/entry.ts',
              ],
              allowTypeImports: true,
              message: "Main stays thin: the locker's code runs in its utility process (electron/host/).",
            },
          ],
        },
      ],
    },
  },
  {
    // React's hooks rules (rules of hooks, exhaustive effect dependencies, and the compiler's checks of
    // effects, refs and purity): a missed dependency is a stale screen, a setState in an effect a second render.
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // The renderer is untrusted web content: no Node, no Electron, no locker code. It reaches the locker only
    // through lib/api.ts, the one module that may read `window.locker`.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', 'sharp', 'zod'].map((name) => ({
            name,
            message: 'The renderer runs in a sandbox: talk to the locker through renderer/lib/api.ts.',
          })),
          patterns: [
            {
              group: ['node:*', '**/db/*', '**/services/*', '**/bridge/*'],
              message: 'The renderer runs in a sandbox: talk to the locker through renderer/lib/api.ts.',
            },
            {
              // The contract's types are read off the declared calls; a value from there would carry zod and
              // the schemas (or worse) into the page's bundle.
              // words.ts and ledger-kinds.ts are plain lists with no imports: the menus are built from them.
              // messages/ holds the error and warning catalogue and the file-type words (plain data, importing
              // only itself): the page words the locker's codes and file types with them.
              group: [
                '**/electron/**/*.ts',
                '!**/electron/ipc/words.ts',
                '!**/electron/ipc/ledger-kinds.ts',
                '!**/electron/messages/say.ts',
                '!**/electron/messages/word.ts',
                '!**/electron/messages/catalogue.ts',
                '!**/electron/messages/file-types.ts',
              ],
              allowTypeImports: true,
              message: 'The renderer imports types only from electron/ (import type …).',
            },
          ],
        },
      ],
    },
  },
  {
    // Types only from the contract: its values come with zod and every schema (the lists are in ipc/words.ts).
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ipc/contract.ts'],
              allowTypeImports: true,
              message: 'Import types only from the contract; the lists are in electron/ipc/words.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/lib/api.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='window'][property.name='locker']",
          message: 'Only renderer/lib/api.ts reads window.locker.',
        },
      ],
    },
  },
  {
    // The contract is the renderer's view of the calls: types read off the declarations, never a value. The
    // channel names are bundled into the sandboxed preload: plain TypeScript only.
    files: ['electron/ipc/contract.ts', 'electron/ipc/channels.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Keep the contract portable.' }],
          patterns: [
            {
              group: ['node:*', 'zod', '**/db/*', '**/services/*', '**/ipc/*'],
              allowTypeImports: true,
              message: 'The contract holds types only (import type …).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
);
