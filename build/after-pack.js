// electron-builder `afterPack` hook: checks the package carries the Electron build of better-sqlite3, then flips
// Electron's fuses in the packed executable. It runs after the app and its extra resources are copied and
// before the app is signed (fuses change the binary, so they must be flipped before the signature).
// https://www.electronjs.org/docs/latest/tutorial/fuses
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Each fuse, by its @electron/fuses `FuseV1Options` name, and the state it is set to: every fuse that
 * @electron/fuses 1.8 knows. Not `strictlyRequireAllFuses`: a newer Electron's wire may be longer than that
 * version can name, which would fail every build; instead the hook reads the wire back and names any fuse
 * it left at Electron's default.
 */
export const FUSES = Object.freeze({
  // `ELECTRON_RUN_AS_NODE=1 "Evidence Locker"` would be a signed Node.js that runs any script.
  RunAsNode: false,
  // Cookies and local storage encrypted with the OS keychain.
  EnableCookieEncryption: true,
  // NODE_OPTIONS could preload any code into the app.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect would open a debugger port into the process that holds the locker.
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash electron-builder embeds (macOS and Windows; Linux has no check).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded: a loose resources/app folder dropped beside it is ignored.
  OnlyLoadAppFromAsar: true,
  // Not used by the app; Electron's default.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The UI is served from app://, never file://: file pages get no extra privileges.
  GrantFileProtocolExtraPrivileges: false,
});

/** builder-util's `Arch` enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

/** The packed Electron executable, named the way electron-builder names it. */
export function electronExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`after-pack: unknown platform ${String(electronPlatformName)}`);
  }
}

/** The packed app's resources folder (process.resourcesPath at run time). */
export function resourcesDir(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  return electronPlatformName === 'darwin' || electronPlatformName === 'mas'
    ? path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : path.join(appOutDir, 'resources');
}

/**
 * The package must carry better-sqlite3 built for Electron and for this platform and architecture
 * (scripts/build-electron-native.js, shipped by `extraResources`): without it the app cannot open its
 * database. `npm run native:electron` exits 0 when it cannot build (offline), so the check is made here.
 */
export function checkNativeBinding(context) {
  const arch = ARCH_NAMES[context.arch];
  // A universal app is merged from the two single-architecture builds, each checked on its own.
  if (arch === 'universal') return;
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const native = path.join(resourcesDir(context), 'native');
  const suffix = `-${platform}-${arch}`;
  const found = existsSync(native)
    ? readdirSync(native).filter(
        (name) =>
          name.startsWith('electron-v') &&
          name.endsWith(suffix) &&
          existsSync(path.join(native, name, 'better_sqlite3.node')),
      )
    : [];
  if (!found.length) {
    throw new Error(
      `after-pack: no native/electron-v*${suffix}/better_sqlite3.node in the package. Run "npm run native:electron" ` +
        `on a ${platform}-${arch} machine with network access, then package again.`,
    );
  }
}

async function loadFuses() {
  try {
    const module = await import('@electron/fuses');
    // CommonJS package: the functions are named exports, or the default export under some loaders.
    return typeof module.flipFuses === 'function' ? module : module.default;
  } catch (error) {
    throw new Error(
      'after-pack: @electron/fuses is missing; add it to devDependencies ("@electron/fuses": "1.8.0").',
      { cause: error },
    );
  }
}

/** Flips the fuses, then reads the wire back: a build whose fuses are not as listed above must not ship. */
export async function afterPack(context) {
  checkNativeBinding(context);
  const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = await loadFuses();
  const executable = electronExecutable(context);
  const isDarwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  const wire = {};
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`after-pack: @electron/fuses has no fuse ${name}`);
    wire[index] = value;
  }
  await flipFuses(executable, {
    version: FuseVersion.V1,
    // Flipping a fuse breaks the ad-hoc signature Apple Silicon requires before the real one is applied.
    resetAdHocDarwinSignature: isDarwin && (context.arch === ARCH_ARM64 || context.arch === ARCH_UNIVERSAL),
    ...wire,
  });
  const current = await getCurrentFuseWire(executable);
  // FuseState: 48 is '0' (off), 49 is '1' (on).
  const wrong = Object.entries(FUSES).filter(
    ([name, value]) => current[FuseV1Options[name]] !== (value ? 49 : 48),
  );
  if (wrong.length) {
    throw new Error(`after-pack: fuses not set in ${executable}: ${wrong.map(([name]) => name).join(', ')}`);
  }
  const unnamed = Object.keys(current).filter((key) => /^\d+$/.test(key) && !(key in wire));
  if (unnamed.length) {
    console.warn(
      `after-pack: fuses ${unnamed.join(', ')} left at Electron's default: update @electron/fuses`,
    );
  }
  console.log(`after-pack: fuses flipped in ${path.basename(executable)}`);
}

export default afterPack;
