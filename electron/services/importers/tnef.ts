import { instantFromMs, zoneOffsetAt, type Instant } from '../util/time.ts';
import { sanitizeFileName, htmlToPlainText } from './email.ts';
import { usableZone } from './local-time.ts';
import { decodeCodepage, fileTimeToMs, PROP } from './outlook-msg.ts';
import { rtfBodyText } from './rtf.ts';
import type { EmbeddedFile, ImportContext, ImportResult, Importer } from './types.ts';

/**
 * TNEF ([MS-OXTNEF]), the `winmail.dat` / `application/ms-tnef` attachment Outlook and Exchange send in
 * place of a message's own attachments and formatted body. A stream of attributes (`level`, `id`, `length`,
 * data, checksum); the message's MAPI properties in `attMsgProps`, each attachment opened by
 * `attAttachRendData` and carried by `attAttachData` / `attAttachTitle` / `attAttachment` (its properties,
 * with the long file name). Each attachment is filed as its own item; the body is kept as text.
 */

const FORMAT = 'tnef';
const LABEL = 'Outlook TNEF attachment (winmail.dat)';
const SIGNATURE = 0x223e9f78;

const ATT = {
  subject: 0x8004,
  body: 0x800c,
  messageId: 0x8009,
  attachData: 0x800f,
  attachTitle: 0x8010,
  attachRendData: 0x9002,
  msgProps: 0x9003,
  attachment: 0x9005,
  oemCodepage: 0x9007,
} as const;

const MAX_ATTRIBUTES = 100_000;

type MapiValue = { type: number; values: Buffer[] };

const FIXED_SIZES: Readonly<Record<number, number>> = {
  0x0001: 4,
  0x0002: 4,
  0x0003: 4,
  0x0004: 4,
  0x0005: 8,
  0x0006: 8,
  0x0007: 8,
  0x000a: 4,
  0x000b: 4,
  0x0014: 8,
  0x0040: 8,
  0x0048: 16,
};
const VARIABLE = new Set([0x001e, 0x001f, 0x0102, 0x000d]);

/** The MAPI properties of an `attMsgProps` / `attAttachment` block; named properties are read past, not kept. */
export function readMapiProps(data: Buffer): Map<number, MapiValue> {
  const props = new Map<number, MapiValue>();
  if (data.length < 4) return props;
  const count = data.readUInt32LE(0);
  let at = 4;
  const need = (n: number) => {
    if (at + n > data.length) throw new Error('cut short');
  };
  try {
    for (let k = 0; k < count && k < MAX_ATTRIBUTES; k++) {
      need(4);
      const type = data.readUInt16LE(at);
      const id = data.readUInt16LE(at + 2);
      at += 4;
      if (id >= 0x8000) {
        need(20);
        const kind = data.readUInt32LE(at + 16);
        at += 20;
        if (kind === 0) at += 4;
        else {
          need(4);
          const length = data.readUInt32LE(at);
          at += 4 + length + ((4 - (length % 4)) % 4);
        }
      }
      const base = type & 0x0fff;
      const isMulti = (type & 0x1000) !== 0;
      const values: Buffer[] = [];
      if (VARIABLE.has(base)) {
        need(4);
        const n = data.readUInt32LE(at);
        at += 4;
        for (let v = 0; v < n && v < MAX_ATTRIBUTES; v++) {
          need(4);
          const length = data.readUInt32LE(at);
          at += 4;
          need(length);
          values.push(data.subarray(at, at + length));
          at += length + ((4 - (length % 4)) % 4);
        }
      } else {
        const size = FIXED_SIZES[base];
        if (size === undefined) break;
        let n = 1;
        if (isMulti) {
          need(4);
          n = data.readUInt32LE(at);
          at += 4;
        }
        for (let v = 0; v < n && v < MAX_ATTRIBUTES; v++) {
          need(size);
          values.push(data.subarray(at, at + size));
          at += size;
        }
      }
      props.set(id, { type: base, values });
    }
  } catch {
    // A block cut short keeps the properties read before the cut.
  }
  return props;
}

