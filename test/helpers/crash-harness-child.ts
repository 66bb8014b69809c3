// The worker of test/trust/crash-harness.test.ts: runs a seeded random mix of locker operations against one
// locker until it is killed (SIGKILL, at a random moment) or has done `maxOps` of them.
//
// Protocol on stdout, one line each, written synchronously so that what is printed is what happened:
//   LOADED                                  modules loaded; waiting for a line on stdin before touching the
//                                           locker (the parent loads the next child while this one runs)
//   READY                                   the locker is open
//   BEGIN <n> <op> <json>                   operation n is about to start (with the value it will write)
//   ACK <n> <op> <json>                     operation n returned: it is committed
//   DONE                                    maxOps reached, locker closed
// A line cut short by the kill was never printed, so the parent ignores an unterminated last line.
import { writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { addContact } from '../../electron/services/dispute/records.ts';
import { exportPacket, setRedactions } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { alipayBill, EDIT_FIELDS, OPS, prng, type ChildConfig, type Op } from './crash-harness-ops.ts';

/** Synchronous, whole-line writes: a line is either printed before the next step runs or not at all. */
function say(line: string): void {
  const buf = Buffer.from(line + '\n');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

function pickWeighted(rand: () => number, weights: Record<Op, number>): Op {
  const total = OPS.reduce((n, op) => n + weights[op], 0);
  let r = rand() * total;
  for (const op of OPS) {
    r -= weights[op];
    if (r < 0) return op;
  }
  return 'edit';
}

async function run(cfg: ChildConfig): Promise<void> {
  const rand = prng(cfg.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  say('LOADED');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const locker = await Locker.open(cfg.store);
  say('READY');
  for (let i = 0; i < cfg.maxOps; i++) {
    const n = `${cfg.gen}.${i}`;
    const op = cfg.firstOps?.[i] ?? pickWeighted(rand, cfg.weights);
    // Now and then an edit, event or contact lands in the small case, so the packets exported change too.
    const caseId =
      (op === 'edit' || op === 'event' || op === 'contact') && rand() < 0.2 ? cfg.packetCase : cfg.mainCase;
    switch (op) {
      case 'import': {
        const files = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(cfg.images));
        say(`BEGIN ${n} import ${JSON.stringify({ files: files.length })}`);
        const r = await addPaths(locker, cfg.mainCase, files);
        say(`ACK ${n} import ${JSON.stringify(r)}`);
        break;
      }
      case 'bill': {
        const file = path.join(cfg.workDir, `bill-${n}.csv`);
        writeFileSync(file, alipayBill(n, 2 + Math.floor(rand() * 5)));
        say(`BEGIN ${n} bill ${JSON.stringify({ file })}`);
        const r = await addPaths(locker, cfg.mainCase, [file]);
        say(`ACK ${n} bill ${JSON.stringify(r)}`);
        break;
      }
      case 'edit': {
        const items = locker.listEvidence(caseId, { includeDeleted: true });
        if (!items.length) break;
        const id = pick(items).id;
        const field = pick(EDIT_FIELDS);
        const minute = i % 60;
        const value =
          field === 'title'
            ? `标题 ${n}`
            : field === 'notes'
              ? `note ${n}\n第二行`
              : field === 'tags'
                ? [`t${n}`, pick(['bank', 'refund', '保险'])]
                : `2025-03-${String((cfg.gen % 28) + 1).padStart(2, '0')}T10:${String(minute).padStart(2, '0')}:00+08:00`;
        say(`BEGIN ${n} edit ${JSON.stringify({ id, field, value })}`);
        await locker.updateEvidence(id, { [field]: value });
        say(`ACK ${n} edit ${JSON.stringify({ id, field, value })}`);
        break;
      }
      case 'redact': {
        const images = locker
          .listEvidence(cfg.mainCase, { includeDeleted: true })
          .filter((e) => e.mime.startsWith('image/'));
        if (!images.length) break;
        const id = pick(images).id;
        const value =
          rand() < 0.2
            ? []
            : [{ x: i % 50, y: 10, width: 5 + (cfg.gen % 40), height: 12, note: `card ${n}` }];
        say(`BEGIN ${n} redact ${JSON.stringify({ id, field: 'redact', value })}`);
        await setRedactions(locker, id, value);
        say(`ACK ${n} redact ${JSON.stringify({ id, field: 'redact', value })}`);
        break;
      }
      case 'event': {
        const title = `event ${n}`;
        say(`BEGIN ${n} event ${JSON.stringify({ title })}`);
        const e = await locker.addEvent(caseId, { kind: 'note', title, occurredAt: '2025-03-02 09:00' });
        say(`ACK ${n} event ${JSON.stringify({ id: e.id, title })}`);
        break;
      }
      case 'contact': {
        const ticket = `T${n}`;
        say(`BEGIN ${n} contact ${JSON.stringify({ ticket })}`);
        const r = await addContact(locker, caseId, {
          party: pick(['platform', 'bank', 'regulator'] as const),
          channel: pick(['phone', 'chat', 'email'] as const),
          at: '2025-03-03 10:00',
          ticket,
        });
        say(`ACK ${n} contact ${JSON.stringify({ id: r.contact.id, eventId: r.contact.eventId, ticket })}`);
        break;
      }
      case 'trash': {
        const items = locker.listEvidence(cfg.mainCase, { includeDeleted: true });
        if (!items.length) break;
        const id = pick(items).id;
        const value = rand() < 0.5;
        say(`BEGIN ${n} trash ${JSON.stringify({ id, value })}`);
        await locker.trashEvidence(id, value);
        say(`ACK ${n} trash ${JSON.stringify({ id, value })}`);
        break;
      }
      case 'export': {
        const dir = path.join(cfg.exportRoot, `x-${n}`);
        say(`BEGIN ${n} export ${JSON.stringify({ dir })}`);
        const r = await exportPacket(locker, cfg.packetCase, {
          out: path.join(dir, 'packet.pdf'),
          zip: path.join(dir, 'originals.zip'),
          lang: 'en',
          recipient: 'plain',
        });
        say(`ACK ${n} export ${JSON.stringify({ dir, reference: r.reference, files: r.files })}`);
        break;
      }
    }
  }
  locker.close();
  say('DONE');
}

const arg = process.argv[2];
if (arg) await run(JSON.parse(arg) as ChildConfig);
