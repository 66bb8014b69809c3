import { Command, Help } from 'commander';
import { registerCases } from './commands/cases.ts';
import { registerCrypto } from './commands/crypto.ts';
import { registerDispute } from './commands/dispute.ts';
import { registerEvidence } from './commands/evidence.ts';
import { registerLayout } from './commands/layout.ts';
import { registerRecords } from './commands/records.ts';
import { registerSearch } from './commands/search.ts';
import { registerStory } from './commands/story.ts';
import type { Io, RunState } from './runtime.ts';

/*
 * The `locker` command line: one commander program, a subcommand per command with its own options and
 * generated help. Each file in commands/ declares its commands (cheap: option lists and help text) and
 * imports the services it calls only inside their actions, so `locker --help` loads no service at all.
 */

/** What a command module gets to declare its commands. */
export type Registry = { program: Command; state: RunState; io: Io };

/** A missing argument is named with the command's usage, as the hand-written parser did. */
class LockerCommand extends Command {
  override createCommand(name?: string): LockerCommand {
    return new LockerCommand(name);
  }

  missingArgument(name: string): never {
    this.error(`missing argument ${name}: ${pathBelowRoot(this)} ${this.usage()}`, {
      code: 'commander.missingArgument',
      exitCode: 2,
    });
  }
}

const AFTER_HELP = `
Every command has its own help: locker COMMAND --help (e.g. locker case new --help).
TIME is ISO 8601: 2025-08-27 08:01, 2025-08-27T08:01:12+08:00. Without an offset it is read in the case's
time zone. CASE and ITEM accept the full id or its unambiguous start.
Exit status: 0 done; 1 the command failed (for add: nothing could be filed); 2 bad usage; 3 verify found damage;
4 the locker is encrypted and was not unlocked (no passphrase given, or a wrong one).`;

const base = new Help();

/** Every command that runs something, depth first: the top-level help lists them all, as `case new`. */
function leaves(cmd: Command): Command[] {
  return base.visibleCommands(cmd).flatMap((sub) => {
    if (sub.name() === 'help') return [];
    const inner = leaves(sub);
    const runs = (sub as unknown as { _actionHandler: unknown })._actionHandler !== null;
    return inner.length ? [...(runs ? [sub] : []), ...inner] : [sub];
  });
}

function pathBelowRoot(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Each command module with the top-level commands it declares. A command line that names one of them declares
 * that module's commands only: declaring all of them (a hundred commands and their options) is a tenth of a
 * command's start-up. The help, an unknown word, or a name a module no longer declares: all of them.
 */
export const COMMAND_MODULES: readonly [register: (registry: Registry) => void, names: readonly string[]][] =
  [
    [registerCases, ['case']],
    [registerEvidence, ['add', 'evidence', 'event']],
    [
      registerRecords,
      [
        'transactions',
        'series',
        'dispute',
        'refund',
        'messages',
        'message',
        'payments',
        'payment',
        'summary',
      ],
    ],
    [registerStory, ['timeline', 'log', 'verify', 'export', 'ready', 'where', 'backup', 'restore']],
    [registerCrypto, ['encrypt', 'passphrase']],
    [registerDispute, ['contact', 'agreement', 'plan', 'complaint', 'claimant', 'deadline', 'rules', 'rule']],
    [registerLayout, ['layout']],
    [registerSearch, ['search', 'ocr']],
  ];

/** Global options that take a value as the next word. */
const VALUED = new Set(['--store', '--passphrase-file', '--recovery-key-file']);

/** The command a command line names (its first word after the global options), if it names one. */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (VALUED.has(word)) i++;
    else if (word === '--json' || /^--(store|passphrase-file|recovery-key-file)=/.test(word)) continue;
    // `--help` (or anything else) before the command: the whole program answers.
    else return word.startsWith('-') ? undefined : word;
  }
  return undefined;
}

export function buildProgram(io: Io, state: RunState, argv?: readonly string[]): Command {
  const program = new LockerCommand('locker');
  program
    .description('locker — file the proof of a money dispute into a safe, offline locker')
    .usage('<command> [options]')
    .option('--json', 'machine-readable output on stdout (messages go to stderr)')
    .option('--store <DIR>', "the locker folder (default: $LOCKER_STORE, else the app's data folder)")
    .option(
      '--passphrase-file <FILE>',
      'the passphrase of an encrypted locker, read from FILE (else $LOCKER_PASSPHRASE, else asked)',
    )
    .option('--recovery-key-file <FILE>', 'unlock an encrypted locker with its recovery key instead')
    .helpOption('-h, --help', 'this help')
    // `locker COMMAND --help` is the way to ask: no `help` command among the others (set on each below too).
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Piped help (no terminal width) wraps at 110 columns rather than not at all.
      getOutHelpWidth: () => process.stdout.columns || 110,
      getErrHelpWidth: () => process.stderr.columns || 110,
    })
    .configureHelp({
      showGlobalOptions: true,
      // The top level lists every command with its arguments (`case new <TITLE...>`), grouped by topic.
      visibleCommands: (cmd) => (cmd.parent ? base.visibleCommands(cmd) : leaves(cmd)),
      subcommandTerm: (cmd) => {
        const term = base.subcommandTerm(cmd);
        const parent = cmd.parent;
        return parent?.parent ? `${pathBelowRoot(parent)} ${term}` : term;
      },
    })
    .addHelpText('after', AFTER_HELP);

  const registry: Registry = { program, state, io };
  const word = argv && commandWord(argv);
  const named = COMMAND_MODULES.find(([, names]) => word !== undefined && names.includes(word));
  if (named) named[0](registry);
  // Not the module's any more (a command moved): every module, as for the help.
  if (!named || !program.commands.some((c) => c.name() === word)) {
    for (const [register] of COMMAND_MODULES) if (register !== named?.[0]) register(registry);
  }

  // Subcommands take their topic's heading, and every error says which command's help to read. Commander's
  // complaint is printed by cli.ts, in the command's locale (the catalogue is loaded only then): here it only
  // notes which command's help to name.
  const walk = (cmd: Command, group: string) => {
    for (const sub of cmd.commands) {
      if (group && !sub.helpGroup()) sub.helpGroup(group);
      sub.exitOverride().helpCommand(false);
      walk(sub, sub.helpGroup());
    }
    cmd.configureOutput({
      outputError: () => {
        state.commandPath = ['locker', pathBelowRoot(cmd)].filter(Boolean).join(' ');
      },
    });
  };
  walk(program, '');
  return program;
}
