import { describe, expect, it } from 'vitest';
import {
  parseTelegramJson,
  telegramJsonImporter,
  telegramText,
} from '../../electron/services/importers/telegram-json.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('telegramJsonImporter', () => {
  const file = readFixture('telegram-single.json');
  const parse = (bytes: Buffer, timeZone = 'Asia/Shanghai') =>
    parseTelegramJson(bytes, ctx('result.json', timeZone));

  it('detects a Telegram export by its messages and dates, not any JSON', () => {
    expect(telegramJsonImporter.detect(file, ctx('x.txt'))).toBe(true);
    expect(telegramJsonImporter.detect(Buffer.from('{"name":"x","items":[]}'), ctx())).toBe(false);
    expect(telegramJsonImporter.detect(Buffer.from('[{"messages":[], "date": 1}]'), ctx())).toBe(false);
  });

  it('reads a single chat: unixtime instants with the zone offset, entities joined', () => {
    const result = parse(file);
    expectWellFormed(result);
    expect(result.messages[1]).toEqual({
      utc: '2025-03-01T01:05:12.000Z',
      offset: 480,
      sender: 'Li Wei',
      text: 'Please cancel the auto-renewal, see https://example.com/order/42 — order 42',
      attachments: [],
      isSystem: false,
      line: 22,
      chat: 'Yuanbao Support',
    });
    expect(result.document).toEqual({
      title: 'Yuanbao Support',
      details: { chats: ['Yuanbao Support'], type: 'personal_chat' },
    });
  });

  it('keeps service messages as system lines and lists photos and files', () => {
    const ms = parse(file).messages;
    expect(ms[0]).toMatchObject({
      isSystem: true,
      sender: 'Li Wei',
      text: 'Li Wei called (missed)',
      line: 10,
    });
    expect(ms[2]?.attachments).toEqual(['photo_1@01-03-2025_09-07-00.jpg']);
    expect(ms[3]).toMatchObject({ attachments: ['statement March.pdf'], text: '' });
  });

  it('reads `date` in the case zone when there is no unixtime, and reports a bad one', () => {
    const result = parse(file, 'Europe/Berlin');
    expect(result.messages[4]).toMatchObject({
      utc: '2025-03-02T09:01:00.000Z',
      offset: 60,
      sender: '',
      attachments: ['file'],
      line: 65,
    });
    expect(result.problems).toEqual([{ line: 73, error: 'unreadable date "2025-02-30T10:01:00"' }]);
  });

  it('reads a whole-account export chat by chat', () => {
    const account = {
      about: 'x',
      contacts: { list: [{ first_name: 'A', date: '2020-01-01T00:00:00', date_unixtime: '1577836800' }] },
      chats: {
        list: [
          {
            name: 'One',
            messages: [{ type: 'message', date_unixtime: '1544006350', from: 'A', text: 'hi' }],
          },
          {
            name: 'Two',
            messages: [{ type: 'message', date_unixtime: '1544006964', from: 'B', text: ['x'] }],
          },
        ],
      },
    };
    const result = parse(Buffer.from(JSON.stringify(account, null, 1)), 'UTC');
    expect(result.messages.map((m) => [m.chat, m.sender, m.text, m.utc])).toEqual([
      ['One', 'A', 'hi', '2018-12-05T10:39:10.000Z'],
      ['Two', 'B', 'x', '2018-12-05T10:49:24.000Z'],
    ]);
    expect(result.document?.details).toEqual({ chats: ['One', 'Two'], type: 'account' });
  });

  it('reports invalid JSON as one problem', () => {
    expect(parse(Buffer.from('{"messages": [')).problems[0]?.error).toMatch(/^not valid JSON/);
  });
});

describe('telegramText', () => {
  it('joins strings and entity texts, ignoring anything else', () => {
    expect(telegramText(['a', { type: 'bold', text: 'b' }, 3, null])).toBe('ab');
    expect(telegramText('plain')).toBe('plain');
    expect(telegramText(undefined)).toBe('');
  });

  it('shows service entries in words, not as action codes like joined_telegram', () => {
    // Telegram Desktop's result.json service entries: `type: "service"`, `actor`, `action` and its fields.
    const service = (action: string, extra: Record<string, unknown> = {}) => ({
      id: 1,
      type: 'service',
      date: '2025-03-01T09:00:00',
      date_unixtime: '1740790800',
      actor: 'Anna',
      actor_id: 'user7',
      action,
      ...extra,
      text: '',
      text_entities: [],
    });
    const json = JSON.stringify({
      name: 'Refund group',
      type: 'private_group',
      id: 42,
      messages: [
        service('joined_telegram'),
        service('create_group', { title: 'Refund group', members: ['Anna', 'Ben'] }),
        service('invite_members', { members: ['Chen', 'Dana'] }),
        service('pin_message', { message_id: 7 }),
        service('some_new_action'),
      ],
    });
    const texts = parseTelegramJson(Buffer.from(json), ctx('result.json')).messages.map((m) => [
      m.isSystem,
      m.text,
    ]);
    expect(texts).toEqual([
      [true, 'Anna joined Telegram'],
      [true, 'Anna created the group «Refund group» with Anna, Ben'],
      [true, 'Anna invited Chen, Dana'],
      [true, 'Anna pinned a message'],
      [true, 'Anna some new action'],
    ]);
  });
});
