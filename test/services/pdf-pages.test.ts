import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findEvidenceFile } from '../../electron/ipc/files.ts';
import { bindCalls } from '../../electron/services/calls/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import {
  MAX_PAGE_WIDTH,
  MIN_PAGE_WIDTH,
  PdfLockedError,
  PdfPages,
  pageWidthFor,
} from '../../electron/services/pdf-pages.ts';
import { useTempDirs } from '../helpers/temp.ts';

/** A PDF made with pdfkit: one page per entry, each with its own words and a block at its own height. */
function makePdf(pages: string[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    pages.forEach((text, i) => {
      doc.addPage();
      doc.fontSize(28).text(text);
      // A dark block lower down on each later page: the pages differ in pixels, not only in words.
      doc.rect(56, 200 + i * 150, 300, 80).fill('#222222');
    });
    doc.end();
  });
}

async function pixelsOf(png: Buffer): Promise<Buffer> {
  return sharp(png).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer();
}

/** The share of pixels that differ by more than a little between two equal-sized pictures. */
function differingShare(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 1) if (Math.abs(a[i]! - b[i]!) > 32) n += 1;
  return n / a.length;
}

describe('PdfPages', () => {
  let pdf: Buffer;
  let reads: number;
  let pages: PdfPages;
  const SHA = 'a'.repeat(64);

  beforeEach(async () => {
    pdf = await makePdf(['Page one: the contract', 'Page two: the charges', 'Page three: the refund']);
    reads = 0;
    pages = new PdfPages(async (sha) => {
      reads += 1;
      if (sha !== SHA) throw new Error('no such object');
      return Promise.resolve(pdf);
    });
  });

  afterEach(async () => {
    await pages.close();
  });

  it('draws a page as a PNG of the asked width, in proportion (A4)', async () => {
    const image = await pages.render(SHA, 1, 800);
    expect(image).not.toBeNull();
    const meta = await sharp(image!.png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(800);
    expect(image!.width).toBe(800);
    // A4 in pdfkit is 595.28 × 841.89 points.
    expect(meta.height).toBe(Math.ceil((800 * 841.89) / 595.28));
    expect(image!.pages).toBe(3);
    // Not a blank sheet: the words and the block are drawn in dark ink on white.
    const stats = await sharp(image!.png).flatten({ background: '#ffffff' }).greyscale().stats();
    expect(stats.channels[0]!.min).toBeLessThan(60);
    expect(stats.channels[0]!.max).toBeGreaterThan(240);
  });

  it('draws each page as itself: page 2 differs from page 1 in pixels', async () => {
    const one = await pixelsOf((await pages.render(SHA, 1, 600))!.png);
    const two = await pixelsOf((await pages.render(SHA, 2, 600))!.png);
    const oneAgain = await pixelsOf((await pages.render(SHA, 1, 600))!.png);
    expect(differingShare(one, two)).toBeGreaterThan(0.02);
    expect(differingShare(one, oneAgain)).toBe(0);
  });

  it('gives null for a page the PDF does not have', async () => {
    expect(await pages.render(SHA, 4, 800)).toBeNull();
    expect(await pages.render(SHA, 0, 800)).toBeNull();
    expect(await pages.render(SHA, 1.5, 800)).toBeNull();
    expect(await pages.render(SHA, 3, 800)).not.toBeNull();
  });

  it('clamps the width to its bounds and rounds it up to a step', async () => {
    expect(pageWidthFor(10)).toBe(MIN_PAGE_WIDTH);
    expect(pageWidthFor(99_999)).toBe(MAX_PAGE_WIDTH);
    expect(pageWidthFor(Number.NaN)).toBe(MIN_PAGE_WIDTH);
    expect(pageWidthFor(701)).toBe(800);
    const small = await pages.render(SHA, 1, 1);
    expect((await sharp(small!.png).metadata()).width).toBe(MIN_PAGE_WIDTH);
    const big = await pages.render(SHA, 1, 9999);
    expect((await sharp(big!.png).metadata()).width).toBe(MAX_PAGE_WIDTH);
  });

  it('keeps drawn pages and the open document in memory: the original is read once', async () => {
    const first = await pages.render(SHA, 2, 800);
    const again = await pages.render(SHA, 2, 790);
    await pages.render(SHA, 3, 800);
    expect(again).toBe(first);
    expect(reads).toBe(1);
  });

  it('drops the oldest pages past its memory budget', async () => {
    const tight = new PdfPages(async () => Promise.resolve(pdf), { maxCacheBytes: 1 });
    try {
      const a = await tight.render(SHA, 1, 400);
      const b = await tight.render(SHA, 1, 400);
      // Each page alone is over the budget: nothing kept, each request drawn anew (and equal).
      expect(b).not.toBe(a);
      expect(b!.png.equals(a!.png)).toBe(true);
    } finally {
      await tight.close();
    }
  });

  it('draws pages of more PDFs than it keeps open, even all at once', async () => {
    const other = await makePdf(['Another document', 'Its second page']);
    const third = await makePdf(['A third document']);
    const files: Record<string, Buffer> = {
      ['b'.repeat(64)]: pdf,
      ['c'.repeat(64)]: other,
      ['d'.repeat(64)]: third,
    };
    const many = new PdfPages(async (sha) => Promise.resolve(files[sha]!), { maxOpenDocs: 1 });
    try {
      const all = await Promise.all(
        Object.keys(files).flatMap((sha) => [1, 2].map((n) => many.render(sha, n, 400))),
      );
      expect(all.map((p) => p?.pages ?? null)).toEqual([3, 3, 2, 2, 1, null]);
    } finally {
      await many.close();
    }
  });

  it('refuses a password-protected PDF with a clear error, every time', async () => {
    const locked = await makePdf(['Secret statement'], { userPassword: 'secret', pdfVersion: '1.7ext3' });
    const lockedPages = new PdfPages(async () => Promise.resolve(locked));
    try {
      await expect(lockedPages.render(SHA, 1, 800)).rejects.toThrow(PdfLockedError);
      await expect(lockedPages.render(SHA, 1, 800)).rejects.toThrow(/password/);
    } finally {
      await lockedPages.close();
    }
  });
});

describe('findEvidenceFile for PDF pages', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), { actor: 'app' });
    caseId = (await locker.createCase({ title: 'Pages' })).id;
  });

  afterEach(() => locker.close());

  async function file(name: string, bytes: Buffer): Promise<string> {
    const dir = tempDir();
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    const r = await addPaths(locker, caseId, [p]);
    return r.added[0]!.id;
  }

  async function bytesOf(stream: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  it('serves a page by item id as a PNG, reads the page count from the facts, and 404s past the end', async () => {
    const id = await file('statement.pdf', await makePdf(['One', 'Two', 'Three']));
    const found = await findEvidenceFile(locker, { variant: 'page', id, page: 2, width: 600 });
    expect(found?.contentType).toBe('image/png');
    const png = await bytesOf(found!.open());
    expect(png.length).toBe(found!.size);
    expect((await sharp(png).metadata()).width).toBe(600);
    expect(await findEvidenceFile(locker, { variant: 'page', id, page: 4, width: 600 })).toBeNull();
    // The PDF itself is never served as a document.
    expect(await findEvidenceFile(locker, { variant: 'original', id })).toBeNull();

    const detail = await bindCalls({ locker })['evidence:get']({ id });
    expect(detail.pdf).toEqual({ pages: 3, isLocked: false });
    // Nothing was written next to the store: pages stay in memory.
    expect(readdirSync(path.join(locker.dir, 'thumbs'))).toEqual([]);
  });

  it('serves no page for a locked PDF, and says it is locked', async () => {
    const id = await file(
      'locked.pdf',
      await makePdf(['Secret'], { userPassword: 'secret', pdfVersion: '1.7ext3' }),
    );
    expect(await findEvidenceFile(locker, { variant: 'page', id, page: 1, width: 800 })).toBeNull();
    const detail = await bindCalls({ locker })['evidence:get']({ id });
    expect(detail.pdf).toEqual({ pages: 0, isLocked: true });
  });

  it('serves no page for an item that is not a PDF, nor for an unknown id', async () => {
    const png = await sharp({
      create: { width: 40, height: 40, channels: 3, background: '#888888' },
    })
      .png()
      .toBuffer();
    const id = await file('shot.png', png);
    expect(await findEvidenceFile(locker, { variant: 'page', id, page: 1, width: 800 })).toBeNull();
    expect(
      await findEvidenceFile(locker, { variant: 'page', id: 'ev_zzzzzzzz', page: 1, width: 800 }),
    ).toBeNull();
    expect((await bindCalls({ locker })['evidence:get']({ id })).pdf).toBeNull();
  });
});
