// From page load to the first painted timeline rows, for a case of 10,000 events, in Debian's Chromium over the
// loopback bridge (the same page and API the desktop window shows), timed in the page. Fifteen loads (one load
// swings by ±40 ms on two busy cores; the median of seven moved by ±25 from run to run): the median and worst
// first paint, when the whole list is there, and the CPU spent by the page's main thread and by this
// process (the bridge answering, and the browser's driver). Then the same, opened again in one browser profile.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { insertEvent } from '../db/queries/events.ts';
import { Locker } from '../electron/services/locker.ts';
import type { Page } from 'playwright-core';
import { startBridge } from '../electron/bridge/server.ts';
import { buildRenderer, launchChromium, timelineContext, timelinePage } from '../test/e2e/harness.ts';
import { fmt, report, tempDir } from './lib.ts';

const EVENTS = 10_000;
const LOADS = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The console line the page writes once the whole list is drawn. */
const WHOLE = 'timeline: whole list drawn';
// In the page from its first script on: the frame that first shows a row, and the one that shows the list's
// count (given once every row is there). performance.now() counts from the navigation's start.
const MARK_FRAMES = `(() => {
  const marks = (window.__timeline = {});
  const seen = () => {
    if (marks.first === undefined && document.querySelector('.timeline-list .row')) {
      marks.first = null;
      requestAnimationFrame(() => (marks.first = performance.now()));
    }
    const count = document.querySelector('.timeline .toolbar [aria-live]');
    if (marks.whole === undefined && marks.first !== undefined && count && /\\d/.test(count.textContent)) {
      marks.whole = null;
      requestAnimationFrame(() => {
        marks.whole = performance.now();
        observer.disconnect();
        console.debug(${JSON.stringify(WHOLE)});
      });
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
/**
 * Loads the page and waits for the frame that shows the whole list: the marks MARK_FRAMES took. Waited for as a
 * console line, not by asking the page: asking runs the driver's own script in the page (~20 ms of its main
 * thread, the first time), which would land in the middle of the load it measures.
 */
async function load(page: Page, url: string): Promise<{ first: number; whole: number }> {
  const whole = page.waitForEvent('console', { predicate: (m) => m.text() === WHOLE, timeout: 60_000 });
  await page.goto(url);
  await whole;
  return page.evaluate<{ first: number; whole: number }>('window.__timeline');
}

const work = tempDir('ui');
try {
  const rendererDir = path.join(work.dir, 'renderer');
  await buildRenderer(rendererDir, 'error');
  // What the window loads first (what index.html names: the entry, its preloaded chunks, the styles) and in
  // all (with the sections and dialogs loaded when first opened), raw and gzipped; fonts and icons aside.
  const assetsDir = path.join(rendererDir, 'assets');
  const all = readdirSync(assetsDir).filter((f) => /\.(js|css)$/.test(f));
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  // With the boot script (public/boot.js, outside assets/), which asks the first questions before the rest.
  const first = [
    ...all.filter((f) => html.includes(`assets/${f}`)).map((f) => path.join('assets', f)),
    ...(html.includes('./boot.js') ? ['boot.js'] : []),
  ];
  const size = (files: string[]) => {
    const bytes = files.map((f) => readFileSync(path.join(rendererDir, f)));
    const kb = (n: number) => fmt(n / 1024, 0);
    return `${kb(bytes.reduce((s, b) => s + b.length, 0))} kB (${kb(bytes.reduce((s, b) => s + gzipSync(b).length, 0))} kB gzipped), ${files.length} files`;
  };
  report('app: renderer bundle (scripts and styles)', {
    'first load': size(first),
    all: size(all.map((f) => path.join('assets', f))),
  });
  const locker = await Locker.open(path.join(work.dir, 'store'), { actor: 'app' });
  const c = await locker.createCase({ title: '10,000 events', counterparty: '元保' });
  locker.write((log) => {
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < EVENTS; i++) {
      const id = `evt_${String(i).padStart(6, '0')}`;
      insertEvent(locker.db, {
        id,
        caseId: c.id,
        kind: i % 10 === 0 ? 'call' : 'message',
        title: `Charge notice ${i} 扣款通知`,
        notes: '',
        reference: '',
        occurredUtc: new Date(start + i * 47 * 60_000).toISOString(),
        occurredOffset: 480,
        evidenceId: null,
        createdAt: locker.now(),
        deletedAt: null,
      });
      log({ action: 'event.add', caseId: c.id, subjectId: id, details: {} });
    }
  });
  const browser = await launchChromium();
  const firstPaint: number[] = [];
  const whole: number[] = [];
  const renderer: number[] = [];
  const server: number[] = [];
  const reopened: number[] = [];
  try {
    for (let k = 0; k < LOADS; k++) {
      const { page, url, close } = await timelinePage(browser, locker, rendererDir, c.id);
      // Timed in the page, at the frame that draws them: the first rows, and the whole list (its count shown).
      await page.addInitScript({ content: MARK_FRAMES });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const cpu = process.cpuUsage();
      const at = await load(page, url);
      const used = process.cpuUsage(cpu);
      const { metrics } = await cdp.send('Performance.getMetrics');
      firstPaint.push(at.first);
      whole.push(at.whole);
      server.push((used.user + used.system) / 1000);
      renderer.push((metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000);
      await close();
    }
    // The window opened again, as a user does every day: the same browser profile and origin, so the hashed
    // scripts come from the cache with their compiled code (V8's code cache; Electron's app:// has it too).
    // Two loads first fill the cache (Chromium keeps compiled code from a script's second run).
    const bridge = await startBridge({ locker, rendererDir, log: () => undefined });
    const context = await timelineContext(browser, c.id);
    try {
      await context.addInitScript({ content: MARK_FRAMES });
      for (let k = 0; k < LOADS + 2; k++) {
        const page = await context.newPage();
        const at = await load(page, bridge.url);
        if (k >= 2) reopened.push(at.first);
        await page.close();
      }
    } finally {
      await context.close();
      await bridge.close();
    }
  } finally {
    await browser.close();
    locker.close();
  }
  report('app: 10,000-event timeline, page load to first painted rows', {
    loads: LOADS,
    'median first paint ms': fmt(median(firstPaint), 0),
    'worst first paint ms': fmt(Math.max(...firstPaint), 0),
    'each first paint ms': firstPaint.map((ms) => fmt(ms, 0)).join(' '),
    'median all rows ms': fmt(median(whole), 0),
    'median page main-thread ms': fmt(median(renderer), 0),
    'median bench+bridge CPU ms': fmt(median(server), 0),
  });
  report('app: the same window opened again (cached scripts and their compiled code)', {
    loads: reopened.length,
    'median first paint ms': fmt(median(reopened), 0),
    'worst first paint ms': fmt(Math.max(...reopened), 0),
  });
} finally {
  work.remove();
}
