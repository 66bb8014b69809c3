import { mkdtemp, rm, symlink, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import type { OcrWord } from './text.ts';

/** What an engine read from one picture: words with boxes in that picture's pixels, and mean confidence. */
export type RecognizedPage = { width: number; height: number; confidence: number; words: OcrWord[] };

export type OcrEngine = {
  /** Names the engine and its data in each result, so a reading can be traced to what made it. */
  readonly name: string;
  recognize(png: Buffer, size: { width: number; height: number }): Promise<RecognizedPage>;
  terminate(): Promise<void>;
};

const LANGS = ['chi_sim', 'eng'] as const;
/** The integer LSTM models: a fraction of the size of the full ones, and faster, for the same accuracy here. */
const DATA_VARIANT = '4.0.0_best_int';

const require = createRequire(import.meta.url);

/** The recognition data shipped in the packages `@tesseract.js-data/chi_sim` and `…/eng`. */
export function languageDataFiles(): { lang: string; file: string }[] {
  return LANGS.map((lang) => {
    const root = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    return { lang, file: path.join(root, DATA_VARIANT, `${lang}.traineddata.gz`) };
  });
}

/**
 * Tesseract wants every language in one folder. The packages keep them apart, so a private temporary
 * folder (created 0700 by mkdtemp, so no other user can swap a file in) links to both; copied where links
 * are not allowed (Windows without developer mode).
 */
async function prepareLangDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-locker-ocr-'));
  for (const { lang, file } of languageDataFiles()) {
    const target = path.join(dir, `${lang}.traineddata.gz`);
    await symlink(file, target).catch(() => copyFile(file, target));
  }
  return dir;
}

/**
 * One tesseract.js worker reading Simplified Chinese and English, fully offline: the data comes from
 * node_modules through `langPath` (a local folder, so it is read from disk and never fetched), nothing is
 * cached outside that folder, and the wasm core is loaded from `tesseract.js-core` by the worker.
 */
export async function createTesseractEngine(): Promise<OcrEngine> {
  const langDir = await prepareLangDir();
  let worker: Tesseract.Worker;
  try {
    worker = await Tesseract.createWorker([...LANGS], Tesseract.OEM.LSTM_ONLY, {
      langPath: langDir,
      cachePath: langDir,
      cacheMethod: 'none',
      gzip: true,
    });
    // Screenshots carry no resolution; without one tesseract guesses 70 dpi and warns.
    await worker.setParameters({ user_defined_dpi: '300' });
  } catch (error) {
    await rm(langDir, { recursive: true, force: true });
    throw error;
  }
  return {
    name: `tesseract.js 7 ${LANGS.join('+')} ${DATA_VARIANT}`,
    async recognize(png, size) {
      const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
      return { ...size, confidence: data.confidence, words: wordsOf(data.blocks ?? []) };
    },
    async terminate() {
      try {
        await worker.terminate();
      } finally {
        await rm(langDir, { recursive: true, force: true });
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
