import { describe, expect, it } from 'vitest';
import { runImporters } from '../../electron/services/importers/index.ts';
import { ctx } from './helpers.ts';

/**
 * WhatsApp exports whose message stamps are written in less common locale styles. The stamp shapes follow
 * the list of date formats found in real chats that the whatsapp-chat-parser project keeps in its tests
 * (Pustur/whatsapp-chat-parser, tests/unit/parser.test.ts: `13.06.18 21.25.15: a: m`,
 * `13.6.2018 klo 21.25.15 - a: m`, `13. 6. 2018. 21:25:15 a: m`). Names and texts are made up.
 */

const read = async (lines: string[]) => {
  const result = await runImporters(Buffer.from(lines.join('\n') + '\n'), ctx('chat.txt', 'UTC'));
  return {
    format: result?.format,
    messages: result?.messages.map((m) => [m.utc, m.sender, m.text]),
  };
};

describe('WhatsApp stamps in other locale styles', () => {
  it('reads a dotted date and time ending in a colon', async () => {
    expect(
      await read(['13.06.18 21.25.15: Anna: the deposit?', '14.06.18 08.01.02: Ben: sent it', 'by bank']),
    ).toEqual({
      format: 'whatsapp-txt',
      messages: [
        ['2018-06-13T21:25:15.000Z', 'Anna', 'the deposit?'],
        ['2018-06-14T08:01:02.000Z', 'Ben', 'sent it\nby bank'],
      ],
    });
  });

  it('reads the Finnish `klo` before the time', async () => {
    expect(await read(['13.6.2018 klo 21.25.15 - Anna: hei', '2.7.2018 klo 9.05.00 - Ben: moi'])).toEqual({
      format: 'whatsapp-txt',
      messages: [
        ['2018-06-13T21:25:15.000Z', 'Anna', 'hei'],
        ['2018-07-02T09:05:00.000Z', 'Ben', 'moi'],
      ],
    });
  });

  it('reads the Hungarian `13. 6. 2018.` date with nothing between the time and the sender', async () => {
    expect(await read(['13. 6. 2018. 21:25:15 Anna: szia', '14. 6. 2018. 7:02:00 Ben: helló'])).toEqual({
      format: 'whatsapp-txt',
      messages: [
        ['2018-06-13T21:25:15.000Z', 'Anna', 'szia'],
        ['2018-06-14T07:02:00.000Z', 'Ben', 'helló'],
      ],
    });
  });

  it('does not take a plain dated transcript for a WhatsApp export', async () => {
    const result = await runImporters(
      Buffer.from('2025-03-01 12:00 Anna: hello\n2025-03-01 12:05 Ben: hi\n'),
      ctx('notes.txt', 'UTC'),
    );
    expect(result?.format).not.toBe('whatsapp-txt');
  });
});
