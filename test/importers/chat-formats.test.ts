import { describe, expect, it } from 'vitest';
import { lineTxtImporter, parseLineChat } from '../../electron/services/importers/line-txt.ts';
import { parseTranscript, transcriptTxtImporter } from '../../electron/services/importers/transcript-txt.ts';
import {
  parseWechatChatCsv,
  wechatChatCsvImporter,
} from '../../electron/services/importers/wechat-chat-csv.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('wechatChatCsvImporter', () => {
  const file = readFixture('wechat-chat.csv');

  it('detects the WeChatMsg / 留痕 column set and not a payment bill', () => {
    expect(wechatChatCsvImporter.detect(file, ctx('x.bin'))).toBe(true);
    expect(wechatChatCsvImporter.detect(readFixture('wechatpay.csv'), ctx())).toBe(false);
  });

  it('reads messages at UTC+08:00 from CreateTime, the exporting user as 我', () => {
    const result = parseWechatChatCsv(file);
    expectWellFormed(result);
    expect(result.messages[0]).toEqual({
      utc: '2025-03-01T01:00:00.000Z',
      offset: 480,
      sender: '元保客服',
      text: '您好，您的元保会员将于明日自动续费39.90元',
      attachments: [],
      isSystem: false,
      line: 2,
      chat: '元保客服',
    });
    expect(result.messages[1]).toMatchObject({ sender: '我', text: '请取消自动续费, 谢谢' });
  });

  it('names pictures and files, marks system notices, and falls back to StrTime', () => {
    const ms = parseWechatChatCsv(file).messages;
    expect(ms[2]).toMatchObject({ text: '[图片]', attachments: ['[图片]'] });
    expect(ms[3]).toMatchObject({ text: '续费协议.pdf', attachments: ['续费协议.pdf'] });
    expect(ms[4]).toMatchObject({ isSystem: true, sender: '', text: '你撤回了一条消息' });
    expect(ms[5]).toMatchObject({ utc: '2025-03-01T01:11:00.000Z', line: 7 });
  });

  it('reports an unreadable time by line', () => {
    expect(parseWechatChatCsv(file).problems).toEqual([
      { line: 8, error: 'unreadable time "2025-02-30 09:12:00"' },
    ]);
  });
});

