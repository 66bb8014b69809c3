import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LockerTooNewError, migrate, schemaVersion } from '../../db/migrate.ts';
import { latestVersion, migrations } from '../../db/migrations/index.ts';
import { openDatabase, openDatabaseAsync } from '../../db/open.ts';
import { LATEST_SCHEMA_VERSION } from '../../db/version.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe('openDatabase', () => {
  it('creates a locker at the latest schema with WAL, full sync, foreign keys and secure delete on', () => {
    const db = openDatabase(path.join(tempDir(), 'locker.db'));
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a locker written by a newer version and leaves its file byte for byte as it was', () => {
    const file = path.join(tempDir(), 'locker.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.pragma(`user_version = ${latestVersion + 5}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(LockerTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Evidence Locker/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('keeps the schema it was built from (snapshot: change it only with a new migration)', () => {
    const db = openDatabase(path.join(tempDir(), 'locker.db'));
    const schema = (
      db
        .prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`)
        .all() as {
        type: string;
        name: string;
        sql: string;
      }[]
    )
      .map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ').trim()}`)
      .join('\n');
    expect(schema).toMatchSnapshot();
    db.close();
  });
});

describe('openDatabaseAsync (migrations loaded only when the schema is behind)', () => {
  it('knows the same latest version as the migrations list, which is contiguous from 1', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.at(-1)?.version);
    expect(LATEST_SCHEMA_VERSION).toBe(latestVersion);
  });

  it('brings a locker left at an older version up to date, and opens a current one as it is', async () => {
    const file = path.join(tempDir(), 'locker.db');
    const old = new Database(file);
    migrate(old, 3);
    old
      .prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('case_0001', 'kept', 'a', 'a')`)
      .run();
    old.close();
    const db = await openDatabaseAsync(file);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT title FROM cases').pluck().all()).toEqual(['kept']);
    db.close();
    const again = await openDatabaseAsync(file);
    expect(schemaVersion(again)).toBe(latestVersion);
    again.close();
  });

  it('refuses a locker written by a newer version', async () => {
    const file = path.join(tempDir(), 'locker.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion + 1}`);
    raw.close();
    await expect(openDatabaseAsync(file)).rejects.toThrow(LockerTooNewError);
  });
});

describe('migrate', () => {
  it('applies each migration in its own transaction: a failing one leaves the locker at the version before it', () => {
    const db = new Database(':memory:');
    const failing = [
      ...migrations,
      {
        version: latestVersion + 1,
        name: 'broken',
        up: (d: Database.Database) => {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, latestVersion + 1, failing)).toThrow('boom');
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });

  it('migration 1 creates a schema that takes a case, an original, an item and a log entry', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    db.prepare(`INSERT INTO blobs VALUES (?, 1, 'image/png', 'x')`).run('a'.repeat(64));
    db.prepare(
      `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
         original_name, acquired_at, acquisition_method) VALUES ('e1', 'c1', ?, 'photo', 't', 'x', 480, 'exif', 1, 'image/png', 'a.png', 'x', 'cli')`,
    ).run('a'.repeat(64));
    expect(() =>
      db
        .prepare(
          `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
         original_name, acquired_at, acquisition_method) VALUES ('e2', 'c1', ?, 'selfie', 't', 'x', 480, 'exif', 1, 'image/png', 'a.png', 'x', 'cli')`,
        )
        .run('a'.repeat(64)),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
