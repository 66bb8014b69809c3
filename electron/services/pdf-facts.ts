import { inflateSync, constants as zlibConstants } from 'node:zlib';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { instantFromLocal, isValidLocal, type Instant } from './util/time.ts';
import { coded, say, type Coded } from '../messages/say.ts';

export type PdfFacts = {
  pages: number;
  hasTextLayer: boolean;
  /** Locked: a password is needed (or the one given was wrong), so pages and text were not read. */
  encrypted: boolean;
  /** Set when locked because the password given was wrong. */
  wrongPassword?: boolean;
  /** Opened with the password given: the PDF itself stays encrypted, its text was read. */
  unlocked?: boolean;
  producer: string | null;
  creator: string | null;
  title: string | null;
  created: Instant | null;
};

export class PdfRejectedError extends Error {
  readonly coded: Coded;
  constructor(reason: Coded) {
    super(say(reason));
    this.coded = reason;
    this.name = 'PdfRejectedError';
  }
}

/** Text kept per PDF for search and the detail view; the original keeps everything. */
const MAX_TEXT_CHARS = 2_000_000;
const MAX_TEXT_PAGES = 500;
/**
 * pdf.js inflates a page's content stream whole to read its text, and caps nothing: a 250 KB PDF whose one
 * content stream unpacks to 256 MB took the process past 1.1 GB. Compressed streams other than images (which
 * text extraction never decodes) are inflated here first, within these limits, and a bomb is refused.
 */
const MAX_STREAM_BYTES = 64 * 1024 * 1024;
const MAX_STREAMS_TOTAL_BYTES = 256 * 1024 * 1024;

/** `D:20140803211437Z`, `D:20250827080112+08'00'` → instant. */
export function parsePdfDate(text: unknown): Instant | null {
  if (typeof text !== 'string') return null;
  const m = /^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(text.trim());
  if (!m) return null;
  const t = {
    year: Number(m[1]),
    month: Number(m[2] ?? 1),
    day: Number(m[3] ?? 1),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (!isValidLocal(t)) return null;
  const z = m[7];
  // A date with no zone is the producer's local clock: we cannot know it, so it is not used.
  if (!z) return null;
  if (z === 'Z') return instantFromLocal(t, 0);
  const zm = /([+-])(\d{2})'?(\d{2})/.exec(z);
  if (!zm) return null;
  return instantFromLocal(t, (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])));
}

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/**
 * Opens a PDF with pdf.js as every reader here does: no eval, no system or web fonts, lenient on damage.
 * Callers await `.promise` and must `destroy()` the task when done.
 */
export async function openPdfTask(bytes: Buffer, password?: string) {
  const { getDocument } = await loadPdfJs();
  return getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(password ? { password } : {}),
  });
}

type PdfDocument = Awaited<Awaited<ReturnType<typeof openPdfTask>>['promise']>;
type CanvasLike = { toBuffer(mime: 'image/png'): Buffer };

/**
 * Draws page `n` (1-based) of an open document at `scale` pixels per point, with pdf.js and its bundled
 * @napi-rs/canvas, and returns it as PNG. Shared by OCR (which reads scans) and the page viewer.
 */
export async function renderPdfPage(
  doc: PdfDocument,
  n: number,
  scale: number,
): Promise<{ png: Buffer; width: number; height: number }> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale });
    // Float noise (800.0000001) must not add a pixel column to a page asked for at 800 px.
    const width = Math.ceil(viewport.width - 1e-6);
    const height = Math.ceil(viewport.height - 1e-6);
    // In Node pdf.js draws on @napi-rs/canvas through its own factory; the DOM types do not apply here.
    const factory = doc.canvasFactory as {
      create(w: number, h: number): { canvas: CanvasLike; context: unknown };
    };
    const surface = factory.create(width, height);
    const params = { canvasContext: surface.context, canvas: surface.canvas, viewport };
    // Typed for the DOM's canvas, which the renderer's type check (reading this file for the call types) knows.
    const render = page.render.bind(page) as (params: unknown) => { promise: Promise<unknown> };
    await render(params).promise;
    return { png: surface.canvas.toBuffer('image/png'), width, height };
  } finally {
    page.cleanup();
  }
}

export type PdfEmbeddedFile = { name: string; bytes: Buffer };

/**
 * Page count, text layer, document info and embedded files (a Factur-X PDF's XML, attachments a sender put
 * inside). Truncated and damaged files are refused with a reason.
 */
