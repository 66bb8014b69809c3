import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorResult } from '../../electron/ipc/dispatch.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { exportInChild, type ExportUsage } from '../../electron/services/export/child.ts';
import { NotFoundError } from '../../electron/services/errors.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { buildSampleCase, FIXED_NOW } from './fixture.ts';

const tempDir = useTempDirs();

describe('the packet written in a process of its own', () => {
  it('is the very packet the same export writes in place, and is logged once by the locker', async () => {
    const sample = await buildSampleCase(tempDir(), tempDir());
    const { locker, caseId } = sample;
    try {
      const out = tempDir();
      const clock = () => FIXED_NOW;
      const before = locker.custodyLog({ caseId }).filter((e) => e.action === 'case.export').length;
      let usage: ExportUsage | undefined;
      const apart = await exportInChild(
        locker,
        caseId,
        { out: path.join(out, 'apart.pdf'), zip: path.join(out, 'apart.zip'), lang: 'en', clock },
        { onUsage: (u) => (usage = u) },
      );
      const inPlace = await exportPacket(locker, caseId, {
        out: path.join(out, 'here.pdf'),
        zip: path.join(out, 'here.zip'),
        lang: 'en',
        clock,
        record: false,
      });
      expect(apart.reference).toBe(inPlace.reference);
      expect(apart.pages).toBe(inPlace.pages);
      expect(apart.exhibits).toEqual(inPlace.exhibits);
      // Byte for byte the same PDF (the archive differs only by the custody log it carries, one entry longer).
      expect(apart.files[0]!.sha256).toBe(inPlace.files[0]!.sha256);
      expect(apart.files.map((f) => path.extname(f.path))).toEqual(['.pdf', '.zip']);
      expect(readFileSync(apart.files[0]!.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The process's own connection wrote the custody entry; this one reads it.
      const logged = locker.custodyLog({ caseId }).filter((e) => e.action === 'case.export');
      expect(logged).toHaveLength(before + 1);
      expect(logged.at(-1)!.details).toMatchObject({ reference: apart.reference });
      // It says what it used: its own peak memory (not this process's), some CPU time, and it ran below
      // this process's priority (nice 5), so the caller's thread answering the user goes first.
      expect(usage!.peakRss).toBeGreaterThan(20 * 1024 * 1024);
      expect(usage!.peakRss).not.toBe(process.resourceUsage().maxRSS * 1024);
      expect(usage!.cpuMs).toBeGreaterThan(0);
      expect(usage!.priority).toBe(Math.max(getPriority(), 5));
    } finally {
      locker.close();
    }
  });

  it('gives back an error of its own kind, worded as it would be in place', async () => {
    const sample = await buildSampleCase(tempDir(), tempDir());
    try {
      const error = await exportInChild(sample.locker, 'case_missing', {
        out: path.join(tempDir(), 'p.pdf'),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(errorResult(error, () => {})).toEqual({
        ok: false,
        error: {
          code: 'not_found',
          message: 'No case with the id "case_missing".',
          coded: {
            code: 'not-found',
            params: { id: 'case_missing', thing: { code: 'thing.case', params: {} } },
          },
        },
      });
    } finally {
      sample.locker.close();
    }
  });
});
