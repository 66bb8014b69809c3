// From page load to the first painted timeline rows, for a case of 10,000 events, in Debian's Chromium over the
// loopback bridge (the same page and API the desktop window shows). Five loads; median and worst.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { insertEvent } from '../db/queries/events.ts';
import { Locker } from '../electron/services/locker.ts';
import { buildRenderer, launchChromium, timelinePage } from '../test/e2e/harness.ts';
import { fmt, report, tempDir } from './lib.ts';

const EVENTS = 10_000;
const LOADS = 5;
const work = tempDir('ui');
try {
  const rendererDir = path.join(work.dir, 'renderer');
  await buildRenderer(rendererDir, 'error');
  // What the window loads first (what index.html names: the entry, its preloaded chunks, the styles) and in
  // all (with the sections and dialogs loaded when first opened), raw and gzipped; fonts and icons aside.
  const assetsDir = path.join(rendererDir, 'assets');
  const all = readdirSync(assetsDir).filter((f) => /\.(js|css)$/.test(f));
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const first = all.filter((f) => html.includes(`assets/${f}`));
  const size = (files: string[]) => {
    const bytes = files.map((f) => readFileSync(path.join(assetsDir, f)));
    const kb = (n: number) => fmt(n / 1024, 0);
    return `${kb(bytes.reduce((s, b) => s + b.length, 0))} kB (${kb(bytes.reduce((s, b) => s + gzipSync(b).length, 0))} kB gzipped), ${files.length} files`;
  };
  report('app: renderer bundle (scripts and styles)', { 'first load': size(first), all: size(all) });
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
  const times: number[] = [];
  try {
    for (let k = 0; k < LOADS; k++) {
      const { page, url, close } = await timelinePage(browser, locker, rendererDir, c.id);
      await page.goto(url);
      await page.locator('.row').first().waitFor();
      times.push(
        await page.evaluate<number>('new Promise((r) => requestAnimationFrame(() => r(performance.now())))'),
      );
      await close();
    }
  } finally {
    await browser.close();
    locker.close();
  }
  times.sort((a, b) => a - b);
  report('app: 10,000-event timeline, page load to first painted rows', {
    loads: LOADS,
    'median ms': fmt(times[Math.floor(LOADS / 2)]!, 0),
    'worst ms': fmt(times.at(-1)!, 0),
  });
} finally {
  work.remove();
}
