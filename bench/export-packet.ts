// The packet for a big case (see packet-case.ts), exported to one PDF plus the archive: at 200 exhibits, and at
// 50 to show the export's peak memory stays flat in the number of exhibits. `export-packet.ts N` files N.
// The export runs as the app runs it, in a process of its own (export/child.ts) from the build (`npm run
// bench` builds first), so its peak memory is its own, not this process's (which generated and filed the case).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportInChild, type ExportUsage } from '../electron/services/export/child.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, mb, report, tempDir } from './lib.ts';
import { buildPacketCase } from './packet-case.ts';

const COUNT = Number(process.argv[2] ?? 200);
const built = path.resolve(import.meta.dirname, '../dist/node/child-main.js');
if (!existsSync(built)) throw new Error(`${built} is missing: run "node scripts/build-node.js" first`);
const store = tempDir('export-store');
const outDir = tempDir('export-out');
try {
  await buildPacketCase(store.dir, COUNT);
  const locker = await Locker.open(store.dir);
  let usage: ExportUsage | undefined;
  const t0 = performance.now();
  const r = await exportInChild(
    locker,
    locker.listCases()[0]!.id,
    {
      out: path.join(outDir.dir, 'packet.pdf'),
      zip: path.join(outDir.dir, 'packet.zip'),
      clock: () => new Date('2025-09-01T02:00:00Z'),
    },
    { entry: pathToFileURL(built), onUsage: (u) => (usage = u) },
  );
  const seconds = (performance.now() - t0) / 1000;
  locker.close();
  const pdf = r.files.find((f) => f.path.endsWith('.pdf'))!;
  const zip = r.files.find((f) => f.path.endsWith('.zip'))!;
  report(`export: packet of ${COUNT} exhibits (peak target under 400 MB, flat from 50 to 200)`, {
    exhibits: r.exhibits.length,
    pages: r.pages,
    'export s (PDF + archive)': fmt(seconds, 2),
    'export CPU s (its process)': fmt(usage!.cpuMs / 1000, 2),
    'peak RSS MB (export process)': fmt(mb(usage!.peakRss), 0),
    'packet MB': fmt(mb(statSync(pdf.path).size), 1),
    'archive MB': fmt(mb(zip.bytes), 1),
  });
} finally {
  store.remove();
  outDir.remove();
}
