import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `locker-bench-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Samples RSS every 20 ms; `peak()` is the highest seen since `start` (maxRSS from the OS is process-wide). */
export function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  timer.unref();
  return {
    reset: () => {
      peak = process.memoryUsage().rss;
    },
    peak: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  };
}

export const mb = (bytes: number) => bytes / 1024 / 1024;
export const fmt = (n: number, digits = 1) => n.toFixed(digits);

export function report(name: string, figures: Record<string, string | number>): void {
  process.stdout.write(JSON.stringify({ name, ...figures }) + '\n');
}
