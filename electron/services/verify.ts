import { hashChunks, type ObjectStore } from './object-store.ts';
import { checkChain } from '../../db/queries/custody.ts';
import { evidenceShaIndex, listBlobs } from '../../db/queries/evidence.ts';
import { listRedactions, loggedRedactions } from '../../db/queries/redactions.ts';
import { canonicalJson } from './util/canonical-json.ts';
import type { Locker } from './locker.ts';
import { readLastBackup, type LastBackup } from './backup-record.ts';

export type VerifyProblem = {
  kind:
    | 'object-missing'
    | 'object-altered'
    | 'log-entry-altered'
    | 'log-chain-broken'
    | 'log-gap'
    | 'log-truncated'
    | 'log-protection-removed'
    | 'evidence-unlogged'
    | 'evidence-altered'
    | 'database-damaged'
    | 'redaction-missing'
    | 'redaction-altered'
    | 'redaction-unlogged';
  /** What is wrong, worded for a person, naming the item or entry. */
  message: string;
  sha256?: string;
  evidenceIds?: string[];
  seq?: number;
};

export type VerifyReport = {
  ok: boolean;
  checkedAt: string;
  objects: number;
  bytes: number;
  logEntries: number;
  chainHead: string | null;
  problems: VerifyProblem[];
  /** Originals waiting in `orphans/` (no row of this database points at them): kept, never deleted. */
  orphans: { count: number; bytes: number };
  /** What verify could not hold against the log, or did not change, worded for a person (not damage). */
  notes: string[];
  /** With problems: the most recent backup made of this locker, to restore from. */
  lastBackup?: LastBackup | null;
};

const PROTECTING_TRIGGERS = [
  'custody_log_no_update',
  'custody_log_no_delete',
  'evidence_observed_facts_immutable',
  'evidence_never_deleted',
];

/**
 * Re-hashes one original as stored (decrypting it on the way in an encrypted locker). Null when the file is
 * missing; `unreadable` when it is there but does not authenticate (altered, cut short) or cannot be read.
 */
async function hashObject(
  objects: ObjectStore,
  sha256: string,
): Promise<{ sha256: string; size: number } | null | 'unreadable'> {
  if (!(await objects.has(sha256))) return null;
  try {
    return await hashChunks(objects.stream(sha256));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : 'unreadable';
  }
}

/** SQLite's own checks (pages, indexes, constraints, foreign keys), worded for a person; [] when sound. */
function databaseProblems(db: Locker['db'], pageCheck: 'integrity_check' | 'quick_check'): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const rows = (db.pragma(`${pageCheck}(20)`) as Record<string, string>[]).map((r) => Object.values(r)[0]!);
  if (rows.join() !== 'ok') {
    for (const line of rows)
      problems.push({ kind: 'database-damaged', message: `the database file is damaged: ${line}` });
  }
  const dangling = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const d of dangling.slice(0, 20)) {
    problems.push({
      kind: 'database-damaged',
      message: `the database is inconsistent: a row of ${d.table} (rowid ${d.rowid}) points at a missing row of ${d.parent}`,
    });
  }
  return problems;
}

/**
 * The check the app runs when it opens a locker: the database's own consistency (fast; the originals are
 * re-hashed only by a full verify). Reported with the most recent backup, never repaired.
 */
export function checkAtOpen(locker: Locker): {
  ok: boolean;
  problems: string[];
  lastBackup: LastBackup | null;
} {
  let problems: string[];
  try {
    problems = databaseProblems(locker.db, 'quick_check').map((p) => p.message);
  } catch (error) {
    problems = [`the database file cannot be checked: ${(error as Error).message}`];
  }
  return {
    ok: problems.length === 0,
    problems,
    lastBackup: problems.length ? readLastBackup(locker.db) : null,
  };
}

/**
 * Re-hashes every original, re-walks the custody chain and cross-checks the evidence rows against what the
 * log recorded when they were filed. Names each damaged item or entry; never changes anything.
 */
