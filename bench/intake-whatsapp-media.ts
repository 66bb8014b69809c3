// A WhatsApp export with media (BENCH_WHATSAPP_MEDIA_MB, default 200 MB of pictures and videos plus a
// 20,000-message chat), filed end to end: peak memory must stay under 500 MB and flat in the export's size.
import { randomBytes } from 'node:crypto';
import { createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipWriter } from '@zip.js/zip.js';
import sharp from 'sharp';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, mb, memorySampler, report, tempDir } from './lib.ts';

const SIZE_MB = Number(process.env.BENCH_WHATSAPP_MEDIA_MB ?? 200);

/** Pictures (an 800×800 noise JPEG, each made distinct) and 4 MB "videos", stored, as WhatsApp zips them. */
async function writeExport(file: string, totalMb: number): Promise<number> {
  const sink = createWriteStream(file);
  const zip = new ZipWriter(Writable.toWeb(sink), { useWebWorkers: false, level: 0 });
  const picture = await sharp(randomBytes(800 * 800 * 3), { raw: { width: 800, height: 800, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const lines: string[] = [];
  let size = 0;
  let i = 0;
  while (size < totalMb * 1024 * 1024) {
    i += 1;
    const isVideo = i % 3 === 0;
    const name = `${isVideo ? 'VID' : 'IMG'}-20240101-WA${String(i).padStart(4, '0')}.${isVideo ? 'mp4' : 'jpg'}`;
    const bytes = isVideo
      ? Buffer.concat([ftyp, randomBytes(4 * 1024 * 1024)])
      : Buffer.concat([picture, randomBytes(16)]);
    await zip.add(name, Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>);
    size += bytes.length;
    lines.push(`01/01/2024, 10:${String(i % 60).padStart(2, '0')} - Ana: ${name} (file attached)`);
  }
  for (let k = 0; k < 20_000; k++) {
    lines.push(
      `02/01/2024, 11:${String(k % 60).padStart(2, '0')} - ${k % 2 ? 'Me' : 'Ana'}: 关于扣款的问题 ${k}`,
    );
  }
  const chat = Buffer.from(lines.join('\n') + '\n');
  await zip.add(
    'WhatsApp Chat with Ana.txt',
    Readable.toWeb(Readable.from([chat])) as ReadableStream<Uint8Array>,
  );
  await zip.close();
  if (!sink.closed) await finished(sink);
  return i;
}

const inbox = tempDir('wa-media');
const store = tempDir('store');
try {
  const file = path.join(inbox.dir, 'WhatsApp Chat with Ana.zip');
  const media = await writeExport(file, SIZE_MB);
  const bytes = statSync(file).size;
  const locker = await Locker.open(store.dir);
  const c = await locker.createCase({ title: 'bench' });
  const mem = memorySampler();
  const t0 = performance.now();
  const r = await addPaths(locker, c.id, [file]);
  const s = (performance.now() - t0) / 1000;
  const peak = mem.peak();
  mem.stop();
  locker.close();
  const chat = r.added.find((a) => a.format === 'whatsapp-zip');
  if (!chat || (chat.messages ?? 0) < 20_000 || r.added.length < media + 1 || r.errors.length)
    throw new Error(`not filed whole: ${r.added.length} items, ${JSON.stringify(r.errors.slice(0, 2))}`);
  report('import: WhatsApp export with media (ZIP)', {
    'export MB': fmt(mb(bytes), 0),
    'media files': media,
    messages: chat.messages ?? 0,
    seconds: fmt(s, 1),
    'peak RSS MB': fmt(mb(peak), 0),
  });
} finally {
  inbox.remove();
  store.remove();
}
