import { parentPort, workerData } from 'node:worker_threads';
import { Locker } from '../locker.ts';
import { transferError } from '../threads/errors.ts';
import { exportPacket } from './index.ts';
import type { ExportJob, ExportReply } from './thread.ts';

// The export thread (see thread.ts): opens the locker on a connection of its own, writes one packet, replies.
const job = workerData as ExportJob;
let reply: ExportReply;
try {
  const locker = await Locker.open(job.storeDir, {
    actor: job.actor,
    ...(job.master ? { unlock: { master: Buffer.from(job.master) } } : {}),
  });
  try {
    const exportedAt = new Date(job.exportedAt);
    reply = {
      ok: true,
      value: await exportPacket(locker, job.caseId, { ...job.options, clock: () => exportedAt }),
    };
  } finally {
    locker.close();
  }
} catch (error) {
  reply = { ok: false, error: transferError(error) };
}
parentPort!.postMessage(reply);
