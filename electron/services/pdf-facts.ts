import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { instantFromLocal, isValidLocal, type Instant } from './util/time.ts';

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
  constructor(message: string) {
    super(message);
    this.name = 'PdfRejectedError';
  }
}

/** Text kept per PDF for search and the detail view; the original keeps everything. */
const MAX_TEXT_CHARS = 2_000_000;
const MAX_TEXT_PAGES = 500;

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

/** Page count, text layer and document info. Truncated and damaged files are refused with a reason. */
export async function readPdf(bytes: Buffer, password?: string): Promise<{ facts: PdfFacts; text: string }> {
  // pdf.js repairs a missing cross-reference table silently; a file cut off mid-download must not pass as whole.
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new PdfRejectedError(
      'the PDF is incomplete: it stops before its end marker (%%EOF), as if cut off while downloading',
    );
  }
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
      };
    }
    await task.destroy();
    throw new PdfRejectedError(`the PDF is damaged and cannot be opened (${e.message})`);
  }
  try {
    const meta = await doc.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const parts: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_TEXT_PAGES) && length < MAX_TEXT_CHARS; n += 1) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
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
    };
  } finally {
    await doc.destroy();
  }
}
