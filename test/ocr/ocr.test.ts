import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimOcrJob, getOcrJob } from '../../db/queries/ocr.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { createTesseractEngine, type OcrEngine } from '../../electron/services/ocr/engine.ts';
import { ocrPages, runOcr, setOcrEnabled } from '../../electron/services/ocr/runner.ts';
import { suggestFacts } from '../../electron/services/ocr/suggest.ts';
import { searchCase } from '../../electron/services/search.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { paymentDetailScreen, renderScreen } from './screens.ts';

const tempDir = useTempDirs();
let engine: OcrEngine;
let locker: Locker;
let store: string;

// One worker for the whole file: starting one costs 0.3–0.7 s.
beforeAll(async () => {
  engine = await createTesseractEngine();
}, 30_000);
afterAll(async () => {
  await engine.terminate();
});
beforeEach(async () => {
  store = tempDir();
  locker = await Locker.open(store);
});
afterEach(() => locker.close());

/** Share of the expected characters found in order in the read text (longest common subsequence). */
function charAccuracy(expected: string, read: string): number {
  const a = [...expected.replace(/\s/g, '')];
  const b = [...read.replace(/\s/g, '')];
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const ca of a) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++)
      cur[j] = ca === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]! / a.length;
}

async function file(name: string, bytes: Buffer | Uint8Array): Promise<string> {
  const p = path.join(tempDir(), name);
  await writeFile(p, bytes);
  return p;
}

describe('runOcr', () => {
  const lines = [
    '元保保险经纪有限公司',
    '自动扣款 每月 39.90 元',
    'Customer service refund request',
    'Order 2025082722001400001234',
  ];

  it('reads Chinese and English from a screenshot, keeps words and boxes, and makes them searchable', async () => {
    const c = await locker.createCase({ title: 'ocr' });
    const png = await renderScreen(lines.map((text) => ({ text })));
    const { added } = await addPaths(locker, c.id, [await file('Screenshot_20250827-080112.png', png)]);
    const item = added[0]!;
    expect(getOcrJob(locker.db, item.id)?.status).toBe('pending');

    const report = await runOcr(locker, { engine });
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ evidenceId: item.id, status: 'done', pages: 1 });
    const text = report.items[0]!.text!;
    for (const token of ['元保保险', '自动扣款', '39.90', 'refund', '2025082722001400001234']) {
      expect(text).toContain(token);
    }
    expect(charAccuracy(lines.join(''), text)).toBeGreaterThan(0.9);

    const [page] = ocrPages(locker, item.id);
    expect(page).toMatchObject({ page: 1, width: 1080, height: 2400 });
    expect(page!.confidence).toBeGreaterThan(70);
    const refund = page!.words.find((w) => w.text === 'refund')!;
    // The word sits on the third line of text, drawn from x=60 and y≈160+2×100.
    expect(refund.bbox.y0).toBeGreaterThan(300);
    expect(refund.bbox.y1).toBeLessThan(460);

    // The original is untouched, the job is done, and the text is searchable with the region it came from.
    expect(readFileSync(locker.objects.pathFor(item.sha256)).equals(png)).toBe(true);
    expect(getOcrJob(locker.db, item.id)).toMatchObject({ status: 'done', attempts: 1 });
    const hits = searchCase(locker, c.id, '自动扣款');
    expect(hits.find((h) => h.kind === 'ocr')).toMatchObject({ evidenceId: item.id, page: 1 });
    expect(hits.find((h) => h.kind === 'ocr')!.region!.y0).toBeGreaterThan(200);
    // Nothing left: a second run reads nothing.
    expect((await runOcr(locker, { engine })).items).toEqual([]);
  }, 30_000);

  it('suggests the amount, time, counterparty and order number of a payment screenshot', async () => {
    const c = await locker.createCase({ title: 'ocr' });
    const { added } = await addPaths(locker, c.id, [await file('bill.png', await paymentDetailScreen())]);
    const report = await runOcr(locker, { engine, caseId: c.id });
    expect(report.items[0]?.status).toBe('done');
    const [page] = ocrPages(locker, added[0]!.id);
    const facts = suggestFacts(page!);
    expect(facts.amount).toMatchObject({ value: '39.90', minor: 3990, currency: 'CNY', sign: '-' });
    expect(facts.time).toMatchObject({ local: '2025-08-27 08:01:12', at: '2025-08-27T08:01:12+08:00' });
    expect(facts.orderId?.value).toBe('2025082722001400001234');
    expect(facts.counterparty?.value).toBe('元保保险经纪');
    // Each fact carries the boxes of the words it was read from: the amount is the big line near the top.
    const amountBox = facts.amount!.source.boxes[0]!;
    expect(amountBox.y0).toBeGreaterThan(250);
    expect(amountBox.y1).toBeLessThan(500);
    expect(facts.time!.source.boxes.length).toBeGreaterThan(0);
    // The run reports the same suggestions, read in the case's time zone.
    expect(report.items[0]!.suggestions?.amount?.value).toBe('39.90');
  }, 30_000);

  it('renders and reads an image-only PDF', async () => {
    const c = await locker.createCase({ title: 'scan' });
    const png = await renderScreen([{ text: '元保退款申请 refund 39.90', size: 44 }], {
      width: 1000,
      height: 400,
    });
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(png);
    pdf.addPage([500, 200]).drawImage(image, { x: 0, y: 0, width: 500, height: 200 });
    const { added } = await addPaths(locker, c.id, [await file('scan.pdf', await pdf.save())]);
    expect(getOcrJob(locker.db, added[0]!.id)?.status).toBe('pending');
    const report = await runOcr(locker, { engine });
    expect(report.items[0]).toMatchObject({ status: 'done', pages: 1 });
    expect(report.items[0]!.text).toContain('元保退款申请');
    expect(searchCase(locker, c.id, '退款申请').map((h) => h.kind)).toContain('ocr');
  }, 30_000);
});

