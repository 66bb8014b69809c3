import type { Database } from 'better-sqlite3';
import { isCoded } from '../../electron/messages/say.ts';
import { codeOfProblem, withCode } from '../../electron/services/import-problems.ts';
import type { ImportProblem } from '../../electron/services/importers/types.ts';

/**
 * The lines an importer could not read are stored with a code and parameters beside their English words:
 * each problem listed in `evidence.facts.import.problems` gains the `code` and `params` its sentence matches
 * (a sentence no pattern knows keeps the generic `text` code), and the `first` problem that a stored
 * `warn.lines-unreadable` warning quotes becomes that code too, so both read in the user's language. The
 * English `error` of each problem stays (the `--json` output carries it); nothing else in `facts` changes,
 * and no schema does.
 */
export function up(db: Database): void {
  const rows = db
    .prepare(
      `SELECT id, facts FROM evidence
       WHERE json_type(facts, '$.import.problems') = 'array' OR json_type(facts, '$.warnings') = 'array'`,
    )
    .all() as { id: string; facts: string }[];
  const update = db.prepare('UPDATE evidence SET facts = ? WHERE id = ?');
  for (const row of rows) {
    const facts = JSON.parse(row.facts) as {
      import?: { problems?: unknown };
      warnings?: unknown;
    } & Record<string, unknown>;
    let changed = false;
    if (facts.import && Array.isArray(facts.import.problems)) {
      facts.import.problems = facts.import.problems.map((p: unknown) => {
        if (!isProblem(p) || typeof p.code === 'string') return p;
        changed = true;
        return withCode(p);
      });
    }
    if (Array.isArray(facts.warnings)) {
      facts.warnings = facts.warnings.map((w: unknown) => {
        if (!isCoded(w) || w.code !== 'warn.lines-unreadable' || typeof w.params.first !== 'string') return w;
        changed = true;
        return { ...w, params: { ...w.params, first: codeOfProblem(w.params.first) } };
      });
    }
    if (changed) update.run(JSON.stringify(facts), row.id);
  }
}

function isProblem(value: unknown): value is ImportProblem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ImportProblem).line === 'number' &&
    typeof (value as ImportProblem).error === 'string'
  );
}
