// Encryption at rest: the 300 screenshots filed into a plain and an encrypted locker (alternating, twice
// each, best run kept), converting a filled locker, and backup / restore throughput of both kinds.
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { backupLocker, restoreLocker } from '../electron/services/backup.ts';
import { encryptLocker } from '../electron/services/crypto/convert.ts';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, mb, report, tempDir } from './lib.ts';
import { writeScreenshots } from './screenshots.ts';

const COUNT = Number(process.env.BENCH_SCREENSHOTS ?? 300);
const PASS = 'bench passphrase, long enough';
const inbox = tempDir('enc-shots');
const work = tempDir('enc-work');

async function fileInto(dir: string, encrypted: boolean, files: string[]): Promise<number> {
  if (encrypted) {
    (await Locker.open(dir)).close();
    await encryptLocker(dir, PASS);
  }
  const locker = await Locker.open(dir, encrypted ? { unlock: { passphrase: PASS } } : {});
  try {
    const c = await locker.createCase({ title: 'bench' });
    const t = performance.now();
    const r = await addPaths(locker, c.id, files);
    if (r.added.length !== files.length) throw new Error(`filed ${r.added.length} of ${files.length}`);
    return (performance.now() - t) / 1000;
  } finally {
    locker.close();
  }
}

try {
  const { files, bytes } = await writeScreenshots(inbox.dir, COUNT);
  const times: Record<'plain' | 'encrypted', number[]> = { plain: [], encrypted: [] };
  for (const round of [0, 1]) {
    for (const kind of round === 0 ? (['plain', 'encrypted'] as const) : (['encrypted', 'plain'] as const)) {
      const dir = path.join(work.dir, `${kind}-${round}`);
      times[kind].push(await fileInto(dir, kind === 'encrypted', files));
      if (round === 0) continue;
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const plain = Math.min(...times.plain);
  const encrypted = Math.min(...times.encrypted);

  // Converting the filled plain locker of round 0.
  const filled = path.join(work.dir, 'plain-0');
  const t0 = performance.now();
  const conv = await encryptLocker(filled, PASS);
  const convertS = (performance.now() - t0) / 1000;

  const throughput: Record<string, string> = {};
  for (const [label, dir, unlock] of [
    ['plain', path.join(work.dir, 'plain-again'), {}],
    ['encrypted', filled, { passphrase: PASS }],
  ] as const) {
    if (label === 'plain') await fileInto(dir, false, files);
    const locker = await Locker.open(dir, label === 'encrypted' ? { unlock } : {});
    const out = path.join(work.dir, `${label}.backup.zip`);
    let t = performance.now();
    try {
      await backupLocker(locker, out);
    } finally {
      locker.close();
    }
    const backupS = (performance.now() - t) / 1000;
    const size = statSync(out).size;
    t = performance.now();
    const report = await restoreLocker(out, path.join(work.dir, `${label}-restored`), () =>
      Promise.resolve({ passphrase: PASS }),
    );
    const restoreS = (performance.now() - t) / 1000;
    if (!report.ok) throw new Error(`restore of the ${label} backup did not verify`);
    throughput[`backup MB/s (${label}, ${fmt(mb(size), 0)} MB, written + read back)`] = fmt(
      mb(size) / backupS,
    );
    throughput[`restore MB/s (${label}, incl. verify of every original)`] = fmt(mb(size) / restoreS);
  }

  report('encryption at rest', {
    files: COUNT,
    'total MB': fmt(mb(bytes), 0),
    'first import s, plain (best of 2)': fmt(plain, 2),
    'first import s, encrypted (best of 2)': fmt(encrypted, 2),
    'encryption overhead on intake': `${fmt(((encrypted - plain) / plain) * 100)} %`,
    'all runs s, plain / encrypted': `${times.plain.map((x) => fmt(x, 2)).join(', ')} / ${times.encrypted.map((x) => fmt(x, 2)).join(', ')}`,
    [`encrypt an existing locker of ${conv.objects} originals, MB/s`]: fmt(mb(conv.bytes) / convertS),
    ...throughput,
  });
} finally {
  inbox.remove();
  work.remove();
}
