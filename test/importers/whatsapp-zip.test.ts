import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import {
  parseWhatsappZip,
  whatsappZipImporter,
  zipNamesInHead,
} from '../../electron/services/importers/whatsapp-zip.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

type ZipEntry = [name: string, content: string | Uint8Array, level?: number];

async function makeZip(entries: ZipEntry[]): Promise<Buffer> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  for (const [name, content, level] of entries) {
    const reader = typeof content === 'string' ? new TextReader(content) : new Uint8ArrayReader(content);
    await writer.add(name, reader, { level: level ?? 6 });
  }
  return Buffer.from(await writer.close());
}

const chatText = () => readFixture('whatsapp-android-dmy.txt').toString('utf8');
const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0xd9]);

describe('whatsappZipImporter', () => {
  it('detects a WhatsApp export zip by its entry names, not an XLSX or another zip', async () => {
    const zip = await makeZip([
      ['WhatsApp Chat with Ana.txt', chatText()],
      ['IMG-20190130-WA0001.jpg', jpeg(), 0],
    ]);
    expect(zipNamesInHead(zip)).toEqual(['WhatsApp Chat with Ana.txt', 'IMG-20190130-WA0001.jpg']);
    expect(whatsappZipImporter.detect(zip, ctx('x.bin'))).toBe(true);
    expect(whatsappZipImporter.detect(await makeZip([['notes/readme.md', 'hi']]), ctx())).toBe(false);
    expect(whatsappZipImporter.detect(await makeZip([['xl/workbook.xml', '<x/>']]), ctx())).toBe(false);
  });

  it('reads the chat with the WhatsApp reader and files media by base name', async () => {
    const zip = await makeZip([
      ['WhatsApp Chat with Ana.txt', chatText()],
      ['IMG-20190130-WA0001.jpg', jpeg(), 0],
      ['../../evil/IMG-20190130-WA0002.jpg', jpeg(), 0],
    ]);
    const result = await parseWhatsappZip(zip, ctx('export.zip', 'Europe/Madrid'));
    expectWellFormed(result);
    expect(result.format).toBe('whatsapp-zip');
    expect(result.messages[1]).toMatchObject({ sender: 'Ana', chat: 'Ana', utc: '2019-01-30T19:49:00.000Z' });
    expect(result.messages.some((m) => m.attachments.includes('IMG-20190130-WA0001.jpg'))).toBe(true);
    // Media are read only when filed, one at a time: each comes with a way to read it, not its bytes.
    expect(result.files?.every((f) => f.bytes === undefined)).toBe(true);
    const media = await Promise.all(
      (result.files ?? []).map(async (f) => [f.name, f.role, (await f.open!()).length]),
    );
    expect(media).toEqual([
      ['IMG-20190130-WA0001.jpg', 'media', 15],
      ['IMG-20190130-WA0002.jpg', 'media', 15],
    ]);
    expect(result.document?.details).toEqual({ chatFile: 'WhatsApp Chat with Ana.txt', mediaCount: 2 });
  });

  it('takes the chat name from the zip name for an iOS _chat.txt', async () => {
    const zip = await makeZip([['_chat.txt', '[30/01/2019, 20:49:12] Ana: hi\n']]);
    const result = await parseWhatsappZip(zip, ctx('WhatsApp Chat - Ana.zip', 'UTC'));
    expect(result.messages).toMatchObject([{ chat: 'Ana', sender: 'Ana', text: 'hi' }]);
  });

  it('refuses an entry compressed more than 200:1 and keeps the rest', async () => {
    const zip = await makeZip([
      ['_chat.txt', '[30/01/2019, 20:49:12] Ana: hi\n'],
      ['IMG-20190130-WA0003.jpg', new Uint8Array(4 * 1024 * 1024), 9],
    ]);
    const result = await parseWhatsappZip(zip, ctx('x.zip', 'UTC'));
    expect(result.messages).toHaveLength(1);
    expect(result.files ?? []).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.error).toMatch(/^"IMG-20190130-WA0003.jpg" is compressed \d+:1; refused$/);
  });

  it('refuses the whole zip when its entries declare more than the total limit', async () => {
    const zip = await makeZip([['_chat.txt', '[30/01/2019, 20:49:12] Ana: hi\n']]);
    const result = await parseWhatsappZip(zip, ctx('x.zip', 'UTC'), { maxTotalBytes: 10, maxRatio: 200 });
    expect(result.messages).toEqual([]);
    expect(result.problems).toEqual([
      { line: 0, error: 'the zip would unpack to 31 bytes, over the 10-byte limit; nothing was read' },
    ]);
  });

  it('reports a zip without a chat file and a damaged zip without throwing', async () => {
    const noChat = await parseWhatsappZip(await makeZip([['IMG-20190130-WA0001.jpg', jpeg(), 0]]), ctx());
    expect(noChat.problems).toEqual([
      { line: 0, error: 'no chat text (_chat.txt or WhatsApp Chat … .txt) in the zip' },
    ]);
    const zip = await makeZip([['_chat.txt', 'x']]);
    const broken = await parseWhatsappZip(zip.subarray(0, zip.length - 10), ctx());
    expect(broken.problems[0]?.error).toMatch(/^not a readable zip/);
  });
});
