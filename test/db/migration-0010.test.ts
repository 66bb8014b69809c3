import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { say, type Coded } from '../../electron/messages/say.ts';

/** Stored importer problems become codes (reserved as 0012; the number may move at merge, the name does not). */
const version = migrations.find((m) => m.name === '0010-coded-import-problems')!.version;

function insertItem(db: Database.Database, id: string, facts: unknown): void {
  db.prepare(`INSERT INTO blobs VALUES (?, 1, 'text/csv', 'x')`).run(id.padEnd(64, '0'));
  db.prepare(
    `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
       original_name, acquired_at, acquisition_method, facts)
     VALUES (?, 'c1', ?, 'statement', 't', 'x', 480, 'content', 1, 'text/csv', 'a.csv', 'x', 'cli', ?)`,
  ).run(id, id.padEnd(64, '0'), JSON.stringify(facts));
}

describe('migration 0010-coded-import-problems', () => {
  it('gives the problems and the note already stored their codes, so they read in Chinese', () => {
    const db = new Database(':memory:');
    migrate(db, version - 1);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    // As the version before stored them: English sentences, the note quoting the first one.
    insertItem(db, 'e1', {
      type: 'CSV',
      import: {
        format: 'alipay-csv',
        transactions: 1,
        problems: [
          { line: 21, error: 'unreadable time "2023-02-30 10:00:00"' },
          { page: 2, line: 14, error: 'no amount' },
          { line: 30, error: 'a sentence no version of the locker ever wrote' },
        ],
        problemCount: 3,
      },
      warnings: [
        {
          code: 'warn.lines-unreadable',
          params: {
            count: 3,
            where: { code: 'where.line', params: { line: 21 } },
            first: 'unreadable time "2023-02-30 10:00:00"',
          },
        },
        { code: 'warn.pdf-no-text', params: {} },
      ],
    });
    // Already coded (filed by this version): left as it is.
    const coded = {
      import: {
        problems: [{ line: 4, error: 'no amount', code: 'problem.no-amount', params: {} }],
      },
    };
    insertItem(db, 'e2', coded);
    insertItem(db, 'e3', { type: 'PNG image' });

    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    const facts = (id: string) =>
      JSON.parse(
        (db.prepare('SELECT facts FROM evidence WHERE id = ?').get(id) as { facts: string }).facts,
      ) as {
        import: { problems: (Coded & { line: number; error: string })[] };
        warnings: Coded[];
      } & Record<string, unknown>;

    const e1 = facts('e1');
    expect(e1.type).toBe('CSV');
    expect(e1.import).toMatchObject({ format: 'alipay-csv', transactions: 1, problemCount: 3 });
    // The English words stay beside the code (the --json output reads them).
    expect(e1.import.problems).toEqual([
      {
        line: 21,
        error: 'unreadable time "2023-02-30 10:00:00"',
        code: 'problem.unreadable-time',
        params: { value: '2023-02-30 10:00:00' },
      },
      { page: 2, line: 14, error: 'no amount', code: 'problem.no-amount', params: {} },
      {
        line: 30,
        error: 'a sentence no version of the locker ever wrote',
        code: 'text',
        params: { text: 'a sentence no version of the locker ever wrote' },
      },
    ]);
    expect(e1.import.problems.map((p) => say(p, 'zh-CN'))).toEqual([
      '时间无法读取：“2023-02-30 10:00:00”',
      '没有金额',
      'a sentence no version of the locker ever wrote',
    ]);
    expect(say(e1.warnings[0]!, 'en')).toBe(
      '3 line(s) could not be read (first: line 21: unreadable time "2023-02-30 10:00:00")',
    );
    expect(say(e1.warnings[0]!, 'zh-CN')).toBe(
      '有 3 行无法读取（第一处：第 21 行：时间无法读取：“2023-02-30 10:00:00”）',
    );
    expect(e1.warnings[1]).toEqual({ code: 'warn.pdf-no-text', params: {} });
    expect(facts('e2')).toEqual(coded);
    expect(facts('e3')).toEqual({ type: 'PNG image' });
    db.close();
  });
});
