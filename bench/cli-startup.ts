// Start-up of the built `locker` command (dist/node/locker.js, what `npx locker` runs): `locker --help`, which
// loads no service, and `locker case list` on a locker of 20 cases, which opens the database. Each is a fresh
// process, as a user's or a script's call is; the median of the runs is the figure (the machine is shared).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fmt, report, tempDir } from './lib.ts';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const BIN = path.resolve(import.meta.dirname, '../dist/node/locker.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of `node dist/node/locker.js ...args` in ms, per run; every run must exit 0. */
function time(args: string[], env: NodeJS.ProcessEnv): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`locker ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
    times.push(ms);
  }
  return times;
}

const store = tempDir('cli');
try {
  const env = { ...process.env, LOCKER_STORE: store.dir };
  for (let i = 0; i < 20; i++) execFileSync(process.execPath, [BIN, 'case', 'new', `case ${i}`], { env });
  const node = (() => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  })();
  const help = time(['--help'], env);
  const list = time(['case', 'list'], env);
  report(`locker command start-up (median of ${RUNS} runs; target under 150 ms each)`, {
    'node -e "" (Node alone)': `${fmt(median(node), 0)} ms`,
    'locker --help': `${fmt(median(help), 0)} ms (best ${fmt(Math.min(...help), 0)} ms)`,
    'locker case list (20 cases)': `${fmt(median(list), 0)} ms (best ${fmt(Math.min(...list), 0)} ms)`,
  });
} finally {
  store.remove();
}
