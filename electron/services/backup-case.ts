import { openDatabase } from '../../db/open.ts';
import { appendCustody } from '../../db/queries/custody.ts';

/**
 * Narrows a copy of the database (never the live one) to one case: that case's records and the originals they
 * point at, nothing of the others. The custody log stays whole: its hash chain runs across every case, so
 * cutting entries out would leave a log nobody could check — the one place other cases still appear is there.
 * Deleted rows are zeroed (secure_delete) and the file compacted, so nothing of them lingers in its pages.
 */
export function narrowToCase(file: string, caseId: string, options: { key?: string; at: string }): void {
  const db = openDatabase(file, options.key ? { key: options.key } : {});
  try {
    db.pragma('foreign_keys = OFF');
    // The guards against deleting records protect the live locker; this copy is being cut down on purpose.
    const guards = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN
           ('evidence_never_deleted', 'transactions_never_deleted', 'messages_never_deleted', 'redactions_never_deleted')`,
      )
      .all() as { name: string; sql: string }[];
    const tables = new Set(
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    const hasRedactions = tables.has('redactions');
    db.transaction(() => {
      for (const g of guards) db.exec(`DROP TRIGGER ${g.name}`);
      const others = `SELECT id FROM evidence WHERE case_id <> @caseId`;
      if (hasRedactions)
        db.prepare(`DELETE FROM redactions WHERE evidence_id IN (${others})`).run({ caseId });
      db.prepare(`DELETE FROM ocr_results WHERE evidence_id IN (${others})`).run({ caseId });
      db.prepare(`DELETE FROM ocr_queue WHERE evidence_id IN (${others})`).run({ caseId });
      db.prepare(`DELETE FROM search_pending WHERE evidence_id IN (${others})`).run({ caseId });
      if (tables.has('offer_answers'))
        db.prepare(`DELETE FROM offer_answers WHERE evidence_id IN (${others})`).run({ caseId });
      for (const table of [
        'transactions',
        'messages',
        'events',
        'contacts',
        'agreements',
        'deadlines',
        'claimants',
        'plan_overrides',
        'search_docs',
        // The dispute ledger's links, rails and matcher runs (another case's ledger worked out once).
        'payment_links',
        'ledger_rails',
        'ledger_runs',
      ].filter((t) => tables.has(t))) {
        db.prepare(`DELETE FROM ${table} WHERE case_id <> @caseId`).run({ caseId });
      }
      db.prepare(`DELETE FROM evidence WHERE case_id <> @caseId`).run({ caseId });
      db.prepare(`DELETE FROM cases WHERE id <> @caseId`).run({ caseId });
      db.exec(`DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence)`);
      // Remembered for the whole locker, not for this one case.
      db.exec(`DELETE FROM settings WHERE key = 'backup.last'`);
      // The copy's own log says it was cut down to this case, so verify expects the other cases' records gone.
      appendCustody(db, {
        at: options.at,
        actor: 'backup',
        action: 'locker.narrow',
        caseId,
        subjectId: caseId,
        details: { caseId },
      });
      for (const g of guards) db.exec(g.sql);
    })();
    db.pragma('foreign_keys = ON');
    const dangling = db.pragma('foreign_key_check') as unknown[];
    if (dangling.length)
      throw new Error(`narrowing the copy to one case left ${dangling.length} dangling row(s)`);
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}
