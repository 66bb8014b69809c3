import { describe, expect, it } from 'vitest';
import { parseWhatsappTxt, whatsappTxtImporter } from '../../electron/services/importers/whatsapp-txt.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

const parse = (text: string | Buffer, timeZone = 'UTC', fileName = 'chat.txt') =>
  parseWhatsappTxt(typeof text === 'string' ? Buffer.from(text) : text, ctx(fileName, timeZone));

describe('whatsappTxtImporter', () => {
  const android = readFixture('whatsapp-android-dmy.txt');
  const ios = readFixture('whatsapp-ios-mdy-12h.txt');

  it('detects Android and iOS exports by their first line', () => {
    expect(whatsappTxtImporter.detect(android, ctx())).toBe(true);
    expect(whatsappTxtImporter.detect(ios, ctx())).toBe(true);
    expect(whatsappTxtImporter.detect(Buffer.from('\n\n[30/01/2019, 20:49:00] A: hi'), ctx())).toBe(true);
  });

  it('does not claim a CSV or prose', () => {
    expect(whatsappTxtImporter.detect(readFixture('wechatpay.csv'), ctx())).toBe(false);
    expect(whatsappTxtImporter.detect(Buffer.from('Dear bank,\n30/01/2019, 20:49 - A: hi'), ctx())).toBe(
      false,
    );
    expect(whatsappTxtImporter.detect(Buffer.from('[30/01/2019, 20:49 - A: hi'), ctx())).toBe(false);
  });

  it('reads an Android export in the given time zone', () => {
    const result = parse(android, 'Europe/Madrid', 'WhatsApp Chat with Ana.txt');
    expectWellFormed(result);
    expect(result.messages[1]).toEqual({
      utc: '2019-01-30T19:49:00.000Z',
      offset: 60,
      sender: 'Ana',
      text: 'Did you get the receipt?',
      attachments: [],
      isSystem: false,
      line: 2,
      chat: 'Ana',
    });
  });

  it('marks lines without a sender as system lines, even when they quote a colon', () => {
    const messages = parse(android).messages;
    expect(messages[0]).toMatchObject({ isSystem: true, sender: '', line: 1 });
    expect(messages.at(-1)).toMatchObject({
      isSystem: true,
      sender: '',
      text: 'Ben changed the subject to "Refund: order 42"',
    });
  });

  it('joins continuation lines and lists attachments', () => {
    const messages = parse(android).messages;
    expect(messages[2]).toMatchObject({
      text: 'IMG-20190130-WA0001.jpg (file attached)\nHere it is',
      attachments: ['IMG-20190130-WA0001.jpg'],
    });
    expect(messages[3]).toMatchObject({ attachments: ['<Media omitted>'] });
    expect(messages[4]).toMatchObject({ text: 'Line one\nline two: still Ana\nline three', line: 6 });
  });

  it('reports an impossible date and drops its message', () => {
    const result = parse(android);
    expect(result.messages).toHaveLength(6);
    expect(result.problems).toEqual([
      { line: 9, error: 'impossible date or time (dmy) in "31/02/2019, 10:00 - Ana: impossible date"' },
    ]);
  });

  it('reads an iOS export with 12-hour clock, narrow spaces, marks, 2-digit years and CRLF', () => {
    const result = parse(ios, 'Asia/Shanghai');
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.utc, m.sender, m.isSystem, m.text])).toEqual([
      ['2019-01-30T12:49:12.000Z', 'Ana', false, 'Hello'],
      ['2019-01-30T12:50:01.000Z', 'Ben', false, '<attached: 00000012-PHOTO-2019-01-30-20-50-01.jpg>'],
      ['2019-01-30T12:51:00.000Z', 'Refund group', true, 'Ben added Ana'],
      ['2019-02-12T16:05:00.000Z', 'Ana', false, 'after midnight\ncontinued'],
      ['2019-02-13T04:00:00.000Z', 'Ben', false, 'noon\u00a0sharp'],
    ]);
    expect(result.messages[1]?.attachments).toEqual(['00000012-PHOTO-2019-01-30-20-50-01.jpg']);
  });

  it('reads the Spanish "p. m." clock with either kind of space', () => {
    for (const space of [' ', '\u00a0', '\u202f']) {
      const [m] = parse(`30/01/2019, 08:49${space}p.${space}m. - Jahn Doe: hola`).messages;
      expect(m?.utc).toBe('2019-01-30T20:49:00.000Z');
    }
    expect(parse('20/06/2020, 00:08 a. m. - A: x').messages[0]?.utc).toBe('2020-06-20T00:08:00.000Z');
    expect(parse('20/06/2020, 12:10 a. m. - A: x').messages[0]?.utc).toBe('2020-06-20T00:10:00.000Z');
  });

  it('decides day-month order from the whole file', () => {
    const monthFirst = parse('01/02/2019, 10:00 - A: x\n01/13/2019, 10:00 - A: y\n');
    expect(monthFirst.messages[0]?.utc).toBe('2019-01-02T10:00:00.000Z');
    const dayFirst = parse('01/02/2019, 10:00 - A: x\n13/01/2019, 10:00 - A: y\n');
    expect(dayFirst.messages[0]?.utc).toBe('2019-02-01T10:00:00.000Z');
  });

  it('falls back to chronology when no field is above 12', () => {
    const dayFirst = parse('01/02/2019, 10:00 - A: x\n05/02/2019, 10:00 - A: y\n10/03/2019, 10:00 - A: z\n');
    expect(dayFirst.messages.map((m) => m.utc.slice(0, 10))).toEqual([
      '2019-02-01',
      '2019-02-05',
      '2019-03-10',
    ]);
    const monthFirst = parse(
      '01/02/2019, 10:00 - A: x\n01/05/2019, 10:00 - A: y\n02/01/2019, 10:00 - A: z\n',
    );
    expect(monthFirst.messages.map((m) => m.utc.slice(0, 10))).toEqual([
      '2019-01-02',
      '2019-01-05',
      '2019-02-01',
    ]);
  });

  it('reads dotted German dates and year-first dates', () => {
    expect(parse('30.01.19, 20:49 - A: x').messages[0]?.utc).toBe('2019-01-30T20:49:00.000Z');
    expect(parse('[2019-01-30, 20:49:05] A: x').messages[0]?.utc).toBe('2019-01-30T20:49:05.000Z');
  });

  it('resolves daylight saving time per message', () => {
    const result = parse('15/01/2021, 12:00 - A: winter\n15/07/2021, 12:00 - A: summer\n', 'Europe/Berlin');
    expect(result.messages.map((m) => [m.utc, m.offset])).toEqual([
      ['2021-01-15T11:00:00.000Z', 60],
      ['2021-07-15T10:00:00.000Z', 120],
    ]);
  });

  it('reports text before the first message and an unknown time zone', () => {
    const result = parse('garbage\n30/01/2019, 20:49 - A: x', 'Mars/Olympus');
    expect(result.problems).toEqual([
      { line: 0, error: 'unknown time zone "Mars/Olympus"; times read as UTC' },
      { line: 1, error: 'text before the first message' },
    ]);
    expect(result.messages[0]?.utc).toBe('2019-01-30T20:49:00.000Z');
  });
});

