import iconv from 'iconv-lite';
import { instantFromMs, zoneOffsetAt, type Instant } from '../util/time.ts';
import { CfbError, isCfb, readCfb, type CfbStorage } from './cfb.ts';
import { writeCfb } from './cfb-write.ts';
import { htmlToPlainText, offsetOfDateHeader, sanitizeFileName } from './email.ts';
import { usableZone } from './local-time.ts';
import { rtfBodyText } from './rtf.ts';
import type {
  DocumentFacts,
  EmbeddedFile,
  ImportContext,
  ImportResult,
  Importer,
  ParsedMessage,
} from './types.ts';

/**
 * Outlook `.msg` files ([MS-OXMSG]): a compound file whose streams `__substg1.0_PPPPTTTT` hold the message's
 * MAPI properties (PPPP the property id, TTTT its type), fixed-size ones packed in `__properties_version1.0`,
 * recipients in `__recip_version1.0_#N` and attachments in `__attach_version1.0_#N` storages.
 *
 * The time is the `Date` of the Internet headers Outlook kept (with the sender's offset), else the client
 * submit time, else the delivery time, else the file's own time — the warning says which.
 */

const FORMAT = 'outlook-msg';
const LABEL = 'Outlook message (MSG)';

export const PROP = {
  subject: 0x0037,
  clientSubmitTime: 0x0039,
  sentRepresentingName: 0x0042,
  transportHeaders: 0x007d,
  recipientType: 0x0c15,
  senderName: 0x0c1a,
  senderEmail: 0x0c1f,
  displayCc: 0x0e03,
  displayTo: 0x0e04,
  deliveryTime: 0x0e06,
  body: 0x1000,
  rtfCompressed: 0x1009,
  html: 0x1013,
  messageId: 0x1035,
  displayName: 0x3001,
  emailAddress: 0x3003,
  attachData: 0x3701,
  attachFilename: 0x3704,
  attachMethod: 0x3705,
  attachLongFilename: 0x3707,
  smtpAddress: 0x39fe,
  internetCodepage: 0x3fde,
  messageCodepage: 0x3ffd,
  senderSmtp: 0x5d01,
  sentRepresentingSmtp: 0x5d02,
} as const;

const PT_LONG = 0x0003;
const PT_SYSTIME = 0x0040;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const STREAM_RE = /^__substg1\.0_([0-9A-Fa-f]{4})([0-9A-Fa-f]{4})$/;

/** 100-ns ticks from 1601-01-01 (a Windows FILETIME) to Unix milliseconds; null for 0 and absurd values. */
export function fileTimeToMs(low: number, high: number): number | null {
  const ticks = high * 2 ** 32 + low;
  if (ticks === 0) return null;
  const ms = ticks / 10_000 - 11_644_473_600_000;
  return ms > 0 && ms < 32503680000000 ? Math.round(ms) : null;
}

/** Text in a Windows code page (`PT_STRING8`); UTF-8 when the message says 65001, else the page given. */
export function decodeCodepage(bytes: Buffer, codepage: number | undefined): string {
  const cp = codepage ?? 1252;
  const name = cp === 65001 ? 'utf8' : cp === 20127 ? 'ascii' : `cp${cp}`;
  const text = iconv.encodingExists(name) ? iconv.decode(bytes, name) : iconv.decode(bytes, 'cp1252');
  return text.replace(/\0+$/, '');
}

type Props = {
  strings: Map<number, Buffer & { unicode?: boolean }>;
  binaries: Map<number, Buffer>;
  longs: Map<number, number>;
  times: Map<number, number>;
  objects: Map<number, CfbStorage>;
};

/** The properties of one storage; `headerSize` is 32 for the message, 8 for a recipient or attachment, 24 for an embedded message. */
function propsOf(storage: CfbStorage, headerSize: number): Props {
  const props: Props = {
    strings: new Map(),
    binaries: new Map(),
    longs: new Map(),
    times: new Map(),
    objects: new Map(),
  };
  for (const [name, data] of storage.streams) {
    const m = STREAM_RE.exec(name);
    if (!m) continue;
    const id = parseInt(m[1]!, 16);
    const type = parseInt(m[2]!, 16);
    if (type === PT_UNICODE) props.strings.set(id, Object.assign(Buffer.from(data), { unicode: true }));
    else if (type === PT_STRING8) props.strings.set(id, data);
    else if (type === PT_BINARY) props.binaries.set(id, data);
  }
  for (const [name, sub] of storage.storages) {
    const m = STREAM_RE.exec(name);
    if (m && parseInt(m[2]!, 16) === PT_OBJECT) props.objects.set(parseInt(m[1]!, 16), sub);
  }
  const fixed = storage.streams.get('__properties_version1.0');
  if (fixed) {
    for (let at = headerSize; at + 16 <= fixed.length; at += 16) {
      const tag = fixed.readUInt32LE(at);
      const type = tag & 0xffff;
      const id = tag >>> 16;
      if (type === PT_LONG) props.longs.set(id, fixed.readInt32LE(at + 8));
      else if (type === PT_SYSTIME) {
        const ms = fileTimeToMs(fixed.readUInt32LE(at + 8), fixed.readUInt32LE(at + 12));
        if (ms !== null) props.times.set(id, ms);
      }
    }
  }
  return props;
}

