import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeJpeg, makePdf, makePng } from './helpers/images.ts';
import { useTempDirs } from './helpers/temp.ts';

const run = promisify(execFile);
const BIN = path.resolve('dist/node/locker.js');
const tempDir = useTempDirs();
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

async function locker(
  store: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOCKER_STORE: store },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('locker command', () => {
  it('prints help and exits 0', async () => {
    const r = await locker(tempDir(), '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/case new \[options\] <TITLE\.\.\.>/);
    expect(r.stdout).toMatch(/payment confirm <CASE>/);
  });

  it('gives each command its own help with its own options', async () => {
    const r = await locker(tempDir(), 'case', 'new', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: locker case new \[options\] <TITLE\.\.\.>/);
    expect(r.stdout).toMatch(/--counterparty <NAME>/);
    expect(r.stdout).not.toMatch(/--merchant/);
    // The options every command takes are listed too.
    expect(r.stdout).toMatch(/--json/);
  });

  it('refuses an option the command does not take, naming it, and exits 2 without opening the locker', async () => {
    const store = path.join(tempDir(), 'never-made');
    const r = await locker(store, 'case', 'list', '--match', 'x', '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown option '--match'/);
    expect(r.stderr).toMatch(/locker case list --help/);
    expect(existsSync(store)).toBe(false);
  });

  it('refuses a value outside the choices and a missing required option with exit 2', async () => {
    const store = tempDir();
    const badStatus = await locker(store, 'case', 'set', 'case_x', '--status', 'sleeping');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/--status.*sleeping.*collecting/s);
    const noKind = await locker(
      store,
      'event',
      'add',
      'case_x',
      '--at',
      '2025-08-28 10:30',
      '--title',
      'call',
    );
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toMatch(/--kind/);
    const alone = await locker(store);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^Usage: locker/);
  });

  it('runs the payment subcommands on the case named after them', async () => {
    const store = tempDir();
    const c = JSON.parse((await locker(store, 'case', 'new', 'ledger', '--json')).stdout) as { id: string };
    // The case by the start of its id, as every command resolves it.
    const r = await locker(store, 'payment', 'confirm', c.id.slice(0, 9), '--json');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual({ confirmed: 0 });
  });

  it('changes one setting of a deadline rule and keeps the earlier change of another, until reset', async () => {
    const store = tempDir();
    const rule = async (...args: string[]) => {
      const r = await locker(store, ...args, '--json');
      expect([r.code, r.stderr]).toEqual([0, '']);
      return JSON.parse(r.stdout) as { key: string; days: number; enabled: boolean; isEdited: boolean };
    };
    expect(await rule('rule', 'set', 'cn-bank-insurer-complaint', '--days', '20')).toMatchObject({
      days: 20,
      enabled: true,
    });
    expect(await rule('rule', 'set', 'cn-bank-insurer-complaint', '--disable')).toMatchObject({
      days: 20,
      enabled: false,
      isEdited: true,
    });
    expect(await rule('rule', 'reset', 'cn-bank-insurer-complaint')).toMatchObject({
      days: 15,
      enabled: true,
      isEdited: false,
    });
    const both = await locker(store, 'rule', 'set', 'cn-bank-insurer-complaint', '--enable', '--disable');
    expect(both.code).toBe(2);
  });

  it('is built JavaScript that runs as an executable of its own, behind the bin path it always had', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: { locker: string } };
    // npx caches a project's bin link: the path stays bin/locker.js, which runs the build in dist/node/.
    expect(pkg.bin.locker).toBe('bin/locker.js');
    for (const file of [path.resolve(pkg.bin.locker), BIN]) {
      const { stdout } = await run(file, ['where', '--json'], {
        env: { ...process.env, LOCKER_STORE: '/tmp/x' },
      });
      expect(JSON.parse(stdout)).toEqual({ store: '/tmp/x' });
    }
  });

  it('runs a case from creation to verify with only JSON on stdout', async () => {
    const store = tempDir();
    const inbox = tempDir();
    const created = await locker(store, 'case', 'new', '被元保自动扣款', '--counterparty', '元保', '--json');
    expect(created.code).toBe(0);
    const c = JSON.parse(created.stdout) as { id: string; title: string; counterparty: string };
    expect(c).toMatchObject({ title: '被元保自动扣款', counterparty: '元保' });

    const list = JSON.parse((await locker(store, 'case', 'list', '--json')).stdout) as { id: string }[];
    expect(list.map((x) => x.id)).toEqual([c.id]);

    const shot = path.join(inbox, 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(40, 80));
    const photo = path.join(inbox, 'photo.jpg');
    writeFileSync(photo, await makeJpeg({ taken: '2025:08:20 21:05:09' }));
    const pdf = path.join(inbox, 'bill.pdf');
    writeFileSync(pdf, makePdf('Invoice', "D:20250827090000+08'00'"));
    const add = await locker(store, 'add', c.id, shot, photo, pdf, '--json');
    expect(add.code).toBe(0);
    const result = JSON.parse(add.stdout) as {
      added: { occurredAt: string; kind: string }[];
      duplicates: unknown[];
      errors: unknown[];
    };
    expect(result.added.map((a) => [a.kind, a.occurredAt])).toEqual([
      ['screenshot', '2025-08-27T08:01:12+08:00'],
      ['photo', '2025-08-20T21:05:09+08:00'],
      ['document', '2025-08-27T09:00:00+08:00'],
    ]);

    const again = JSON.parse((await locker(store, 'add', c.id, shot, '--json')).stdout) as typeof result;
    expect([again.added.length, again.duplicates.length]).toEqual([0, 1]);

    const missing = await locker(store, 'add', c.id, path.join(inbox, 'nope.png'), '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      errors: [{ path: path.join(inbox, 'nope.png'), error: expect.any(String) as string }],
    });

    const event = await locker(
      store,
      'event',
      'add',
      c.id,
      '--kind',
      'call',
      '--at',
      '2025-08-28 10:30',
      '--title',
      'Called 95188',
      '--json',
    );
    expect(event.code).toBe(0);

    const tl = JSON.parse((await locker(store, 'timeline', c.id, '--json')).stdout) as {
      at: string;
      kind: string;
      title: string;
    }[];
    expect(tl).toHaveLength(4);
    expect(tl.every((e) => ISO_WITH_OFFSET.test(e.at))).toBe(true);
    expect(tl.map((e) => e.kind)).toEqual(['photo', 'screenshot', 'document', 'call']);

    const verify = await locker(store, 'verify', '--json');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, objects: 3 });
  });

  it('backs the locker up to one file and restores it into a new folder that verifies', async () => {
    const store = tempDir();
    const c = JSON.parse((await locker(store, 'case', 'new', 'backup me', '--json')).stdout) as {
      id: string;
    };
    const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(30, 60));
    await locker(store, 'add', c.id, shot, '--json');
    const out = path.join(tempDir(), 'locker.backup');
    const made = await locker(store, 'backup', '--out', out, '--json');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ path: out, objects: 1 });
    const target = path.join(tempDir(), 'restored');
    // --store names the new locker; LOCKER_STORE (the old one) must not be touched.
    const restored = await locker(store, 'restore', out, '--store', target, '--json');
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ ok: true, objects: 1, store: target });
    const again = await locker(store, 'restore', out, '--store', target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('says what is wrong with bad usage and exits 2', async () => {
    const r = await locker(tempDir(), 'add');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing argument/);
    const unknown = await locker(tempDir(), 'frobnicate');
    expect(unknown.code).toBe(2);
  });

  it('reports an unknown case as a JSON error and exits 1', async () => {
    const r = await locker(tempDir(), 'timeline', 'case_nope', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: 'No case with the id "case_nope".',
      code: 'not-found',
      params: { thing: { code: 'thing.case', params: {} }, id: 'case_nope' },
    });
  });
});