describe('the OCR queue', () => {
  it('is switched off by a setting, skips what it cannot read, and resumes a job a killed run left', async () => {
    const c = await locker.createCase({ title: 'queue' });
    const small = await renderScreen([{ text: 'Refund 12.00', size: 40 }], { width: 600, height: 200 });
    const { added } = await addPaths(locker, c.id, [
      await file('a.png', small),
      // A file named .gif whose bytes are a GIF header and nothing more: filed, but cannot be decoded.
      await file('b.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')),
    ]);
    const [a, b] = [added.find((x) => x.path.endsWith('a.png')), added.find((x) => x.path.endsWith('b.gif'))];
    expect(a).toBeDefined();

    setOcrEnabled(locker, false);
    const off = await runOcr(locker, { engine });
    expect(off).toMatchObject({ enabled: false, items: [] });
    setOcrEnabled(locker, true);

    // A run killed mid-read: the job was claimed (attempt counted) but never finished. It is still pending.
    const claimed = claimOcrJob(locker.db, { caseId: null, exclude: [], now: locker.now() });
    expect(claimed).toMatchObject({ evidenceId: a!.id, attempts: 1 });
    locker.close();
    locker = await Locker.open(store);
    expect(getOcrJob(locker.db, a!.id)).toMatchObject({ status: 'pending', attempts: 1 });

    const progress: string[] = [];
    const report = await runOcr(locker, {
      engine,
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.status}`),
    });
    expect(getOcrJob(locker.db, a!.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(report.items.find((i) => i.evidenceId === a!.id)?.text).toContain('Refund');
    if (b) {
      expect(getOcrJob(locker.db, b.id)?.status).toBe('skipped');
      expect(getOcrJob(locker.db, b.id)?.error).toMatch(/cannot be decoded/);
    }
    expect(progress.at(-1)).toMatch(/^(1|2)\/(1|2) /);
    expect(report.queue.pending).toBe(0);
  }, 30_000);

  it('leaves items in the trash alone', async () => {
    const c = await locker.createCase({ title: 'trash' });
    const { added } = await addPaths(locker, c.id, [
      await file('t.png', await renderScreen([{ text: 'x' }], { width: 200, height: 100 })),
    ]);
    await locker.trashEvidence(added[0]!.id);
    expect((await runOcr(locker, { engine })).items).toEqual([]);
    expect(getOcrJob(locker.db, added[0]!.id)?.status).toBe('pending');
  });
});
