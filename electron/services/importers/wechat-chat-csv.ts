import { CHINA_OFFSET, instantFromLocal, instantFromMs } from '../util/time.ts';
import { firstLines, tokenizeCsv } from './csv.ts';
import { decodeEntities } from './ofx.ts';
import { cellText, findHeaderRow, parseWallClock } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportResult, Importer, ParsedMessage } from './types.ts';

/**
 * WeChat chat history as CSV from the common desktop export tools, in two layouts:
 * - MemoTrace / 留痕 (and WeChatMsg forks), whose columns follow WeChat's own MSG table: `localId,TalkerId,
 *   Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender`. Type 1 is text,
 *   10000/10002 system notices (a recall's XML is read down to its words); pictures, voice, video, stickers
 *   and files are named in `attachments` (a file's title is read from its XML); a quote (49/57) is the
 *   reply followed by the quoted message.
 * - PyWxDump: `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime`, the type already in
 *   words (文本, 图片, 引用回复, 撤回消息, 系统通知 …), `src` the media file's path, `room_name` the chat.
 * `CreateTime` (Unix seconds, or a `YYYY-MM-DD HH:MM:SS` string) is the instant, China local time
 * (UTC+08:00) when written as a string. `IsSender` / `is_sender` = 1 means the exporting user, whose
 * messages carry the sender name `我` unless a `Sender` column names them.
 */

const FORMAT = 'wechat-chat-csv';
const LABEL = 'WeChat chat history (CSV export)';
const HEADER_SEARCH_LINES = 5;

const REQUIRED = ['StrContent', 'IsSender', 'Type'] as const;
const PYWXDUMP_REQUIRED = ['type_name', 'is_sender', 'msg', 'CreateTime'] as const;

const isMemoTrace = (names: ReadonlySet<string>) =>
  REQUIRED.every((n) => names.has(n)) && (names.has('CreateTime') || names.has('StrTime'));
const isPyWxDump = (names: ReadonlySet<string>) =>
  PYWXDUMP_REQUIRED.every((n) => names.has(n)) && (names.has('talker') || names.has('room_name'));

export function isWechatChatHeader(names: ReadonlySet<string>): boolean {
  return isMemoTrace(names) || isPyWxDump(names);
}

const MEDIA_LABELS: Readonly<Record<string, string>> = {
  '3': '[图片]',
  '34': '[语音]',
  '43': '[视频]',
  '47': '[表情]',
  '48': '[位置]',
  '42': '[名片]',
};
/** PyWxDump's type names for media: the message is a file, named by `src` when given. */
const MEDIA_NAMES = new Set(['图片', '语音', '视频', '动画表情', '表情', '文件', '位置', '名片', '视频号']);
const SYSTEM_NAMES = new Set(['系统通知', '撤回消息', '拍一拍', '邀请入群', '系统消息']);
const SYSTEM_TYPES = new Set(['10000', '10002']);
const TITLE_RE = /<title>([\s\S]*?)<\/title>/;
const SELF = '我';

const unwrap = (raw: string) =>
  decodeEntities(raw.trim().replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')).trim();

/** The text of the first `<tag>` in an XML message, CDATA and entities undone; '' when absent. */
function tagText(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml.slice(0, 50_000));
  return m?.[1] ? unwrap(m[1]) : '';
}

/** A file or link message (type 49) is XML; its `<title>` is what a person would call it. */
function titleOf(xml: string): string {
  const m = TITLE_RE.exec(xml.slice(0, 20_000));
  return unwrap(m?.[1] ?? '');
}

/** A reply that quotes another message: `reply\n「name: quoted」`. */
function quoteText(xml: string): string {
  const refer = /<refermsg>([\s\S]*?)<\/refermsg>/.exec(xml.slice(0, 50_000))?.[1] ?? '';
  const reply = titleOf(xml);
  const who = tagText(refer, 'displayname');
  const quoted = tagText(refer, 'content');
  return quoted ? `${reply}\n「${who ? `${who}: ` : ''}${quoted.startsWith('<') ? '…' : quoted}」` : reply;
}

const baseNameOf = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

function timeOf(value: string): { utc: string; offset: number } | null {
  if (/^\d{9,11}$/.test(value)) return instantFromMs(Number(value) * 1000, CHINA_OFFSET);
  const wall = parseWallClock(value);
  return wall ? instantFromLocal(wall, CHINA_OFFSET) : null;
}