describe('WeChat chat CSVs from PyWxDump and MemoTrace', () => {
  /** Python's csv module: CRLF rows, a cell quoted when it holds a comma, a quote or a line break. */
  const csv = (rows: string[][]) =>
    rows
      .map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
      .join('\r\n') + '\r\n';

  it('reads a PyWxDump export: type names, media by their src, a quote, a recall and a system notice', () => {
    // PyWxDump's export_csv columns, UTF-8 with BOM (utf-8-sig) as Excel needs it; CreateTime written as
    // China local time; is_sender 1 for the exporting user; room_name the conversation.
    const file = Buffer.from(
      '\ufeff' +
        csv([
          ['id', 'MsgSvrID', 'type_name', 'is_sender', 'talker', 'room_name', 'msg', 'src', 'CreateTime'],
          [
            '1',
            '7254301234567890123',
            '文本',
            '0',
            'wxid_kefu01',
            'wxid_kefu01',
            '您的会员将于明日自动续费39.90元',
            '',
            '2025-03-01 09:00:00',
          ],
          [
            '2',
            '7254301234567890124',
            '文本',
            '1',
            'wxid_me',
            'wxid_kefu01',
            '请取消自动续费, 谢谢',
            '',
            '2025-03-01 09:01:00',
          ],
          [
            '3',
            '7254301234567890125',
            '图片',
            '1',
            'wxid_me',
            'wxid_kefu01',
            '图片',
            'FileStorage\\MsgAttach\\9e2\\Image\\2025-03\\d3f1a.dat',
            '2025-03-01 09:02:00',
          ],
          [
            '4',
            '7254301234567890126',
            '引用回复',
            '0',
            'wxid_kefu01',
            'wxid_kefu01',
            '已为您取消\n「我: 请取消自动续费, 谢谢」',
            '',
            '2025-03-01 09:05:00',
          ],
          [
            '5',
            '7254301234567890127',
            '撤回消息',
            '0',
            'wxid_kefu01',
            'wxid_kefu01',
            '"元保客服" 撤回了一条消息',
            '',
            '2025-03-01 09:06:00',
          ],
          [
            '6',
            '0',
            '系统通知',
            '0',
            '',
            'wxid_kefu01',
            '你已添加了元保客服，现在可以开始聊天了。',
            '',
            '1740791220',
          ],
        ]),
    );
    expect(wechatChatCsvImporter.detect(file, ctx('x.csv'))).toBe(true);
    const result = parseWechatChatCsv(file);
    expect(result.problems).toEqual([]);
    expect(
      result.messages.map((m) => [m.line, m.utc, m.sender, m.text, m.attachments, m.isSystem, m.chat]),
    ).toEqual([
      [
        2,
        '2025-03-01T01:00:00.000Z',
        'wxid_kefu01',
        '您的会员将于明日自动续费39.90元',
        [],
        false,
        'wxid_kefu01',
      ],
      [3, '2025-03-01T01:01:00.000Z', '我', '请取消自动续费, 谢谢', [], false, 'wxid_kefu01'],
      [4, '2025-03-01T01:02:00.000Z', '我', '图片', ['d3f1a.dat'], false, 'wxid_kefu01'],
      [
        5,
        '2025-03-01T01:05:00.000Z',
        'wxid_kefu01',
        '已为您取消\n「我: 请取消自动续费, 谢谢」',
        [],
        false,
        'wxid_kefu01',
      ],
      [7, '2025-03-01T01:06:00.000Z', '', '"元保客服" 撤回了一条消息', [], true, 'wxid_kefu01'],
      [
        8,
        '2025-03-01T01:07:00.000Z',
        '',
        '你已添加了元保客服，现在可以开始聊天了。',
        [],
        true,
        'wxid_kefu01',
      ],
    ]);
  });

  it('reads MemoTrace rows holding XML: a picture, a quote with the message it quotes, a recall in words', () => {
    // MemoTrace / 留痕: WeChat's MSG table as it is, so StrContent of pictures, quotes (Type 49, SubType
    // 57) and recalls (Type 10002, a <sysmsg type="revokemsg">) is the XML WeChat stored.
    const file = Buffer.from(
      csv([
        [
          'localId',
          'TalkerId',
          'Type',
          'SubType',
          'IsSender',
          'CreateTime',
          'Status',
          'StrContent',
          'StrTime',
          'Remark',
          'NickName',
          'Sender',
        ],
        [
          '1',
          '12',
          '3',
          '0',
          '1',
          '1740790860',
          '2',
          '<?xml version="1.0"?><msg><img aeskey="ab" length="20480" /></msg>',
          '2025-03-01 09:01:00',
          '元保客服',
          '元保',
          '',
        ],
        [
          '2',
          '12',
          '49',
          '57',
          '0',
          '1740790920',
          '2',
          '<msg><appmsg appid=""><title>已为您取消</title><type>57</type><refermsg><type>1</type><displayname>我</displayname><content>请取消自动续费</content></refermsg></appmsg></msg>',
          '2025-03-01 09:02:00',
          '元保客服',
          '元保',
          '',
        ],
        [
          '3',
          '12',
          '10002',
          '0',
          '0',
          '1740790980',
          '4',
          '<sysmsg type="revokemsg"><revokemsg><session>wxid_k</session><replacemsg><![CDATA["元保客服" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>',
          '2025-03-01 09:03:00',
          '元保客服',
          '元保',
          '',
        ],
      ]),
    );
    const ms = parseWechatChatCsv(file).messages;
    expect(ms.map((m) => [m.sender, m.text, m.attachments, m.isSystem])).toEqual([
      ['我', '[图片]', ['[图片]'], false],
      ['元保客服', '已为您取消\n「我: 请取消自动续费」', [], false],
      ['', '"元保客服" 撤回了一条消息', [], true],
    ]);
  });
});

