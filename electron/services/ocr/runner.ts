import {
  claimOcrJob,
  countOcrJobs,
  getSetting,
  listOcrResults,
  saveOcrResults,
  setOcrJobStatus,
  setSetting,
  type OcrResultRecord,
  type OcrStatus,
} from '../../../db/queries/ocr.ts';
import { coded, isCoded, say, type Coded, type Params } from '../../messages/say.ts';
import type { Locker } from '../locker.ts';
import {
  createTesseractEngine,
  OcrEngineError,
  type OcrEngine,
  type TesseractEngineOptions,
} from './engine.ts';
import { imagePicture, OcrSkip, pdfPictures, type PagePicture } from './render.ts';
import { suggestFacts, type FactSuggestions } from './suggest.ts';
import { pageText, type OcrPage, type OcrWord } from './text.ts';

export type OcrProgress = {
  /** Jobs finished in this run, and how many were waiting when it started (more may arrive). */
  done: number;
  total: number;
  evidenceId: string;
  status: OcrStatus;
};

export type OcrItemReport = {
  evidenceId: string;
  title: string;
  status: OcrStatus;
  /** Why it was not read, in English; `code` and `params` say the same as a message of the catalogue. */
  error?: string;
  code?: string;
  params?: Params;
  pages?: number;
  text?: string;
  confidence?: number;
  seconds?: number;
  suggestions?: FactSuggestions;
};

export type OcrRunReport = {
  enabled: boolean;
  items: OcrItemReport[];
  /** The queue after the run (items in the trash are not counted). */
  queue: Record<OcrStatus, number>;
};

export type OcrRunOptions = {
  caseId?: string | null;
  onProgress?: (p: OcrProgress) => void;
  /** Stops between items (the item being read is finished first). */
  signal?: AbortSignal;
  /** The engine to read with; a tesseract.js worker is started on first need and stopped at the end. */
  engine?: OcrEngine;
  /** How the tesseract.js worker is started when no engine is given (tests point it at other data). */
  engineOptions?: TesseractEngineOptions;
};

const ENABLED_KEY = 'ocr.enabled';
/** A job whose process died this many times while reading it is given up on. */
const MAX_ATTEMPTS = 3;

export function isOcrEnabled(locker: Locker): boolean {
  return getSetting(locker.db, ENABLED_KEY) !== '0';
}

/** Switches background reading of images on or off; the queue keeps filling and waits. */
export function setOcrEnabled(locker: Locker, enabled: boolean): void {
  setSetting(locker.db, ENABLED_KEY, enabled ? '1' : '0');
}

export function ocrQueueCounts(locker: Locker, caseId: string | null = null): Record<OcrStatus, number> {
  return countOcrJobs(locker.db, caseId === null ? null : locker.getCase(caseId).id);
}

/** What OCR read from an item, page by page (empty when it has not been read). */
export function ocrPages(locker: Locker, evidenceId: string): OcrPage[] {
  return listOcrResults(locker.db, locker.getEvidence(evidenceId).id).map(toPage);
}

function toPage(r: OcrResultRecord): OcrPage {
  return {
    page: r.page,
    width: r.width,
    height: r.height,
    text: r.text,
    confidence: r.confidence,
    words: JSON.parse(r.words) as OcrWord[],
  };
}

/**
 * Reads every pending image and scanned PDF (of one case, or all) until the queue is empty. The state lives
 * in the database: a job is claimed (its attempt counted) before reading and closed with its results in one
 * transaction, so a run that is killed resumes where it stopped. The originals are only ever read.
 */
