import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { startBridge } from '../../electron/bridge/server.ts';
import type { Locker } from '../../electron/services/locker.ts';

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

/** A browser profile whose pages reopen on the case's timeline (1280×800, English). */
export async function timelineContext(browser: Browser, caseId: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await context.addInitScript({
    content: `localStorage.setItem('evidence-locker.last-place', ${JSON.stringify(
      JSON.stringify({ caseId, section: 'timeline' }),
    )});`,
  });
  return context;
}

/**
 * A page of its own over a bridge for `locker`, in a fresh context that reopens on the case's timeline, as the
 * app does for a user who left it there. The caller navigates to `url`; `close` ends the context and bridge.
 */
export async function timelinePage(
  browser: Browser,
  locker: Locker,
  rendererDir: string,
  caseId: string,
): Promise<{ page: Page; url: string; close: () => Promise<void> }> {
  const bridge = await startBridge({ locker, rendererDir, log: () => undefined });
  const context = await timelineContext(browser, caseId);
  const page = await context.newPage();
  return {
    page,
    url: bridge.url,
    close: async () => {
      await context.close();
      await bridge.close();
    },
  };
}
