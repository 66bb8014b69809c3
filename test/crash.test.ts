import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptLocker } from '../electron/services/crypto/convert.ts';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { verifyLocker } from '../electron/services/verify.ts';
import { makePng } from './helpers/images.ts';
import { useTempDirs } from './helpers/temp.ts';

const tempDir = useTempDirs();
const CHILD = path.resolve('test/helpers/crash-child.ts');
const ENCRYPT_CHILD = path.resolve('test/helpers/encrypt-child.ts');

/**
 * Runs the child and SIGKILLs it `delayMs` after its `afterAcks`-th acknowledgement (or `delayMs` after start
 * when `afterAcks` is 0), so the kill lands in the middle of an import. Returns what it acknowledged.
 */
function runAndKill(
  args: string[],
  afterAcks: number,
  delayMs: number,
): Promise<{ acks: Map<string, string>; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs));
    if (afterAcks === 0) arm();
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (afterAcks > 0 && (out.match(/^ACK /gm)?.length ?? 0) >= afterAcks) arm();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') return reject(new Error(`child failed (${code}): ${err}`));
      const acks = new Map<string, string>();
      // Only whole lines count: a line cut by the kill was never acknowledged.
      for (const line of out.split('\n').slice(0, -1)) {
        const m = /^ACK ([0-9a-f]{64}) (\S+)$/.exec(line);
        if (m) acks.set(m[1]!, m[2]!);
      }
      resolve({ acks, finished: out.includes('DONE\n') });
    });
  });
}

describe('crash safety', () => {
  it('keeps the store intact and every acknowledged item through repeated SIGKILLs mid-import', async () => {
    const store = tempDir();
    const inbox = tempDir();
    const files: string[] = [];
    for (let i = 0; i < 250; i++) {
      const f = path.join(
        inbox,
        `Screenshot_20250827-08${String(Math.floor(i / 60)).padStart(2, '0')}${String(i % 60).padStart(2, '0')}.png`,
      );
      writeFileSync(f, await makePng(360, 800, i));
      files.push(f);
    }
    const setup = await Locker.open(store);
    const caseId = (await setup.createCase({ title: 'crash' })).id;
    setup.close();

    const acknowledged = new Map<string, string>();
    let kills = 0;
    // Kill moments from early (while opening the locker) to mid-batch, a few milliseconds after an
    // acknowledgement so the next file is somewhere between its first read and its commit.
    const plan: [afterAcks: number, delayMs: number][] = [
      [0, 120],
      [1, 0],
      [3, 2],
      [0, 400],
      [5, 5],
      [2, 9],
      [8, 1],
      [4, 14],
      [6, 3],
      [0, 250],
      [10, 6],
      [7, 11],
      [9, 0],
      [12, 4],
      [3, 20],
      [11, 8],
    ];
    for (const [k, [afterAcks, delayMs]] of plan.entries()) {
      // Each run brings new files and repeats some of the last run's, so kills land in fresh imports.
      const batch = files.slice(k * 12, k * 12 + 30);
      const { acks, finished } = await runAndKill([store, caseId, ...batch], afterAcks, delayMs);
      for (const [sha, id] of acks) acknowledged.set(sha, id);
      if (!finished) kills += 1;
    }
    expect(kills).toBeGreaterThan(plan.length / 2);
    expect(acknowledged.size).toBeGreaterThan(0);

    const locker = await Locker.open(store);
    try {
      const report = await verifyLocker(locker);
      expect(report.problems).toEqual([]);
      const items = locker.listEvidence(caseId);
      const bySha = new Map(items.map((e) => [e.sha256, e]));
      for (const [sha, id] of acknowledged) {
        expect(bySha.get(sha)?.id).toBe(id);
        const original = files.find((f) => path.basename(f) === bySha.get(sha)!.originalName)!;
        expect(readFileSync(locker.objects.pathFor(sha)).equals(readFileSync(original))).toBe(true);
      }
      // The log holds exactly one filing record per item: no half-committed imports.
      const filed = locker.custodyLog({ caseId }).filter((e) => e.action === 'evidence.add');
      expect(filed.map((e) => e.subjectId).sort()).toEqual(items.map((e) => e.id).sort());
    } finally {
      locker.close();
    }
  });
});

/**
 * Runs `locker encrypt`'s conversion in a child and SIGKILLs it: right after `step` (the child waits there),
 * or `delayMs` after it starts converting (never, for Infinity). Returns the steps it finished before the
 * kill, and how long it ran from the start of the conversion.
 */
