import path from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { Coded, Locale, MessageCode, ParamsArg } from '../messages/say.ts';
import type { Call } from '../services/calls/define.ts';
import type { Locker } from '../services/locker.ts';
import type { Unlock } from '../services/crypto/keys.ts';

/*
 * What every `locker` command shares: where it writes, the global options, the error for bad usage, and
 * opening the locker. Nothing here loads a service up front: `locker --help` must start in a blink, so each
 * command imports the services it calls inside its action.
 */

export type Io = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Asks for a secret on the terminal without echo; absent or null where there is no terminal. */
  prompt?: (question: string) => Promise<string | null>;
};

/**
 * Bad usage found after parsing (a value out of range, a missing option that depends on another): exit 2. It
 * carries a message of the catalogue, worded in the command's locale only when it is printed (cli.ts).
 */
export class UsageError extends Error {
  constructor(readonly coded: Coded) {
    super(coded.code);
    this.name = 'UsageError';
  }
}

/** The options every command takes (declared once, on the program). */
export type GlobalOptions = {
  json?: boolean;
  store?: string;
  passphraseFile?: string;
  recoveryKeyFile?: string;
};

export type Emit = (value: unknown, human: () => string) => void;

export type Ctx = {
  json: boolean;
  /** `--json`: the value as JSON on stdout; else the human text. */
  emit: Emit;
  io: Io;
  /** The locker folder in use (--store, else $LOCKER_STORE, else the app's data folder). */
  storeDir: string;
  global: GlobalOptions;
  /** The command's language (LC_ALL, LC_MESSAGES, LANG; English by default) for what it prints to people. */
  locale: Locale;
  /** A fixed label or sentence from the message catalogue, in `locale` (--json output never uses it). */
  say: (message: Coded) => string;
};

/** Filled in by the command that ran: its exit status, and its name for the usage hint of a later error. */
export type RunState = { code: number; commandPath: string; json: boolean };

/** How CASE and ITEM arguments are described in every command's help. */
export const CASE_ARG = 'the case: its id or the unambiguous start of it';
export const ITEM_ARG = 'the item: its id or the unambiguous start of it';

/** Pads to a width in terminal columns: a Chinese character takes two. */
export function padColumns(text: string, width: number): string {
  let used = 0;
  for (const ch of text)
    used += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return text + ' '.repeat(Math.max(0, width - used));
}

/**
 * A message of the catalogue by its code, worded later by `ctx.say`. The same as say.ts's `coded`, kept here so
 * that declaring the commands (`locker --help`) loads no catalogue: say.ts is imported once a command runs.
 */
export function coded<C extends MessageCode>(code: C, ...params: ParamsArg<C>): Coded {
  return { code, params: (params[0] ?? {}) as Coded['params'] };
}

/** `a,b, c` → ['a', 'b', 'c']. */
export const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** `locker case new`, from the command that is running. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The commander action for a command: builds the context from the global options, runs `fn` with the
 * command's positional arguments and its own options, and records the exit status.
 */
export function action<O>(
  state: RunState,
  io: Io,
  fn: (ctx: Ctx, args: string[], options: O) => number | Promise<number>,
): (...raw: unknown[]) => Promise<void> {
  return async (...raw) => {
    const command = raw[raw.length - 1] as Command;
    const options = raw[raw.length - 2] as O;
    // Commander passes each declared argument on its own, a variadic one as an array: flatten them.
    const args = raw
      .slice(0, -2)
      .flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? (a as string[]) : [a as string]));
    state.commandPath = commandPath(command);
    const global = command.optsWithGlobals<GlobalOptions>();
    const json = Boolean(global.json);
    state.json = json;
    const [{ resolveStoreDir }, { localeOfEnv, say }] = await Promise.all([
      import('../services/paths.ts'),
      import('../messages/say.ts'),
    ]);
    const locale = localeOfEnv(io.env);
    const ctx: Ctx = {
      locale,
      say: (message) => say(message, locale),
      json,
      emit: (value, human) => io.out(json ? JSON.stringify(value, null, 2) + '\n' : human()),
      io,
      storeDir: resolveStoreDir(global.store, io.env),
      global,
    };
    state.code = await fn(ctx, args, options);
  };
}

/** What unlocks an encrypted locker: a recovery key file, else a passphrase from the options, env or a prompt. */
export async function unlockFrom(ctx: Ctx): Promise<Unlock> {
  const recoveryKeyFile = ctx.global.recoveryKeyFile;
  if (recoveryKeyFile !== undefined) {
    const { readFile } = await import('node:fs/promises');
    const { coded, fsReason, LockerInputError } = await import('../services/errors.ts');
    const text = await readFile(recoveryKeyFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new LockerInputError('file.cannot-read-what', {
        what: coded('what.recovery-key-file'),
        file: recoveryKeyFile,
        reason: fsReason(error),
      });
    });
    return { recoveryKey: text.trim() };
  }
  const { findPassphrase } = await import('../cli-unlock.ts');
  const passphrase = await findPassphrase(
    { passphraseFile: ctx.global.passphraseFile, env: ctx.io.env, prompt: ctx.io.prompt },
    ctx.say(coded('cli.passphrase.ask')) + ' ',
  );
  return passphrase === null ? {} : { passphrase };
}

/** Opens the locker (asking for what unlocks it only when it is encrypted), runs `fn`, and closes it. */
export async function withLocker<T>(ctx: Ctx, fn: (locker: Locker) => T | Promise<T>): Promise<T> {
  const [{ Locker }, { readKeyFile }] = await Promise.all([
    import('../services/locker.ts'),
    import('../services/crypto/keys.ts'),
  ]);
  const encrypted = (await readKeyFile(path.resolve(ctx.storeDir)).catch(() => null)) !== null;
  const locker = await Locker.open(ctx.storeDir, {
    actor: 'cli',
    ...(encrypted ? { unlock: await unlockFrom(ctx) } : {}),
  });
  try {
    const result = await fn(locker);
    // A large bill's rows are indexed for search after its import committed (what it printed is out): finish
    // here, so the next command does not open with that work still queued.
    await locker.pendingIndexed();
    return result;
  } finally {
    locker.close();
  }
}

/** Runs one declared call on the opened locker, with the same parse as IPC and the bridge; returns its DTO. */
export type RunCall = <S extends z.ZodType, R>(declared: Call<S, R>, input: z.input<S>) => Promise<R>;

/**
 * Opens the locker and hands `fn` the in-process transport over the calls. A command resolves the id
 * prefixes a person types (with `locker`), runs calls and formats their DTOs: it reaches into no service.
 */
export async function withCalls<T>(
  ctx: Ctx,
  fn: (run: RunCall, locker: Locker) => T | Promise<T>,
): Promise<T> {
  const { runDeclared } = await import('../services/calls/define.ts');
  return withLocker(ctx, (locker) =>
    fn((declared, input) => runDeclared({ locker }, declared, input), locker),
  );
}
