import type { Database } from 'better-sqlite3';
import { codeOfSentence } from '../../electron/services/legacy-warnings.ts';

/**
 * Import warnings are stored as codes with parameters (`{ code, params }`), worded where they are read, in the
 * reader's language. The English sentences earlier versions stored in `evidence.facts.warnings` are matched
 * back to their codes; a sentence no pattern knows is kept word for word under the generic `text` code.
 * Nothing else in `facts` changes, and no schema does. The warnings are notes the locker wrote about a file,
 * not observed facts of it (those columns stay guarded by evidence_observed_facts_immutable).
 */
export function up(db: Database): void {
  const rows = db
    .prepare(`SELECT id, facts FROM evidence WHERE json_type(facts, '$.warnings') = 'array'`)
    .all() as { id: string; facts: string }[];
  const update = db.prepare('UPDATE evidence SET facts = ? WHERE id = ?');
  for (const row of rows) {
    const facts = JSON.parse(row.facts) as { warnings: unknown[] } & Record<string, unknown>;
    const warnings = facts.warnings.map((w) => (typeof w === 'string' ? codeOfSentence(w) : w));
    update.run(JSON.stringify({ ...facts, warnings }), row.id);
  }
}
