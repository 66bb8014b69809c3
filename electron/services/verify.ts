import { hashChunks, type ObjectStore } from './object-store.ts';
import { foldSql, schemaTriggers } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { checkChain } from '../../db/queries/custody.ts';
import { recordsDigest } from '../../db/queries/records.ts';
import { evidenceShaIndex, listBlobs } from '../../db/queries/evidence.ts';
import { listRedactions, loggedRedactions } from '../../db/queries/redactions.ts';
import { everyContact } from '../../db/queries/dispute.ts';
import { contactJson } from './dispute/contact-json.ts';
import { canonicalJson } from './util/canonical-json.ts';
import type { Locker } from './locker.ts';
import { readLastBackup, type LastBackup } from './backup-record.ts';
import { coded, say, type Coded, type MessageCode, type Params, type ParamsArg } from '../messages/say.ts';

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
    | 'redaction-unlogged'
    | 'evidence-missing'
    | 'records-altered'
    | 'record-unlogged'
    | 'record-missing'
    | 'record-altered';
  /** What is wrong, in English, naming the item or entry (`code` and `params` word it in any language). */
  message: string;
  /** The message's code in electron/messages/catalogue.ts (`verify.*`), and its parameters. */
  code: string;
  params: Params;
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
  /** What verify could not hold against the log, or did not change, in English (not damage). */
  notes: string[];
  /** The same notes as codes with parameters, one for one. */
  noteCodes: Coded[];
  /** With problems: the most recent backup made of this locker, to restore from. */
  lastBackup?: LastBackup | null;
};

/** A problem of `kind`, worded by `code` (its English kept as `message`). */
function problem<C extends MessageCode>(
  kind: VerifyProblem['kind'],
  extra: Pick<VerifyProblem, 'sha256' | 'evidenceIds' | 'seq'>,
  code: C,
  ...params: ParamsArg<C>
): VerifyProblem {
  const c = coded(code, ...params);
  return { kind, message: say(c), code: c.code, params: c.params, ...extra };
}

/** The items an original belongs to, named in a problem: their ids, or "an item" in the reader's language. */
function itemsOf(ids: string[]): string | Coded {
  return ids.length ? ids.join(', ') : coded('verify.an-item');
}

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
    for (const line of rows) problems.push(problem('database-damaged', {}, 'verify.db-damaged', { line }));
  }
  const dangling = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const d of dangling.slice(0, 20)) {
    problems.push(
      problem('database-damaged', {}, 'verify.db-dangling', {
        table: d.table,
        rowid: d.rowid,
        parent: d.parent,
      }),
    );
  }
  return problems;
}

/**
 * The check the app runs when it opens a locker: the database's own consistency (fast; the originals are
 * re-hashed only by a full verify). Reported with the most recent backup, never repaired.
 */
export function checkAtOpen(locker: Locker): {
  ok: boolean;
  /** In English; `problemCodes` the same, one for one, as codes with parameters. */
  problems: string[];
  problemCodes: Coded[];
  lastBackup: LastBackup | null;
} {
  let found: Coded[];
  try {
    found = databaseProblems(locker.db, 'quick_check').map((p) => ({ code: p.code, params: p.params }));
  } catch (error) {
    found = [coded('verify.db-uncheckable', { detail: (error as Error).message })];
  }
  return {
    ok: found.length === 0,
    problems: found.map((c) => say(c)),
    problemCodes: found,
    lastBackup: found.length ? readLastBackup(locker.db) : null,
  };
}

/**
 * Re-hashes every original, re-walks the custody chain and holds every record against what the log says was
 * filed: each item's observed facts and the fingerprint of the rows read from it, each case and event, each
 * redaction, and every safeguard trigger the schema defines. Names each difference; never changes anything.
 * A database too damaged to read in places is reported as damage (never a crash), and the rest still checked.
 */
