import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Evidence Locker';

/**
 * The folder Electron calls `appData` on each platform, so the app and the `locker` command find the same
 * locker without being told: `%APPDATA%`, `~/Library/Application Support`, `$XDG_CONFIG_HOME` or `~/.config`.
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
    ? env.XDG_CONFIG_HOME
    : path.join(home, '.config');
}

/** `--store DIR` beats `LOCKER_STORE`, which beats the platform default. */
export function resolveStoreDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.LOCKER_STORE) return path.resolve(env.LOCKER_STORE);
  return path.join(appDataDir(env), APP_NAME, 'locker');
}
