import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The built `locker` command (the test set-up builds it). */
export const LOCKER_BIN = path.resolve('dist/node/locker.js');

export type CliResult = { code: number; stdout: string; stderr: string };

const run = promisify(execFile);

/**
 * A runner of the built `locker` on a store with only the locale variables given: the machine's own LANG (and
 * the other variables named in `unset`) must not decide the test. Exit status and output, whatever the status.
 */
export function lockerInLocale(unset: readonly string[] = []) {
  return async (store: string, locale: Record<string, string>, ...args: string[]): Promise<CliResult> => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOCKER_STORE: store, ...locale };
    for (const name of ['LANG', 'LC_ALL', 'LC_MESSAGES', ...unset]) if (!(name in locale)) delete env[name];
    try {
      const { stdout, stderr } = await run(process.execPath, [LOCKER_BIN, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as CliResult;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
