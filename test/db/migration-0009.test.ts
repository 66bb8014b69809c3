import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { say, type Coded } from '../../electron/messages/say.ts';

/** Stored English warnings become codes (reserved as 0009; the number may move at merge, the name does not). */
const version = migrations.find((m) => m.name === '0009-coded-warnings')!.version;

/** The sentences earlier versions stored, word for word as they wrote them. */
const OLD = [
  "the photo's time has no time zone; read as Asia/Shanghai",
  "no time in the picture or its name: its time is the file's modified time, which changes when a file is copied or re-saved",
  'named "IMG_0001.png" but it is really a JPEG image; filed as a JPEG',
  '3 line(s) could not be read (first: page 2, line 14: no amount)',
  'the archive is filed as it is, but not everything in it was unpacked: entry "a.csv" is encrypted (and 2 more)',
  'This bill looks opened and re-saved in a spreadsheet program (dates rewritten as 2025/1/3): it is not the file as Alipay issued it. Everything readable was imported; file the original from Alipay’s email too.',
  '"Your bill": the e-mail has no Date header; its time is the time of the file it came in',
  'a sentence no version of the locker ever wrote',
];

function insertItem(db: Database.Database, id: string, facts: unknown): void {
  db.prepare(
    `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size, mime,
       original_name, acquired_at, acquisition_method, facts)
     VALUES (?, 'c1', ?, 'photo', 't', 'x', 480, 'exif', 1, 'image/png', 'a.png', 'x', 'cli', ?)`,
  ).run(id, id.padEnd(64, '0'), JSON.stringify(facts));
}

describe('migration 0009-coded-warnings', () => {
  it('turns the English warnings already stored into codes that read in Chinese, and keeps the rest as text', () => {
    const db = new Database(':memory:');
    migrate(db, version - 1);
    db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c1', 't', 'x', 'x')`).run();
    for (const id of ['e1', 'e2', 'e3']) {
      db.prepare(`INSERT INTO blobs VALUES (?, 1, 'image/png', 'x')`).run(id.padEnd(64, '0'));
    }
    insertItem(db, 'e1', { type: 'PNG image', image: { width: 10 }, warnings: OLD });
    insertItem(db, 'e2', { type: 'PNG image' });
    insertItem(db, 'e3', { warnings: [{ code: 'warn.pdf-no-text', params: {} }] });

    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    const facts = (id: string) =>
      JSON.parse(
        (db.prepare('SELECT facts FROM evidence WHERE id = ?').get(id) as { facts: string }).facts,
      ) as {
        warnings?: Coded[];
      } & Record<string, unknown>;

    const e1 = facts('e1');
    // Everything beside the warnings is as it was.
    expect(e1).toMatchObject({ type: 'PNG image', image: { width: 10 } });
    const warnings = e1.warnings!;
    expect(warnings.map((w) => w.code)).toEqual([
      'warn.photo-zone',
      'warn.image-mtime',
      'type.really-other',
      'warn.lines-unreadable',
      'warn.archive-partly',
      'warn.alipay-resaved',
      'warn.mail-time',
      'text',
    ]);
    // Worded in English, each reads exactly as it was stored.
    expect(warnings.map((w) => say(w, 'en'))).toEqual(OLD);
    expect(warnings.map((w) => say(w, 'zh-CN'))).toEqual([
      '照片的时间没有时区，按 Asia/Shanghai 读取',
      '图片和文件名里都没有时间：所用时间是文件的修改时间，文件被复制或另存时会改变',
      '文件名为“IMG_0001.png”，但实际是JPEG 图片；已按JPEG 图片保存',
      '有 3 行无法读取（第一处：第 2 页第 14 行：no amount）',
      '压缩包已原样保存，但其中有内容没有解开：entry "a.csv" is encrypted（另有 2 处）',
      '这份账单看起来被电子表格软件打开并另存过（dates rewritten as 2025/1/3）：已不是支付宝发出的原文件。能读取的内容都已导入；请把支付宝邮件里的原文件也一并保存。',
      '“Your bill”：the e-mail has no Date header；所用时间是所在文件的时间',
      // No code for it: kept word for word.
      'a sentence no version of the locker ever wrote',
    ]);
    // An item without warnings, and warnings already coded, are left as they were.
    expect(facts('e2')).toEqual({ type: 'PNG image' });
    expect(facts('e3')).toEqual({ warnings: [{ code: 'warn.pdf-no-text', params: {} }] });
    db.close();
  });
});
