import { listOcrJobs } from '../../db/queries/ocr.ts';
import type { Locker } from '../services/locker.ts';
import type { OcrEngine, TesseractEngineOptions } from '../services/ocr/engine.ts';
import { isOcrEnabled, ocrQueueCounts, runOcr, setOcrEnabled } from '../services/ocr/runner.ts';
import type { OcrStatusDto } from './contract.ts';
import { safeLog } from '../services/log.ts';

/*
 * The OCR queue, read in the background of the app: one run at a time, started after each import and at
 * start, stopped between items when switched off or on quit. Electron's main and the loopback bridge each
 * hold one; the queue itself lives in the database, so a run cut short resumes at the next start.
 */

export type BackgroundOcrOptions = {
  log?: (error: unknown) => void;
  /** The engine to read with (tests); by default each run starts a tesseract.js worker and stops it. */
  engine?: OcrEngine;
  /** How each run starts its tesseract.js worker when no engine is given. */
  engineOptions?: TesseractEngineOptions;
};

export class BackgroundOcr {
  private running: Promise<void> | null = null;
  private controller: AbortController | null = null;
  private again = false;
  private stopped = false;
  private progress: { done: number; total: number } | null = null;
  private readonly log: (error: unknown) => void;
  private readonly engine: OcrEngine | undefined;
  private readonly engineOptions: TesseractEngineOptions | undefined;

  constructor(
    private readonly locker: Locker,
    options: BackgroundOcrOptions = {},
  ) {
    this.log = options.log ?? ((error: unknown) => safeLog(error, 'reading a picture failed'));
    this.engine = options.engine;
    this.engineOptions = options.engineOptions;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Reads whatever is pending, now or right after the current run: never waits, never throws. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      this.controller = null;
      this.progress = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped || !isOcrEnabled(this.locker)) return;
      this.controller = new AbortController();
      try {
        await runOcr(this.locker, {
          signal: this.controller.signal,
          ...(this.engine ? { engine: this.engine } : {}),
          ...(this.engineOptions ? { engineOptions: this.engineOptions } : {}),
          onProgress: (p) => (this.progress = { done: p.done, total: p.total }),
        });
      } catch (error) {
        // One bad run (a closed locker, an engine that would not start) must not take the app down.
        this.log(error);
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** Switches reading on or off; off lets the item being read finish, then the queue waits. */
  setEnabled(enabled: boolean): void {
    setOcrEnabled(this.locker, enabled);
    if (enabled) this.kick();
    else this.controller?.abort();
  }

  status(caseId: string | null): OcrStatusDto {
    const counts = ocrQueueCounts(this.locker, caseId);
    let current: OcrStatusDto['current'] = null;
    if (this.running && counts.pending > 0) {
      // The run claims jobs in queue order and a claimed job stays pending until it is read.
      for (const job of listOcrJobs(this.locker.db, caseId)) {
        if (job.status !== 'pending') continue;
        const item = this.locker.getEvidence(job.evidenceId);
        if (item.deletedAt) continue;
        current = { evidenceId: item.id, title: item.title };
        break;
      }
    }
    return {
      enabled: isOcrEnabled(this.locker),
      isRunning: this.running !== null,
      pending: counts.pending,
      done: counts.done,
      failed: counts.failed,
      skipped: counts.skipped,
      current,
      progress: this.progress,
    };
  }

  /** On quit: no new run starts, and the one under way stops after the item it is reading. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    await this.running;
  }
}

/** The status when no background reader is attached (the counts alone). */
export function ocrStatusOf(locker: Locker, caseId: string | null): OcrStatusDto {
  const counts = ocrQueueCounts(locker, caseId);
  return {
    enabled: isOcrEnabled(locker),
    isRunning: false,
    pending: counts.pending,
    done: counts.done,
    failed: counts.failed,
    skipped: counts.skipped,
    current: null,
    progress: null,
  };
}
