import { chmodSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let ids: string[];
let shas: string[];

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  const c = await locker.createCase({ title: 'tamper' });
  const inbox = tempDir();
  const files = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const f = path.join(inbox, `s${n}.png`);
      writeFileSync(f, await makePng(30, 60, n));
      return f;
    }),
  );
  const r = await addPaths(locker, c.id, files);
  ids = r.added.map((a) => a.id);
  shas = r.added.map((a) => a.sha256);
  await locker.updateEvidence(ids[0]!, { title: 'renamed' });
});
afterEach(() => locker.close());

describe('verifyLocker', () => {
  it('passes an intact locker and counts what it checked', async () => {
    const report = await verifyLocker(locker);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, objects: 3, logEntries: 5 });
  });

  it('names the item whose original had a byte flipped', async () => {
    const file = locker.objects.pathFor(shas[1]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);
    const report = await verifyLocker(locker);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'object-altered', sha256: shas[1], evidenceIds: [ids[1]] }),
    ]);
    expect(report.problems[0]!.message).toContain(ids[1]);
  });

  it('names the item whose original is gone', async () => {
    unlinkSync(locker.objects.pathFor(shas[2]!));
    const report = await verifyLocker(locker);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'object-missing', evidenceIds: [ids[2]] }),
    ]);
  });

  it('names the log entry edited behind the triggers and says the safeguard was removed', async () => {
    locker.db.exec('DROP TRIGGER custody_log_no_update');
    locker.db.prepare(`UPDATE custody_log SET actor = 'someone' WHERE seq = 3`).run();
    const report = await verifyLocker(locker);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['log-protection-removed', undefined],
      ['log-entry-altered', 3],
    ]);
  });

  it('notices entries cut off the end of the log', async () => {
    locker.db.exec('DROP TRIGGER custody_log_no_delete');
    locker.db.prepare('DELETE FROM custody_log WHERE seq = 5').run();
    const kinds = (await verifyLocker(locker)).problems.map((p) => p.kind);
    expect(kinds).toContain('log-truncated');
  });

  it('notices an item pointed at other bytes than were filed', async () => {
    const other = await locker.createCase({ title: 'other' });
    const f = path.join(tempDir(), 'other.png');
    writeFileSync(f, await makePng(10, 10, 9));
    const otherSha = (await addPaths(locker, other.id, [f])).added[0]!.sha256;
    locker.db.exec('DROP TRIGGER evidence_observed_facts_immutable');
    locker.db.prepare('UPDATE evidence SET sha256 = ? WHERE id = ?').run(otherSha, ids[1]);
    const problems = (await verifyLocker(locker)).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ kind: 'evidence-altered', evidenceIds: [ids[1]] }),
    );
  });
});
