import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makeJpeg, makePdf, makePng, makePngBomb } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { createHash } from 'node:crypto';

const tempDir = useTempDirs();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir(), {
    clock: () => new Date('2025-09-01T00:00:00.000Z'),
    ids: sequentialIds(),
  });
  caseId = (await locker.createCase({ title: '元保 auto-debit', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

function put(name: string, bytes: Buffer | string): string {
  const file = path.join(inbox, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

describe('addPaths', () => {
  it('stores each original byte for byte, read-only, under its SHA-256, and records it', async () => {
    const png = await makePng(90, 200);
    const file = put('Screenshot_20250827-080112.png', png);
    const r = await addPaths(locker, caseId, [file]);
    expect(r.errors).toEqual([]);
    expect(r.added).toHaveLength(1);
    const item = r.added[0]!;
    expect(item.sha256).toBe(sha(png));
    const stored = locker.objects.pathFor(item.sha256);
    expect(readFileSync(stored).equals(png)).toBe(true);
    expect(statSync(stored).mode & 0o222).toBe(0);
    const row = locker.getEvidence(item.id);
    expect(row).toMatchObject({
      kind: 'screenshot',
      size: png.length,
      mime: 'image/png',
      originalName: 'Screenshot_20250827-080112.png',
    });
    expect(row.facts).toMatchObject({ image: { width: 90, height: 200 } });
    expect(locker.custodyLog({ subjectId: item.id }).map((e) => e.action)).toEqual(['evidence.add']);
  });

  it('reads the moment from a screenshot file name, in the case time zone', async () => {
    const r = await addPaths(locker, caseId, [put('Screenshot_20250827-080112.png', await makePng())]);
    expect(r.added[0]).toMatchObject({ occurredAt: '2025-08-27T08:01:12+08:00', occurredSource: 'filename' });
  });

  it('prefers the EXIF time and its written offset over the file name, and tells a photo from a screenshot', async () => {
    const jpg = await makeJpeg({
      taken: '2025:08:20 21:05:09',
      offset: '+09:00',
      make: 'Xiaomi',
      model: '13',
    });
    const r = await addPaths(locker, caseId, [put('IMG_20250827_080112.jpg', jpg)]);
    expect(r.added[0]).toMatchObject({
      kind: 'photo',
      occurredAt: '2025-08-20T21:05:09+09:00',
      occurredSource: 'exif',
    });
    expect(locker.getEvidence(r.added[0]!.id).facts).toMatchObject({ image: { device: 'Xiaomi 13' } });
  });

  it('makes an upright thumbnail for an EXIF-rotated photo and leaves the original untouched', async () => {
    const jpg = await makeJpeg({ width: 80, height: 48, orientation: 6 });
    const r = await addPaths(locker, caseId, [put('rotated.jpg', jpg)]);
    const { sha256 } = r.added[0]!;
    const thumb = await sharp(path.join(locker.thumbsDir, `${sha256}.webp`)).metadata();
    expect([thumb.width, thumb.height]).toEqual([48, 80]);
    expect(readFileSync(locker.objects.pathFor(sha256)).equals(jpg)).toBe(true);
    expect(locker.getEvidence(r.added[0]!.id).facts).toMatchObject({
      image: { orientation: 6, displayWidth: 48, displayHeight: 80 },
    });
  });

  it('reads page count, text and creation time of a PDF', async () => {
    const r = await addPaths(locker, caseId, [
      put('invoice.pdf', makePdf('Invoice 42183017 total 4.11 USD')),
    ]);
    expect(r.errors).toEqual([]);
    const row = locker.getEvidence(r.added[0]!.id);
    expect(row.kind).toBe('document');
    expect(row.facts).toMatchObject({
      pdf: { pages: 1, hasTextLayer: true, created: '2025-08-27T08:01:12+08:00' },
    });
    expect(row.contentText).toContain('Invoice 42183017');
  });

  it('keeps text files as text, GBK included', async () => {
    const gbk = Buffer.from([0xd6, 0xa7, 0xb8, 0xb6, 0xb1, 0xa6, 0x0a]); // 支付宝\n in GBK
    const r = await addPaths(locker, caseId, [put('note.txt', gbk)]);
    expect(locker.getEvidence(r.added[0]!.id).contentText).toBe('支付宝\n');
  });

  it('stores the same bytes once, reports them as already there in the same case, and files them in another case', async () => {
    const png = await makePng(50, 50, 7);
    const a = put('a.png', png);
    const b = put('copy-of-a.png', png);
    const first = await addPaths(locker, caseId, [a, b]);
    // The first one given is filed; the copy is reported as that item again, whatever order the lanes ran in.
    expect(first.added.map((x) => x.path)).toEqual([a]);
    expect(first.duplicates).toEqual([
      { path: b, sha256: sha(png), existingId: first.added[0]!.id, inTrash: false },
    ]);
    const again = await addPaths(locker, caseId, [a]);
    expect(again.added).toEqual([]);
    expect(again.duplicates).toHaveLength(1);
    const other = await locker.createCase({ title: 'second case' });
    const there = await addPaths(locker, other.id, [a]);
    expect(there.added).toHaveLength(1);
    const objects = readdirSync(locker.objects.objectsDir, { recursive: true }).filter(
      (f) => String(f).length > 3,
    );
    expect(objects).toHaveLength(1);
  });

  it('walks folders recursively, skipping system clutter, and does not follow links to folders', async () => {
    put('batch/one.png', await makePng(30, 30, 1));
    put('batch/deeper/two.png', await makePng(30, 30, 2));
    put('batch/.DS_Store', 'junk');
    put('batch/Thumbs.db', 'junk');
    symlinkSync(path.join(inbox, 'batch'), path.join(inbox, 'batch', 'loop'));
    const r = await addPaths(locker, caseId, [path.join(inbox, 'batch')]);
    expect(r.added.map((a) => path.basename(a.path)).sort()).toEqual(['one.png', 'two.png']);
    expect(r.errors).toEqual([]);
    expect(r.skipped.map((s) => path.basename(s.path)).sort()).toEqual(['.DS_Store', 'Thumbs.db', 'loop']);
  });

  it('gives each bad file its own clear error, files the good ones, and leaves nothing half-written', async () => {
    const good = put('good.png', await makePng(40, 40, 3));
    const png = await makePng(200, 400, 4);
    const bad = {
      empty: put('empty.png', Buffer.alloc(0)),
      truncated: put('truncated.png', png.subarray(0, Math.floor(png.length / 2))),
      lying: put('photo.jpg', 'this is not a photo at all, just words\n'),
      bomb: put('bomb.png', makePngBomb()),
      cutPdf: put('statement.pdf', makePdf().subarray(0, 300)),
      missing: path.join(inbox, 'no-such-file.png'),
    };
    const r = await addPaths(locker, caseId, [
      bad.empty,
      good,
      bad.truncated,
      bad.lying,
      bad.bomb,
      bad.cutPdf,
      bad.missing,
    ]);
    expect(r.added.map((a) => a.path)).toEqual([good]);
    const errorFor = (p: string) => r.errors.find((e) => e.path === p)?.error ?? '(no error)';
    expect(errorFor(bad.empty)).toMatch(/empty \(0 bytes\)/);
    expect(errorFor(bad.truncated)).toMatch(/damaged or incomplete/);
    expect(errorFor(bad.lying)).toMatch(/not a JPEG/i);
    expect(errorFor(bad.bomb)).toMatch(/megapixel safety limit/);
    expect(errorFor(bad.cutPdf)).toMatch(/PDF is incomplete/);
    expect(errorFor(bad.missing)).toMatch(/no file or folder at this path/);
    expect(r.errors).toHaveLength(6);
    // Nothing of the failed files is left: one object, no temp files, one row.
    const objects = readdirSync(locker.objects.objectsDir, { recursive: true }).filter(
      (f) => String(f).length > 3,
    );
    expect(objects).toHaveLength(1);
    expect(readdirSync(locker.objects.tmpDir)).toEqual([]);
    expect(locker.listEvidence(caseId)).toHaveLength(1);
  });

  it('reports a file it may not read without stopping the batch', async () => {
    const locked = put('locked.png', await makePng(20, 20, 5));
    chmodSync(locked, 0o000);
    const ok = put('ok.png', await makePng(20, 20, 6));
    const r = await addPaths(locker, caseId, [locked, ok]);
    // Root reads any file; elsewhere the locked one must fail on its own.
    if (process.getuid?.() === 0) expect(r.added).toHaveLength(2);
    else
      expect(r.errors).toEqual([
        {
          path: locked,
          error: expect.stringMatching(/permission denied/) as string,
          code: 'fs.eacces',
          params: {},
        },
      ]);
    expect(r.added.map((a) => a.path)).toContain(ok);
  });

  it('falls back to the file time when nothing else dates a file', async () => {
    const file = put('scan.png', await makePng(20, 20, 8));
    const { utimesSync } = await import('node:fs');
    utimesSync(file, new Date('2024-03-01T02:00:00Z'), new Date('2024-03-01T02:00:00Z'));
    const r = await addPaths(locker, caseId, [file]);
    expect(r.added[0]).toMatchObject({
      occurredAt: '2024-03-01T10:00:00+08:00',
      occurredSource: 'file_mtime',
    });
    // A picture dated only by its file says so; one dated by its name does not.
    expect(r.added[0]!.warnings).toEqual([
      "no time in the picture or its name: its time is the file's modified time, which changes when a file is copied or re-saved",
    ]);
    const named = await addPaths(locker, caseId, [
      put('Screenshot_20250827-080112.png', await makePng(20, 20, 11)),
    ]);
    expect(named.added[0]).toMatchObject({ occurredSource: 'filename', warnings: [] });
  });

  it('records where a file came from as the caller says, when its path is only a temporary copy', async () => {
    const file = put('upload-7f3a.png', await makePng(12, 12, 9));
    const r = await addPaths(locker, caseId, [file], {
      method: 'upload',
      originOf: () => 'uploaded: 截图.png',
    });
    expect(locker.getEvidence(r.added[0]!.id)).toMatchObject({
      originalPath: 'uploaded: 截图.png',
      acquisitionMethod: 'upload',
    });
    expect(locker.custodyLog({ subjectId: r.added[0]!.id })[0]!.details).toMatchObject({
      originalPath: 'uploaded: 截图.png',
    });
  });

  it('reports progress for every file', async () => {
    const files = [put('p1.png', await makePng(10, 10, 1)), put('p2.png', await makePng(10, 10, 2))];
    const seen: number[] = [];
    await addPaths(locker, caseId, files, { onProgress: (p) => seen.push(p.done) });
    expect(seen.sort()).toEqual([1, 2]);
    expect(existsSync(locker.thumbsDir)).toBe(true);
  });
});
