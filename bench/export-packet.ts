// The packet for a big case (see packet-case.ts), exported to one PDF plus the archive: at 200 exhibits, and at
// 50 to show the export's peak memory stays flat in the number of exhibits. `export-packet.ts N` files N.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { exportPacket } from '../electron/services/export/index.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, mb, memorySampler, report, tempDir } from './lib.ts';
import { buildPacketCase } from './packet-case.ts';

// The export runs in a child process of its own, so its peak memory is not the generator's and intake's.
if (process.argv[2] === '--export') {
  const [, , , storeDir, outDir] = process.argv;
  const locker = await Locker.open(storeDir!);
  const c = locker.listCases()[0]!;
  const mem = memorySampler();
  const t0 = performance.now();
  const r = await exportPacket(locker, c.id, {
    out: path.join(outDir!, 'packet.pdf'),
    zip: path.join(outDir!, 'packet.zip'),
    clock: () => new Date('2025-09-01T02:00:00Z'),
  });
  const seconds = (performance.now() - t0) / 1000;
  const peak = Math.max(mem.peak(), process.resourceUsage().maxRSS * 1024);
  mem.stop();
  locker.close();
  const pdf = r.files.find((f) => f.path.endsWith('.pdf'))!;
  const zip = r.files.find((f) => f.path.endsWith('.zip'))!;
  process.stdout.write(
    JSON.stringify({
      exhibits: r.exhibits.length,
      pages: r.pages,
      seconds,
      peak,
      pdf: statSync(pdf.path).size,
      zip: zip.bytes,
    }) + '\n',
  );
  process.exit(0);
}

const COUNT = Number(process.argv[2] ?? 200);
const store = tempDir('export-store');
const outDir = tempDir('export-out');
try {
  await buildPacketCase(store.dir, COUNT);

  const child = execFileSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--export', store.dir, outDir.dir],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const r = JSON.parse(child.trim().split('\n').at(-1)!) as {
    exhibits: number;
    pages: number;
    seconds: number;
    peak: number;
    pdf: number;
    zip: number;
  };
  report(`export: packet of ${COUNT} exhibits`, {
    exhibits: r.exhibits,
    pages: r.pages,
    'export s (PDF + archive)': fmt(r.seconds, 2),
    'peak RSS MB (export process)': fmt(mb(r.peak), 0),
    'packet MB': fmt(mb(r.pdf), 1),
    'archive MB': fmt(mb(r.zip), 1),
  });
} finally {
  store.remove();
  outDir.remove();
}