export async function verifyLocker(locker: Locker): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const noteCodes: Coded[] = [];
  const db = locker.db;
  const damaged = (part: Part, error: unknown) =>
    problems.push(
      problem('database-damaged', {}, 'verify.db-part-unreadable', {
        part: coded(`verify.part.${part}`),
        detail: (error as Error).message,
      }),
    );
  const section = async (what: Part, fn: () => void | Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      damaged(what, error);
    }
  };

  // SQLite's own checks: every page, index and constraint, then every foreign key. Reported, never repaired.
  await section('pages', () => {
    problems.push(...databaseProblems(db, 'integrity_check'));
  });

  await section('safeguards', () => {
    problems.push(...triggerProblems(locker));
  });

  let objects = 0;
  let bytes = 0;
  await section('originals', async () => {
    const bySha = evidenceShaIndex(db);
    for (const blob of [...listBlobs(db)]) {
      objects += 1;
      const ids = bySha.get(blob.sha256) ?? [];
      const got = await hashObject(locker.objects, blob.sha256);
      if (!got) {
        problems.push(
          problem('object-missing', { sha256: blob.sha256, evidenceIds: ids }, 'verify.object-missing', {
            items: itemsOf(ids),
            sha256: blob.sha256,
          }),
        );
        continue;
      }
      if (got === 'unreadable') {
        problems.push(
          problem('object-altered', { sha256: blob.sha256, evidenceIds: ids }, 'verify.object-unreadable', {
            items: itemsOf(ids),
            sha256: blob.sha256,
          }),
        );
        continue;
      }
      bytes += got.size;
      if (got.sha256 !== blob.sha256 || got.size !== blob.size) {
        problems.push(
          problem('object-altered', { sha256: blob.sha256, evidenceIds: ids }, 'verify.object-changed', {
            items: itemsOf(ids),
            now: got.sha256,
            was: blob.sha256,
          }),
        );
      }
    }
  });

  let chain: { entries: number; head: string | null } = { entries: 0, head: null };
  await section('log', () => {
    const checked = checkChain(db);
    chain = checked;
    for (const p of checked.problems) {
      const kind =
        p.kind === 'entry-altered'
          ? 'log-entry-altered'
          : p.kind === 'chain-broken'
            ? 'log-chain-broken'
            : 'log-gap';
      problems.push({ kind, seq: p.seq, message: p.message, code: p.coded.code, params: p.coded.params });
    }
  });

  await section('log', async () => {
    const head = await locker.readChainHead();
    if (head && head !== 'unreadable') {
      const at = db.prepare('SELECT hash FROM custody_log WHERE seq = ?').get(head.seq) as
        { hash: string } | undefined;
      if (!at || at.hash !== head.hash) {
        problems.push(problem('log-truncated', { seq: head.seq }, 'verify.log-truncated', { seq: head.seq }));
      }
    }
  });

  await section('records', () => {
    const held = recordProblems(db);
    problems.push(...held.problems);
    if (held.undigested) {
      noteCodes.push(coded('verify.note-undigested', { count: held.undigested }));
    }
  });

  await section('records', () => {
    problems.push(...contactProblems(db));
  });

  await section('redactions', () => {
    problems.push(...redactionProblems(db));
  });

  const orphaned = await locker.objects.listOrphans();
  const orphans = { count: orphaned.length, bytes: orphaned.reduce((n, o) => n + o.size, 0) };
  if (orphans.count) {
    noteCodes.push(
      coded('verify.note-orphans', {
        count: orphans.count,
        bytes: orphans.bytes,
        dir: locker.objects.orphansDir,
      }),
    );
  }
  if (locker.behindHeadWhy) {
    noteCodes.push(coded('verify.note-not-swept', { why: locker.behindHeadWhy }));
  }

  let lastBackup: LastBackup | null = null;
  if (problems.length) {
    try {
      lastBackup = readLastBackup(db);
    } catch {
      lastBackup = null;
    }
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
    notes: noteCodes.map((c) => say(c)),
    noteCodes,
    ...(problems.length ? { lastBackup } : {}),
  };
}