export async function readPdf(
  bytes: Buffer,
  password?: string,
): Promise<{ facts: PdfFacts; text: string; files: PdfEmbeddedFile[] }> {
  // pdf.js repairs a missing cross-reference table silently; a file cut off mid-download must not pass as whole.
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new PdfRejectedError(coded('pdf.truncated'));
  }
  refuseDeflateBombs(bytes);
  const task = await openPdfTask(bytes, password);
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    const e = error as Error;
    if (e.name === 'PasswordException') {
      await task.destroy();
      return {
        facts: {
          pages: 0,
          hasTextLayer: false,
          encrypted: true,
          ...(password ? { wrongPassword: true } : {}),
          producer: null,
          creator: null,
          title: null,
          created: null,
        },
        text: '',
        files: [],
      };
    }
    await task.destroy();
    throw new PdfRejectedError(coded('pdf.damaged', { detail: e.message }));
  }
  try {
    const meta = await doc.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const parts: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_TEXT_PAGES) && length < MAX_TEXT_CHARS; n += 1) {
      let page: Awaited<ReturnType<typeof doc.getPage>>;
      let content: Awaited<ReturnType<typeof page.getTextContent>>;
      try {
        page = await doc.getPage(n);
        content = await page.getTextContent();
      } catch (error) {
        throw new PdfRejectedError(
          coded('pdf.page-damaged', { page: n, pages: doc.numPages, detail: (error as Error).message }),
        );
      }
      let pageText = '';
      for (const item of content.items) {
        if ('str' in item) pageText += item.str + (item.hasEOL ? '\n' : ' ');
      }
      page.cleanup();
      pageText = pageText
        .normalize('NFKC')
        .replace(/[ \t]+\n/g, '\n')
        .trim();
      parts.push(pageText);
      length += pageText.length;
    }
    const text = parts.join('\n\f\n').slice(0, MAX_TEXT_CHARS);
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const attachments = ((await doc.getAttachments().catch(() => null)) ?? {}) as Record<
      string,
      { filename?: string; rawFilename?: string; content?: Uint8Array }
    >;
    const files = Object.entries(attachments)
      .filter(([, a]) => a.content && a.content.length > 0)
      .map(([key, a]) => ({ name: a.filename || a.rawFilename || key, bytes: Buffer.from(a.content!) }));
    return {
      facts: {
        pages: doc.numPages,
        hasTextLayer: text.replace(/\s/g, '').length > 0,
        encrypted: false,
        ...(password && info.EncryptFilterName ? { unlocked: true } : {}),
        producer: str(info.Producer),
        creator: str(info.Creator),
        title: str(info.Title),
        created: parsePdfDate(info.CreationDate),
      },
      text,
      files,
    };
  } finally {
    await doc.destroy();
  }
}

/**
 * Refuses a PDF whose compressed streams (images aside) unpack past the limits. Streams are found by their
 * keywords, not by parsing: a stream this misses is still read by pdf.js as before, so the check only ever
 * removes work. Streams that do not inflate (encrypted, damaged, another filter) are left to pdf.js.
 */
function refuseDeflateBombs(bytes: Buffer): void {
  let total = 0;
  let at = 0;
  for (;;) {
    const start = bytes.indexOf('stream', at, 'latin1');
    if (start < 0) return;
    at = start + 6;
    if (bytes.toString('latin1', Math.max(0, start - 3), start) === 'end') continue;
    let dataStart = at;
    if (bytes[dataStart] === 0x0d) dataStart += 1;
    if (bytes[dataStart] !== 0x0a) continue;
    dataStart += 1;
    const dict = bytes.toString('latin1', Math.max(0, start - 1024), start);
    const dictStart = dict.lastIndexOf(' obj');
    const own = dictStart >= 0 ? dict.slice(dictStart) : dict;
    if (!/\/(FlateDecode|Fl)\b/.test(own) || /\/Subtype\s*\/Image\b/.test(own)) continue;
    const end = bytes.indexOf('endstream', dataStart, 'latin1');
    const data = bytes.subarray(dataStart, end < 0 ? bytes.length : end);
    at = end < 0 ? bytes.length : end + 9;
    let size: number;
    try {
      size = inflateSync(data, {
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: Math.min(MAX_STREAM_BYTES, MAX_STREAMS_TOTAL_BYTES - total) + 1,
      }).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') continue;
      size = Infinity;
    }
    total += size;
    if (size > MAX_STREAM_BYTES || total > MAX_STREAMS_TOTAL_BYTES) {
      throw new PdfRejectedError(
        coded('pdf.bomb', {
          stream: MAX_STREAM_BYTES / 1024 ** 2,
          total: MAX_STREAMS_TOTAL_BYTES / 1024 ** 2,
        }),
      );
    }
  }
}
