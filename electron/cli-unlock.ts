import { readFile } from 'node:fs/promises';
import { fsReason, LockerInputError } from './services/errors.ts';
import { coded } from './messages/say.ts';

/**
 * Where the `locker` command gets a passphrase, in this order: `--passphrase-file FILE`, the
 * `LOCKER_PASSPHRASE` variable, else a prompt on the terminal (never echoed). Nothing is ever written down.
 */
export type SecretSource = {
  passphraseFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Asks on the terminal without echo; null when there is no terminal to ask on. */
  prompt?: ((question: string) => Promise<string | null>) | undefined;
};

/** A passphrase from the first source that has one, or null when none does. */
export async function findPassphrase(source: SecretSource, question: string): Promise<string | null> {
  if (source.passphraseFile !== undefined) {
    let text: string;
    try {
      text = await readFile(source.passphraseFile, 'utf8');
    } catch (error) {
      throw new LockerInputError('file.cannot-read-what', {
        what: coded('what.passphrase-file'),
        file: source.passphraseFile,
        reason: fsReason(error),
      });
    }
    // One trailing line break is how editors and `echo` end a file; it is not part of the passphrase.
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = source.env.LOCKER_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return source.prompt ? source.prompt(question) : null;
}

/** Reads a line from the terminal with echo off (stdin must be a TTY); null when it is not one. */
export function promptHidden(question: string): Promise<string | null> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const done = (result: string | null, error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(result);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(null, new LockerInputError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
