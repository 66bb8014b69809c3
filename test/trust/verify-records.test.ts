import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHead } from '../../db/queries/custody.ts';
import { insertBlob, insertEvidence } from '../../db/queries/evidence.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { readFixture } from '../importers/helpers.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let bill: string;
let chat: string;
let shot: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'held against the log' })).id;
  const inbox = tempDir();
  writeFileSync(path.join(inbox, 'wechatpay.csv'), readFixture('wechatpay.csv'));
  writeFileSync(path.join(inbox, 'chat.txt'), readFixture('whatsapp-android-dmy.txt'));
  writeFileSync(path.join(inbox, 'Screenshot_20250827-080112.png'), await makePng(20, 30, 1));
  const { added } = await addPaths(locker, caseId, [inbox]);
  const by = (name: string) => added.find((a) => a.path.endsWith(name))!.id;
  bill = by('wechatpay.csv');
  chat = by('chat.txt');
  shot = by('.png');
});
afterEach(() => locker.close());

describe('verify holds every record against the custody log', () => {
  it('passes an untouched locker whose items all carry a fingerprint of their rows', async () => {
    const report = await verifyLocker(locker);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([]);
    const add = locker.custodyLog({ subjectId: bill }).find((e) => e.action === 'evidence.add')!;
    expect((add.details as { records: { transactions: number } }).records.transactions).toBeGreaterThan(0);
  });

  it('refuses DELETE FROM transactions, and names the item when the guard was dropped first', async () => {
    expect(() => locker.db.exec('DELETE FROM transactions')).toThrow(/cannot be deleted/);
    locker.db.exec('DROP TRIGGER transactions_never_deleted');
    locker.db.exec('DELETE FROM search_docs');
    locker.db.exec('DELETE FROM transactions');
    const report = await verifyLocker(locker);
    expect(report.problems.map((p) => [p.kind, p.evidenceIds])).toEqual([
      ['log-protection-removed', undefined],
      ['records-altered', [bill]],
    ]);
    expect(report.problems[1]!.message).toMatch(/removed or added: the log recorded \d+ transaction\(s\)/);
  });

  it('names an item deleted with its rows and original behind a dropped trigger', async () => {
    const sha = locker.getEvidence(shot).sha256;
    locker.db.exec('DROP TRIGGER evidence_never_deleted');
    locker.db.prepare('DELETE FROM ocr_queue WHERE evidence_id = ?').run(shot);
    locker.db.prepare('DELETE FROM search_docs WHERE evidence_id = ?').run(shot);
    locker.db.prepare('DELETE FROM evidence WHERE id = ?').run(shot);
    locker.db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha);
    locker.db.exec(`CREATE TRIGGER evidence_never_deleted BEFORE DELETE ON evidence
    BEGIN
      SELECT RAISE(ABORT, 'evidence rows are never deleted; set deleted_at to move an item to the trash');
    END`);
    const report = await verifyLocker(locker);
    expect(report.problems.map((p) => [p.kind, p.evidenceIds])).toEqual([['evidence-missing', [shot]]]);
  });

  it("names a transaction's amount and a message's text edited behind the triggers", async () => {
    locker.db.exec('DROP TRIGGER transactions_facts_immutable');
    locker.db.exec('DROP TRIGGER messages_facts_immutable');
    locker.db
      .prepare(
        'UPDATE transactions SET amount_minor = amount_minor + 100 WHERE id = (SELECT min(id) FROM transactions)',
      )
      .run();
    locker.db.prepare(`UPDATE messages SET text = 'ok' WHERE id = (SELECT min(id) FROM messages)`).run();
    const report = await verifyLocker(locker);
    const altered = report.problems.filter((p) => p.kind === 'records-altered');
    expect(altered.map((p) => p.evidenceIds![0]).sort()).toEqual([bill, chat].sort());
    expect(altered[0]!.message).toMatch(/was changed after it was filed/);
  });

  it('names the original name, size and time of filing changed although the log recorded them', async () => {
    locker.db.exec('DROP TRIGGER evidence_observed_facts_immutable');
    locker.db
      .prepare(
        `UPDATE evidence SET original_name = 'other.png', size = size + 1, acquired_at = '2020-01-01T00:00:00.000Z' WHERE id = ?`,
      )
      .run(shot);
    const report = await verifyLocker(locker);
    const messages = report.problems.filter((p) => p.kind === 'evidence-altered').map((p) => p.message);
    expect(messages).toHaveLength(3);
    expect(messages.join('\n')).toMatch(/original name is now "other.png"/);
    expect(messages.join('\n')).toMatch(/size is now/);
    expect(messages.join('\n')).toMatch(/time of filing is now "2020-01-01/);
  });

  it('names a safeguard replaced by a do-nothing trigger of the same name', async () => {
    locker.db.exec('DROP TRIGGER custody_log_no_delete');
    locker.db.exec('CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log BEGIN SELECT 1; END');
    const report = await verifyLocker(locker);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/"custody_log_no_delete" was replaced/),
    ]);
  });

  it('catches the last entries cut off with custody-head.json rewritten, where they leave records behind', async () => {
    const ev = await locker.addEvent(caseId, {
      kind: 'call',
      title: 'Called 95188',
      occurredAt: '2025-08-28 10:00',
    });
    locker.db.exec('DROP TRIGGER custody_log_no_delete');
    const head = chainHead(locker.db)!;
    locker.db.prepare('DELETE FROM custody_log WHERE seq = ?').run(head.seq);
    locker.db.exec(`CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
    BEGIN
      SELECT RAISE(ABORT, 'the custody log is append-only');
    END`);
    writeFileSync(path.join(locker.dir, 'custody-head.json'), JSON.stringify(chainHead(locker.db)) + '\n');
    const report = await verifyLocker(locker);
    expect(report.problems.map((p) => p.kind)).toEqual(['record-unlogged']);
    expect(report.problems[0]!.message).toContain(ev.id);
  });

  it('says which items an older version filed without a fingerprint of their rows, instead of failing', async () => {
    // What an older version wrote: an item and an evidence.add entry with no `records`.
    const bytes = Buffer.from('filed before fingerprints');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await locker.objects.putBuffer(bytes, sha);
    locker.write((log) => {
      insertBlob(locker.db, { sha256: sha, size: bytes.length, mime: 'text/plain', storedAt: locker.now() });
      insertEvidence(locker.db, {
        ...locker.getEvidence(shot),
        id: 'ev_old',
        sha256: sha,
        size: bytes.length,
        mime: 'text/plain',
        originalName: 'old.txt',
      });
      log({
        action: 'evidence.add',
        caseId,
        subjectId: 'ev_old',
        details: { sha256: sha, size: bytes.length, mime: 'text/plain', originalName: 'old.txt' },
      });
    });
    const report = await verifyLocker(locker);
    expect(report.notes.join(' ')).toMatch(/1 item\(s\) were filed by an older version/);
    expect(report.problems).toEqual([]);
  });
});
