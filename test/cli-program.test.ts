import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_MODULES } from '../electron/cli/program.ts';
import type { Io, RunState } from '../electron/cli/runtime.ts';

/*
 * The `locker` program declares only the module of the command a command line names (program.ts): the list of
 * which module declares which top-level command must be right, and a line it cannot place gets every command.
 */

const io: Io = { out: () => undefined, err: () => undefined, env: {}, isTTY: false };
const state = (): RunState => ({ code: 0, commandPath: 'locker', json: false });
const names = (program: Command) => program.commands.map((c) => c.name());

describe('the commands a command line declares', () => {
  it('lists, for each command module, exactly the top-level commands it declares', () => {
    for (const [register, declared] of COMMAND_MODULES) {
      const program = new Command('locker');
      register({ program, state: state(), io });
      expect(names(program), register.name).toEqual(declared);
    }
    // And together they are the whole program.
    expect(names(buildProgram(io, state())).sort()).toEqual(
      COMMAND_MODULES.flatMap(([, declared]) => declared).sort(),
    );
  });

  it('declares only the named command’s module, after the global options and their values', () => {
    expect(names(buildProgram(io, state(), ['case', 'list']))).toEqual(['case']);
    expect(names(buildProgram(io, state(), ['--json', '--store', '/x', 'plan', 'CASE']))).toEqual(
      expect.arrayContaining(['plan', 'contact', 'deadline']),
    );
    expect(names(buildProgram(io, state(), ['--store=/x', 'plan', 'CASE']))).not.toContain('case');
  });

  it('declares every command for the help, an unknown word or an option it does not know first', () => {
    const all = names(buildProgram(io, state())).length;
    for (const argv of [[], ['--help'], ['-h', 'case'], ['cas', 'list'], ['--store']]) {
      expect(names(buildProgram(io, state(), argv)), argv.join(' ')).toHaveLength(all);
    }
  });
});
