import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Worker as Thread } from 'node:worker_threads';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import Tesseract from 'tesseract.js';
import { coded, say, type Coded } from '../../messages/say.ts';
import type { OcrWord } from './text.ts';

/** What an engine read from one picture: words with boxes in that picture's pixels, and mean confidence. */
export type RecognizedPage = { width: number; height: number; confidence: number; words: OcrWord[] };

export type OcrEngine = {
  /** Names the engine and its data in each result, so a reading can be traced to what made it. */
  readonly name: string;
  recognize(png: Buffer, size: { width: number; height: number }): Promise<RecognizedPage>;
  terminate(): Promise<void>;
};

/**
 * The reader itself failed (its data is missing, its worker died or hung), as opposed to one picture being
 * unreadable. `phase` says whether it never started or failed while reading; either way it has been stopped.
 */
export class OcrEngineError extends Error {
  constructor(
    readonly coded: Coded,
    readonly phase: 'start' | 'read',
  ) {
    super(say(coded));
    this.name = 'OcrEngineError';
  }
}

/** The reader refused one picture (the engine goes on); its reason as a message, English in `message`. */
export class OcrPictureError extends Error {
  constructor(readonly coded: Coded) {
    super(say(coded));
    this.name = 'OcrPictureError';
  }
}

export type TesseractEngineOptions = {
  /** The language data to load; by default the files of `@tesseract.js-data/*` (tests point elsewhere). */
  languageData?: { lang: string; file: string }[];
  /** How long the worker may take to start (0.3–0.7 s is usual), and to read one picture (1–2 s is usual). */
  startTimeoutMs?: number;
  readTimeoutMs?: number;
};

const LANGS = ['chi_sim', 'eng'] as const;
/** The integer LSTM models: a fraction of the size of the full ones, and faster, for the same accuracy here. */
const DATA_VARIANT = '4.0.0_best_int';
const START_TIMEOUT_MS = 30_000;
const READ_TIMEOUT_MS = 120_000;

const require = createRequire(import.meta.url);
/** Settles once the engine starting now has its worker thread in hand (see createTesseractEngine). */
let spawning: Promise<void> = Promise.resolve();

/** The recognition data shipped in the packages `@tesseract.js-data/chi_sim` and `…/eng`. */
export function languageDataFiles(): { lang: string; file: string }[] {
  return LANGS.map((lang) => {
    const root = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    return { lang, file: path.join(root, DATA_VARIANT, `${lang}.traineddata.gz`) };
  });
}

/**
 * Where electron-builder puts a file listed in `asarUnpack`: `…/app.asar/x` is really `…/app.asar.unpacked/x`.
 * Electron's `require.resolve` keeps answering the `app.asar` path, which means nothing to the OS (app.asar
 * is one file), so a link to it, or a read from a worker thread, fails with ENOTDIR.
 */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

const gunzipAsync = promisify(gunzip);

/**
 * Tesseract wants every language in one folder. The packages keep them apart and gzipped, so a private
 * temporary folder (created 0700 by mkdtemp, so no other user can swap a file in) gets each one unpacked here,
 * on this thread: tesseract's worker would otherwise gunzip it itself, and a worker stopped in the middle of
 * that (a start past its time limit, the app quitting) brings the whole process down in Node's zlib cleanup
 * ("close before init"). Data still inside app.asar is read through Electron's fs, which can; data that cannot
 * be read or unpacked is a clear error before any worker starts.
 */
