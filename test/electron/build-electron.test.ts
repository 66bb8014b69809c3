import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * scripts/build-electron.js, run into a folder of its own: main.js, the locker's utility process (host.js, which
 * main.ts forks) and the preload come out, main.js stays free of the locker's code, and the built host.js
 * answers calls with a real locker when started (here under Node, as a worker thread: entry.ts's other door).
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const { buildElectron } = (await import(path.join(root, 'scripts', 'build-electron.js'))) as {
  buildElectron: (outDir?: string) => Promise<void>;
};
const tempDir = useTempDirs();
let work: string;
let out: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'locker-build-electron-'));
  out = path.join(work, 'electron');
  // The bundles keep their packages external: they resolve them from node_modules, as in the package.
  symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  await buildElectron(out);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The bare imports a built file makes: the packages it loads when it starts. */
function packagesOf(file: string): string[] {
  const text = readFileSync(path.join(out, file), 'utf8');
  return [...text.matchAll(/^import\s[^'"]*["']([^./][^"']*)["']/gm)].map((m) => m[1]!);
}

describe('the Electron build', () => {
  it('writes main.js, host.js and preload.cjs side by side, with their shared chunks', () => {
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['main.js', 'host.js', 'preload.cjs']));
    // Everything main.js and host.js import of their own sits beside them (packed by dist/electron/**/*).
    for (const entry of ['main.js', 'host.js']) {
      const text = readFileSync(path.join(out, entry), 'utf8');
      for (const [, local] of text.matchAll(/from\s+["']\.\/([^"']+)["']/g)) expect(files).toContain(local);
    }
  });

  it('keeps the locker’s code out of main: no database, image, PDF or OCR package loads there', () => {
    const mainPackages = packagesOf('main.js');
    expect(mainPackages).toContain('electron');
    for (const heavy of ['better-sqlite3', 'sharp', 'pdfkit', 'tesseract.js', 'exceljs', 'zod'])
      expect(mainPackages, heavy).not.toContain(heavy);
    expect(packagesOf('host.js')).toEqual(expect.arrayContaining(['better-sqlite3', 'sharp']));
    // The locker's process imports nothing of Electron's: it runs under plain Node too.
    expect(packagesOf('host.js')).not.toContain('electron');
  });

  it('starts the built host.js, which answers a call with a real locker', async () => {
    const worker = new Worker(path.join(out, 'host.js'), {
      workerData: { storeDir: tempDir(), keychain: null, backgroundOcr: false },
    });
    try {
      const replies: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (m: { kind: string }) => {
          if (m.kind === 'ready') {
            worker.postMessage({
              kind: 'call',
              id: 1,
              channel: 'locker:call',
              input: { name: 'case:create', input: { title: 'Built' } },
            });
          } else if (m.kind === 'failed') {
            reject(new Error(JSON.stringify(m)));
          } else {
            replies.push(m);
            resolve();
          }
        });
      });
      expect(replies).toMatchObject([
        { kind: 'reply', id: 1, result: { ok: true, value: { title: 'Built' } } },
      ]);
    } finally {
      await worker.terminate();
    }
  });
});