/** Every trigger the migrations define must be there, as they define it: they are what guards the records. */
function triggerProblems(locker: Locker): VerifyProblem[] {
  const expected = schemaTriggers(() => openDatabase(':memory:'));
  const present = new Map(
    (
      locker.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as {
        name: string;
        sql: string | null;
      }[]
    ).map((r) => [r.name, foldSql(r.sql ?? '')]),
  );
  const problems: VerifyProblem[] = [];
  for (const [name, sql] of expected) {
    const got = present.get(name);
    if (got === undefined) {
      problems.push(problem('log-protection-removed', {}, 'verify.safeguard-removed', { name }));
    } else if (got !== sql) {
      problems.push(problem('log-protection-removed', {}, 'verify.safeguard-replaced', { name }));
    }
  }
  return problems;
}

/** The parts of the database verify reads in turn; one that cannot be read is named in the problem. */
type Part = 'pages' | 'safeguards' | 'originals' | 'log' | 'records' | 'redactions';
/** The facts of a filed item held against its filing entry. */
type Fact = 'original-name' | 'size' | 'type' | 'acquired-at';

type Filed = {
  seq: number;
  caseId: string | null;
  sha256?: string;
  originalName?: string;
  size?: number;
  mime?: string;
  acquiredAt?: string;
  records?: { sha256: string; transactions: number; messages: number };
};

/**
 * Each item, case and event against the entry that created it (both ways: a row without its entry, an entry
 * whose row is gone), each item's observed facts against what was filed, and the rows read from each item
 * against the fingerprint its latest `evidence.add`/`evidence.unlock`/`chat.read` entry recorded (a chat
 * screenshot's bubbles, read by OCR when the user filed it as a contact, are rows read from it too).
 */
function recordProblems(db: Locker['db']): { problems: VerifyProblem[]; undigested: number } {
  const problems: VerifyProblem[] = [];
  const narrow = narrowedTo(db);
  const cutOut = (seq: number, caseId: string | null) =>
    narrow !== null && seq < narrow.seq && caseId !== narrow.caseId;

  const filed = new Map<string, Filed>();
  const created = new Map<string, { seq: number; caseId: string | null; what: 'case' | 'event' }>();
  for (const r of loggedEntries(db, [
    'evidence.add',
    'evidence.unlock',
    'chat.read',
    'case.create',
    'event.add',
  ])) {
    const d = r.details;
    if (r.action === 'case.create')
      created.set(r.subject_id, { seq: r.seq, caseId: r.subject_id, what: 'case' });
    else if (r.action === 'event.add')
      created.set(r.subject_id, { seq: r.seq, caseId: r.case_id, what: 'event' });
    else if (r.action === 'evidence.add') {
      filed.set(r.subject_id, {
        seq: r.seq,
        caseId: r.case_id,
        ...(typeof d.sha256 === 'string' ? { sha256: d.sha256 } : {}),
        ...(typeof d.originalName === 'string' ? { originalName: d.originalName } : {}),
        ...(typeof d.size === 'number' ? { size: d.size } : {}),
        ...(typeof d.mime === 'string' ? { mime: d.mime } : {}),
        ...(typeof d.acquiredAt === 'string' ? { acquiredAt: d.acquiredAt } : {}),
        ...(isDigest(d.records) ? { records: d.records } : {}),
      });
    } else {
      const f = filed.get(r.subject_id);
      if (f && isDigest(d.records)) f.records = d.records;
    }
  }

  let undigested = 0;
  const seen = new Set<string>();
  for (const raw of db
    .prepare('SELECT id, sha256, original_name, size, mime, acquired_at FROM evidence ORDER BY id')
    .iterate()) {
    const r = raw as {
      id: string;
      sha256: string;
      original_name: string;
      size: number;
      mime: string;
      acquired_at: string;
    };
    seen.add(r.id);
    const logged = filed.get(r.id);
    if (!logged) {
      problems.push(
        problem('evidence-unlogged', { evidenceIds: [r.id] }, 'verify.evidence-unlogged', { id: r.id }),
      );
      continue;
    }
    if (logged.sha256 && logged.sha256 !== r.sha256) {
      problems.push(
        problem('evidence-altered', { evidenceIds: [r.id], sha256: r.sha256 }, 'verify.evidence-repointed', {
          id: r.id,
          now: r.sha256,
          was: logged.sha256,
        }),
      );
    }
    const facts: [Fact, unknown, unknown][] = [
      ['original-name', logged.originalName, r.original_name],
      ['size', logged.size, r.size],
      ['type', logged.mime, r.mime],
      ['acquired-at', logged.acquiredAt, r.acquired_at],
    ];
    for (const [fact, was, now] of facts) {
      if (was === undefined || was === now) continue;
      problems.push(
        problem(
          'evidence-altered',
          { evidenceIds: [r.id], seq: logged.seq },
          'verify.evidence-fact-changed',
          {
            id: r.id,
            fact: coded(`verify.fact.${fact}`),
            now: JSON.stringify(now),
            was: JSON.stringify(was),
            seq: logged.seq,
          },
        ),
      );
    }
    if (!logged.records) {
      undigested += 1;
      continue;
    }
    const got = recordsDigest(db, r.id);
    if (got.sha256 !== logged.records.sha256) {
      const want = logged.records;
      const where = { evidenceIds: [r.id], seq: logged.seq };
      problems.push(
        got.transactions !== want.transactions || got.messages !== want.messages
          ? problem('records-altered', where, 'verify.rows-counted', {
              id: r.id,
              loggedTransactions: want.transactions,
              loggedMessages: want.messages,
              transactions: got.transactions,
              messages: got.messages,
            })
          : problem('records-altered', where, 'verify.row-changed', { id: r.id }),
      );
    }
  }
  for (const [id, f] of filed) {
    if (seen.has(id) || cutOut(f.seq, f.caseId)) continue;
    problems.push(
      problem('evidence-missing', { evidenceIds: [id], seq: f.seq }, 'verify.evidence-missing', {
        id,
        seq: f.seq,
      }),
    );
  }

  const rows = new Map<string, 'case' | 'event'>();
  for (const raw of db.prepare('SELECT id FROM cases').iterate())
    rows.set((raw as { id: string }).id, 'case');
  for (const raw of db.prepare('SELECT id FROM events').iterate())
    rows.set((raw as { id: string }).id, 'event');
  for (const [id, what] of rows) {
    if (created.has(id)) continue;
    problems.push(
      problem('record-unlogged', {}, 'verify.record-unlogged', { what: coded(`thing.${what}`), id }),
    );
  }
  for (const [id, c] of created) {
    if (rows.has(id) || cutOut(c.seq, c.caseId)) continue;
    problems.push(
      problem('record-missing', { seq: c.seq }, 'verify.record-missing', {
        what: coded(`thing.${c.what}`),
        id,
        seq: c.seq,
      }),
    );
  }
  return { problems, undigested };
}

