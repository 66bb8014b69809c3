import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInput } from '../../electron/ipc/dispatch.ts';
import { addAgreement } from '../../electron/services/dispute/records.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
beforeEach(async () => {
  locker = await Locker.open(tempDir());
});
afterEach(() => locker.close());

describe('a NUL character in text', () => {
  it('is refused by the channel schemas with the field named, not left to fail in the database', () => {
    const r = parseInput('case:create', { title: 'Yuanbao\u0000charge' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'bad_input',
        message: 'title: must not contain a NUL character (U+0000)',
        coded: {
          code: 'bad-input',
          params: { where: 'title', problem: { code: 'input.has-nul', params: {} } },
        },
      },
    });
    const a = parseInput('agreement:create', { caseId: 'case_000001', merchant: '元保\u0000' });
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.error.message).toMatch(/merchant: must not contain a NUL/);
  });

  it('is refused by the services the command line calls, naming the field, and nothing is written', async () => {
    await expect(locker.createCase({ title: 'a\u0000b' })).rejects.toThrow(
      'The title must not contain a NUL character (U+0000).',
    );
    const c = await locker.createCase({ title: 'ok' });
    await expect(addAgreement(locker, c.id, { merchant: 'm\u0000' })).rejects.toThrow(
      /merchant must not contain a NUL/,
    );
    await expect(locker.updateCase(c.id, { counterparty: 'x\u0000' })).rejects.toThrow(/counterparty/);
    expect(locker.custodyLog().map((e) => e.action)).toEqual(['case.create']);
  });
});
