import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';

/** The column-map layouts table (reserved as 0008; registered after 0005 on this branch). */
const version = migrations.find((m) => m.name === '0008-column-layouts')!.version;

describe('migration 0008-column-layouts', () => {
  it('keeps what was there and takes one layout per header signature and per name', () => {
    const db = new Database(':memory:');
    migrate(db, version - 1);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(db.prepare('SELECT id FROM cases').all()).toEqual([{ id: 'c1' }]);
    const insert = db.prepare(
      `INSERT INTO column_layouts (id, name, signature, header, map, created_at, updated_at)
       VALUES (?, ?, ?, '["日期","金额"]', '{}', 'x', 'x')`,
    );
    insert.run('lay_1', 'Bank A', 'sha256:a');
    expect(() => insert.run('lay_2', 'Bank B', 'sha256:a')).toThrow(/UNIQUE/);
    expect(() => insert.run('lay_3', 'bank a', 'sha256:b')).toThrow(/UNIQUE/);
    expect(() => insert.run('lay_4', '  ', 'sha256:c')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO column_layouts (id, name, signature, header, map, created_at, updated_at)
           VALUES ('lay_5', 'x', 'sha256:d', '{}', '{}', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