/**
 * Each logged contact (a call, a chat, a letter to the platform, the bank, a regulator) against its
 * `contact.add` entry replayed with the `contact.attach` entries after it (the evidence attached or detached):
 * a row with no entry, an entry whose row is gone, and a row whose fields differ from what the log recorded
 * (written behind the locker's back: its time, party, ticket, note, the items that show it, a deletion).
 */
/** The custody log's entries of these actions, oldest first, with their details parsed: what verify replays. */
function* loggedEntries(
  db: Locker['db'],
  actions: readonly string[],
): Generator<{
  seq: number;
  action: string;
  case_id: string | null;
  subject_id: string;
  details: Record<string, unknown>;
}> {
  const rows = db
    .prepare(
      `SELECT seq, action, case_id, subject_id, details FROM custody_log
       WHERE action IN (${actions.map(() => '?').join(', ')}) ORDER BY seq`,
    )
    .iterate(...actions);
  for (const raw of rows) {
    const r = raw as {
      seq: number;
      action: string;
      case_id: string | null;
      subject_id: string;
      details: string;
    };
    yield { ...r, details: JSON.parse(r.details) as Record<string, unknown> };
  }
}

function contactProblems(db: Locker['db']): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const narrow = narrowedTo(db);
  const logged = new Map<
    string,
    { added: number; seq: number; caseId: string | null; state: Record<string, unknown> | null }
  >();
  for (const r of loggedEntries(db, ['contact.add', 'contact.attach'])) {
    const d = r.details;
    if (r.action === 'contact.add') {
      const after = d.after && typeof d.after === 'object' && !Array.isArray(d.after) ? d.after : null;
      logged.set(r.subject_id, {
        added: r.seq,
        seq: r.seq,
        caseId: r.case_id,
        state: after ? { ...(after as Record<string, unknown>) } : null,
      });
    } else {
      const c = logged.get(r.subject_id);
      if (!c) continue;
      c.seq = r.seq;
      if (c.state && Array.isArray(d.after)) c.state.evidenceIds = d.after;
    }
  }

  const seen = new Set<string>();
  for (const c of everyContact(db)) {
    seen.add(c.id);
    const entry = logged.get(c.id);
    if (!entry) {
      problems.push(
        problem('record-unlogged', {}, 'verify.record-unlogged', { what: coded('thing.contact'), id: c.id }),
      );
      continue;
    }
    // The row as `contact.add` logs it; only what the entry recorded is compared.
    const now: Record<string, unknown> = contactJson(c);
    const state = entry.state ?? {};
    const changed = Object.keys(now).filter(
      (k) => k in state && canonicalJson(now[k] ?? null) !== canonicalJson(state[k] ?? null),
    );
    // No entry deletes a contact: a deleted one was deleted behind the locker's back.
    if (c.deletedAt !== null) changed.push('deletedAt');
    if (changed.length) {
      problems.push(
        problem('record-altered', { seq: entry.seq, evidenceIds: c.evidenceIds }, 'verify.contact-changed', {
          id: c.id,
          fields: changed.join(', '),
          seq: entry.seq,
        }),
      );
    }
  }
  for (const [id, c] of logged) {
    if (seen.has(id) || (narrow !== null && c.added < narrow.seq && c.caseId !== narrow.caseId)) continue;
    problems.push(
      problem('record-missing', { seq: c.added }, 'verify.record-missing', {
        what: coded('thing.contact'),
        id,
        seq: c.added,
      }),
    );
  }
  return problems;
}