describe('lineTxtImporter', () => {
  const file = readFixture('line-chat.txt');
  const parse = (bytes: Buffer) => parseLineChat(bytes, ctx('chat.txt', 'Asia/Tokyo'));

  it('detects the [LINE] title line only', () => {
    expect(lineTxtImporter.detect(file, ctx('x'))).toBe(true);
    expect(lineTxtImporter.detect(Buffer.from('LINE chat\n'), ctx())).toBe(false);
  });

  it('reads tab-separated messages under their date line in the case zone', () => {
    const result = parse(file);
    expectWellFormed(result);
    expect(result.messages[0]).toEqual({
      utc: '2024-01-05T00:15:00.000Z',
      offset: 540,
      sender: 'Li Wei',
      text: 'Please cancel my plan.',
      attachments: [],
      isSystem: false,
      line: 5,
      chat: 'Yuanbao Support',
    });
    expect(result.document).toEqual({
      title: '[LINE] Chat history with Yuanbao Support',
      details: { chat: 'Yuanbao Support' },
    });
  });

  it('joins quoted multi-line messages and continuation lines, marks media and system lines', () => {
    const ms = parse(file).messages;
    expect(ms[1]?.text).toBe('We received your request.\nIt will take 3 days.');
    expect(ms[2]?.attachments).toEqual(['[Photo]']);
    expect(ms[3]).toMatchObject({ isSystem: true, sender: '', text: 'Li Wei joined the chat' });
    expect(ms[4]).toMatchObject({
      utc: '2024-01-05T04:05:00.000Z',
      text: 'Still charged today\nthis continues the message',
    });
  });

  it('reads the English weekday date form and reports an impossible time', () => {
    const result = parse(file);
    expect(result.messages.at(-1)).toMatchObject({ utc: '2024-01-13T01:00:00.000Z', text: 'Any update?' });
    expect(result.problems).toEqual([{ line: 15, error: 'impossible time in "25:00\tLi Wei\tbad time"' }]);
  });
});

