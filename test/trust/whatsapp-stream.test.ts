import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('a WhatsApp export larger than 32 MB', () => {
  it('is read from its file in slices: the chat and every media file are filed, byte for byte', async () => {
    const videos = [0, 1].map(() =>
      Buffer.concat([
        Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
        randomBytes(17 << 20),
      ]),
    );
    const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false, level: 0 });
    for (const [i, v] of videos.entries()) {
      await writer.add(`VID-20240101-WA000${i + 1}.mp4`, new Uint8ArrayReader(v));
    }
    await writer.add(
      'WhatsApp Chat with Ana.txt',
      new TextReader(
        '01/01/2024, 10:00 - Ana: VID-20240101-WA0001.mp4 (file attached)\n01/01/2024, 10:01 - Me: 收到\n',
      ),
    );
    const file = path.join(tempDir(), 'WhatsApp Chat with Ana.zip');
    writeFileSync(file, await writer.close());

    const locker = await Locker.open(tempDir());
    try {
      const c = await locker.createCase({ title: 'big chat' });
      const r = await addPaths(locker, c.id, [file]);
      expect(r.errors).toEqual([]);
      const chat = r.added.find((a) => a.format === 'whatsapp-zip')!;
      expect(chat.messages).toBe(2);
      const media = r.added.filter((a) => a.parentId === chat.id).map((a) => a.sha256);
      expect(media.sort()).toEqual(videos.map(sha).sort());
      expect((await verifyLocker(locker)).problems).toEqual([]);
    } finally {
      locker.close();
    }
  });
});
