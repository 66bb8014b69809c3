import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupLocker, restoreLocker } from '../../electron/services/backup.ts';
import { declineChatOffer } from '../../electron/services/dispute/chat-contact.ts';
import { casePlan } from '../../electron/services/dispute/plan.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { makePng } from '../helpers/images.ts';
import { alipayBill, bocStatement } from '../helpers/seed-story.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * A backup of one case, taken after another case's dispute ledger was worked out (its plan shown once: payment
 * links, rails, the matcher's run) and a chat offer in it turned down: those rows belong to the other case and
 * stay out, and the backup is written, restores and verifies.
 */
const tempDir = useTempDirs();
let locker: Locker;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
});
afterEach(() => locker.close());

describe('a backup of one case next to a case whose ledger was worked out', () => {
  it("leaves out the other case's ledger rows and offer answers, and restores and verifies", async () => {
    const kept = await locker.createCase({ title: 'kept', counterparty: '元保' });
    const other = await locker.createCase({ title: 'other', counterparty: '元保' });
    const inbox = tempDir();
    writeFileSync(path.join(inbox, 'alipay.csv'), alipayBill());
    writeFileSync(path.join(inbox, 'boc.csv'), bocStatement());
    writeFileSync(path.join(inbox, 'Screenshot_20250901-090000.png'), await makePng(40, 80, 3));
    const { added } = await addPaths(locker, other.id, [inbox]);
    await disputeTransactions(locker, other.id, { match: '元保' });
    casePlan(locker, other.id, { lang: 'en' });
    await declineChatOffer(locker, added.find((a) => a.path.endsWith('.png'))!.id);
    const rows = (table: string, db = locker.db) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    // The rows that made the narrowing fail: another case's ledger and a turned-down offer.
    expect(rows('ledger_runs')).toBeGreaterThan(0);
    expect(rows('payment_links') + rows('ledger_rails')).toBeGreaterThan(0);
    expect(rows('offer_answers')).toBe(1);

    const out = path.join(tempDir(), 'kept.backup');
    await backupLocker(locker, out, { caseId: kept.id });
    // Entries are stored uncompressed: the other case's bank would show here.
    expect(readFileSync(out).includes(Buffer.from('中国银行'))).toBe(false);
    const dir = path.join(tempDir(), 'restored');
    expect((await restoreLocker(out, dir)).problems).toEqual([]);
    const restored = await Locker.open(dir);
    try {
      expect(restored.listCases().map((c) => c.id)).toEqual([kept.id]);
      for (const table of ['ledger_runs', 'payment_links', 'ledger_rails', 'offer_answers'])
        expect([table, rows(table, restored.db)]).toEqual([table, 0]);
    } finally {
      restored.close();
    }
  });
});
