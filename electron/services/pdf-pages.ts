import type { Locker } from './locker.ts';
import { openPdfTask, renderPdfPage } from './pdf-facts.ts';

/*
 * The pages of a filed PDF as pictures for the evidence panel. The page never gets the PDF itself (a PDF is
 * a program for its own viewer, and PDFs are off the viewable allowlist): main renders a page with pdf.js into
 * a PNG and serves that, by item id and page number, like a thumbnail.
 *
 * Rendered pages are kept in memory only, never on disk: in an encrypted locker a cached page on disk would
 * be the plaintext of the original outside the store.
 */

/** Narrower than this a page is unreadable; wider is more than any panel needs, even at 200 % on a 4K screen. */
export const MIN_PAGE_WIDTH = 400;
export const MAX_PAGE_WIDTH = 1600;
/** Widths are rounded up to a step, so a panel resized by a few pixels reuses the page already drawn. */
const WIDTH_STEP = 200;
/** A page's long side is bounded too: a strip 1600 px wide and 200 m long would take all the memory. */
const MAX_PAGE_PIXELS = 1600 * 1600 * 4;

export type PageImage = { png: Buffer; width: number; height: number; page: number; pages: number };

/** The PDF needs its password to be opened, and passwords are never kept: its pages cannot be drawn. */
export class PdfLockedError extends Error {
  constructor() {
    super('This PDF is protected by a password, which is never kept: its pages cannot be shown here.');
    this.name = 'PdfLockedError';
  }
}

/** A requested width, as the width actually drawn: clamped to the bounds, rounded up to the step. */
export function pageWidthFor(requested: number): number {
  if (!Number.isFinite(requested)) return MIN_PAGE_WIDTH;
  const stepped = Math.ceil(requested / WIDTH_STEP) * WIDTH_STEP;
  return Math.min(MAX_PAGE_WIDTH, Math.max(MIN_PAGE_WIDTH, stepped));
}

type OpenDoc = Awaited<Awaited<ReturnType<typeof openPdfTask>>['promise']>;

export type PdfPagesOptions = {
  /** The rendered pages kept, by total PNG bytes (oldest used dropped first). */
  maxCacheBytes?: number;
  /** Open documents kept, so paging through one PDF does not parse it again for every page. */
  maxOpenDocs?: number;
};

/**
 * Renders pages of originals read through `read` (the store's plaintext, whatever the store), with an LRU of
 * rendered pages and of open documents, both in memory. Concurrent requests for the same page share one render.
 */
export class PdfPages {
  private readonly pages = new Map<string, PageImage>();
  private cacheBytes = 0;
  private readonly docs = new Map<string, Promise<OpenDoc>>();
  private readonly pending = new Map<string, Promise<PageImage | null>>();
  private readonly inUse = new Map<Promise<OpenDoc>, number>();
  private readonly maxCacheBytes: number;
  private readonly maxOpenDocs: number;

  constructor(
    private readonly read: (sha256: string) => Promise<Buffer>,
    options: PdfPagesOptions = {},
  ) {
    this.maxCacheBytes = options.maxCacheBytes ?? 48 * 1024 * 1024;
    this.maxOpenDocs = options.maxOpenDocs ?? 2;
  }

  /**
   * Page `page` (1-based) of the PDF with this SHA-256, drawn `width` px wide (see `pageWidthFor`). Null when
   * the PDF has no such page; `PdfLockedError` when it needs a password.
   */
  async render(sha256: string, page: number, width: number): Promise<PageImage | null> {
    if (!Number.isInteger(page) || page < 1) return null;
    const drawn = pageWidthFor(width);
    const key = `${sha256}:${page}:${drawn}`;
    const hit = this.pages.get(key);
    if (hit) {
      // Map order is the LRU order: touch by re-inserting.
      this.pages.delete(key);
      this.pages.set(key, hit);
      return hit;
    }
    let job = this.pending.get(key);
    if (!job) {
      job = this.draw(sha256, page, drawn).finally(() => this.pending.delete(key));
      this.pending.set(key, job);
    }
    const image = await job;
    if (image && !this.pages.has(key)) this.remember(key, image);
    return image;
  }

  /** Lets go of every open document and cached page. */
  async close(): Promise<void> {
    const docs = [...this.docs.values()];
    this.docs.clear();
    this.pages.clear();
    this.cacheBytes = 0;
    await Promise.all(docs.map((d) => d.then((doc) => doc.destroy()).catch(() => undefined)));
  }

  private async draw(sha256: string, page: number, width: number): Promise<PageImage | null> {
    const opened = this.open(sha256);
    // A document dropped from the LRU while a page of it is being drawn is destroyed by its last user.
    this.inUse.set(opened, (this.inUse.get(opened) ?? 0) + 1);
    try {
      const doc = await opened;
      if (page > doc.numPages) return null;
      const base = (await doc.getPage(page)).getViewport({ scale: 1 });
      // An absurdly tall page is drawn narrower, never bigger than the pixel budget.
      const scale = Math.min(width / base.width, Math.sqrt(MAX_PAGE_PIXELS / (base.width * base.height)));
      const { png, width: w, height: h } = await renderPdfPage(doc, page, scale);
      return { png, width: w, height: h, page, pages: doc.numPages };
    } finally {
      const left = (this.inUse.get(opened) ?? 1) - 1;
      if (left > 0) this.inUse.set(opened, left);
      else {
        this.inUse.delete(opened);
        if (![...this.docs.values()].includes(opened)) destroy(opened);
      }
    }
  }

  private open(sha256: string): Promise<OpenDoc> {
    const kept = this.docs.get(sha256);
    if (kept) {
      this.docs.delete(sha256);
      this.docs.set(sha256, kept);
      return kept;
    }
    const opening = (async () => {
      const task = await openPdfTask(await this.read(sha256));
      try {
        return await task.promise;
      } catch (error) {
        await task.destroy();
        if ((error as Error).name === 'PasswordException') throw new PdfLockedError();
        throw error;
      }
    })();
    // A failed open is not kept: the next request tries again (and fails the same way, cheaply for a lock).
    opening.catch(() => this.docs.delete(sha256));
    this.docs.set(sha256, opening);
    while (this.docs.size > this.maxOpenDocs) {
      const [oldest, doc] = this.docs.entries().next().value as [string, Promise<OpenDoc>];
      this.docs.delete(oldest);
      if (!this.inUse.has(doc)) destroy(doc);
    }
    return opening;
  }

  private remember(key: string, image: PageImage): void {
    if (image.png.length > this.maxCacheBytes) return;
    this.pages.set(key, image);
    this.cacheBytes += image.png.length;
    while (this.cacheBytes > this.maxCacheBytes) {
      const [oldest, old] = this.pages.entries().next().value as [string, PageImage];
      this.pages.delete(oldest);
      this.cacheBytes -= old.png.length;
    }
  }
}

function destroy(doc: Promise<OpenDoc>): void {
  void doc.then((d) => d.destroy()).catch(() => undefined);
}

const perLocker = new WeakMap<Locker, PdfPages>();

/** The page renderer of a locker (one per open locker, so its cache follows the locker's lifetime). */
export function pdfPagesOf(locker: Locker): PdfPages {
  let pages = perLocker.get(locker);
  if (!pages) {
    pages = new PdfPages((sha256) => locker.objects.read(sha256));
    perLocker.set(locker, pages);
  }
  return pages;
}
