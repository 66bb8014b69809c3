import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Locker } from '../electron/services/locker.ts';
import { verifyLocker } from '../electron/services/verify.ts';
import { makePng } from './helpers/images.ts';
import { useTempDirs } from './helpers/temp.ts';

const tempDir = useTempDirs();
const CHILD = path.resolve('test/helpers/crash-child.ts');

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
