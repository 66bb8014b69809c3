import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BlobReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp, { type OutputInfo } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli.ts';
import { exportPacket, setRedactions, type ExportResult } from '../../electron/services/export/index.ts';
import { prepareImage } from '../../electron/services/export/prepare.ts';
import { Locker } from '../../electron/services/locker.ts';
import { buildSampleCase, FIXED_NOW, SECRET_BOX, type SampleCase } from './fixture.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

const root = mkdtempSync(path.join(os.tmpdir(), 'locker-export-test-'));
const out = (name: string) => path.join(root, 'out', name);
let sample: SampleCase;
let zh: ExportResult;
let en: ExportResult;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const pdfText = (file: string, page?: number) =>
  execFileSync(
    'pdftotext',
    [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'],
    {
      encoding: 'utf8',
    },
  ).normalize('NFKC');
const pageCount = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** One page rendered by poppler, as raw RGB pixels. */
async function renderPage(file: string, page: number, dpi = 60) {
  const prefix = path.join(root, `render-${page}-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
    prefix,
  ]);
  return sharp(`${prefix}.png`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** Unpacks an archive into `dir`; the names of its files, in archive order. */
async function unzip(file: string, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const reader = new ZipReader(new BlobReader(new Blob([readFileSync(file)])));
  const names: string[] = [];
  for (const entry of await reader.getEntries()) {
    if (entry.directory || !entry.getData) continue;
    names.push(entry.filename);
    const bytes = await entry.getData(new Uint8ArrayWriter());
    mkdirSync(path.dirname(path.join(dir, entry.filename)), { recursive: true });
    writeFileSync(path.join(dir, entry.filename), bytes);
  }
  await reader.close();
  return names;
}

function countPixels(
  img: { data: Buffer; info: OutputInfo },
  test: (r: number, g: number, b: number) => boolean,
) {
  let n = 0;
  for (let i = 0; i < img.data.length; i += img.info.channels)
    if (test(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) n++;
  return n;
}
const isGreen = (r: number, g: number, b: number) => g > 150 && r < 80 && b < 80;
const isBlack = (r: number, g: number, b: number) => r < 25 && g < 25 && b < 25;

beforeAll(async () => {
  mkdirSync(path.join(root, 'inbox'), { recursive: true });
  sample = await buildSampleCase(path.join(root, 'locker'), path.join(root, 'inbox'));
  zh = await exportPacket(sample.locker, sample.caseId, {
    out: out('zh.pdf'),
    zip: out('zh.zip'),
    lang: 'zh-CN',
    recipient: 'bank',
    clock: () => FIXED_NOW,
  });
  en = await exportPacket(sample.locker, sample.caseId, {
    out: out('en.pdf'),
    lang: 'en',
    recipient: 'regulator',
    clock: () => FIXED_NOW,
  });
});
afterAll(() => {
  sample.locker.close();
  rmSync(root, { recursive: true, force: true });
});

describe('exportPacket', () => {
  it('writes a PDF whose page count, text and hashes read back', () => {
    const file = out('zh.pdf');
    expect(pageCount(file)).toBe(zh.pages);
    const text = pdfText(file);
    for (const words of [
      '关于未经授权扣款的退款',
      '证据目录',
      '事件时间线',
      '争议扣款',
      '完整性说明',
      '某某餐厅',
    ]) {
      expect(text).toContain(words);
    }
    // English inside the Chinese packet (an event title) and the disputed total net of the refund.
    expect(text).toContain('Complaint filed in the Alipay app');
    expect(text).toContain('¥38.50');
    for (const x of zh.exhibits) expect(text).toContain(x.sha256);
    expect(zh.exhibits.map((x) => x.sha256).sort()).toEqual(
      sample.locker
        .listEvidence(sample.caseId)
        .map((e) => e.sha256)
        .sort(),
    );
  });

  it('merges every page of a PDF exhibit, one packet page each', () => {
    const pdf = zh.exhibits.find((x) => x.evidenceId === sample.ids.pdf)!;
    expect(pdf.pages).toBe(3);
    for (let i = 1; i <= 3; i++) {
      expect(pdfText(out('zh.pdf'), pdf.startPage + i - 1)).toContain(`Policy terms page ${i} of 3`);
    }
  });

  it('puts "page N of M", the exhibit label and the reference on every page', () => {
    for (let n = 1; n <= zh.pages; n++) {
      const t = pdfText(out('zh.pdf'), n).replace(/\s+/g, ' ');
      expect(t).toContain(`第 ${n} 页 / 共 ${zh.pages} 页`);
      expect(t).toContain(zh.reference);
    }
    const shot = zh.exhibits.find((x) => x.evidenceId === sample.ids.screenshot)!;
    expect(pdfText(out('zh.pdf'), shot.startPage)).toContain(`证据 ${shot.number}`);
    const t = pdfText(out('en.pdf'), en.pages);
    expect(t).toContain(`Page ${en.pages} of ${en.pages}`);
  });

  it('has a bookmark per exhibit and document metadata', async () => {
    const doc = await getDocument({ data: new Uint8Array(readFileSync(out('en.pdf'))) }).promise;
    const outline = ((await doc.getOutline()) ?? []) as { title: string; items: { title: string }[] }[];
    const titles = outline.flatMap((o) => [o.title, ...o.items.map((i) => i.title)]);
    for (const x of en.exhibits)
      expect(titles.some((t) => t.startsWith(`Exhibit ${x.number} — `))).toBe(true);
    expect(titles).toEqual(
      expect.arrayContaining(['Cover letter', 'Timeline', 'Index of exhibits', 'Integrity']),
    );
    const meta = await doc.getMetadata();
    const info = meta.info as Record<string, unknown>;
    expect(info.Title).toBe('Evidence packet — 被元保自动扣款');
    expect(info.Author).toBe('Evidence Locker');
    expect(String(info.CreationDate)).toContain('20250901');
    await doc.destroy();
  });

  it('writes English and Chinese in the English packet with the CJK font embedded as a subset', async () => {
    const text = pdfText(out('en.pdf'));
    expect(text).toContain('Complaint about unauthorised recurring charges');
    expect(text).toContain('Index of exhibits');
    expect(text).toContain('被元保自动扣款');
    const fonts = execFileSync('pdffonts', [out('en.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    // The packet's own faces are embedded, the fingerprints' monospace too (Courier was only referenced). A
    // PDF exhibit keeps the fonts it came with (the test's own PDF uses Helvetica).
    expect(fonts).toMatch(/\+RobotoMono-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).not.toContain('Courier');
    // Glyphs really drawn (a text layer alone can hide missing glyphs): the title band of page 1 has ink.
    const page = await renderPage(out('zh.pdf'), 1, 60);
    const band = await sharp(page.data, { raw: page.info })
      .extract({ left: 40, top: 70, width: 400, height: 30 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(countPixels(band, (r, g, b) => r + g + b < 200)).toBeGreaterThan(300);
  });

  it('applies EXIF orientation before placing a photo', async () => {
    const photo = sample.locker.getEvidence(sample.ids.photo!);
    const [img] = await prepareImage(sample.locker, photo, [], 0);
    expect([img!.width, img!.height]).toEqual([240, 400]);
    // The blue block at the stored top left is at the top right once turned a quarter clockwise.
    const top = await sharp(img!.data).extract({ left: 220, top: 5, width: 10, height: 5 }).raw().toBuffer();
    expect(top[2]).toBeGreaterThan(150);
    expect(top[0]).toBeLessThan(100);
  });

  it('gives byte-identical files when exported twice with the same clock', async () => {
    const again = await exportPacket(sample.locker, sample.caseId, {
      out: out('again/zh.pdf'),
      zip: out('again/zh.zip'),
      lang: 'zh-CN',
      recipient: 'bank',
      clock: () => FIXED_NOW,
    });
    expect(again.files.map((f) => f.sha256)).toEqual(zh.files.map((f) => f.sha256));
    expect(readFileSync(out('again/zh.pdf')).equals(readFileSync(out('zh.pdf')))).toBe(true);
    expect(readFileSync(out('again/zh.zip')).equals(readFileSync(out('zh.zip')))).toBe(true);
  });

  it('records each export in the custody log with the hashes of the files written', () => {
    const exports = sample.locker
      .custodyLog({ caseId: sample.caseId })
      .filter((e) => e.action === 'case.export');
    expect(exports.length).toBeGreaterThanOrEqual(2);
    const first = exports[0]!.details as { files: { name: string; sha256: string }[]; reference: string };
    expect(first.files.map((f) => f.sha256)).toEqual(zh.files.map((f) => f.sha256));
    expect(first.files[0]!.sha256).toBe(sha(out('zh.pdf')));
  });
});

describe('the archive', () => {
  it('holds the originals, a manifest sha256sum -c accepts, manifest.json and the custody log', async () => {
    const dir = path.join(root, 'unzipped');
    const names = await unzip(out('zh.zip'), dir);
    expect(names).toEqual(expect.arrayContaining(['manifest.sha256', 'manifest.json', 'custody-log.json']));
    expect(names.filter((n) => n.startsWith('originals/E001-'))).toHaveLength(1);
    const check = execFileSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: dir, encoding: 'utf8' });
    expect(
      check
        .trim()
        .split('\n')
        .every((l) => l.endsWith(': OK')),
    ).toBe(true);
    expect(check.trim().split('\n')).toHaveLength(zh.exhibits.length + 2);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      packet: { sha256: string }[];
      exhibits: { sha256: string }[];
    };
    expect(manifest.packet[0]!.sha256).toBe(sha(out('zh.pdf')));
    expect(manifest.exhibits.map((e) => e.sha256)).toEqual(zh.exhibits.map((x) => x.sha256));
    const custody = JSON.parse(readFileSync(path.join(dir, 'custody-log.json'), 'utf8')) as {
      action: string;
    }[];
    expect(custody[0]!.action).toBe('case.create');
  });
});

describe('redaction', () => {
  it('burns the boxes into the packet, says so in the index, and leaves the original untouched', async () => {
    const shot = sample.locker.getEvidence(sample.ids.screenshot!);
    const before = sha(sample.locker.objects.pathFor(shot.sha256));
    const plain = zh.exhibits.find((x) => x.evidenceId === shot.id)!;
    const unredacted = await renderPage(out('zh.pdf'), plain.startPage);
    expect(countPixels(unredacted, isGreen)).toBeGreaterThan(500);

    await setRedactions(sample.locker, shot.id, [SECRET_BOX]);
    const r = await exportPacket(sample.locker, sample.caseId, {
      out: out('redacted.pdf'),
      zip: out('redacted.zip'),
      clock: () => FIXED_NOW,
      record: false,
    });
    const x = r.exhibits.find((e) => e.evidenceId === shot.id)!;
    expect(x.redacted).toBe(true);
    const page = await renderPage(out('redacted.pdf'), x.startPage);
    expect(countPixels(page, isGreen)).toBe(0);
    expect(countPixels(page, isBlack)).toBeGreaterThan(countPixels(unredacted, isGreen) * 0.8);
    expect(pdfText(out('redacted.pdf'))).toContain('已遮盖');
    expect(sha(sample.locker.objects.pathFor(shot.sha256))).toBe(before);

    // The archive carries the redacted copy in the original's place, listed with its own digest.
    const dir = path.join(root, 'unzipped-redacted');
    const names = await unzip(out('redacted.zip'), dir);
    const copy = names.find((n) => n.startsWith(`originals/E${String(x.number).padStart(3, '0')}-`))!;
    expect(copy).toMatch(/\.redacted\.jpg$/);
    // Inside the box (a few pixels in from its edges, where JPEG may ring), every pixel is black.
    const inner = {
      left: SECRET_BOX.x + 4,
      top: SECRET_BOX.y + 4,
      width: SECRET_BOX.width - 8,
      height: SECRET_BOX.height - 8,
    };
    const boxed = await sharp(path.join(dir, copy))
      .extract(inner)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(countPixels(boxed, isBlack)).toBe(inner.width * inner.height);
    const check = execFileSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: dir, encoding: 'utf8' });
    const checked = check.trim().split('\n');
    expect(checked.every((l) => l.endsWith(': OK'))).toBe(true);
    // One line per file but itself, in the archive's order.
    expect(checked.map((l) => l.replace(/: OK$/, ''))).toEqual(names.filter((n) => n !== 'manifest.sha256'));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      exhibits: { number: number; sha256: string; archiveSha256: string; redacted: boolean }[];
    };
    const listed = manifest.exhibits.find((e) => e.number === x.number)!;
    expect(listed).toMatchObject({ sha256: shot.sha256, redacted: true });
    expect(listed.archiveSha256).toBe(sha(path.join(dir, copy)));
    expect(listed.archiveSha256).not.toBe(shot.sha256);
    const log = sample.locker
      .custodyLog({ subjectId: shot.id })
      .filter((e) => e.action === 'evidence.redact');
    expect(log).toHaveLength(1);
    await setRedactions(sample.locker, shot.id, []);
  });
});

describe('size budget', () => {
  it('recompresses images and then splits into numbered volumes, each under the limit with the index', async () => {
    // The sample case fits 120 KB once its images are recompressed; 100 KB forces a split into volumes.
    const max = 100_000;
    const r = await exportPacket(sample.locker, sample.caseId, {
      out: out('small.pdf'),
      maxBytes: max,
      clock: () => FIXED_NOW,
      record: false,
    });
    expect(r.imageStep).toBeGreaterThan(0);
    const pdfs = r.files.filter((f) => f.path.endsWith('.pdf'));
    expect(r.volumes?.length).toBeGreaterThan(1);
    if (r.volumes) {
      expect(pdfs.length).toBe(r.volumes.length);
      r.volumes.forEach((v, i) => {
        const text = pdfText(v.path).replace(/\s+/g, ' ');
        expect(text).toContain('证据目录');
        expect(text).toContain(`第 ${i + 1} 册 / 共 ${r.volumes!.length} 册`);
        expect(pageCount(v.path)).toBe(v.pages);
      });
      expect(r.volumes.flatMap((v) => v.exhibits).sort((a, b) => a - b)).toEqual(
        r.exhibits.map((x) => x.number),
      );
    }
    for (const f of pdfs) {
      if (f.bytes > max) expect(r.warnings.join(' ')).toContain('alone is larger');
    }
  });
});

describe('locker export', () => {
  it('prints the files, pages and exhibits as JSON and logs the export', async () => {
    let stdout = '';
    const dir = sample.locker.dir;
    const code = await main(
      [
        'export',
        sample.caseId,
        '--out',
        out('cli.pdf'),
        '--zip',
        out('cli.zip'),
        '--lang',
        'en',
        '--json',
        '--store',
        dir,
      ],
      { out: (t) => (stdout += t), err: () => undefined, env: {}, isTTY: false },
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      files: { path: string; sha256: string; bytes: number }[];
      pages: number;
      exhibits: { number: number; evidenceId: string; sha256: string; pages: number }[];
    };
    expect(json.files.map((f) => path.basename(f.path))).toEqual(['cli.pdf', 'cli.zip']);
    for (const f of json.files) expect(f.sha256).toBe(sha(f.path));
    expect(json.pages).toBe(pageCount(out('cli.pdf')));
    expect(json.exhibits).toHaveLength(5);
    const reopened = await Locker.open(dir);
    const last = reopened.custodyLog({ caseId: sample.caseId }).at(-1)!;
    reopened.close();
    expect(last.action).toBe('case.export');
    expect((last.details as { files: { sha256: string }[] }).files[0]!.sha256).toBe(json.files[0]!.sha256);
  });
  it('prints the draft letter to edit and exports the letter as the user edited it', async () => {
    const dir = sample.locker.dir;
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await main([...args, '--store', dir], {
        out: (t) => (stdout += t),
        err: (t) => (stderr += t),
        env: {},
        isTTY: false,
      });
      return { code, stdout, stderr };
    };
    const draft = await run(
      'export',
      sample.caseId,
      '--draft-letter',
      '--lang',
      'en',
      '--recipient',
      'regulator',
      '--json',
    );
    expect(draft.code).toBe(0);
    const { letter } = JSON.parse(draft.stdout) as { letter: string };
    expect(letter).toContain('元保');
    const edited = path.join(root, 'letter.txt');
    writeFileSync(edited, letter + '\nI first noticed the charges on my salary day.\n');
    const r = await run(
      'export',
      sample.caseId,
      '--out',
      out('edited.pdf'),
      '--lang',
      'en',
      '--letter',
      edited,
    );
    expect(r.code).toBe(0);
    expect(pdfText(out('edited.pdf')).replace(/\s+/g, ' ')).toContain(
      'I first noticed the charges on my salary day.',
    );
    const missing = await run(
      'export',
      sample.caseId,
      '--out',
      out('x.pdf'),
      '--letter',
      path.join(root, 'nope.txt'),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the letter/);
  });
});