function stringProp(props: Props, id: number): string {
  const raw = props.strings.get(id);
  if (!raw) return '';
  const codepage = props.longs.get(PROP.internetCodepage) ?? props.longs.get(PROP.messageCodepage);
  const text = raw.unicode ? raw.toString('utf16le').replace(/\0+$/, '') : decodeCodepage(raw, codepage);
  return text.trim();
}

const named = (name: string, address: string) =>
  name && address && name !== address ? `${name} <${address}>` : name || address;

/** The `Date:` of Internet headers kept with the message, with the offset it was written in. */
export function dateFromHeaders(headers: string): Instant | null {
  const m = /^Date:[ \t]*(.+(?:\r?\n[ \t]+.+)*)/im.exec(headers);
  if (!m?.[1]) return null;
  const value = m[1].replace(/\r?\n[ \t]+/g, ' ').trim();
  const ms = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isFinite(ms) ? instantFromMs(ms, offsetOfDateHeader(value)) : null;
}

/** The plain body: PR_BODY, else the HTML body as text, else the compressed RTF body as text. */
function bodyOf(props: Props): string {
  const plain = stringProp(props, PROP.body);
  if (plain) return plain;
  const html = props.binaries.get(PROP.html) ?? props.strings.get(PROP.html);
  if (html?.length) {
    const codepage = props.longs.get(PROP.internetCodepage) ?? 65001;
    return htmlToPlainText(decodeCodepage(html, codepage));
  }
  const rtf = props.binaries.get(PROP.rtfCompressed);
  return rtf ? rtfBodyText(rtf) : '';
}

type ReadMsg = {
  document: DocumentFacts;
  files: EmbeddedFile[];
  time: { instant: Instant; source: string } | null;
  from: string;
  attachmentNames: string[];
  notes: string[];
};

function readMessage(
  storage: CfbStorage,
  headerSize: number,
  timeZone: string,
  depth: number,
  /** The top-level message's named-property map, which embedded messages share. */
  nameid: CfbStorage | undefined,
): ReadMsg {
  const props = propsOf(storage, headerSize);
  const subject = stringProp(props, PROP.subject);
  const headers = stringProp(props, PROP.transportHeaders);
  const from = named(
    stringProp(props, PROP.senderName) || stringProp(props, PROP.sentRepresentingName),
    stringProp(props, PROP.senderSmtp) ||
      stringProp(props, PROP.sentRepresentingSmtp) ||
      (stringProp(props, PROP.senderEmail).includes('@') ? stringProp(props, PROP.senderEmail) : ''),
  );
  const recipients: { type: number; text: string }[] = [];
  const files: EmbeddedFile[] = [];
  const attachmentNames: string[] = [];
  const notes: string[] = [];
  const nested: string[] = [];
  const sorted = [...storage.storages.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [name, sub] of sorted) {
    if (name.startsWith('__recip_version1.0_')) {
      const r = propsOf(sub, 8);
      const address = stringProp(r, PROP.smtpAddress) || stringProp(r, PROP.emailAddress);
      recipients.push({
        type: r.longs.get(PROP.recipientType) ?? 1,
        text: named(stringProp(r, PROP.displayName), address),
      });
    } else if (name.startsWith('__attach_version1.0_')) {
      const a = propsOf(sub, 8);
      const fileName = sanitizeFileName(
        stringProp(a, PROP.attachLongFilename) ||
          stringProp(a, PROP.attachFilename) ||
          stringProp(a, PROP.displayName),
        `attachment-${files.length + 1}`,
      );
      const data = a.binaries.get(PROP.attachData);
      const embedded = a.objects.get(PROP.attachData);
      if (data) {
        files.push({ name: fileName, bytes: data, role: 'attachment' });
        attachmentNames.push(fileName);
      } else if (embedded) {
        // A message attached as a message is filed as a .msg of its own, as Outlook saves one ("Save As"),
        // and its own attachments are filed under it in turn.
        const own = standaloneMsg(embedded, nameid);
        if (own) {
          const title = stringProp(propsOf(embedded, 24), PROP.subject);
          const name = /\.msg$/i.test(fileName) ? fileName : `${sanitizeFileName(title, fileName)}.msg`;
          files.push({ name, bytes: own, role: 'attachment' });
          attachmentNames.push(name);
          notes.push(
            `the attached message "${title || name}" is filed as a .msg of its own, rebuilt from the storage inside this one (its contents byte for byte)`,
          );
        } else if (depth < 3) {
          // Too large to write out: its words are kept in this one's text, so they can still be found.
          const inner = readMessage(embedded, 24, timeZone, depth + 1, nameid);
          const title = inner.document.title ?? fileName;
          nested.push(
            `--- ${title} ---\n${inner.from ? `From: ${inner.from}\n` : ''}${inner.document.text ?? ''}`,
          );
          files.push(...inner.files);
          attachmentNames.push(title, ...inner.attachmentNames);
          notes.push(
            `the attached message "${title}" is read into this one's text; it stays inside the original .msg`,
          );
        }
      } else {
        notes.push(`attachment "${fileName}" holds no data that can be read (an OLE object or a link)`);
      }
    }
  }
  const list = (type: number) =>
    recipients
      .filter((r) => r.type === type)
      .map((r) => r.text)
      .join(', ');
  const to = list(1) || stringProp(props, PROP.displayTo);
  const cc = list(2) || stringProp(props, PROP.displayCc);
  const body = [bodyOf(props), ...nested].filter((t) => t !== '').join('\n\n');

  const zone = usableZone(timeZone, []);
  const fromMs = (ms: number) => instantFromMs(ms, zoneOffsetAt(zone, ms));
  const headerDate = headers ? dateFromHeaders(headers) : null;
  const submit = props.times.get(PROP.clientSubmitTime);
  const delivery = props.times.get(PROP.deliveryTime);
  const time = headerDate
    ? { instant: headerDate, source: 'the Date header Outlook kept' }
    : submit !== undefined
      ? { instant: fromMs(submit), source: 'the time Outlook sent it' }
      : delivery !== undefined
        ? { instant: fromMs(delivery), source: 'the time Outlook received it' }
        : null;
  const document: DocumentFacts = {
    ...(subject ? { title: subject } : {}),
    ...(time ? { occurredAt: time.instant } : {}),
    text: body,
    details: {
      from,
      to,
      cc,
      subject,
      date: headerDate ? (/^Date:[ \t]*(.*)$/im.exec(headers)?.[1]?.trim() ?? '') : '',
      messageId: stringProp(props, PROP.messageId),
    },
  };
  return { document, files, time, from, attachmentNames, notes };
}