const stringOf = (value: MapiValue | undefined, codepage: number): string => {
  const v = value?.values[0];
  if (!v) return '';
  const text = value.type === 0x001f ? v.toString('utf16le') : decodeCodepage(v, codepage);
  return text.replace(/\0+$/, '').trim();
};

export function isTnef(head: Uint8Array): boolean {
  return head.length >= 6 && Buffer.from(head.buffer, head.byteOffset, 4).readUInt32LE(0) === SIGNATURE;
}

type Attachment = { title: string; data: Buffer | null; props: Map<number, MapiValue> };

export function parseTnef(bytes: Buffer, ctx: ImportContext): ImportResult {
  const result: ImportResult = { format: FORMAT, label: LABEL, transactions: [], messages: [], problems: [] };
  let codepage = 1252;
  let subject = '';
  let body = '';
  let messageProps = new Map<number, MapiValue>();
  const attachments: Attachment[] = [];
  let at = 6;
  for (let n = 0; at < bytes.length && n < MAX_ATTRIBUTES; n++) {
    if (at + 9 > bytes.length) {
      result.problems.push({ line: 0, error: `the TNEF stream ends inside an attribute at byte ${at}` });
      break;
    }
    const id = bytes.readUInt32LE(at + 1) & 0xffff;
    const length = bytes.readUInt32LE(at + 5);
    const data = bytes.subarray(at + 9, at + 9 + length);
    if (data.length < length) {
      result.problems.push({ line: 0, error: `the TNEF stream is cut short at byte ${at}` });
      break;
    }
    at += 9 + length + 2;
    const current = attachments[attachments.length - 1];
    if (id === ATT.oemCodepage && length >= 4) codepage = data.readUInt32LE(0);
    else if (id === ATT.subject) subject = decodeCodepage(data, codepage).trim();
    else if (id === ATT.body) body = decodeCodepage(data, codepage).trim();
    else if (id === ATT.msgProps) messageProps = readMapiProps(data);
    else if (id === ATT.attachRendData) attachments.push({ title: '', data: null, props: new Map() });
    else if (current && id === ATT.attachTitle) current.title = decodeCodepage(data, codepage).trim();
    else if (current && id === ATT.attachData) current.data = data;
    else if (current && id === ATT.attachment) current.props = readMapiProps(data);
  }

  const cp = (() => {
    const v = messageProps.get(PROP.internetCodepage)?.values[0];
    return v && v.length >= 4 ? v.readUInt32LE(0) : codepage;
  })();
  subject ||= stringOf(messageProps.get(PROP.subject), cp);
  if (!body) body = stringOf(messageProps.get(PROP.body), cp);
  const html = messageProps.get(PROP.html)?.values[0];
  if (!body && html) body = htmlToPlainText(decodeCodepage(html, cp === 1252 ? 65001 : cp));
  const rtf = messageProps.get(PROP.rtfCompressed)?.values[0];
  if (!body && rtf) body = rtfBodyText(rtf);

  const files: EmbeddedFile[] = [];
  for (const a of attachments) {
    const name = sanitizeFileName(
      stringOf(a.props.get(PROP.attachLongFilename), cp) || a.title,
      `attachment-${files.length + 1}`,
    );
    const data = a.data ?? a.props.get(PROP.attachData)?.values[0] ?? null;
    if (data?.length) files.push({ name, bytes: data, role: 'attachment' });
    else result.problems.push({ line: 0, error: `attachment "${name}" holds no data that can be read` });
  }
  let occurredAt: Instant | undefined;
  const submit = messageProps.get(PROP.clientSubmitTime)?.values[0];
  const ms =
    submit && submit.length >= 8 ? fileTimeToMs(submit.readUInt32LE(0), submit.readUInt32LE(4)) : null;
  if (ms !== null) occurredAt = instantFromMs(ms, zoneOffsetAt(usableZone(ctx.timeZone, []), ms));
  result.document = {
    ...(subject ? { title: subject } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    text: body,
    details: { subject, attachments: files.map((f) => f.name) },
  };
  if (files.length) result.files = files;
  return result;
}

export const tnefImporter: Importer = {
  format: FORMAT,
  label: LABEL,
  detect: (head) => isTnef(head),
  parse: (bytes, ctx) => parseTnef(bytes, ctx),
};
