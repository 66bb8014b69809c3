import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOcrJob } from '../../db/queries/ocr.ts';
import { parseInput } from '../../electron/ipc/dispatch.ts';
import { dispatch } from '../../electron/ipc/dispatch.ts';
import { bindCalls, type BoundCalls } from '../../electron/services/calls/index.ts';
import { BackgroundOcr } from '../../electron/ipc/ocr-background.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import type { OcrEngine, RecognizedPage } from '../../electron/services/ocr/engine.ts';
import { isOcrEnabled } from '../../electron/services/ocr/runner.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/** An engine that reads "元保" over "-39.90" from anything, each reading held until the test lets it finish. */
function heldEngine() {
  const waiting: (() => void)[] = [];
  const engine: OcrEngine = {
    name: 'held',
    recognize: (_png, size) =>
      new Promise<RecognizedPage>((resolve) => {
        waiting.push(() =>
          resolve({
            ...size,
            confidence: 90,
            words: [
              { text: '元保', confidence: 90, bbox: { x0: 10, y0: 20, x1: 60, y1: 40 }, line: 0 },
              { text: '-39.90', confidence: 90, bbox: { x0: 10, y0: 50, x1: 90, y1: 80 }, line: 1 },
            ],
          }),
        );
      }),
    terminate: () => Promise.resolve(),
  };
  const releaseAll = () => {
    while (waiting.length) waiting.shift()!();
  };
  const next = async () => {
    while (!waiting.length) await new Promise((r) => setTimeout(r, 5));
    waiting.shift()!();
  };
  return { engine, next, releaseAll, pendingReads: () => waiting.length };
}

