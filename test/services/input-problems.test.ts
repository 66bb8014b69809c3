import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInput } from '../../electron/ipc/dispatch.ts';
import { say, type Coded } from '../../electron/messages/say.ts';
import { runCall, type CallName } from '../../electron/services/calls/index.ts';
import { parseLayoutFile } from '../../electron/services/column-map.ts';
import { LockerInputError } from '../../electron/services/errors.ts';
import { Locker } from '../../electron/services/locker.ts';

/*
 * A refused input is named as a code with parameters (the field's path and the kind of problem), never as
 * zod's English sentence: a Chinese reader of the app or of `locker` reads it all in Chinese.
 */

let dir: string;
let locker: Locker;
let caseId: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locker-test-'));
  locker = await Locker.open(dir, { actor: 'test' });
  caseId = (await locker.createCase({ title: 'problems' })).id;
});
afterAll(() => {
  locker.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(name: CallName, input: unknown): Promise<Coded> {
  try {
    await runCall({ locker }, name, input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(LockerInputError);
    return (error as LockerInputError).coded;
  }
  throw new Error(`${name} took ${JSON.stringify(input)}`);
}

/** The Chinese words with the field names and choices (identifiers, not sentences) taken out. */
const withoutIdentifiers = (text: string, ...identifiers: string[]) =>
  identifiers.reduce((t, id) => t.split(id).join(''), text);

describe('input problems', () => {
  const cases: [string, CallName, () => unknown, string, Coded, string, string[]][] = [
    [
      'a number for a text',
      'case:update',
      () => ({ id: caseId, patch: { title: 42 } }),
      'patch.title',
      { code: 'input.wrong-type', params: { expected: 'string', received: 'number' } },
      'patch.title: expected text, got a number',
      [],
    ],
    [
      'a missing field',
      'event:add',
      () => ({ caseId, kind: 'call', occurredAt: '2025-08-27 08:01' }),
      'title',
      { code: 'input.missing', params: { expected: 'string' } },
      'title: missing; expected text',
      [],
    ],
    [
      'a title too long',
      'case:create',
      () => ({ title: 'x'.repeat(301) }),
      'title',
      { code: 'input.too-big', params: { origin: 'string', limit: 300 } },
      'title: too long: at most 300 characters',
      [],
    ],
    [
      'an empty title',
      'case:create',
      () => ({ title: '   ' }),
      'title',
      { code: 'input.too-small', params: { origin: 'string', limit: 1 } },
      'title: must not be empty',
      [],
    ],
    [
      'a status not among the choices',
      'case:update',
      () => ({ id: caseId, patch: { status: 'sleeping' } }),
      'patch.status',
      { code: 'input.not-a-choice', params: expect.objectContaining({}) as never },
      'patch.status: must be one of: collecting, platform_contacted',
      ['collecting', 'platform_contacted', 'bank_asked', 'regulator_complaint', 'resolved', 'closed'],
    ],
    [
      'an id of the wrong form',
      'case:get',
      () => ({ id: '../../etc/passwd' }),
      'id',
      { code: 'input.bad-format', params: { format: 'regex' } },
      'id: not in the form expected here',
      [],
    ],
    [
      'a field the call does not take',
      'case:get',
      () => ({ id: caseId, sql: 'DROP TABLE cases' }),
      'input',
      { code: 'input.unknown-keys', params: { keys: 'sql' } },
      'input: not a field of this input: sql',
      ['sql'],
    ],
    [
      'a NUL character',
      'case:create',
      () => ({ title: 'a\u0000b' }),
      'title',
      { code: 'input.has-nul', params: {} },
      'title: must not contain a NUL character (U+0000)',
      [],
    ],
    [
      'no object at all',
      'case:list',
      () => 5,
      'input',
      { code: 'input.wrong-type', params: { expected: 'object', received: 'number' } },
      'input: expected an object, got a number',
      [],
    ],
  ];

  it.each(cases)(
    'names %s as a code, in English and in Chinese',
    async (_what, name, input, where, problem, en, ids) => {
      const c = await refusal(name, input());
      expect(c).toEqual({ code: 'bad-input', params: { where, problem } });
      expect(say(c)).toMatch(new RegExp(`^${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const zh = say(c, 'zh-CN');
      expect(zh).toMatch(/^输入有误/);
      // No English sentence: past the field's path and the choices, no word of Latin letters is left.
      const rest = withoutIdentifiers(zh, where, ...ids).replace(
        /\bU\+0000\b|\bnull\b|\btrue\b|\bfalse\b/g,
        '',
      );
      expect(rest).not.toMatch(/[A-Za-z]{2,}/);
    },
  );

  it('words the refusals of the IPC channels and of a column map file the same way', () => {
    const channel = parseInput('import:pick', { caseId: 7 });
    expect(channel.ok).toBe(false);
    if (!channel.ok) {
      expect(channel.error.coded).toEqual({
        code: 'bad-input',
        params: {
          where: 'caseId',
          problem: { code: 'input.wrong-type', params: { expected: 'string', received: 'number' } },
        },
      });
      expect(say(channel.error.coded!, 'zh-CN')).toBe('输入有误（caseId）：应为文本，收到的是数字');
    }
    let thrown: unknown;
    try {
      parseLayoutFile(JSON.stringify({ format: 'evidence-locker.column-map', version: 'one' }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LockerInputError);
    const zh = say((thrown as LockerInputError).coded, 'zh-CN');
    expect(zh).toMatch(/^这不是可以读取的列映射文件/);
    expect(zh).not.toMatch(/Invalid|expected|received/);
  });
});
