import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';

/** What every browser test (and the UI benchmark) shares: the built renderer and Debian's Chromium. */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENS = path.join(ROOT, 'test-output', 'screens');

// Offline machine: without the networking flags Chromium keeps trying (and failing) to reach Google.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Builds the renderer with the project's own Vite config into `outDir`. */
export async function buildRenderer(outDir: string, logLevel: 'warn' | 'error' = 'warn'): Promise<void> {
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel, build: { outDir } });
}

/** Debian's Chromium, never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
