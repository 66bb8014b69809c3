import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorResult } from '../../electron/ipc/dispatch.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { exportInThread } from '../../electron/services/export/thread.ts';
import { NotFoundError } from '../../electron/services/errors.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { buildSampleCase, FIXED_NOW } from './fixture.ts';

const tempDir = useTempDirs();

describe('the packet written in a thread of its own', () => {
  it('is the very packet the same export writes in place, and is logged once by the locker', async () => {
    const sample = await buildSampleCase(tempDir(), tempDir());
    const { locker, caseId } = sample;
    try {
      const out = tempDir();
      const clock = () => FIXED_NOW;
      const before = locker.custodyLog({ caseId }).filter((e) => e.action === 'case.export').length;
      const threaded = await exportInThread(locker, caseId, {
        out: path.join(out, 'thread.pdf'),
        zip: path.join(out, 'thread.zip'),
        lang: 'en',
        clock,
      });
      const inPlace = await exportPacket(locker, caseId, {
        out: path.join(out, 'here.pdf'),
        zip: path.join(out, 'here.zip'),
        lang: 'en',
        clock,
        record: false,
      });
      expect(threaded.reference).toBe(inPlace.reference);
      expect(threaded.pages).toBe(inPlace.pages);
      expect(threaded.exhibits).toEqual(inPlace.exhibits);
      // Byte for byte the same PDF (the archive differs only by the custody log it carries, one entry longer).
      expect(threaded.files[0]!.sha256).toBe(inPlace.files[0]!.sha256);
      expect(threaded.files.map((f) => path.extname(f.path))).toEqual(['.pdf', '.zip']);
      expect(readFileSync(threaded.files[0]!.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The thread's own connection wrote the custody entry; this one reads it.
      const logged = locker.custodyLog({ caseId }).filter((e) => e.action === 'case.export');
      expect(logged).toHaveLength(before + 1);
      expect(logged.at(-1)!.details).toMatchObject({ reference: threaded.reference });
    } finally {
      locker.close();
    }
  });

  it('gives back an error of its own kind, worded as it would be in place', async () => {
    const sample = await buildSampleCase(tempDir(), tempDir());
    try {
      const error = await exportInThread(sample.locker, 'case_missing', {
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
