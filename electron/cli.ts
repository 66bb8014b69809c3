import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.ts';
import type { Coded } from './messages/say.ts';
import { UsageError, type Io, type RunState } from './cli/runtime.ts';

/*
 * The `locker` command. Each command lives in cli/commands/ with its own options and help, resolves its
 * arguments, calls one service function and formats the result (--json: only JSON on stdout, a contract that
 * only gains fields). This file runs one command line and turns what went wrong into the exit status.
 */

export type { Io } from './cli/runtime.ts';

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  // Read when a command asks (a progress line): process.stderr is made on first use, and costs start-up.
  get isTTY() {
    return Boolean(process.stderr.isTTY);
  },
  prompt: async (question) => (await import('./cli-unlock.ts')).promptHidden(question),
};

/** Runs one `locker` command; returns the exit status. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const state: RunState = { code: 0, commandPath: 'locker', json: false };
  const program = buildProgram(io, state, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.code;
  } catch (error) {
    return reportError(error, io, state);
  }
}

/**
 * Exit 2 for bad usage (commander has already said what), 4 for a locker that stayed locked, 1 for the rest;
 * with --json the error is also the JSON on stdout.
 */
async function reportError(error: unknown, io: Io, state: RunState): Promise<number> {
  const { json } = state;
  if (error instanceof CommanderError) {
    // --help and `locker help` end here too; `locker` alone prints the help to stderr, as bad usage.
    if (error.exitCode === 0 || error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
    // Commander's complaint about the command line (it printed nothing): in the command's locale.
    const { commanderMessage } = await import('./cli/usage.ts');
    await sayUsage(commanderMessage(error.code, error.message), io, state, false);
    return 2;
  }
  if (error instanceof UsageError) {
    await sayUsage(error.coded, io, state, json);
    return 2;
  }
  const [{ wordError, cliLocale }, { LockerLockedError }] = await Promise.all([
    import('./cli-errors.ts'),
    import('./services/crypto/keys.ts'),
  ]);
  // Words in the command's locale on stderr; --json keeps the English `error` and adds `code` and `params`.
  const { text, json: body } = wordError(error, cliLocale(io.env));
  const isLocked = error instanceof LockerLockedError;
  if (json) io.out(JSON.stringify(isLocked ? { ...body, locked: true } : body, null, 2) + '\n');
  io.err(`locker: ${text}\n`);
  return isLocked ? 4 : 1;
}

/** Bad usage, and which help to read, in the command's locale; --json adds the error as JSON on stdout. */
async function sayUsage(message: Coded, io: Io, state: RunState, json: boolean): Promise<void> {
  const { coded, localeOfEnv, say } = await import('./messages/say.ts');
  const locale = localeOfEnv(io.env);
  const hint = coded('usage.hint', { command: state.commandPath });
  if (json) {
    const body = { error: say(message), code: message.code, params: message.params };
    io.out(JSON.stringify(body, null, 2) + '\n');
  }
  io.err(`locker: ${say(message, locale)}\n${say(hint, locale)}\n`);
}