/** A one-case backup is cut down on purpose and says so in its own log (see backup-case.ts). */
function narrowedTo(db: Locker['db']): { seq: number; caseId: string } | null {
  const row = db
    .prepare(
      `SELECT seq, details ->> '$.caseId' AS case_id FROM custody_log WHERE action = 'locker.narrow' ORDER BY seq DESC LIMIT 1`,
    )
    .get() as { seq: number; case_id: string } | undefined;
  return row ? { seq: row.seq, caseId: row.case_id } : null;
}

function isDigest(v: unknown): v is { sha256: string; transactions: number; messages: number } {
  if (!v || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  return typeof d.sha256 === 'string' && typeof d.transactions === 'number' && typeof d.messages === 'number';
}

/** Each item's stored redaction boxes against the last `evidence.redact` entry of the log. */
function redactionProblems(db: Locker['db']): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const logged = loggedRedactions(db);
  const narrowed = narrowedTo(db);
  const stored = new Map(listRedactions(db).map((r) => [r.evidenceId, r.boxes]));
  const count = (boxes: unknown) => (Array.isArray(boxes) ? boxes.length : 0);
  for (const [id, entry] of logged) {
    const row = stored.get(id);
    if (row === undefined) {
      if (count(entry.boxes) === 0) continue;
      if (narrowed && entry.seq < narrowed.seq && entry.caseId !== narrowed.caseId) continue;
      problems.push(
        problem('redaction-missing', { evidenceIds: [id], seq: entry.seq }, 'verify.redaction-missing', {
          id,
          boxes: count(entry.boxes),
          seq: entry.seq,
        }),
      );
    } else if (canonicalJson(row) !== canonicalJson(entry.boxes)) {
      problems.push(
        problem('redaction-altered', { evidenceIds: [id], seq: entry.seq }, 'verify.redaction-altered', {
          id,
          boxes: count(row),
          logged: count(entry.boxes),
          seq: entry.seq,
        }),
      );
    }
  }
  for (const [id, boxes] of stored) {
    if (logged.has(id) || count(boxes) === 0) continue;
    problems.push(problem('redaction-unlogged', { evidenceIds: [id] }, 'verify.redaction-unlogged', { id }));
  }
  return problems;
}