export function parseWechatChatCsv(bytes: Uint8Array): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  const rows = tokenizeCsv(decodeText(bytes));
  const headerIndex = findHeaderRow(rows, isWechatChatHeader, HEADER_SEARCH_LINES);
  const header = rows[headerIndex]?.cells.map((c) => c.trim()) ?? [];
  if (headerIndex < 0) {
    result.problems.push({ line: 0, error: 'no WeChat chat header (Type, IsSender, StrContent …) found' });
    return result;
  }
  if (isPyWxDump(new Set(header)) && !isMemoTrace(new Set(header))) {
    readPyWxDump(rows, headerIndex, header, result);
    return result;
  }
  const col = (name: string) => header.indexOf(name);
  const at = {
    type: col('Type'),
    subType: col('SubType'),
    isSender: col('IsSender'),
    createTime: col('CreateTime'),
    content: col('StrContent'),
    strTime: col('StrTime'),
    remark: col('Remark'),
    nickName: col('NickName'),
    sender: col('Sender'),
    talker: col('TalkerId'),
  };
  const cell = (cells: readonly string[], i: number) => (i < 0 ? '' : cellText(cells[i]));
  const chats = new Set<string>();
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || row.cells.every((c) => c.trim() === '')) continue;
    const { cells, line } = row;
    const seconds = cell(cells, at.createTime);
    const instant = timeOf(seconds) ?? timeOf(cell(cells, at.strTime));
    if (!instant) {
      result.problems.push({ line, error: `unreadable time "${seconds || cell(cells, at.strTime)}"` });
      continue;
    }
    const type = cell(cells, at.type);
    const content = at.content < 0 ? '' : (cells[at.content] ?? '');
    const isSelf = cell(cells, at.isSender) === '1';
    const contact = cell(cells, at.remark) || cell(cells, at.nickName) || cell(cells, at.talker);
    const sender = cell(cells, at.sender) || (isSelf ? SELF : contact);
    const isSystem = SYSTEM_TYPES.has(type);
    let text = content.trim();
    const attachments: string[] = [];
    // Own keys only: a Type cell of `constructor` must not find Object's.
    const label = Object.hasOwn(MEDIA_LABELS, type) ? MEDIA_LABELS[type] : undefined;
    if (label) {
      attachments.push(label);
      if (text.startsWith('<')) text = label;
    } else if (type === '49' && cell(cells, at.subType) === '57') {
      text = quoteText(content) || text;
    } else if (type === '49') {
      const title = titleOf(content);
      if (title !== '') {
        attachments.push(title);
        text = title;
      }
    } else if (isSystem && text.startsWith('<')) {
      // A recall or another system notice written as XML: its words are in <replacemsg> or <content>.
      text = tagText(content, 'replacemsg') || tagText(content, 'content') || text;
    }
    if (contact !== '') chats.add(contact);
    const message: ParsedMessage = {
      ...instant,
      sender: isSystem ? '' : sender,
      text,
      attachments,
      isSystem,
      line,
      chat: contact,
    };
    result.messages.push(message);
  }
  result.document = { details: { chats: [...chats] } };
  return result;
}

/** PyWxDump's CSV: the type in words, the media file's path in `src`, the chat in `room_name`. */
function readPyWxDump(
  rows: ReturnType<typeof tokenizeCsv>,
  headerIndex: number,
  header: string[],
  result: ImportResult,
) {
  const col = (name: string) => header.indexOf(name);
  const at = {
    typeName: col('type_name'),
    isSender: col('is_sender'),
    talker: col('talker'),
    room: col('room_name'),
    msg: col('msg'),
    src: col('src'),
    createTime: col('CreateTime'),
  };
  const cell = (cells: readonly string[], i: number) => (i < 0 ? '' : cellText(cells[i]));
  const chats = new Set<string>();
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || row.cells.every((c) => c.trim() === '')) continue;
    const { cells, line } = row;
    const when = cell(cells, at.createTime);
    const instant = timeOf(when);
    if (!instant) {
      result.problems.push({ line, error: `unreadable time "${when}"` });
      continue;
    }
    const typeName = cell(cells, at.typeName);
    const isSelf = cell(cells, at.isSender) === '1';
    const chat = cell(cells, at.room) || (isSelf ? '' : cell(cells, at.talker));
    const isSystem = SYSTEM_NAMES.has(typeName);
    const src = cell(cells, at.src);
    let text = (at.msg < 0 ? '' : (cells[at.msg] ?? '')).trim();
    const attachments: string[] = [];
    if (MEDIA_NAMES.has(typeName)) {
      const file = src ? baseNameOf(src) : '';
      attachments.push(file || `[${typeName}]`);
      if (text === '' || text.startsWith('<')) text = file || `[${typeName}]`;
    } else if (text.startsWith('<') && typeName === '引用回复') {
      text = quoteText(text) || text;
    }
    if (chat !== '') chats.add(chat);
    result.messages.push({
      ...instant,
      sender: isSystem ? '' : isSelf ? SELF : cell(cells, at.talker),
      text,
      attachments,
      isSystem,
      line,
      chat,
    });
  }
  result.document = { details: { chats: [...chats], layout: 'pywxdump' } };
}

export const wechatChatCsvImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => {
    const rows = tokenizeCsv(firstLines(decodeHead(head), HEADER_SEARCH_LINES));
    return findHeaderRow(rows, isWechatChatHeader, HEADER_SEARCH_LINES) >= 0;
  },
  parse: (bytes) => parseWechatChatCsv(bytes),
};
