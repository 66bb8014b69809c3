import { coded, type Coded } from '../messages/say.ts';

/*
 * Commander's own complaints about a command line (an unknown option, a missing argument…) as messages of the
 * catalogue, so that the `locker` command words them in its locale. Commander gives each a code and an English
 * sentence; the parameters are read back from that sentence (commander 14's wording). A sentence that matches
 * none of them is kept as it was written. Loaded only when such an error is printed.
 */

/** Commander's `\n(Did you mean …?)` after an unknown name, as a message; '' when there is none. */
function suggestion(text: string | undefined): Coded | string {
  if (!text) return '';
  const many = /^\(Did you mean one of (.+)\?\)$/.exec(text);
  if (many) return coded('usage.did-you-mean', { words: many[1]!, count: 2 });
  const one = /^\(Did you mean (.+)\?\)$/.exec(text);
  return one ? coded('usage.did-you-mean', { words: one[1]!, count: 1 }) : text;
}

/** `option '--x'` or `environment variable 'X'`, as commander names either side of a conflict. */
function conflictSide(text: string): Coded {
  const env = /^environment variable '(.*)'$/.exec(text);
  if (env) return coded('usage.the-env', { name: env[1]! });
  const option = /^option '(.*)'$/.exec(text);
  return option ? coded('usage.the-option', { option: option[1]! }) : coded('text', { text });
}

/** The message of a commander error, by its code and sentence. */
export function commanderMessage(code: string, message: string): Coded {
  const text = message.replace(/^error: /, '').trimEnd();
  let m: RegExpExecArray | null;
  switch (code) {
    case 'commander.unknownOption':
      if ((m = /^unknown option '(.*?)'(?:\n(.*))?$/s.exec(text)))
        return coded('usage.unknown-option', { option: m[1]!, suggestion: suggestion(m[2]) });
      break;
    case 'commander.unknownCommand':
      if ((m = /^unknown command '(.*?)'(?:\n(.*))?$/s.exec(text)))
        return coded('usage.unknown-command', { command: m[1]!, suggestion: suggestion(m[2]) });
      break;
    case 'commander.missingArgument':
      // Ours (program.ts): the argument's name and the command's usage.
      if ((m = /^missing argument (\S+): (.*)$/s.exec(text)))
        return coded('usage.missing-argument', { argument: m[1]!, usage: m[2]! });
      break;
    case 'commander.excessArguments':
      if ((m = /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(text)))
        return coded('usage.too-many-arguments', {
          command: m[1] ?? '',
          expected: Number(m[2]),
          got: Number(m[3]),
        });
      break;
    case 'commander.optionMissingArgument':
      if ((m = /^option '(.*)' argument missing$/.exec(text)))
        return coded('usage.option-needs-value', { option: m[1]! });
      break;
    case 'commander.missingMandatoryOptionValue':
      if ((m = /^required option '(.*)' not specified$/.exec(text)))
        return coded('usage.option-required', { option: m[1]! });
      break;
    case 'commander.conflictingOption':
      if ((m = /^((?:option|environment variable) '.*?') cannot be used with (.*)$/.exec(text)))
        return coded('usage.options-conflict', {
          option: conflictSide(m[1]!),
          other: conflictSide(m[2]!),
        });
      break;
    case 'commander.invalidArgument':
      if ((m = /^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s.exec(text)))
        return coded('usage.not-a-choice', { option: m[1]!, value: m[2]!, choices: m[3]! });
      break;
  }
  return coded('text', { text });
}