describe('LINE exports in Japanese, Chinese and English', () => {
  const read = (text: string) => parseLineChat(Buffer.from(text), ctx('chat.txt', 'Asia/Tokyo'));

  it('reads a Japanese export: BOM, CRLF, 保存日時, a quoted two-line message, a recall, a wrong weekday', () => {
    // LINE for iOS, Japanese: `[LINE] 名前とのトーク履歴`, `保存日時：`, `YYYY/MM/DD(曜)` date lines after a blank
    // line, `HH:MM<TAB>name<TAB>text`; a message with line breaks is wrapped in `"`; a recall is a time line
    // with no name column. 2024-01-06 was a Saturday, yet the export says (月): the weekday is not trusted.
    const text = [
      '\ufeff[LINE] 田中太郎とのトーク履歴',
      '保存日時：2024/01/06 10:00',
      '',
      '2024/01/05(金)',
      '10:15\t田中太郎\t自動更新を解約してください',
      '10:16\tストリーミング公式\t"ご連絡ありがとうございます。',
      '3営業日以内に対応します。"',
      '10:20\t田中太郎\t[写真]',
      '10:21\t田中太郎がメッセージの送信を取り消しました',
      '',
      '2024/01/06(月)',
      '午後9:00\t田中太郎\tまだ請求されています',
      '',
    ].join('\r\n');
    expect(lineTxtImporter.detect(Buffer.from(text), ctx())).toBe(true);
    const result = read(text);
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.utc, m.sender, m.text, m.isSystem, m.attachments])).toEqual([
      ['2024-01-05T01:15:00.000Z', '田中太郎', '自動更新を解約してください', false, []],
      [
        '2024-01-05T01:16:00.000Z',
        'ストリーミング公式',
        'ご連絡ありがとうございます。\n3営業日以内に対応します。',
        false,
        [],
      ],
      ['2024-01-05T01:20:00.000Z', '田中太郎', '[写真]', false, ['[写真]']],
      ['2024-01-05T01:21:00.000Z', '', '田中太郎がメッセージの送信を取り消しました', true, []],
      ['2024-01-06T12:00:00.000Z', '田中太郎', 'まだ請求されています', false, []],
    ]);
    expect(result.document).toEqual({
      title: '[LINE] 田中太郎とのトーク履歴',
      details: { chat: '田中太郎' },
    });
  });

  it('reads a Chinese (Taiwan) export: 儲存日期, `YYYY.MM.DD 星期五` and `（週六）` date lines, 上午 / 下午 times', () => {
    // LINE in Traditional Chinese: `[LINE] 與名前的聊天記錄`; newer versions write `2024.01.05 星期五`, older
    // ones `2024/01/06（週六）` with full-width brackets; 12-hour times as `下午10:15`. LF line endings.
    const text = [
      '[LINE] 與客服的聊天記錄',
      '儲存日期：2024/01/06 10:00',
      '',
      '2024.01.05 星期五',
      '下午10:15\t王小明\t請取消自動續約',
      '下午10:16\t客服\t"好的',
      '已為您處理"',
      '',
      '2024/01/06（週六）',
      '上午09:00\t王小明\t[照片]',
      '',
    ].join('\n');
    const result = read(text);
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.utc, m.sender, m.text])).toEqual([
      ['2024-01-05T13:15:00.000Z', '王小明', '請取消自動續約'],
      ['2024-01-05T13:16:00.000Z', '客服', '好的\n已為您處理'],
      ['2024-01-06T00:00:00.000Z', '王小明', '[照片]'],
    ]);
    expect(result.messages[2]?.attachments).toEqual(['[照片]']);
    expect(result.document?.details).toEqual({ chat: '客服' });
  });

  it('reads an English export: `Saved on:`, `Mon, 01/05/2024` with a wrong weekday, and `2024.01.06 Saturday`', () => {
    const text = [
      '[LINE] Chat history with Support',
      'Saved on: 1/6/2024, 10:00 AM',
      '',
      'Mon, 01/05/2024',
      '10:15 PM\tLi Wei\tPlease cancel',
      '',
      '2024.01.06 Saturday',
      '9:00 AM\tSupport\tDone',
      '',
    ].join('\n');
    const result = read(text);
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.utc, m.sender, m.text])).toEqual([
      ['2024-01-05T13:15:00.000Z', 'Li Wei', 'Please cancel'],
      ['2024-01-06T00:00:00.000Z', 'Support', 'Done'],
    ]);
  });
});

describe('transcriptTxtImporter', () => {
  const file = readFixture('transcript.txt');
  const parse = (bytes: Buffer) => parseTranscript(bytes, ctx('notes.txt', 'Asia/Shanghai'));

  it('detects a time-stamped transcript but not a CSV or prose', () => {
    expect(transcriptTxtImporter.detect(file, ctx())).toBe(true);
    expect(transcriptTxtImporter.detect(Buffer.from('2025-08-27 08:01,a,b,c\n'), ctx())).toBe(false);
    expect(transcriptTxtImporter.detect(Buffer.from('Notes\n2025-08-27 08:01 A: x'), ctx())).toBe(false);
  });

  it('reads plain, dashed, bracketed and offset forms; continuation lines join the message', () => {
    const result = parse(file);
    expectWellFormed(result);
    expect(result.messages.map((m) => [m.line, m.utc, m.offset, m.sender, m.text, m.isSystem])).toEqual([
      [1, '2025-08-27T00:01:00.000Z', 480, 'Li Wei', 'I did not authorise the 39.90 charge.', false],
      [2, '2025-08-27T00:02:00.000Z', 480, 'Agent 17', 'Let me check.\nThe charge came from Yuanbao.', false],
      [4, '2025-08-27T00:05:30.000Z', 480, 'Agent 17', 'Refund opened, case 5521.', false],
      [5, '2025-08-27T06:06:00.000Z', 120, 'Li Wei', 'Thanks', false],
      [6, '2025-08-27T00:07:00.000Z', 480, '', 'Call ended', true],
    ]);
    expect(result.problems).toEqual([
      { line: 7, error: 'impossible date or time in "2025-02-30 08:08 Li Wei: bad date"' },
    ]);
  });
});
