// 300 phone-sized screenshots (1080×2400 PNG): first import (hash + store + thumbnail) and re-import, against
// `sha256sum` over the same files; the re-import in process and through `locker add` (start-up included).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, mb, memorySampler, report, tempDir } from './lib.ts';
import { writeScreenshots } from './screenshots.ts';

const COUNT = Number(process.env.BENCH_SCREENSHOTS ?? 300);
const inbox = tempDir('shots');
const store = tempDir('store');
try {
  const { files, bytes } = await writeScreenshots(inbox.dir, COUNT);
  const locker = await Locker.open(store.dir);
  const c = await locker.createCase({ title: 'bench' });
  const mem = memorySampler();
  const rssAt: number[] = [];

  const t0 = performance.now();
  const first = await addPaths(locker, c.id, files, {
    onProgress: (p) => {
      if (p.done === Math.floor(COUNT / 3) || p.done === COUNT) rssAt.push(mem.peak());
    },
  });
  const firstS = (performance.now() - t0) / 1000;
  const firstPeak = mem.peak();
  if (first.added.length !== COUNT)
    throw new Error(`expected ${COUNT} added, got ${first.added.length}: ${JSON.stringify(first.errors[0])}`);

  mem.reset();
  const t1 = performance.now();
  const again = await addPaths(locker, c.id, files);
  const againS = (performance.now() - t1) / 1000;
  if (again.duplicates.length !== COUNT) throw new Error('re-import did not find every duplicate');
  const againPeak = mem.peak();
  mem.stop();
  locker.close();

  const t2 = performance.now();
  execFileSync('sha256sum', files, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 24 });
  const sumS = (performance.now() - t2) / 1000;
  // The built command, as `npx locker` runs it (npm install builds it; scripts/build-node.js).
  const bin = path.resolve(import.meta.dirname, '../dist/node/locker.js');
  const t3 = performance.now();
  execFileSync(process.execPath, [bin, 'add', c.id, inbox.dir, '--store', store.dir, '--json'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const cliS = (performance.now() - t3) / 1000;

  report('intake: screenshots', {
    files: COUNT,
    'avg file KB': fmt(bytes / COUNT / 1024, 0),
    'first import files/s': fmt(COUNT / firstS),
    'first import MB/s': fmt(mb(bytes) / firstS),
    're-import files/s': fmt(COUNT / againS),
    're-import s / sha256sum s (same files)': `${fmt(againS, 2)} / ${fmt(sumS, 2)}`,
    're-import target s (1.5 × sha256sum + 0.3)': fmt(1.5 * sumS + 0.3, 2),
    're-import s through locker add (start-up included)': fmt(cliS, 2),
    're-import MB/s': fmt(mb(bytes) / againS),
    'peak RSS MB (first import)': fmt(mb(firstPeak), 0),
    [`peak RSS MB after ${Math.floor(COUNT / 3)} / ${COUNT} files`]: rssAt
      .map((r) => fmt(mb(r), 0))
      .join(' / '),
    'peak RSS MB (re-import)': fmt(mb(againPeak), 0),
  });
} finally {
  inbox.remove();
  store.remove();
}