function encryptAndKill(
  store: string,
  passphrase: string,
  kill: { step: string } | { delayMs: number },
): Promise<{ steps: string[]; finished: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENCRYPT_CHILD, store, passphrase], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...('step' in kill ? { PAUSE_AT: kill.step } : {}) },
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    let go = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!go && out.includes('GO\n')) go = performance.now();
      if ('step' in kill ? out.includes(`STEP ${kill.step}\n`) : go && Number.isFinite(kill.delayMs)) {
        timer ??= setTimeout(() => child.kill('SIGKILL'), 'step' in kill ? 0 : kill.delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') return reject(new Error(`child failed (${code}): ${err}`));
      const steps = [...out.matchAll(/^STEP (\S+)$/gm)].map((m) => m[1]!);
      resolve({ steps, finished: out.includes('DONE\n'), ms: performance.now() - go });
    });
  });
}

/** Every file under `dir`, recursively (names relative to it). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('crash safety of turning encryption on', () => {
  it('leaves the plain locker or the encrypted one, whole, when killed at any step, mid-rename included', async () => {
    const PASS = 'kill me while you encrypt';
    const pristine = tempDir();
    const inbox = tempDir();
    const originals = new Map<string, Buffer>();
    for (let i = 0; i < 16; i++) {
      const png = await makePng(120 + i, 240, i);
      writeFileSync(path.join(inbox, `Screenshot_20250827-0801${String(i).padStart(2, '0')}.png`), png);
      originals.set(createHash('sha256').update(png).digest('hex'), png);
    }
    const setup = await Locker.open(pristine);
    const caseId = (await setup.createCase({ title: 'encrypt under fire' })).id;
    expect((await addPaths(setup, caseId, [inbox])).added).toHaveLength(originals.size);
    setup.close();

    // Between every step of the conversion — the originals sealed one by one under their keyed names, the
    // commit, each folder swapped in for the plain one — then at moments of the clock.
    const steps = [
      'key-written',
      'database-copied',
      'database-encrypted',
      'first-object',
      'objects-encrypted',
      'thumbnails-encrypted',
      'orphans-encrypted',
      'verified',
      'committed',
      'database-swapped',
      'objects-swapped',
      'thumbs-swapped',
    ];
    // The clock's moments are spread over a whole conversion on this machine, as long as it takes now.
    const whole = tempDir();
    cpSync(pristine, whole, { recursive: true });
    const unkilled = await encryptAndKill(whole, PASS, { delayMs: Infinity });
    expect(unkilled.finished).toBe(true);
    const plan: ({ step: string } | { delayMs: number })[] = [
      ...steps.map((step) => ({ step })),
      ...[0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97].map((f) => ({ delayMs: Math.round(f * unkilled.ms) })),
    ];
    const outcomes = { plain: 0, encrypted: 0 };
    for (const kill of plan) {
      const store = tempDir();
      cpSync(pristine, store, { recursive: true });
      const run = await encryptAndKill(store, PASS, kill);
      if ('step' in kill) expect(run.steps.at(-1), `killed after ${kill.step}`).toBe(kill.step);
      const committed = existsSync(path.join(store, 'locker-key.json'));
      // Before the commit point the plain locker is the locker; after it, the encrypted one.
      if ('step' in kill) expect(committed).toBe(steps.indexOf(kill.step) >= steps.indexOf('committed'));
      outcomes[committed ? 'encrypted' : 'plain'] += 1;
      const locker = committed
        ? await Locker.open(store, { unlock: { passphrase: PASS } })
        : await Locker.open(store);
      try {
        expect(locker.encrypted).toBe(committed);
        expect((await verifyLocker(locker)).problems, JSON.stringify(kill)).toEqual([]);
        const items = locker.listEvidence(caseId);
        expect(new Set(items.map((e) => e.sha256))).toEqual(new Set(originals.keys()));
        for (const e of items)
          expect((await locker.objects.read(e.sha256)).equals(originals.get(e.sha256)!)).toBe(true);
      } finally {
        locker.close();
      }
      // No half-built or half-swapped folder is left, and an encrypted store names nothing by its SHA-256.
      expect(readdirSync(store).filter((n) => /encrypting|plaintext-old|pending/.test(n))).toEqual([]);
      if (committed) {
        for (const f of walk(store)) for (const sha of originals.keys()) expect(f).not.toContain(sha);
      } else {
        // Not committed: converting again simply works.
        expect((await encryptLocker(store, PASS, { cost: { N: 1 << 12, r: 8, p: 1 } })).objects).toBe(
          originals.size,
        );
      }
    }
    expect(outcomes.plain).toBeGreaterThan(0);
    expect(outcomes.encrypted).toBeGreaterThan(0);
  }, 240_000);
});
