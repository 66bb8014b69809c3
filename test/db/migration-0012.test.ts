import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';

/** Chat bubbles read by OCR and the offers the user turned down (reserved as 0011; its number may move). */
const version = migrations.find((m) => m.name === '0012-case-screens')!.version;

describe('migration 0012-case-screens', () => {
  it('keeps the messages there were as read from exports, and guards the new facts like the old', () => {
    const db = new Database(':memory:');
    migrate(db, version - 1);
    db.exec(`
      INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x');
      INSERT INTO blobs (sha256, size, mime, stored_at) VALUES ('${'a'.repeat(64)}', 1, 'text/plain', 'x');
      INSERT INTO evidence (id, case_id, sha256, original_name, size, mime, kind, title, occurred_utc,
        occurred_offset, occurred_source, acquired_at, acquisition_method)
      VALUES ('e1', 'c1', '${'a'.repeat(64)}', 'chat.txt', 1, 'text/plain', 'chat', 'chat', '2025-01-01T00:00:00.000Z',
        480, 'content', 'x', 'import');
      INSERT INTO messages (id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text)
      VALUES ('m1', 'c1', 'e1', 1, '2025-01-01T00:00:00.000Z', 480, '客服', '您好');
    `);
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(db.prepare('SELECT read_by, side FROM messages').get()).toEqual({ read_by: 'import', side: '' });
    expect(() => db.prepare(`UPDATE messages SET read_by = 'ocr'`).run()).toThrow(/cannot be changed/);
    expect(() => db.prepare(`UPDATE messages SET text = 'x'`).run()).toThrow(/cannot be changed/);
    db.prepare(`UPDATE messages SET is_key = 1`).run();
    const insert = db.prepare(
      `INSERT INTO messages (id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text, read_by, side)
       VALUES (?, 'c1', 'e1', ?, '2025-01-01T00:00:00.000Z', 480, '', 'x', ?, ?)`,
    );
    insert.run('m2', 2, 'ocr', 'me');
    expect(() => insert.run('m3', 3, 'guess', '')).toThrow(/CHECK/);
    expect(() => insert.run('m4', 4, 'ocr', 'left')).toThrow(/CHECK/);
    const decline = db.prepare(
      `INSERT INTO offer_answers (evidence_id, offer, answer, answered_at) VALUES ('e1', ?, ?, 'x')`,
    );
    decline.run('chat-contact', 'declined');
    expect(() => decline.run('chat-contact', 'declined')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => decline.run('something', 'declined')).toThrow(/CHECK/);
    db.close();
  });
});