describe('WhatsApp exports in other locales', () => {
  it('reads a German iOS export whose every line, continuation lines too, starts with a BOM', () => {
    // German iOS: `[dd.mm.yy, HH:MM:SS] Name: text`, CRLF, and U+FEFF at the start of every line (what
    // iOS 17's "Chat exportieren" wrote); `Bild weggelassen` after a U+200E mark for a left-out picture.
    const text = [
      '[05.03.25, 14:02:11] Anna Schmidt: Hallo, die Abbuchung ist wieder da',
      'zweite Zeile',
      '[05.03.25, 14:02:40] Streaming Support: \u200eBild weggelassen',
      '[14.03.25, 09:00:00] Anna Schmidt: Danke',
    ]
      .map((l) => `\ufeff${l}`)
      .join('\r\n');
    const bytes = Buffer.from(text);
    expect(whatsappTxtImporter.detect(bytes, ctx())).toBe(true);
    const result = parse(bytes, 'Europe/Berlin');
    expect(result.problems).toEqual([]);
    expect(result.messages[1]?.attachments).toEqual(['Bild weggelassen']);
    expect(result.messages.map((m) => [m.utc, m.sender, m.text])).toEqual([
      ['2025-03-05T13:02:11.000Z', 'Anna Schmidt', 'Hallo, die Abbuchung ist wieder da\nzweite Zeile'],
      ['2025-03-05T13:02:40.000Z', 'Streaming Support', 'Bild weggelassen'],
      ['2025-03-14T08:00:00.000Z', 'Anna Schmidt', 'Danke'],
    ]);
  });

  it('reads an Arabic Android export: Arabic-Indic digits, U+200F marks, ، and م / ص for PM / AM', () => {
    // Android in Arabic: `٢٠‏/٣‏/٢٠٢٤، ٩:٤٥ م - name: text` — digits U+0660–0669, an RLM after each date
    // field, the Arabic comma U+060C, and م (مساءً, PM) / ص (صباحًا, AM).
    const text = [
      '٢٠\u200f/٣\u200f/٢٠٢٤، ٩:٤٥ م - أحمد: تم خصم ٣٩٫٩٠ ريال مرة أخرى',
      '٢٠\u200f/٣\u200f/٢٠٢٤، ١٠:٠٢ م - سارة: <الوسائط غير مدرجة>',
      '٢١\u200f/٣\u200f/٢٠٢٤، ١٢:١٥ ص - أحمد: صباح الخير',
      '٢١\u200f/٣\u200f/٢٠٢٤، ١٢:٣٠ م - أحمد: ظهرًا',
    ].join('\n');
    const bytes = Buffer.from(text);
    expect(whatsappTxtImporter.detect(bytes, ctx())).toBe(true);
    const result = parse(bytes, 'Asia/Riyadh');
    expect(result.problems).toEqual([]);
    expect(result.messages[1]?.attachments).toEqual(['<الوسائط غير مدرجة>']);
    expect(result.messages.map((m) => [m.utc, m.offset, m.sender, m.text])).toEqual([
      // The text keeps its own digits; only the date and time are read as numbers.
      ['2024-03-20T18:45:00.000Z', 180, 'أحمد', 'تم خصم ٣٩٫٩٠ ريال مرة أخرى'],
      ['2024-03-20T19:02:00.000Z', 180, 'سارة', '<الوسائط غير مدرجة>'],
      ['2024-03-20T21:15:00.000Z', 180, 'أحمد', 'صباح الخير'],
      ['2024-03-21T09:30:00.000Z', 180, 'أحمد', 'ظهرًا'],
    ]);
  });

  it('reads an Arabic iOS export: bracketed, seconds, an RLM before each line and each name', () => {
    const text = [
      '\u200f[٢٠\u200f/٣\u200f/٢٠٢٤، ٩:٤٥:١٢ م] أحمد: مرحبا',
      '\u200f[٢١\u200f/٣\u200f/٢٠٢٤، ١٢:١٥:٠٠ ص] \u200fسارة: \u200fتم الإلغاء',
    ].join('\r\n');
    const result = parse(Buffer.from(text), 'Asia/Riyadh');
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.utc, m.sender, m.text])).toEqual([
      ['2024-03-20T18:45:12.000Z', 'أحمد', 'مرحبا'],
      ['2024-03-20T21:15:00.000Z', 'سارة', 'تم الإلغاء'],
    ]);
  });
});
