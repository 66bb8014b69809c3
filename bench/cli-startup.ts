// Start-up of the built `locker` command (dist/node/locker.js, what `npx locker` runs): `locker --help`, which
// loads no service, and `locker case list` on a locker of 20 cases, which opens the database. Each is a fresh
// process, as a user's or a script's call is; the median of the runs is the figure. The machine is shared, so
// the CPU time each process used (user + system, read in the child as it exits) is printed too: it does not
// grow when other work waits for the same cores, as wall time does.
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

/** Prints the process's CPU time (µs) to stderr as it exits; loaded with --import in the CPU runs only. */
const CPU_PROBE =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`cpu:${u.user+u.system}`)})';

/** Wall time and CPU time in ms of `node ...args`, per run; every run must exit 0. */
function time(args: string[], env: NodeJS.ProcessEnv): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
    const probed = spawnSync(process.execPath, ['--import', CPU_PROBE, ...args], { env, encoding: 'utf8' });
    cpu.push(Number(/cpu:(\d+)/.exec(probed.stderr)?.[1] ?? NaN) / 1000);
  }
  return { wall, cpu };
}

const figure = (t: { wall: number[]; cpu: number[] }) =>
  `${fmt(median(t.wall), 0)} ms (best ${fmt(Math.min(...t.wall), 0)} ms); CPU ${fmt(median(t.cpu), 0)} ms`;

const store = tempDir('cli');
try {
  const env = { ...process.env, LOCKER_STORE: store.dir };
  for (let i = 0; i < 20; i++) execFileSync(process.execPath, [BIN, 'case', 'new', `case ${i}`], { env });
  report(`locker command start-up (median of ${RUNS} runs; target under 150 ms each)`, {
    'node -e "" (Node alone)': figure(time(['-e', ''], env)),
    'locker --help': figure(time([BIN, '--help'], env)),
    'locker case list (20 cases)': figure(time([BIN, 'case', 'list'], env)),
  });
} finally {
  store.remove();
}