export async function runOcr(locker: Locker, options: OcrRunOptions = {}): Promise<OcrRunReport> {
  const caseId = options.caseId ? locker.getCase(options.caseId).id : null;
  const report: OcrRunReport = {
    enabled: isOcrEnabled(locker),
    items: [],
    queue: ocrQueueCounts(locker, caseId),
  };
  if (!report.enabled) return report;
  const total = report.queue.pending;
  const handled: string[] = [];
  let engine = options.engine ?? null;
  const ownsEngine = !options.engine;
  let stopRun = false;
  try {
    while (!stopRun && !options.signal?.aborted && isOcrEnabled(locker)) {
      const job = claimOcrJob(locker.db, { caseId, exclude: handled, now: locker.now() });
      if (!job) break;
      handled.push(job.evidenceId);
      const item = locker.getEvidence(job.evidenceId);
      const entry: OcrItemReport = { evidenceId: item.id, title: item.title, status: 'pending' };
      const started = performance.now();
      if (job.attempts > MAX_ATTEMPTS) {
        entry.status = 'failed';
        const reason = reasonOf(coded('ocr.given-up', { count: MAX_ATTEMPTS }));
        Object.assign(entry, reason.fields);
        setOcrJobStatus(locker.db, item.id, 'failed', reason, locker.now());
      } else {
        try {
          engine ??= await createTesseractEngine(options.engineOptions);
          const pages = await readItem(engine, await locker.objects.read(item.sha256), item.mime);
          const now = locker.now();
          saveOcrResults(
            locker.db,
            item.id,
            pages.map((p) => ({
              id: locker.ids('ocr'),
              evidenceId: item.id,
              page: p.page,
              text: p.text,
              words: JSON.stringify(p.words),
              confidence: p.confidence,
              width: p.width,
              height: p.height,
              engine: engine!.name,
              createdAt: now,
            })),
            now,
          );
          entry.status = 'done';
          entry.pages = pages.length;
          entry.text = pages.map((p) => p.text).join('\n\f\n');
          entry.confidence =
            Math.round((pages.reduce((a, p) => a + p.confidence, 0) / Math.max(1, pages.length)) * 10) / 10;
          const first = pages[0];
          if (first)
            entry.suggestions = suggestFacts(first, { timeZone: locker.getCase(item.caseId).timezone });
        } catch (error) {
          entry.status = error instanceof OcrSkip ? 'skipped' : 'failed';
          const reason = reasonOf(problemOf(error));
          Object.assign(entry, reason.fields);
          setOcrJobStatus(locker.db, item.id, entry.status, reason, locker.now());
          // A reader that failed has stopped itself: the next item gets a fresh one. One that could not start
          // would fail the same way for every item, so the rest wait for the next run.
          if (error instanceof OcrEngineError) {
            if (ownsEngine) engine = null;
            if (error.phase === 'start') stopRun = true;
          }
        }
      }
      entry.seconds = Math.round((performance.now() - started) / 10) / 100;
      report.items.push(entry);
      options.onProgress?.({
        done: report.items.length,
        total: Math.max(total, report.items.length),
        evidenceId: item.id,
        status: entry.status,
      });
    }
  } finally {
    if (ownsEngine && engine) await engine.terminate();
  }
  report.queue = ocrQueueCounts(locker, caseId);
  return report;
}

/** A reason as stored (the message and its English) and as reported (`error` beside `code` and `params`). */
function reasonOf(problem: Coded) {
  const error = say(problem);
  return { problem, error, fields: { error, code: problem.code, params: problem.params } };
}

/** Why an item was not read, as a message: the reader's own, else the error's words as they are. */
function problemOf(error: unknown): Coded {
  const own = (error as { coded?: unknown } | null)?.coded;
  if (isCoded(own)) return own;
  return coded('text', { text: (error as Error)?.message || String(error) });
}

async function readItem(engine: OcrEngine, bytes: Buffer, mime: string): Promise<OcrPage[]> {
  const pages: OcrPage[] = [];
  const read = async (picture: PagePicture) => {
    const r = await engine.recognize(picture.png, { width: picture.width, height: picture.height });
    // Boxes are kept in the original's pixels, so they line up with the original as the user sees it.
    const k = picture.scaleBack;
    const words = r.words.map((w) => ({
      ...w,
      bbox: {
        x0: Math.round(w.bbox.x0 * k),
        y0: Math.round(w.bbox.y0 * k),
        x1: Math.round(w.bbox.x1 * k),
        y1: Math.round(w.bbox.y1 * k),
      },
    }));
    pages.push({
      page: picture.page,
      width: picture.originalWidth,
      height: picture.originalHeight,
      text: pageText(words),
      confidence: Math.round(r.confidence * 10) / 10,
      words,
    });
  };
  if (mime === 'application/pdf') {
    for await (const picture of pdfPictures(bytes)) await read(picture);
    if (!pages.length) throw new OcrSkip(coded('ocr.pdf-no-pages'));
  } else if (mime.startsWith('image/')) {
    await read(await imagePicture(bytes));
  } else {
    throw new OcrSkip(coded('ocr.not-a-picture', { mime }));
  }
  return pages;
}
