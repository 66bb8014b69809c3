import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Worker as Thread } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOcrJob } from '../../db/queries/ocr.ts';
import { BackgroundOcr } from '../../electron/ipc/ocr-background.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import {
  createTesseractEngine,
  languageDataFiles,
  OcrEngineError,
  unpackedPath,
} from '../../electron/services/ocr/engine.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { renderScreen } from './screens.ts';

/*
 * The installed app keeps node_modules inside resources/app.asar, one file. Electron's require.resolve answers
 * paths inside it, which the OS (a symlink, a worker thread) cannot follow; electron-builder unpacks the
 * language data beside it into app.asar.unpacked. These tests lay out that shape with a real file standing in
 * for app.asar, and the real language data (or damaged data) where the package would put it.
 */

const tempDir = useTempDirs();

type Data = { lang: string; file: string }[];

/** `<resources>/app.asar` as a file, and the language data paths the app would resolve inside it. */
function packagedLayout(options: { unpack: 'real' | 'damaged' | 'truncated' | 'none' }): Data {
  const resources = tempDir();
  writeFileSync(path.join(resources, 'app.asar'), 'an asar archive is one file');
  return languageDataFiles().map(({ lang, file }) => {
    const inside = file.slice(file.lastIndexOf(`${path.sep}node_modules${path.sep}`) + 1);
    const packed = path.join(resources, 'app.asar', inside);
    const unpacked = unpackedPath(packed);
    if (options.unpack !== 'none') {
      mkdirSync(path.dirname(unpacked), { recursive: true });
      if (options.unpack === 'real') copyFileSync(file, unpacked);
      // A sound gzip of nothing tesseract can use: the worker starts and fails to load it.
      else if (options.unpack === 'damaged')
        writeFileSync(unpacked, gzipSync(Buffer.from('nothing tesseract can use')));
      // Starts like gzip, then stops: it cannot even be unpacked.
      else writeFileSync(unpacked, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    }
    return { lang, file: packed };
  });
}

/** Every worker thread started while `fn` runs, to check none is left running. */
async function threadsDuring<T>(fn: () => Promise<T>): Promise<{ threads: Thread[]; result: T | Error }> {
  const threads: Thread[] = [];
  const seen = (t: Thread) => threads.push(t);
  process.on('worker', seen);
  let result: T | Error;
  try {
    result = await fn();
  } catch (error) {
    result = error as Error;
  } finally {
    // A thread is announced on the tick after it starts.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('worker', seen);
  }
  return { threads, result };
}

/** Resolves when the thread has ended (at once if it already has). */
const ended = (t: Thread) =>
  new Promise<void>((resolve) => {
    if (t.threadId === -1) resolve();
    else t.once('exit', () => resolve());
  });

describe('unpackedPath', () => {
  it('moves a path inside app.asar to app.asar.unpacked, and leaves other paths alone', () => {
    expect(unpackedPath('/opt/Evidence Locker/resources/app.asar/node_modules/x/y.gz')).toBe(
      '/opt/Evidence Locker/resources/app.asar.unpacked/node_modules/x/y.gz',
    );
    expect(unpackedPath('C:\\Apps\\EL\\resources\\app.asar\\node_modules\\x.gz')).toBe(
      'C:\\Apps\\EL\\resources\\app.asar.unpacked\\node_modules\\x.gz',
    );
    expect(unpackedPath('/home/me/src/node_modules/x.gz')).toBe('/home/me/src/node_modules/x.gz');
    expect(unpackedPath('/home/me/app.asarfoo/x.gz')).toBe('/home/me/app.asarfoo/x.gz');
  });
});

describe('the OCR engine with its data behind app.asar', () => {
  let locker: Locker;
  beforeEach(async () => {
    locker = await Locker.open(tempDir());
  });
  afterEach(() => locker.close());

  async function fileScreenshots(count: number): Promise<string[]> {
    const c = await locker.createCase({ title: 'packaged' });
    const png = await renderScreen([{ text: '自动扣款 39.90 元' }, { text: 'refund request' }], {
      width: 800,
      height: 400,
      top: 60,
    });
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
      const file = path.join(tempDir(), `Screenshot_2025082${i}-080112.png`);
      // Distinct bytes per file, so each is filed as its own item.
      await writeFile(file, Buffer.concat([png, Buffer.from([i])]));
      files.push(file);
    }
    const { added } = await addPaths(locker, c.id, files);
    return added.map((item) => item.id);
  }

  it('reads a picture with the data electron-builder unpacked beside app.asar', async () => {
    const [id] = await fileScreenshots(1);
    const report = await runOcr(locker, {
      engineOptions: { languageData: packagedLayout({ unpack: 'real' }) },
    });
    expect(report.items).toEqual([expect.objectContaining({ evidenceId: id, status: 'done', pages: 1 })]);
    expect(report.items[0]!.text).toContain('39.90');
    expect(report.items[0]!.text).toContain('refund');
  });

  it('fails at once with a clear error, and starts no worker, when the data is only inside app.asar', async () => {
    const { threads, result } = await threadsDuring(() =>
      createTesseractEngine({ languageData: packagedLayout({ unpack: 'none' }) }),
    );
    expect(result).toBeInstanceOf(OcrEngineError);
    expect((result as OcrEngineError).phase).toBe('start');
    expect((result as Error).message).toMatch(
      /chi_sim language data cannot be read at .*app\.asar.*\(ENOTDIR\)\. Reinstall Evidence Locker/,
    );
    expect(threads).toEqual([]);
  });

  it('rejects, instead of hanging or throwing in its listener, when the worker cannot load the data', async () => {
    const { threads, result } = await threadsDuring(() =>
      createTesseractEngine({ languageData: packagedLayout({ unpack: 'damaged' }) }),
    );
    expect(result).toBeInstanceOf(OcrEngineError);
    expect((result as Error).message).toMatch(/^The picture reader could not start: /);
    expect(threads).toHaveLength(1);
    await ended(threads[0]!);
  });

  it('fails at once, starting no worker, when the data cannot even be unpacked', async () => {
    const { threads, result } = await threadsDuring(() =>
      createTesseractEngine({ languageData: packagedLayout({ unpack: 'truncated' }) }),
    );
    expect(result).toBeInstanceOf(OcrEngineError);
    expect((result as Error).message).toMatch(
      /^The picture reader could not start: its chi_sim language data is damaged/,
    );
    expect(threads).toEqual([]);
  });

  it('stops a worker that does not answer within its time limit', async () => {
    const { threads, result } = await threadsDuring(() =>
      createTesseractEngine({ languageData: packagedLayout({ unpack: 'real' }), startTimeoutMs: 1 }),
    );
    expect(result).toBeInstanceOf(OcrEngineError);
    expect((result as Error).message).toMatch(/could not start: no answer within 1 ms; it was stopped/);
    expect(threads).toHaveLength(1);
    await ended(threads[0]!);
  });

  it('fails a picture the worker refuses without losing the worker, and stops a read that takes too long', async () => {
    const png = await renderScreen([{ text: 'refund 39.90' }], { width: 600, height: 200, top: 40 });
    const size = { width: 600, height: 200 };
    const { threads, result } = await threadsDuring(async () => {
      const engine = await createTesseractEngine({ languageData: packagedLayout({ unpack: 'real' }) });
      try {
        await expect(engine.recognize(Buffer.from('not a picture at all'), size)).rejects.toThrow(
          /^The picture reader failed: /,
        );
        expect((await engine.recognize(png, size)).words.map((w) => w.text).join(' ')).toContain('39.90');
      } finally {
        await engine.terminate();
      }
      const hasty = await createTesseractEngine({
        languageData: packagedLayout({ unpack: 'real' }),
        readTimeoutMs: 1,
      });
      const late = await hasty.recognize(png, size).catch((error: unknown) => error);
      expect(late).toBeInstanceOf(OcrEngineError);
      expect((late as OcrEngineError).phase).toBe('read');
      expect((late as Error).message).toBe(
        'The picture reader failed: no answer within 1 ms; it was stopped',
      );
      // Done for good: the next picture is refused at once with the same reason.
      await expect(hasty.recognize(png, size)).rejects.toBe(late);
      await hasty.terminate();
    });
    if (result instanceof Error) throw result;
    expect(threads).toHaveLength(2);
    await Promise.all(threads.map(ended));
  });

  it('marks the item failed with the reason, leaves the rest waiting, and lets the app quit', async () => {
    const [first, second] = await fileScreenshots(2);
    const errors: unknown[] = [];
    const ocr = new BackgroundOcr(locker, {
      engineOptions: { languageData: packagedLayout({ unpack: 'damaged' }) },
      log: (error) => errors.push(error),
    });
    ocr.kick();
    expect(ocr.isRunning).toBe(true);
    // What the app's will-quit waits for.
    await ocr.stop();
    expect(ocr.isRunning).toBe(false);
    expect(errors).toEqual([]);
    const jobs = [getOcrJob(locker.db, first!), getOcrJob(locker.db, second!)];
    expect(jobs.map((j) => j?.status).sort()).toEqual(['failed', 'pending']);
    const failed = jobs.find((j) => j?.status === 'failed');
    expect(failed?.error).toMatch(/^The picture reader could not start: /);
  });
});
