import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { appendCustody, checkChain, GENESIS_HASH, listCustody } from '../../db/queries/custody.ts';

function freshDb() {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

describe('custody log', () => {
  it('chains each entry to the one before it, starting from the genesis hash', () => {
    const db = freshDb();
    const a = appendCustody(db, {
      at: '2025-01-01T00:00:00.000Z',
      actor: 'cli',
      action: 'case.create',
      details: { x: 1 },
    });
    const b = appendCustody(db, {
      at: '2025-01-01T00:00:01.000Z',
      actor: 'cli',
      action: 'evidence.add',
      details: { y: 2 },
    });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(checkChain(db)).toEqual({ entries: 2, problems: [], head: b.hash });
    expect(listCustody(db).map((e) => e.details)).toEqual([{ x: 1 }, { y: 2 }]);
  });

  it('refuses updates and deletions of entries', () => {
    const db = freshDb();
    appendCustody(db, { at: 'x', actor: 'cli', action: 'case.create' });
    expect(() => db.prepare(`UPDATE custody_log SET action = 'nothing'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM custody_log').run()).toThrow(/append-only/);
  });

  it('names the entry whose contents were changed behind the triggers, and the break that follows', () => {
    const db = freshDb();
    for (let i = 0; i < 4; i++)
      appendCustody(db, { at: `t${i}`, actor: 'cli', action: 'evidence.add', details: { i } });
    db.exec('DROP TRIGGER custody_log_no_update');
    db.prepare(`UPDATE custody_log SET details = '{"i":99}' WHERE seq = 2`).run();
    const { problems } = checkChain(db);
    expect(problems).toEqual([expect.objectContaining({ seq: 2, kind: 'entry-altered' })]);
    db.prepare(`UPDATE custody_log SET hash = ? WHERE seq = 2`).run('f'.repeat(64));
    expect(checkChain(db).problems.map((p) => [p.seq, p.kind])).toEqual([
      [2, 'entry-altered'],
      [3, 'chain-broken'],
    ]);
  });

  it('reports a gap where an entry was removed from the middle', () => {
    const db = freshDb();
    for (let i = 0; i < 3; i++) appendCustody(db, { at: `t${i}`, actor: 'cli', action: 'a' });
    db.exec('DROP TRIGGER custody_log_no_delete');
    db.prepare('DELETE FROM custody_log WHERE seq = 2').run();
    const kinds = checkChain(db).problems.map((p) => [p.seq, p.kind]);
    expect(kinds).toEqual([
      [3, 'sequence-gap'],
      [3, 'chain-broken'],
    ]);
  });
});