const NAMEID = '__nameid_version1.0';
const PROPERTIES = '__properties_version1.0';

/**
 * An embedded message's storage as a `.msg` file of its own ([MS-OXMSG] 2.2.3): its streams and storages as
 * they are, the property stream's 24-byte header widened to the top level's 32 (8 reserved bytes), and the
 * top-level named-property map copied in, since an embedded message has none of its own. Null when it is too
 * large to write as one file.
 */
function standaloneMsg(embedded: CfbStorage, nameid: CfbStorage | undefined): Buffer | null {
  const streams = new Map(embedded.streams);
  const fixed = streams.get(PROPERTIES);
  if (fixed && fixed.length >= 24) {
    streams.set(PROPERTIES, Buffer.concat([fixed.subarray(0, 24), Buffer.alloc(8), fixed.subarray(24)]));
  }
  const storages = new Map(embedded.storages);
  if (nameid && !storages.has(NAMEID)) storages.set(NAMEID, nameid);
  try {
    return writeCfb({ name: 'Root Entry', streams, storages });
  } catch {
    return null;
  }
}

export function isOutlookMsg(head: Uint8Array, fileName = ''): boolean {
  if (!isCfb(head)) return false;
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  // The directory usually lies in the first sectors; when it does not, the name is the only hint left.
  return buf.includes(Buffer.from('__substg1.0_', 'utf16le')) || /\.msg$/i.test(fileName);
}

export function parseOutlookMsg(bytes: Buffer, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  let root: CfbStorage;
  try {
    root = readCfb(bytes);
  } catch (error) {
    const reason = error instanceof CfbError ? error.message : String(error);
    result.problems.push({ line: 0, error: `the Outlook message cannot be opened: ${reason}` });
    return result;
  }
  if (![...root.streams.keys()].some((n) => STREAM_RE.test(n))) {
    result.problems.push({
      line: 0,
      error: 'a compound file, but not an Outlook message (no message properties)',
    });
    return result;
  }
  const read = readMessage(root, 32, ctx.timeZone, 0, root.storages.get(NAMEID));
  const warnings: string[] = [...read.notes];
  let time = read.time;
  result.document = read.document;
  if (!time && ctx.fileTime) {
    const { utc, offset, source, said } = ctx.fileTime;
    time = { instant: { utc, offset }, source: said };
    result.document = { ...read.document, occurredAt: { utc, offset }, occurredSource: source };
    warnings.push(`the message carries no time of its own; its time is ${said}`);
  }
  if (!time) result.problems.push({ line: 0, error: 'the message carries no time of its own' });
  if (time) {
    const subject = read.document.title ?? '';
    const body = read.document.text ?? '';
    const message: ParsedMessage = {
      utc: time.instant.utc,
      offset: time.instant.offset,
      sender: read.from,
      text: subject === '' ? body : body === '' ? subject : `${subject}\n\n${body}`,
      attachments: read.attachmentNames,
      isSystem: false,
      line: 1,
      chat: subject.replace(/^(?:(?:re|fwd?|aw|wg|sv|回复|转发)\s*[:：]\s*)+/i, ''),
    };
    result.messages.push(message);
  }
  if (read.files.length) result.files = read.files;
  if (warnings.length) result.warnings = warnings;
  return result;
}

export const outlookMsgImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head, ctx) => isOutlookMsg(head, ctx.fileName),
  parse: (bytes, ctx) => parseOutlookMsg(bytes, ctx),
};
