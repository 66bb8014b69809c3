import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TextReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { main, type Io } from '../../electron/cli.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const PASSWORD = '482916';
let store: string;
let caseId: string;
let zip: string;

async function protectedZip(): Promise<Buffer> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    useWebWorkers: false,
    password: PASSWORD,
    encryptionStrength: 3,
  });
  await writer.add('note.txt', new TextReader('the bill inside the protected archive\n'));
  return Buffer.from(await writer.close());
}

beforeEach(async () => {
  store = tempDir();
  const locker = await Locker.open(store);
  caseId = (await locker.createCase({ title: 'bill password' })).id;
  locker.close();
  zip = path.join(tempDir(), 'bill.zip');
  writeFileSync(zip, await protectedZip());
});

async function add(
  extra: string[],
  env: NodeJS.ProcessEnv = {},
  prompt?: Io['prompt'],
): Promise<{ code: number; added: string[]; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
    isTTY: false,
    ...(prompt ? { prompt } : {}),
  };
  const code = await main(['add', caseId, zip, '--store', store, '--json', ...extra], io);
  const result = JSON.parse(out) as { added: { path: string }[] };
  return { code, added: result.added.map((a) => path.basename(a.path)), err };
}

describe('the password of a protected bill on the command line', () => {
  it('is read from --password-file, so it never shows in the process list', async () => {
    const file = path.join(tempDir(), 'pw.txt');
    writeFileSync(file, `${PASSWORD}\n`);
    const r = await add(['--password-file', file]);
    expect(r.added).toContain('bill.zip › note.txt');
    expect(r.err).toBe('');
  });

  it('is read from LOCKER_BILL_PASSWORD', async () => {
    const r = await add([], { LOCKER_BILL_PASSWORD: PASSWORD });
    expect(r.added).toContain('bill.zip › note.txt');
  });

  it('is asked for on the terminal once a file needs one', async () => {
    const asked: string[] = [];
    const r = await add([], {}, (q) => {
      asked.push(q);
      return Promise.resolve(PASSWORD);
    });
    expect(asked).toEqual([expect.stringMatching(/^Password of the protected file/)]);
    expect(r.added).toContain('bill.zip › note.txt');
  });

  it('still takes --password, with a warning that it shows in the process list', async () => {
    const r = await add(['--password', PASSWORD]);
    expect(r.added).toContain('bill.zip › note.txt');
    expect(r.err).toMatch(/--password shows in the process list/);
  });
});
