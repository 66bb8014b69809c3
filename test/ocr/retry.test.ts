import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getOcrJob, setOcrJobStatus } from '../../db/queries/ocr.ts';
import { coded, say } from '../../electron/messages/say.ts';
import { runCall } from '../../electron/services/calls/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe('reading a picture again after it failed', () => {
  it('puts the failed pictures of a case back in the queue, and only those of that case', async () => {
    const dir = tempDir();
    const locker = await Locker.open(path.join(dir, 'locker'));
    try {
      const a = (await locker.createCase({ title: 'A' })).id;
      const b = (await locker.createCase({ title: 'B' })).id;
      writeFileSync(path.join(dir, 'a.png'), await makePng(60, 120, 1));
      writeFileSync(path.join(dir, 'b.png'), await makePng(60, 120, 2));
      const ia = (await addPaths(locker, a, [path.join(dir, 'a.png')])).added[0]!.id;
      const ib = (await addPaths(locker, b, [path.join(dir, 'b.png')])).added[0]!.id;
      const problem = coded('ocr.read-failed', { reason: coded('ocr.no-answer', { limit: '60 s' }) });
      for (const id of [ia, ib])
        setOcrJobStatus(locker.db, id, 'failed', { problem, error: say(problem) }, locker.now());
      const before = await runCall({ locker }, 'ocr:status', { caseId: a });
      expect(before).toMatchObject({ failed: 1, pending: 0 });
      const after = await runCall({ locker }, 'ocr:retry', { caseId: a });
      expect(after).toMatchObject({ failed: 0, pending: 1 });
      expect(getOcrJob(locker.db, ia)).toMatchObject({
        status: 'pending',
        attempts: 0,
        error: null,
        problem: null,
      });
      expect(getOcrJob(locker.db, ib)).toMatchObject({
        status: 'failed',
        error: 'The picture reader failed: no answer within 60 s; it was stopped',
        problem,
      });
      // The app and `locker ocr` word it in the reader's language.
      const reading = await runCall({ locker }, 'ocr:get', { evidenceId: ib });
      expect(say({ code: reading.code!, params: reading.params! }, 'zh-CN')).toBe(
        '文字识别出错：60 s 内没有回应，已停止',
      );
    } finally {
      locker.close();
    }
  });
});
