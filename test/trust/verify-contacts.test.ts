import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { addContact, attachToContact } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * A logged contact (`contact.add`, then `contact.attach` for the evidence attached later) held against its row:
 * a change written into the database behind the app's back is named, with the fields and the entry.
 */
const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let contactId: string;
let shots: string[];

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'contacts held against the log', counterparty: '元保' })).id;
  const inbox = tempDir();
  writeFileSync(path.join(inbox, 'a.png'), await makePng(20, 30, 1));
  writeFileSync(path.join(inbox, 'b.png'), await makePng(30, 20, 2));
  const { added } = await addPaths(locker, caseId, [inbox]);
  shots = added.map((a) => a.id).sort();
  const { contact } = await addContact(locker, caseId, {
    party: 'platform',
    at: '2025-08-29 09:00',
    channel: 'phone',
    ticket: 'T-1',
    note: '要求退款',
    evidenceIds: [shots[0]!],
  });
  contactId = contact.id;
});
afterEach(() => locker.close());

const contactProblems = async () =>
  (await verifyLocker(locker)).problems.filter((p) => p.kind.startsWith('record-'));

describe('verify replays the logged contacts', () => {
  it('passes contacts added and attached through the locker', async () => {
    await attachToContact(locker, contactId, { add: [shots[1]!] });
    await attachToContact(locker, contactId, { remove: [shots[0]!] });
    expect((await verifyLocker(locker)).problems).toEqual([]);
  });

  it('names the ticket, the time and the party changed in the row', async () => {
    locker.db
      .prepare(
        `UPDATE contacts SET ticket = 'T-2', occurred_utc = '2025-08-20T01:00:00.000Z', party = 'bank' WHERE id = ?`,
      )
      .run(contactId);
    const problems = await contactProblems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      kind: 'record-altered',
      code: 'verify.contact-changed',
      params: { id: contactId, fields: 'with, at, ticket' },
    });
    expect(problems[0]!.message).toMatch(new RegExp(`contact ${contactId} was changed outside the app`));
  });

  it('holds the evidence list against the last contact.attach entry, and names a deletion', async () => {
    await attachToContact(locker, contactId, { add: [shots[1]!] });
    const attach = locker.custodyLog({ subjectId: contactId }).find((e) => e.action === 'contact.attach')!;
    // Put back as it was before the attach, behind the app's back.
    locker.db
      .prepare('UPDATE contacts SET evidence_ids = ? WHERE id = ?')
      .run(JSON.stringify([shots[0]]), contactId);
    expect(await contactProblems()).toMatchObject([
      { kind: 'record-altered', seq: attach.seq, params: { fields: 'evidenceIds' } },
    ]);
    locker.db
      .prepare(`UPDATE contacts SET evidence_ids = ?, deleted_at = '2025-09-01T00:00:00.000Z' WHERE id = ?`)
      .run(JSON.stringify(shots), contactId);
    expect(await contactProblems()).toMatchObject([
      { kind: 'record-altered', params: { fields: 'deletedAt' } },
    ]);
  });

  it('names a contact row with no entry, and an entry whose row is gone', async () => {
    const row = locker.db.prepare('SELECT * FROM contacts WHERE id = ?').get(contactId) as Record<
      string,
      unknown
    >;
    locker.db.prepare('DELETE FROM deadlines WHERE contact_id = ?').run(contactId);
    locker.db.prepare('DELETE FROM contacts WHERE id = ?').run(contactId);
    const gone = await contactProblems();
    expect(gone).toMatchObject([{ kind: 'record-missing', params: { id: contactId } }]);
    expect(gone[0]!.message).toMatch(
      /logged contact .* was created \(custody log entry \d+\) but its record is gone/,
    );

    locker.db
      .prepare(
        `INSERT INTO contacts (id, case_id, event_id, party, agency, channel, direction, occurred_utc, occurred_offset,
           ticket, note, evidence_ids, created_at, deleted_at)
         VALUES (@id, @case_id, NULL, @party, @agency, @channel, @direction, @occurred_utc, @occurred_offset,
           @ticket, @note, @evidence_ids, @created_at, NULL)`,
      )
      .run({ ...row, id: 'contact_forged0001', event_id: undefined, deleted_at: undefined });
    const forged = await contactProblems();
    expect(forged.map((p) => [p.kind, p.params.id])).toEqual([
      ['record-unlogged', 'contact_forged0001'],
      ['record-missing', contactId],
    ]);
  });

  it("expects another case's contacts gone from a backup of one case, and keeps this case's", async () => {
    const other = await locker.createCase({ title: 'Gym membership' });
    await addContact(locker, other.id, {
      party: 'regulator',
      agency: '12315',
      at: '2025-08-30 10:00',
      channel: 'letter',
    });
    const out = path.join(tempDir(), 'case.backup');
    await backupLocker(locker, out, { caseId });
    const dir = path.join(tempDir(), 'restored');
    expect((await restoreLocker(out, dir)).problems).toEqual([]);
    const restored = await Locker.open(dir);
    try {
      expect(restored.db.prepare('SELECT id FROM contacts').all()).toEqual([{ id: contactId }]);
      restored.db.prepare(`UPDATE contacts SET note = '' WHERE id = ?`).run(contactId);
      expect((await verifyLocker(restored)).problems.map((p) => [p.kind, p.params.fields])).toEqual([
        ['record-altered', 'note'],
      ]);
    } finally {
      restored.close();
    }
  });
});
