import { createHash } from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addPaths, type IntakeResult } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { ObjectStore } from '../../electron/services/object-store.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { alipayBill } from '../helpers/crash-harness-ops.ts';
import {
  DurabilityModel,
  faults,
  filesUnder,
  StoppedError,
  type FaultCode,
  type FaultMode,
  type Step,
} from '../helpers/faulty-fs.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/**
 * Fault injection into the file protocol of an import (issue 8, "Proven"): every numbered file-system step of
 * filing a batch — temp file open, write, fsync, close, chmod, mkdir, rename, directory fsync, the thumbnail
 * and the chain head, and the database commit — fails in turn with ENOSPC or EIO, or is the moment the power
 * goes. Each time, the locker must be before or after each file's import, never between: no row without its
 * whole original, and no trace of a failed file once the next open has swept.
 */
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const { wrapFsPromises } = await import('../helpers/faulty-fs.ts');
  return wrapFsPromises(real);
});

const tempDir = useTempDirs();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Older than the sweep's minimum age (10 minutes), so the next open removes what a failure left. */
const BACKDATE_MS = 11 * 60_000;
const isDatabaseFile = (name: string) => name.startsWith('locker.db');

type Input = { file: string; sha256: string; size: number };
let inputs: Input[] = [];

let inbox = '';

beforeAll(async () => {
  inbox = mkdtempSync(path.join(os.tmpdir(), 'locker-faults-'));
  const png = path.join(inbox, 'Screenshot_20250301-100000.png');
  writeFileSync(png, await makePng(120, 240, 7));
  const bill = path.join(inbox, 'alipay-2025-03.csv');
  writeFileSync(bill, alipayBill('9.9', 3));
  inputs = [png, bill].map((file) => {
    const bytes = readFileSync(file);
    return { file, sha256: sha256(bytes), size: bytes.length };
  });
});

afterAll(() => rmSync(inbox, { recursive: true, force: true }));
afterEach(() => faults.reset(null, { kind: 'off' }));

async function freshLocker(): Promise<{ store: string; locker: Locker; caseId: string }> {
  const store = path.join(tempDir(), 'locker');
  mkdirSync(store);
  const locker = await Locker.open(store);
  const caseId = (await locker.createCase({ title: 'fault injection' })).id;
  return { store, locker, caseId };
}

type Outcome = { result?: IntakeResult; thrown?: unknown; steps: Step[]; hit: boolean };

/** Files `files` one after another with `mode` armed; the database commit is a numbered step too. */
async function runImport(
  locker: Locker,
  caseId: string,
  files: string[],
  mode: FaultMode,
  model = false,
): Promise<Outcome> {
  faults.reset(locker.dir, mode);
  if (model) faults.model = new DurabilityModel(locker.dir, isDatabaseFile);
  const write = locker.write.bind(locker);
  const dbFile = path.join(locker.dir, 'locker.db');
  locker.write = (fn) => {
    try {
      faults.step('commit', dbFile);
    } catch (error) {
      if (error instanceof StoppedError || mode.kind !== 'error') throw error;
      // What better-sqlite3 throws when the disk is full or failing under the database.
      throw Object.assign(new Error(mode.code === 'ENOSPC' ? 'database or disk is full' : 'disk I/O error'), {
        code: mode.code === 'ENOSPC' ? 'SQLITE_FULL' : 'SQLITE_IOERR',
      });
    }
    return write(fn);
  };
  const outcome: Outcome = { steps: [], hit: false };
  try {
    outcome.result = await addPaths(locker, caseId, files, {
      concurrency: 1,
      onProgress: () => (faults.owner += 1),
    });
  } catch (error) {
    outcome.thrown = error;
  } finally {
    delete (locker as { write?: unknown }).write;
  }
  outcome.steps = faults.steps;
  outcome.hit = faults.hit;
  const m = faults.model;
  faults.reset(null, { kind: 'off' });
  faults.model = m;
  return outcome;
}

/**
 * Re-opens the locker (after making every leftover older than the sweep's minimum age) and checks that each
 * input is wholly there (`present`) or has left no trace at all.
 */
async function reopenAndCheck(store: string, caseId: string, present: boolean[]): Promise<boolean[]> {
  const old = new Date(Date.now() - BACKDATE_MS);
  for (const f of [...filesUnder(path.join(store, 'tmp')), ...filesUnder(path.join(store, 'objects'))]) {
    utimesSync(f.path, old, old);
  }
  const locker = await Locker.open(store);
  try {
    const report = await verifyLocker(locker);
    expect(report.problems).toEqual([]);
    const rows = locker.listEvidence(caseId, { includeDeleted: true });
    const found: boolean[] = [];
    for (const [i, input] of inputs.entries()) {
      const mine = rows.filter((e) => e.sha256 === input.sha256);
      expect(mine.length).toBeLessThanOrEqual(1);
      const isThere = mine.length === 1;
      expect(isThere, `${path.basename(input.file)} should be ${present[i] ? 'filed' : 'absent'}`).toBe(
        present[i],
      );
      if (isThere) {
        const bytes = await locker.objects.read(input.sha256);
        expect(bytes.length).toBe(input.size);
        expect(sha256(bytes)).toBe(input.sha256);
      } else {
        expect(await locker.objects.has(input.sha256), `an unfiled original was kept`).toBe(false);
      }
      found.push(isThere);
    }
    // Nothing left over once swept: no temp file, no original without its row.
    expect(filesUnder(path.join(store, 'tmp'))).toEqual([]);
    expect(filesUnder(path.join(store, 'objects'))).toHaveLength(rows.length);
    const filed = locker.custodyLog({ caseId }).filter((e) => e.action === 'evidence.add');
    expect(filed.map((e) => e.subjectId).sort()).toEqual(rows.map((e) => e.id).sort());
    return found;
  } finally {
    locker.close();
  }
}

