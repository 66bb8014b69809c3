import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { exportPacket, readRedactions, setRedactions } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const BOX = { x: 2, y: 3, width: 10, height: 8, note: 'card number 6222 0212 3456 7890' };

async function redactedLocker(): Promise<{ dir: string; caseId: string; itemId: string }> {
  const dir = tempDir();
  const locker = await Locker.open(dir);
  try {
    const c = await locker.createCase({ title: 'redact' });
    const f = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(f, await makePng(40, 60, 1));
    const { added } = await addPaths(locker, c.id, [f]);
    await setRedactions(locker, added[0]!.id, [BOX]);
    return { dir, caseId: c.id, itemId: added[0]!.id };
  } finally {
    locker.close();
  }
}

/** Removes the stored boxes behind the guard, as someone with write access to locker.db could. */
function dropRedactionRow(locker: Locker, itemId: string): void {
  locker.db.exec('DROP TRIGGER redactions_never_deleted');
  locker.db.prepare('DELETE FROM redactions WHERE evidence_id = ?').run(itemId);
}

describe('redactions are locker records', () => {
  it('keeps the boxes in the database, not in a file beside it, and a backup carries them', async () => {
    const { dir, itemId } = await redactedLocker();
    expect(existsSync(path.join(dir, 'redactions'))).toBe(false);
    const all = readdirSync(dir, { recursive: true }).map(String);
    expect(all.filter((n) => n.endsWith('.json') && n !== 'custody-head.json')).toEqual([]);

    const locker = await Locker.open(dir);
    let backup: string;
    try {
      expect(await readRedactions(locker, itemId)).toEqual([BOX]);
      backup = (await backupLocker(locker, path.join(tempDir(), 'b.backup'))).path;
    } finally {
      locker.close();
    }
    const restoredDir = path.join(tempDir(), 'restored');
    const report = await restoreLocker(backup, restoredDir);
    expect(report.problems).toEqual([]);
    const restored = await Locker.open(restoredDir);
    try {
      expect(await readRedactions(restored, itemId)).toEqual([BOX]);
    } finally {
      restored.close();
    }
  });

  it('takes in the redactions/<id>.json files of older versions when the locker opens, and removes them', async () => {
    const { dir, itemId } = await redactedLocker();
    // An older version's layout: the boxes only in a file, the database without them.
    const locker = await Locker.open(dir);
    const sha = locker.getEvidence(itemId).sha256;
    dropRedactionRow(locker, itemId);
    locker.db.exec(`CREATE TRIGGER redactions_never_deleted BEFORE DELETE ON redactions
      BEGIN SELECT RAISE(ABORT, 'redactions are never deleted; set an empty list of boxes to remove them'); END`);
    locker.close();
    mkdirSync(path.join(dir, 'redactions'));
    const legacy = path.join(dir, 'redactions', `${itemId}.json`);
    writeFileSync(legacy, JSON.stringify({ evidenceId: itemId, sha256: sha, boxes: [BOX] }, null, 2));
    // A file for an item this database does not know is kept, never thrown away.
    writeFileSync(path.join(dir, 'redactions', 'ev_unknown.json'), JSON.stringify({ boxes: [BOX] }));

    const reopened = await Locker.open(dir);
    try {
      expect(await readRedactions(reopened, itemId)).toEqual([BOX]);
      expect(existsSync(legacy)).toBe(false);
      expect(existsSync(path.join(dir, 'redactions', 'ev_unknown.json'))).toBe(true);
      expect((await verifyLocker(reopened)).problems).toEqual([]);
    } finally {
      reopened.close();
    }
  });

  it('refuses to export an item the log says was redacted when its boxes are gone, and verify names it', async () => {
    const { dir, caseId, itemId } = await redactedLocker();
    const locker = await Locker.open(dir);
    try {
      dropRedactionRow(locker, itemId);
      const report = await verifyLocker(locker);
      expect(report.problems.map((p) => [p.kind, p.evidenceIds])).toContainEqual([
        'redaction-missing',
        [itemId],
      ]);
      const out = path.join(tempDir(), 'packet.pdf');
      await expect(exportPacket(locker, caseId, { out, record: false })).rejects.toThrow(
        new RegExp(`${itemId} was redacted .* will not go out unredacted`),
      );
      expect(existsSync(out)).toBe(false);
    } finally {
      locker.close();
    }
  });

  it('names boxes changed behind the log, and refuses to export them', async () => {
    const { dir, caseId, itemId } = await redactedLocker();
    const locker = await Locker.open(dir);
    try {
      locker.db.prepare(`UPDATE redactions SET boxes = '[]' WHERE evidence_id = ?`).run(itemId);
      expect((await verifyLocker(locker)).problems.map((p) => p.kind)).toEqual(['redaction-altered']);
      await expect(
        exportPacket(locker, caseId, { out: path.join(tempDir(), 'p.pdf'), record: false }),
      ).rejects.toThrow(/will not go out unredacted/);
    } finally {
      locker.close();
    }
  });

  it('leaves other cases’ redactions out of a one-case backup, which still verifies clean', async () => {
    const { dir, itemId } = await redactedLocker();
    const locker = await Locker.open(dir);
    let backup: string;
    try {
      const other = await locker.createCase({ title: 'the other case' });
      const note = path.join(tempDir(), 'note.txt');
      writeFileSync(note, 'a note\n');
      await addPaths(locker, other.id, [note]);
      backup = (await backupLocker(locker, path.join(tempDir(), 'one.backup'), { caseId: other.id })).path;
    } finally {
      locker.close();
    }
    const restoredDir = path.join(tempDir(), 'restored');
    expect((await restoreLocker(backup, restoredDir)).problems).toEqual([]);
    const restored = await Locker.open(restoredDir);
    try {
      expect(await readRedactions(restored, itemId)).toEqual([]);
    } finally {
      restored.close();
    }
  });
});