export async function verifyLocker(locker: Locker): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const db = locker.db;

  // SQLite's own checks: every page, index and constraint, then every foreign key. Reported, never repaired.
  problems.push(...databaseProblems(db, 'integrity_check'));

  const present = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  for (const name of PROTECTING_TRIGGERS) {
    if (!present.has(name)) {
      problems.push({
        kind: 'log-protection-removed',
        message: `the safeguard "${name}" was removed from the database: records could have been changed without a trace`,
      });
    }
  }

  const bySha = evidenceShaIndex(db);
  let objects = 0;
  let bytes = 0;
  for (const blob of [...listBlobs(db)]) {
    objects += 1;
    const ids = bySha.get(blob.sha256) ?? [];
    const got = await hashObject(locker.objects, blob.sha256);
    if (!got) {
      problems.push({
        kind: 'object-missing',
        sha256: blob.sha256,
        evidenceIds: ids,
        message: `the original of ${ids.join(', ') || 'an item'} is missing from the store (${blob.sha256})`,
      });
      continue;
    }
    if (got === 'unreadable') {
      problems.push({
        kind: 'object-altered',
        sha256: blob.sha256,
        evidenceIds: ids,
        message: `the original of ${ids.join(', ') || 'an item'} cannot be read back: it was altered or cut short on disk (${blob.sha256})`,
      });
      continue;
    }
    bytes += got.size;
    if (got.sha256 !== blob.sha256 || got.size !== blob.size) {
      problems.push({
        kind: 'object-altered',
        sha256: blob.sha256,
        evidenceIds: ids,
        message: `the original of ${ids.join(', ') || 'an item'} was changed on disk: its fingerprint is now ${got.sha256}, not ${blob.sha256}`,
      });
    }
  }

  const chain = checkChain(db);
  for (const p of chain.problems) {
    const kind =
      p.kind === 'entry-altered'
        ? 'log-entry-altered'
        : p.kind === 'chain-broken'
          ? 'log-chain-broken'
          : 'log-gap';
    problems.push({ kind, seq: p.seq, message: p.message });
  }

  const head = await locker.readChainHead();
  if (head && head !== 'unreadable') {
    const at = db.prepare('SELECT hash FROM custody_log WHERE seq = ?').get(head.seq) as
      { hash: string } | undefined;
    if (!at || at.hash !== head.hash) {
      problems.push({
        kind: 'log-truncated',
        seq: head.seq,
        message: `the custody log no longer holds entry ${head.seq} as it was last written: entries were removed or replaced`,
      });
    }
  }

  // Each item must match what the log wrote down when it was filed.
  const filed = new Map<string, string>();
  for (const raw of db
    .prepare(
      `SELECT subject_id, details ->> '$.sha256' AS sha FROM custody_log WHERE action = 'evidence.add'`,
    )
    .iterate()) {
    const r = raw as { subject_id: string; sha: string | null };
    if (r.sha) filed.set(r.subject_id, r.sha);
  }
  for (const raw of db.prepare('SELECT id, sha256 FROM evidence ORDER BY id').iterate()) {
    const r = raw as { id: string; sha256: string };
    const logged = filed.get(r.id);
    if (!logged) {
      problems.push({
        kind: 'evidence-unlogged',
        evidenceIds: [r.id],
        message: `item ${r.id} has no record of being filed in the custody log`,
      });
    } else if (logged !== r.sha256) {
      problems.push({
        kind: 'evidence-altered',
        evidenceIds: [r.id],
        sha256: r.sha256,
        message: `item ${r.id} now points at different bytes (${r.sha256}) than were filed (${logged})`,
      });
    }
  }

  problems.push(...redactionProblems(db));

  const notes: string[] = [];
  const orphaned = await locker.objects.listOrphans();
  const orphans = { count: orphaned.length, bytes: orphaned.reduce((n, o) => n + o.size, 0) };
  if (orphans.count) {
    notes.push(
      `${orphans.count} original(s) (${orphans.bytes} bytes) no record points at are kept in ${locker.objects.orphansDir}: ` +
        'left by an interrupted import, or filed with a newer copy of the database than this one. Putting that ' +
        'database back moves them home the next time the locker opens.',
    );
  }
  if (locker.behindHead) {
    notes.push(`Originals were not tidied at opening: ${locker.behindHead}.`);
  }

  return {
    ok: problems.length === 0,
    checkedAt: locker.now(),
    objects,
    bytes,
    logEntries: chain.entries,
    chainHead: chain.head,
    problems,
    orphans,
    notes,
    ...(problems.length ? { lastBackup: readLastBackup(db) } : {}),
  };
}

/** Each item's stored redaction boxes against the last `evidence.redact` entry of the log. */
function redactionProblems(db: Locker['db']): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const logged = loggedRedactions(db);
  const stored = new Map(listRedactions(db).map((r) => [r.evidenceId, r.boxes]));
  const count = (boxes: unknown) => (Array.isArray(boxes) ? boxes.length : 0);
  for (const [id, entry] of logged) {
    const row = stored.get(id);
    if (row === undefined) {
      if (count(entry.boxes) === 0) continue;
      problems.push({
        kind: 'redaction-missing',
        evidenceIds: [id],
        seq: entry.seq,
        message: `the redaction of item ${id} (${count(entry.boxes)} box(es), custody log entry ${entry.seq}) is missing from the locker: a packet would refuse to go out without it`,
      });
    } else if (canonicalJson(row) !== canonicalJson(entry.boxes)) {
      problems.push({
        kind: 'redaction-altered',
        evidenceIds: [id],
        seq: entry.seq,
        message: `the redaction of item ${id} holds ${count(row)} box(es), not the ${count(entry.boxes)} the custody log recorded (entry ${entry.seq}): it was changed without a trace`,
      });
    }
  }
  for (const [id, boxes] of stored) {
    if (logged.has(id) || count(boxes) === 0) continue;
    problems.push({
      kind: 'redaction-unlogged',
      evidenceIds: [id],
      message: `item ${id} carries redaction boxes the custody log never recorded`,
    });
  }
  return problems;
}
