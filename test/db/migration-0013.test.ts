import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { getOcrJob } from '../../db/queries/ocr.ts';
import { say } from '../../electron/messages/say.ts';

/** Why OCR did not read an item becomes a code (reserved as 0013; the number may move at merge, the name not). */
const version = migrations.find((m) => m.name === '0013-coded-ocr-problems')!.version;

function insertPicture(db: Database.Database, id: string, error: string | null): void {
  db.prepare(`INSERT INTO blobs VALUES (?, 1, 'image/png', 'x')`).run(id.padEnd(64, '0'));
  db.prepare(
    `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
       original_name, acquired_at, acquisition_method)
     VALUES (?, 'c1', ?, 'screenshot', 't', 'x', 480, 'content', 1, 'image/png', 'a.png', 'x', 'cli')`,
  ).run(id, id.padEnd(64, '0'));
  // The trigger queued it; the run before this version closed it with an English sentence.
  db.prepare(`UPDATE ocr_queue SET status = ?, error = ? WHERE evidence_id = ?`).run(
    error === null ? 'done' : 'failed',
    error,
    id,
  );
}

describe('migration 0013-coded-ocr-problems', () => {
  it('gives the reasons already stored their codes, so they read in Chinese, and keeps their English', () => {
    const db = new Database(':memory:');
    migrate(db, version - 1);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    const stored: [string, string | null][] = [
      ['e1', 'the image cannot be decoded for reading (Input buffer contains unsupported image format)'],
      ['e2', 'The picture reader failed: no answer within 60 s; it was stopped'],
      ['e3', 'reading stopped 3 times before it finished; given up'],
      ['e4', 'The picture reader could not start: some words from tesseract'],
      ['e5', 'a sentence no version of the locker ever wrote'],
      ['e6', null],
    ];
    for (const [id, error] of stored) insertPicture(db, id, error);

    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    const jobs = stored.map(([id]) => getOcrJob(db, id)!);
    expect(jobs.map((j) => j.error)).toEqual(stored.map(([, error]) => error));
    expect(jobs.map((j) => j.problem?.code ?? null)).toEqual([
      'ocr.image-undecodable',
      'ocr.read-failed',
      'ocr.given-up',
      'ocr.start-failed',
      'text',
      null,
    ]);
    // The English a code words is the sentence that was stored.
    for (const j of jobs.slice(0, 5)) expect(say(j.problem!, 'en')).toBe(j.error);
    expect(jobs.slice(0, 5).map((j) => say(j.problem!, 'zh-CN'))).toEqual([
      '无法解码这张图片来识别文字（Input buffer contains unsupported image format）',
      '文字识别出错：60 s 内没有回应，已停止',
      '识别在完成前中断了 3 次，已放弃',
      '文字识别无法启动：some words from tesseract',
      'a sentence no version of the locker ever wrote',
    ]);
  });
});