async function prepareLangDir(files: { lang: string; file: string }[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-locker-ocr-'));
  try {
    for (const { lang, file } of files) {
      const onDisk = unpackedPath(file);
      let packed: Buffer;
      try {
        packed = await readFile((await isFile(onDisk)) ? onDisk : file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new OcrEngineError(coded('ocr.data-unreadable', { lang, file, reason: code }), 'start');
      }
      let data: Buffer;
      try {
        data = await gunzipAsync(packed);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new OcrEngineError(coded('ocr.data-damaged', { lang, reason: code }), 'start');
      }
      await writeFile(path.join(dir, `${lang}.traineddata`), data, { mode: 0o600 });
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

/**
 * One tesseract.js worker reading Simplified Chinese and English, fully offline: the data comes from
 * node_modules through `langPath` (a local folder, so it is read from disk and never fetched), nothing is
 * cached outside that folder, and the wasm core is loaded from `tesseract.js-core` by the worker.
 *
 * tesseract.js leaves a failed start unsettled forever (it only rejects when the wasm core fails) and, with no
 * `errorHandler`, throws the worker's error inside its message listener. So every step here is bounded: an
 * error from the worker, the worker thread dying, or the time limit passing rejects the step at once with
 * an OcrEngineError, and the worker thread is stopped; the engine is then unusable and says so.
 */
export async function createTesseractEngine(options: TesseractEngineOptions = {}): Promise<OcrEngine> {
  const startTimeout = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const readTimeout = options.readTimeoutMs ?? READ_TIMEOUT_MS;
  const langDir = await prepareLangDir(options.languageData ?? languageDataFiles());
  let thread: Thread | null = null;
  let broken: OcrEngineError | null = null;
  /** Rejects the step under way (`fatal`: the worker is stopped and the engine done); null between steps. */
  let failStep: ((reason: Coded | string, fatal?: boolean) => void) | null = null;
  let phase: OcrEngineError['phase'] = 'start';
  const stop = async () => {
    const t = thread;
    thread = null;
    // A failed worker can still answer a job tesseract.js already forgot, and its listener throws on that.
    t?.removeAllListeners('message');
    await t?.terminate();
    await rm(langDir, { recursive: true, force: true });
  };
  /**
   * Runs one step of the worker within `ms`, failing fast on a worker error or death. A job the worker
   * refuses while reading (a picture it cannot take) fails that picture only; anything else ends the engine.
   */
  const step = <T>(
    what: 'ocr.start-failed' | 'ocr.read-failed',
    work: () => Promise<T>,
    ms: number,
  ): Promise<T> => {
    if (broken) return Promise.reject(broken);
    return new Promise<T>((resolve, reject) => {
      const fail = (reason: Coded | string, fatal = true) => {
        clearTimeout(timer);
        failStep = null;
        if (!fatal) return reject(new OcrPictureError(coded(what, { reason })));
        broken = new OcrEngineError(coded(what, { reason }), phase);
        void stop().catch(() => undefined);
        reject(broken);
      };
      const limit = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
      const timer = setTimeout(() => fail(coded('ocr.no-answer', { limit })), ms);
      failStep = fail;
      work().then(
        (value) => {
          if (failStep !== fail) return;
          clearTimeout(timer);
          failStep = null;
          resolve(value);
        },
        (error: unknown) => {
          if (failStep === fail)
            fail(error instanceof Error ? error.message : String(error), phase === 'start');
        },
      );
    });
  };
  // tesseract.js spawns its worker thread inside createWorker and never hands it out before it is ready:
  // Node announces each new thread (on the next tick), which is how a worker that never gets ready is stopped.
  // Threads are told apart only by that order, so engines start their threads one at a time.
  const previous = spawning;
  let release!: () => void;
  spawning = new Promise<void>((resolve) => (release = resolve));
  await previous;
  const capture = (t: Thread) => {
    process.off('worker', capture);
    release();
    thread = t;
    t.on('error', (error) => failStep?.(coded('ocr.worker-failed', { reason: error.message })));
    t.on('exit', (code) => failStep?.(coded('ocr.worker-ended', { code: String(code) })));
  };
  process.on('worker', capture);
  let worker: Tesseract.Worker;
  try {
    worker = await step(
      'ocr.start-failed',
      () =>
        Tesseract.createWorker([...LANGS], Tesseract.OEM.LSTM_ONLY, {
          langPath: langDir,
          cachePath: langDir,
          cacheMethod: 'none',
          // Unpacked above (see prepareLangDir): the worker never runs zlib.
          gzip: false,
          // Without it tesseract.js throws the worker's error in its listener: Electron's "A JavaScript error
          // occurred in the main process" box. The job's own promise is rejected too; this one fails the step.
          errorHandler: (data: unknown) => failStep?.(String(data), phase === 'start'),
        }),
      startTimeout,
    );
    // Screenshots carry no resolution; without one tesseract guesses 70 dpi and warns.
    await step('ocr.start-failed', () => worker.setParameters({ user_defined_dpi: '300' }), startTimeout);
  } catch (error) {
    process.off('worker', capture);
    release();
    await stop();
    throw error;
  }
  phase = 'read';
  return {
    name: `tesseract.js 7 ${LANGS.join('+')} ${DATA_VARIANT}`,
    async recognize(png, size) {
      const { data } = await step(
        'ocr.read-failed',
        () => worker.recognize(png, {}, { blocks: true, text: false }),
        readTimeout,
      );
      return { ...size, confidence: data.confidence, words: wordsOf(data.blocks ?? []) };
    },
    async terminate() {
      try {
        if (!broken) await worker.terminate();
      } finally {
        await stop();
      }
    },
  };
}

function wordsOf(blocks: Tesseract.Block[]): OcrWord[] {
  const words: OcrWord[] = [];
  let line = 0;
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      for (const l of paragraph.lines) {
        for (const w of l.words) {
          const text = w.text.trim();
          if (!text) continue;
          words.push({
            text,
            confidence: Math.round(w.confidence * 10) / 10,
            bbox: { x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1 },
            line,
          });
        }
        line += 1;
      }
    }
  }
  return words;
}
