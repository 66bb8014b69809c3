import { CHINA_OFFSET, instantFromLocal, instantFromMs } from '../util/time.ts';
import { firstLines, tokenizeCsv } from './csv.ts';
import { decodeEntities } from './ofx.ts';
import { cellText, findHeaderRow, parseWallClock } from './table.ts';
import { decodeHead, decodeText } from './text.ts';
import type { ImportResult, Importer, ParsedMessage } from './types.ts';

/**
 * WeChat chat history as CSV from the common desktop export tools (WeChatMsg / 留痕 and their forks), whose
 * columns follow WeChat's own MSG table: `localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,
 * StrContent,StrTime,Remark,NickName,Sender`. `CreateTime` (Unix seconds) is the instant; `StrTime` is the
 * fallback, China local time (UTC+08:00). Type 1 is text, 10000/10002 system notices; pictures, voice,
 * video, stickers and files are named in `attachments` (a file's title is read from its XML). `IsSender`
 * = 1 means the exporting user, whose messages carry the sender name `我` unless `Sender` names them.
 */

const FORMAT = 'wechat-chat-csv';
const LABEL = 'WeChat chat history (CSV export)';
const HEADER_SEARCH_LINES = 5;

const REQUIRED = ['StrContent', 'IsSender', 'Type'] as const;

export function isWechatChatHeader(names: ReadonlySet<string>): boolean {
  return REQUIRED.every((n) => names.has(n)) && (names.has('CreateTime') || names.has('StrTime'));
}

const MEDIA_LABELS: Readonly<Record<string, string>> = {
  '3': '[图片]',
  '34': '[语音]',
  '43': '[视频]',
  '47': '[表情]',
  '48': '[位置]',
  '42': '[名片]',
};
const SYSTEM_TYPES = new Set(['10000', '10002']);
const TITLE_RE = /<title>([\s\S]*?)<\/title>/;
const SELF = '我';

/** A file or link message (type 49) is XML; its `<title>` is what a person would call it. */
function titleOf(xml: string): string {
  const m = TITLE_RE.exec(xml.slice(0, 20_000));
  const raw = m?.[1]?.trim() ?? '';
  return decodeEntities(raw.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')).trim();
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
    let instant: { utc: string; offset: number } | null;
    if (/^\d{9,11}$/.test(seconds)) {
      instant = instantFromMs(Number(seconds) * 1000, CHINA_OFFSET);
    } else {
      const wall = parseWallClock(cell(cells, at.strTime));
      instant = wall ? instantFromLocal(wall, CHINA_OFFSET) : null;
    }
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
    } else if (type === '49') {
      const title = titleOf(content);
      if (title !== '') {
        attachments.push(title);
        text = title;
      }
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

export const wechatChatCsvImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => {
    const rows = tokenizeCsv(firstLines(decodeHead(head), HEADER_SEARCH_LINES));
    return findHeaderRow(rows, isWechatChatHeader, HEADER_SEARCH_LINES) >= 0;
  },
  parse: (bytes) => parseWechatChatCsv(bytes),
};
