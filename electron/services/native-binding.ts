import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Electron build of better-sqlite3 is not where the app looks: an install (or offline `npm install`) without it. */
export class NativeBindingMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeBindingMissingError';
  }
}

let chosen: string | undefined;
/** Node's own build, found once: undefined until looked for, null when it is not where npm puts it. */
let nodeBuild: string | null | undefined;

/**
 * Chooses, once at start-up, the better-sqlite3 build every database of this process opens with (the
 * Electron app: its Electron-ABI copy). One setting for the process, read by db/connect.ts, so no door that
 * opens a locker (start-up, unlock, encryption, backup, restore) can forget it.
 */
export function useNativeBinding(file: string | undefined): void {
  chosen = file;
}

/**
 * The build chosen by useNativeBinding, else the one npm built or fetched for Node (build/Release, or
 * build/Debug, beside better-sqlite3's lib/). Named here because better-sqlite3 finds its default through the
 * `bindings` package, which walks a stack trace and tries a dozen paths: 3 ms of every `locker` command's
 * start-up, and a search that cannot work from the built command, where better-sqlite3's JavaScript is bundled
 * (scripts/build-node.js). Undefined (better-sqlite3's own search) when neither file is there.
 */
export function nativeBinding(): string | undefined {
  if (chosen !== undefined) return chosen;
  if (nodeBuild === undefined) {
    const lib = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3'));
    nodeBuild =
      ['Release', 'Debug']
        .map((kind) => path.join(lib, '..', 'build', kind, 'better_sqlite3.node'))
        .find((file) => existsSync(file)) ?? null;
  }
  return nodeBuild ?? undefined;
}

/**
 * better-sqlite3 is compiled against one ABI. node_modules holds the build for Node (tests, the `locker`
 * command); `scripts/build-electron-native.js` puts one for Electron in `native/`. Under Electron this returns
 * that copy's path for better-sqlite3's `nativeBinding` option; under Node, undefined (use the default).
 */
export function electronNativeBinding(
  roots: string[],
  versions: NodeJS.ProcessVersions = process.versions,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | undefined {
  if (!versions.electron) return undefined;
  const folder = `electron-v${versions.modules}-${platform}-${arch}`;
  for (const root of roots) {
    const candidate = path.join(root, folder, 'better_sqlite3.node');
    if (existsSync(candidate)) return candidate;
  }
  throw new NativeBindingMissingError(
    `Evidence Locker cannot open its database under Electron ${versions.electron}: no ${folder}/better_sqlite3.node ` +
      `in ${roots.join(' or ')}. Run "npm run native:electron" (it needs the network once).`,
  );
}