describe('the search and OCR channels’ inputs', () => {
  const hostile: [string, string, unknown][] = [
    ['a query over 1000 characters', 'search:query', { caseId: 'all', query: 'x'.repeat(1001) }],
    ['grouping as a string', 'search:query', { caseId: 'all', query: 'a', grouped: 'no' }],
    ['a query that is not a string', 'search:query', { caseId: 'all', query: { $ne: 1 } }],
    ['no scope', 'search:query', { query: '元保' }],
    ['a case id with a wildcard', 'search:query', { caseId: 'case_%', query: '元保' }],
    ['a case id with a path', 'search:query', { caseId: 'case_../../x', query: '元保' }],
    ['"all" with a space', 'search:query', { caseId: 'all ', query: '元保' }],
    ['a limit of 0', 'search:query', { caseId: 'all', query: 'a', limit: 0 }],
    ['a limit of a million', 'search:query', { caseId: 'all', query: 'a', limit: 1e6 }],
    ['a fractional limit', 'search:query', { caseId: 'all', query: 'a', limit: 1.5 }],
    ['a limit as a string', 'search:query', { caseId: 'all', query: 'a', limit: '10' }],
    ['an extra key', 'search:query', { caseId: 'all', query: 'a', sql: 'DROP TABLE evidence' }],
    ['a status for a bad case id', 'ocr:status', { caseId: 'case_' }],
    ['an extra key on status', 'ocr:status', { all: true }],
    ['a switch as a string', 'ocr:set', { enabled: 'false' }],
    ['a switch as a number', 'ocr:set', { enabled: 0 }],
    ['a reading of a case id', 'ocr:get', { evidenceId: 'case_000001' }],
    ['a reading with no id', 'ocr:get', {}],
  ];

  it.each(hostile)('refuses %s with a bad_input envelope', (_what, channel, input) => {
    const result = parseInput(channel as 'search:query', input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_input');
  });
});

describe('search and OCR over a real locker', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;
  let background: BackgroundOcr | null = null;
  let held: ReturnType<typeof heldEngine> | null = null;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), { ids: sequentialIds(), actor: 'app' });
    handlers = bindCalls({ locker });
  });
  afterEach(async () => {
    // A failed test must not leave a reading held forever: everything still held is let go.
    const stopping = background?.stop();
    const release = setInterval(() => held?.releaseAll(), 5);
    await stopping;
    clearInterval(release);
    held = null;
    background = null;
    locker.close();
  });

  const call = <C extends keyof BoundCalls>(channel: C, input: unknown) =>
    dispatch(channel, input, handlers[channel] as never, () => undefined);

  async function fileImages(caseId: string, n: number): Promise<string[]> {
    const dir = tempDir();
    const files = [];
    for (let i = 0; i < n; i++) {
      const file = path.join(dir, `Screenshot_2025082${i}-080112.png`);
      await writeFile(file, await makePng(120, 240, i));
      files.push(file);
    }
    return (await addPaths(locker, caseId, files)).added.map((a) => a.id);
  }

  it('treats search syntax in a query as text, and finds nothing where nothing matches', async () => {
    const c = await locker.createCase({ title: 'syntax' });
    const [id] = await fileImages(c.id, 1);
    await locker.updateEvidence(id!, { title: '元保 "扣款" 100% OR NEAR(x)' });
    for (const query of [
      '"',
      '""',
      'NEAR(元保',
      'a OR b',
      '*',
      '元保" OR "x',
      '%',
      '_',
      '\\',
      '-',
      '^',
      '',
    ]) {
      const r = await call('search:query', { caseId: c.id, query });
      expect(r.ok, query).toBe(true);
    }
    const found = await call('search:query', { caseId: c.id, query: '100%' });
    expect(found).toMatchObject({ ok: true, value: [{ kind: 'evidence', id }] });
  });

  it('answers not_found for a well-formed case that does not exist and for an id’s prefix', async () => {
    const c = await locker.createCase({ title: 'x' });
    const [id] = await fileImages(c.id, 1);
    expect(await call('search:query', { caseId: 'case_999999', query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // The locker accepts an id's start in a terminal; the API takes exact ids only.
    expect(await call('ocr:get', { evidenceId: id!.slice(0, -1) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('ocr:status', { caseId: 'case_999999' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('reads in the background one at a time, reports the item being read, and stops cleanly', async () => {
    const c = await locker.createCase({ title: 'ocr' });
    held = heldEngine();
    background = new BackgroundOcr(locker, { engine: held.engine, log: () => undefined });
    handlers = bindCalls({ locker, ocr: background });
    const ids = await fileImages(c.id, 2);
    background.kick();
    background.kick(); // a second kick while running does not start a second run
    while (!held.pendingReads()) await new Promise((r) => setTimeout(r, 5));
    expect(held.pendingReads()).toBe(1);
    // The queue is read in the order things were filed.
    const [a, b] = [...ids].sort();
    const status = await call('ocr:status', { caseId: c.id });
    expect(status).toMatchObject({
      ok: true,
      value: { enabled: true, isRunning: true, pending: 2, done: 0, current: { evidenceId: a } },
    });

    // Quit: the item being read is finished and saved, the next one waits for the next start.
    const stopped = background.stop();
    await held.next();
    await stopped;
    expect(background.isRunning).toBe(false);
    expect(getOcrJob(locker.db, a!)?.status).toBe('done');
    expect(getOcrJob(locker.db, b!)?.status).toBe('pending');
    background.kick();
    expect(background.isRunning).toBe(false);

    // What was read is searchable and suggests the amount, with where it was read.
    const hits = await call('search:query', { caseId: 'all', query: '39.90' });
    expect(hits).toMatchObject({
      ok: true,
      value: [{ kind: 'ocr', evidenceId: a, page: 1 }],
    });
    // The region is in the original's pixels (the picture was enlarged to be read, the boxes scaled back).
    const region = hits.ok ? hits.value[0]?.region : null;
    expect(region && region.x1 > region.x0 && region.y1 > region.y0).toBe(true);
    expect(JSON.stringify(hits)).toContain('«39.90»');
    const reading = await call('ocr:get', { evidenceId: a });
    expect(reading).toMatchObject({
      ok: true,
      value: {
        status: 'done',
        suggestions: {
          amount: { value: '39.90', currency: 'CNY', sign: '-' },
          counterparty: { value: '元保' },
        },
      },
    });
  });

  it('pauses when switched off and goes on when switched back on', async () => {
    const c = await locker.createCase({ title: 'ocr' });
    held = heldEngine();
    background = new BackgroundOcr(locker, { engine: held.engine, log: () => undefined });
    handlers = bindCalls({ locker, ocr: background });
    const [a, b] = [...(await fileImages(c.id, 2))].sort();
    background.kick();
    while (!held.pendingReads()) await new Promise((r) => setTimeout(r, 5));
    expect(await call('ocr:set', { enabled: false })).toMatchObject({ ok: true, value: { enabled: false } });
    await held.next();
    while (background.isRunning) await new Promise((r) => setTimeout(r, 5));
    expect(isOcrEnabled(locker)).toBe(false);
    expect(getOcrJob(locker.db, a!)?.status).toBe('done');
    expect(getOcrJob(locker.db, b!)?.status).toBe('pending');

    await call('ocr:set', { enabled: true });
    await held.next();
    while (background.isRunning) await new Promise((r) => setTimeout(r, 5));
    expect(getOcrJob(locker.db, b!)?.status).toBe('done');
  });
});
