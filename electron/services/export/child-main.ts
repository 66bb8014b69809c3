import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Locker } from '../locker.ts';
import { transferError } from '../threads/errors.ts';
import type { ExportJob, ExportReply, ExportUsage } from './child.ts';
import { exportPacket } from './index.ts';

// The export process (see child.ts): takes one job over its IPC channel, opens the locker on a connection of
// its own, writes the packet, replies and ends. A parent that goes away takes the export with it.
process.once('disconnect', () => process.exit(1));
process.once('message', (job: ExportJob) => {
  void run(job).then((reply) => {
    process.send!(reply, () => process.exit(0));
  });
});

async function run(job: ExportJob): Promise<ExportReply> {
  try {
    const locker = await Locker.open(job.storeDir, {
      actor: job.actor,
      ...(job.master ? { unlock: { master: Buffer.from(job.master) } } : {}),
    });
    try {
      const exportedAt = new Date(job.exportedAt);
      const value = await exportPacket(locker, job.caseId, { ...job.options, clock: () => exportedAt });
      return { ok: true, value, usage: usage() };
    } finally {
      locker.close();
    }
  } catch (error) {
    return { ok: false, error: transferError(error), usage: usage() };
  }
}

function usage(): ExportUsage {
  const r = process.resourceUsage();
  return {
    peakRss: peakRss() ?? r.maxRSS * 1024,
    cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000,
    priority: getPriority(),
  };
}

/**
 * This process's own peak (Linux's VmHWM): the OS's maxRSS of a forked process starts at its parent's size
 * at the fork, which says nothing about the export.
 */
function peakRss(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}