/** What the person is told: in words (the database's own messages for a failed commit), not an errno dump. */
const CLEAR: Record<FaultCode, RegExp> = {
  ENOSPC: /^(the disk is full: nothing of this file was kept|database or disk is full$)/,
  EIO: /^(the disk reported an input\/output error|disk I\/O error$)/,
};

describe('fault injection into the file protocol of an import', () => {
  it('numbers the steps of an undisturbed import', async () => {
    const { locker, caseId } = await freshLocker();
    const run = await runImport(
      locker,
      caseId,
      inputs.map((i) => i.file),
      { kind: 'count' },
    );
    locker.close();
    expect(run.result?.added).toHaveLength(2);
    const calls = run.steps.map((s) => s.call);
    // The protocol as it stands: temp, write, fsync, rename, directory fsync, then the commit.
    for (const call of ['open', 'handle.sync', 'rename', 'commit']) expect(calls).toContain(call);
    expect(calls.some((c) => c === 'handle.write' || c === 'handle.writeFile')).toBe(true);
    // Each original is flushed before it is renamed into place, and renamed before its row commits.
    for (const owner of [0, 1]) {
      const mine = run.steps.map((s, i) => ({ ...s, i })).filter((s) => s.owner === owner);
      const at = (call: string, under: string) =>
        mine.find((s) => s.call === call && path.relative(locker.dir, s.path).startsWith(under))?.i ?? -1;
      expect(at('handle.sync', 'tmp')).toBeGreaterThan(-1);
      expect(at('handle.sync', 'tmp')).toBeLessThan(at('rename', 'tmp'));
      expect(at('rename', 'tmp')).toBeLessThan(at('handle.sync', 'objects'));
      expect(at('handle.sync', 'objects')).toBeLessThan(at('commit', 'locker.db'));
    }
    expect(calls.filter((c) => c === 'commit')).toHaveLength(2);
    console.log(
      `fault injection: ${run.steps.length} steps for a PNG and a CSV bill:\n` +
        run.steps
          .map((s, i) => `  ${i} [file ${s.owner}] ${s.call} ${path.relative(locker.dir, s.path)}`)
          .join('\n'),
    );
  });

  for (const code of ['ENOSPC', 'EIO'] as const) {
    it(`leaves each file before or after its import when any one step fails with ${code}`, async () => {
      let k = 0;
      for (; ; k++) {
        const { store, locker, caseId } = await freshLocker();
        const run = await runImport(
          locker,
          caseId,
          inputs.map((i) => i.file),
          { kind: 'error', at: k, code },
        );
        locker.close();
        if (!run.hit) {
          // Past the last step: the import ran untouched.
          expect(run.result?.errors).toEqual([]);
          expect(await reopenAndCheck(store, caseId, [true, true])).toEqual([true, true]);
          break;
        }
        const step = run.steps[k]!;
        const where = `step ${k} (${step.call} ${path.relative(store, step.path)}, file ${step.owner})`;
        let present: boolean[];
        if (step.owner < inputs.length) {
          // One file's step: that file reports a clear error and is not filed; the other one is.
          expect(run.thrown, where).toBeUndefined();
          const errors = run.result!.errors;
          expect(
            errors.map((e) => e.path),
            where,
          ).toEqual([inputs[step.owner]!.file]);
          expect(errors[0]!.error, where).toMatch(CLEAR[code]);
          present = inputs.map((_, i) => i !== step.owner);
          expect(
            run.result!.added.map((a) => a.sha256),
            where,
          ).toEqual(inputs.filter((_, i) => present[i]).map((i) => i.sha256));
        } else {
          // After both commits, writing the chain-head mirror: both files are filed, and the mirror, which may
          // lag by design, does not fail the import.
          present = [true, true];
          expect(run.thrown, where).toBeUndefined();
        }
        await reopenAndCheck(store, caseId, present);
        // The locker is not wedged: the failed file goes in when added again.
        const again = await Locker.open(store);
        const retry = await addPaths(
          again,
          caseId,
          inputs.map((i) => i.file),
        );
        again.close();
        expect(retry.errors, where).toEqual([]);
        await reopenAndCheck(store, caseId, [true, true]);
      }
      expect(k).toBeGreaterThan(10);
    });
  }

  it('leaves each file before or after its import when the power goes at any step', async () => {
    let k = 0;
    for (; ; k++) {
      const { store, locker, caseId } = await freshLocker();
      const run = await runImport(
        locker,
        caseId,
        inputs.map((i) => i.file),
        { kind: 'stop', at: k },
        true,
      );
      locker.close();
      // A commit that returned before the cut is durable (WAL, synchronous=FULL); later ones never happened.
      const committed = inputs.map((_, i) =>
        run.steps.some((s, j) => s.call === 'commit' && s.owner === i && (j < k || !run.hit)),
      );
      faults.model!.apply();
      const where = run.hit ? `power cut at step ${k} (${run.steps[k]!.call})` : 'power cut after the import';
      const found = await reopenAndCheck(store, caseId, committed).catch((error: Error) => {
        throw new Error(`${where}: ${error.message}`);
      });
      expect(found, where).toEqual(committed);
      if (!run.hit) break;
    }
    expect(k).toBeGreaterThan(10);
  });

  it('stores a streamed original whole or not at all when any step fails', async () => {
    const src = inputs[0]!;
    for (const code of ['ENOSPC', 'EIO'] as const) {
      for (let k = 0; ; k++) {
        const root = tempDir();
        const store = new ObjectStore(root);
        await store.init();
        faults.reset(root, { kind: 'error', at: k, code });
        const put = await store.put(src.file, src.sha256).then(
          () => null,
          (error: NodeJS.ErrnoException) => error,
        );
        const hit = faults.hit;
        faults.reset(null, { kind: 'off' });
        if (!hit) {
          expect(put).toBeNull();
          expect(sha256(await store.read(src.sha256))).toBe(src.sha256);
          break;
        }
        expect(put?.code, `step ${k}`).toBe(code);
        // Either nothing, or the whole original (renamed before a later fsync failed): never a part of it.
        if (await store.has(src.sha256)) expect(sha256(await store.read(src.sha256))).toBe(src.sha256);
        expect(filesUnder(path.join(root, 'tmp')), `step ${k}: a temp file was left`).toEqual([]);
      }
    }
  });

  it('keeps an original durable when a crash left it unsynced and the same bytes are filed again', async () => {
    const [png] = inputs;
    const probe = await freshLocker();
    const trace = await runImport(probe.locker, probe.caseId, [png!.file], { kind: 'count' });
    probe.locker.close();
    // The process dies right after the rename, before the directory fsync.
    const afterRename = trace.steps.findIndex((s) => s.call === 'rename') + 1;
    expect(trace.steps[afterRename]?.call).toBe('open');

    const { store, locker, caseId } = await freshLocker();
    const killed = await runImport(locker, caseId, [png!.file], { kind: 'stop', at: afterRename }, true);
    locker.close();
    expect(killed.hit).toBe(true);
    // The next process files the same bytes: the object is there (in the page cache), so it is reused.
    const model = faults.model!;
    faults.reset(store, { kind: 'count' });
    faults.model = model;
    const again = await Locker.open(store);
    const r = await addPaths(again, caseId, [png!.file]);
    again.close();
    expect(r.added).toHaveLength(1);
    faults.reset(null, { kind: 'off' });
    model.apply();

    const lost = await problemsAfterReopen(store);
    expect(lost).toEqual([]);
  });

  it('keeps an original durable when its prefix folder was made by a failed attempt', async () => {
    const [png] = inputs;
    // A bill whose SHA-256 starts like the screenshot's, so both go into the same objects/xx folder.
    const dir = tempDir();
    let twin: Input | null = null;
    for (let i = 0; !twin; i++) {
      const bytes = Buffer.from(alipayBill(`7.${i}`, 2));
      if (sha256(bytes).slice(0, 2) !== png!.sha256.slice(0, 2)) continue;
      const file = path.join(dir, `bill-${i}.csv`);
      writeFileSync(file, bytes);
      twin = { file, sha256: sha256(bytes), size: bytes.length };
    }
    const probe = await freshLocker();
    const trace = await runImport(probe.locker, probe.caseId, [png!.file], { kind: 'count' });
    probe.locker.close();
    const rename = trace.steps.findIndex((s) => s.call === 'rename');
    expect(trace.steps[rename - 1]?.call).toBe('mkdir');

    // The screenshot's rename fails after its prefix folder was made; the bill goes into that folder; power cut.
    const { store, locker, caseId } = await freshLocker();
    const run = await runImport(
      locker,
      caseId,
      [png!.file, twin.file],
      { kind: 'error', at: rename, code: 'EIO' },
      true,
    );
    locker.close();
    expect(run.result?.errors.map((e) => e.path)).toEqual([png!.file]);
    expect(run.result?.added.map((a) => a.sha256)).toEqual([twin.sha256]);
    faults.model!.apply();

    const lost = await problemsAfterReopen(store);
    expect(lost).toEqual([]);
  });
});

/** What verify finds after a re-open, by kind and original. */
async function problemsAfterReopen(store: string): Promise<{ kind: string; sha256?: string }[]> {
  const locker = await Locker.open(store);
  try {
    const report = await verifyLocker(locker);
    return report.problems.map((p) => ({ kind: p.kind, ...(p.sha256 ? { sha256: p.sha256 } : {}) }));
  } finally {
    locker.close();
  }
}
