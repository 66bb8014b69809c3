import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCfb, type CfbStorage } from '../../electron/services/importers/cfb.ts';
import { parseOutlookMsg } from '../../electron/services/importers/outlook-msg.ts';
import { decompressRtf, rtfToText } from '../../electron/services/importers/rtf.ts';
import { parseTnef } from '../../electron/services/importers/tnef.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseMessages, caseTransactions } from '../../electron/services/records.ts';
import { writeCfb, type CfbTree } from '../helpers/cfb.ts';
import { makePdf } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { ctx, readFixture } from './helpers.ts';

// ---------------------------------------------------------------------------------------------------------
// Builders of the real layouts

const utf16 = (s: string) => Buffer.from(`${s}\0`, 'utf16le');
const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
/** `__substg1.0_PPPPTTTT`: one variable-length MAPI property per stream ([MS-OXMSG] 2.1.3). */
const substg = (id: number, type: number) => `__substg1.0_${hex4(id)}${hex4(type)}`;

/** FILETIME (100 ns since 1601) of an ISO instant, as two little-endian words. */
function fileTime(iso: string): Buffer {
  const ticks = (BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n;
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ticks);
  return b;
}

/** `__properties_version1.0`: a header (32 bytes for the message, 8 for recipients and attachments), then 16-byte entries. */
function fixedProps(headerSize: number, entries: [id: number, type: number, value: Buffer][]): Buffer {
  const rows = entries.map(([id, type, value]) => {
    const row = Buffer.alloc(16);
    row.writeUInt32LE(((id << 16) | type) >>> 0, 0);
    row.writeUInt32LE(6, 4); // readable | writable
    value.copy(row, 8);
    return row;
  });
  return Buffer.concat([Buffer.alloc(headerSize), ...rows]);
}
const long = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};

type MsgSpec = {
  subject: string;
  body?: string;
  rtf?: Buffer;
  headers?: string;
  submitted?: string;
  sender: [name: string, smtp: string];
  recipients: [name: string, smtp: string, type: 1 | 2][];
  attachments: [name: string, data: Buffer][];
};

/** An Outlook .msg ([MS-OXMSG]) as Outlook's "Save as › Outlook Message Format - Unicode" writes it. */
function outlookMsg(spec: MsgSpec): Buffer {
  const streams: Record<string, Buffer> = {
    [substg(0x001a, 0x001f)]: utf16('IPM.Note'),
    [substg(0x0037, 0x001f)]: utf16(spec.subject),
    [substg(0x0c1a, 0x001f)]: utf16(spec.sender[0]),
    [substg(0x5d01, 0x001f)]: utf16(spec.sender[1]),
    [substg(0x0c1f, 0x001f)]: utf16('/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=AB12'),
    [substg(0x0e04, 0x001f)]: utf16(
      spec.recipients
        .filter((r) => r[2] === 1)
        .map((r) => r[0])
        .join('; '),
    ),
    '__properties_version1.0': fixedProps(32, [
      [0x3ffd, 0x0003, long(1200)],
      ...(spec.submitted ? [[0x0039, 0x0040, fileTime(spec.submitted)] as [number, number, Buffer]] : []),
    ]),
  };
  if (spec.body) streams[substg(0x1000, 0x001f)] = utf16(spec.body);
  if (spec.rtf) streams[substg(0x1009, 0x0102)] = spec.rtf;
  if (spec.headers) streams[substg(0x007d, 0x001f)] = utf16(spec.headers);
  const storages: Record<string, { streams: Record<string, Buffer> }> = {
    '__nameid_version1.0': {
      streams: {
        [substg(0x0002, 0x0102)]: Buffer.alloc(0),
        [substg(0x0003, 0x0102)]: Buffer.alloc(0),
        [substg(0x0004, 0x0102)]: Buffer.alloc(0),
      },
    },
  };
  spec.recipients.forEach(([name, smtp, type], k) => {
    storages[`__recip_version1.0_#${k.toString(16).toUpperCase().padStart(8, '0')}`] = {
      streams: {
        [substg(0x3001, 0x001f)]: utf16(name),
        [substg(0x39fe, 0x001f)]: utf16(smtp),
        '__properties_version1.0': fixedProps(8, [[0x0c15, 0x0003, long(type)]]),
      },
    };
  });
  spec.attachments.forEach(([name, data], k) => {
    storages[`__attach_version1.0_#${k.toString(16).toUpperCase().padStart(8, '0')}`] = {
      streams: {
        [substg(0x3707, 0x001f)]: utf16(name),
        [substg(0x3704, 0x001f)]: utf16(name.slice(0, 8)),
        [substg(0x3701, 0x0102)]: data,
        '__properties_version1.0': fixedProps(8, [[0x3705, 0x0003, long(1)]]),
      },
    };
  });
  return writeCfb({ streams, storages });
}

/**
 * A compressed-RTF stream ([MS-OXRTFCP] 2.1.3): header (compressed size, raw size, `LZFu`, CRC), then
 * control bytes each followed by 8 literals or 2-byte back-references into the 4 KiB dictionary preloaded
 * with the standard RTF prefix. This greedy encoder finds references in the dictionary as Outlook does.
 */
function compressRtf(rtf: string): Buffer {
  const preload =
    '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';
  const dict = Buffer.alloc(4096);
  dict.write(preload, 'latin1');
  let write = preload.length;
  const input = Buffer.from(rtf, 'latin1');
  const out: number[] = [];
  let at = 0;
  const put = (byte: number) => {
    dict[write] = byte;
    write = (write + 1) % 4096;
  };
  let done = false;
  while (!done) {
    const controlAt = out.length;
    out.push(0);
    let control = 0;
    for (let bit = 0; bit < 8; bit++) {
      if (at >= input.length) {
        // The end: a reference to the current write position.
        control |= 1 << bit;
        out.push((write >> 4) & 0xff, (write & 0x0f) << 4);
        done = true;
        break;
      }
      let bestLength = 0;
      let bestOffset = 0;
      for (let offset = 0; offset < 4096; offset++) {
        if (offset === write) continue;
        let n = 0;
        while (n < 17 && at + n < input.length && dict[(offset + n) % 4096] === input[at + n]) {
          // A reference may not read what it is itself about to write.
          if ((offset + n) % 4096 === write) break;
          n++;
        }
        if (n > bestLength) [bestLength, bestOffset] = [n, offset];
      }
      if (bestLength >= 2) {
        control |= 1 << bit;
        out.push((bestOffset >> 4) & 0xff, ((bestOffset & 0x0f) << 4) | (bestLength - 2));
        for (let i = 0; i < bestLength; i++) put(input[at + i]!);
        at += bestLength;
      } else {
        out.push(input[at]!);
        put(input[at]!);
        at++;
      }
    }
    out[controlAt] = control;
  }
  const body = Buffer.from(out);
  const header = Buffer.alloc(16);
  header.writeUInt32LE(body.length + 12, 0);
  header.writeUInt32LE(input.length, 4);
  header.writeUInt32LE(0x75465a4c, 8);
  return Buffer.concat([header, body]);
}

/** One TNEF attribute ([MS-OXTNEF] 2.1.3.1): level, id (type << 16 | name), length, data, 16-bit byte sum. */
function tnefAttr(level: 1 | 2, id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head[0] = level;
  head.writeUInt32LE(id >>> 0, 1);
  head.writeUInt32LE(data.length, 5);
  const sum = Buffer.alloc(2);
  sum.writeUInt16LE(data.reduce((a, b) => (a + b) & 0xffff, 0));
  return Buffer.concat([head, data, sum]);
}

/** A MAPI property block of TNEF: count, then type/id and, for strings and binaries, count + length + data padded to 4. */
function mapiProps(props: [id: number, type: number, value: Buffer][]): Buffer {
  const parts: Buffer[] = [long(props.length)];
  for (const [id, type, value] of props) {
    const tag = Buffer.alloc(4);
    tag.writeUInt16LE(type, 0);
    tag.writeUInt16LE(id, 2);
    parts.push(tag);
    if (type === 0x001f || type === 0x001e || type === 0x0102) {
      parts.push(long(1), long(value.length), value, Buffer.alloc((4 - (value.length % 4)) % 4));
    } else parts.push(value);
  }
  return Buffer.concat(parts);
}

/** winmail.dat as Exchange writes it for a rich-text Outlook message with one attachment. */
function winmailDat(body: string, attachment: [name: string, data: Buffer]): Buffer {
  const sig = Buffer.alloc(6);
  sig.writeUInt32LE(0x223e9f78, 0);
  sig.writeUInt16LE(0x01c5, 4);
  return Buffer.concat([
    sig,
    tnefAttr(1, 0x00089006, long(0x00010000)), // attTnefVersion
    tnefAttr(1, 0x00069007, Buffer.concat([long(1252), long(0)])), // attOemCodepage
    tnefAttr(1, 0x00078008, Buffer.from('IPM.Microsoft Mail.Note\0')), // attMessageClass
    tnefAttr(1, 0x00018004, Buffer.from('Ihre Rechnung März\0', 'latin1')), // attSubject
    tnefAttr(
      1,
      0x00069003,
      mapiProps([
        [0x1000, 0x001f, utf16(body)],
        [0x0039, 0x0040, fileTime('2025-03-04T08:30:00Z')],
      ]),
    ), // attMsgProps
    tnefAttr(2, 0x00069002, Buffer.alloc(14)), // attAttachRendData: a new attachment begins
    tnefAttr(2, 0x00018010, Buffer.from(`${attachment[0].slice(0, 8)}\0`)), // attAttachTitle (8.3 name)
    tnefAttr(2, 0x0006800f, attachment[1]), // attAttachData
    tnefAttr(2, 0x00069005, mapiProps([[0x3707, 0x001f, utf16(attachment[0])]])), // attAttachment
  ]);
}

const crlf = (lines: string[]) => lines.join('\r\n');

// ---------------------------------------------------------------------------------------------------------

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'Mail', timezone: 'Europe/Berlin' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

function put(name: string, bytes: Buffer | string, mtime?: string): string {
  const file = path.join(inbox, name);
  writeFileSync(file, bytes);
  if (mtime) utimesSync(file, new Date(mtime), new Date(mtime));
  return file;
}

const invoicePdf = makePdf('Rechnung 2025-0042 Betrag 29,99 EUR');
// Over 4,096 bytes, so it lies in regular sectors rather than the mini stream.
const bigAttachment = makePdf(`Kuendigung zum 31.03. ${'Vertragsnummer 4711 '.repeat(300)}`);

describe('Outlook .msg', () => {
  const msg = outlookMsg({
    subject: 'Kündigung Ihres Abos',
    body: 'Sehr geehrte Damen und Herren,\r\nhiermit kündige ich mein Abo zum 31.03.',
    headers: crlf([
      'Received: from mx.example.de by mail.example.de; Tue, 4 Mar 2025 09:31:02 +0100',
      'From: Anna Schmidt <anna@example.de>',
      'Date: Tue, 4 Mar 2025 09:30:00 +0100',
      'Subject: =?utf-8?q?K=C3=BCndigung?=',
      '',
    ]),
    submitted: '2025-03-04T08:30:00Z',
    sender: ['Anna Schmidt', 'anna@example.de'],
    recipients: [
      ['Streaming Dienste Kundenservice', 'service@streaming.example', 1],
      ['Verbraucherzentrale', 'info@vz.example', 2],
    ],
    attachments: [
      ['Kündigung Abo.pdf', bigAttachment],
      ['notiz.txt', Buffer.from('Kundennummer 4711')],
    ],
  });

  it('reads a compound file back: streams in mini and regular sectors, nested storages', () => {
    const root = readCfb(msg);
    const attach = root.storages.get('__attach_version1.0_#00000000')!;
    expect(attach.streams.get(substg(0x3701, 0x0102))!.equals(bigAttachment)).toBe(true);
    expect(root.streams.get(substg(0x0037, 0x001f))!.toString('utf16le')).toBe('Kündigung Ihres Abos\0');
  });

  it('reads subject, people, the Date Outlook kept, the body and the attachments', () => {
    const r = parseOutlookMsg(msg, ctx('mail.msg', 'Europe/Berlin'));
    expect(r.problems).toEqual([]);
    expect(r.document).toMatchObject({
      title: 'Kündigung Ihres Abos',
      occurredAt: { utc: '2025-03-04T08:30:00.000Z', offset: 60 },
      details: {
        from: 'Anna Schmidt <anna@example.de>',
        to: 'Streaming Dienste Kundenservice <service@streaming.example>',
        cc: 'Verbraucherzentrale <info@vz.example>',
        date: 'Tue, 4 Mar 2025 09:30:00 +0100',
      },
    });
    expect(r.document?.text).toContain('hiermit kündige ich mein Abo');
    expect(r.files?.map((f) => [f.name, f.bytes?.length])).toEqual([
      ['Kündigung Abo.pdf', bigAttachment.length],
      ['notiz.txt', 17],
    ]);
    expect(r.messages).toHaveLength(1);
  });

  it('files a .msg as an e-mail, its body searchable, each attachment an item linked to it', async () => {
    const r = await addPaths(locker, caseId, [put('Kündigung.msg', msg)]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind, a.format])).toEqual([
      ['Kündigung.msg', 'email', 'outlook-msg'],
      ['Kündigung Abo.pdf', 'document', undefined],
      ['notiz.txt', 'document', undefined],
    ]);
    const mail = locker.getEvidence(r.added[0]!.id);
    expect(mail).toMatchObject({ title: 'Kündigung Ihres Abos', occurredSource: 'content' });
    expect(mail.contentText).toContain('kündige ich mein Abo');
    expect(r.added[1]!.parentId).toBe(mail.id);
    expect(caseMessages(locker, caseId)).toHaveLength(1);
  });

  it('reads a body kept only as compressed RTF, and the client submit time when no headers are kept', () => {
    const rtf =
      "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\pard Bitte k\\'fcndigen Sie\\par zum 31.03.}";
    const packed = compressRtf(rtf);
    expect(decompressRtf(packed)?.toString('latin1')).toBe(rtf);
    expect(rtfToText(Buffer.from(rtf, 'latin1'))).toBe('Bitte kündigen Sie\nzum 31.03.');
    const r = parseOutlookMsg(
      outlookMsg({
        subject: 'RTF only',
        rtf: packed,
        submitted: '2025-03-05T12:00:00Z',
        sender: ['A', 'a@example.de'],
        recipients: [],
        attachments: [],
      }),
      ctx('x.msg', 'Europe/Berlin'),
    );
    expect(r.document).toMatchObject({
      occurredAt: { utc: '2025-03-05T12:00:00.000Z', offset: 60 },
      text: 'Bitte kündigen Sie\nzum 31.03.',
    });
  });

  it('never throws or hangs on damaged compound files, and refuses streams that overlap past the file', () => {
    // Deterministic damage: each round overwrites a few header, FAT or directory bytes.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 300; round++) {
      const bad = Buffer.from(msg);
      for (let k = 0; k < 4; k++) bad[next() % Math.min(bad.length, 4096)] = next() & 0xff;
      const r = parseOutlookMsg(bad, ctx('x.msg'));
      expect(Array.isArray(r.problems)).toBe(true);
    }
    // 200 directory entries all pointed at one 100 KB chain: 20 MB of reading from a 1 MB file.
    const streams: Record<string, Buffer> = { big: Buffer.alloc(100_000, 1) };
    for (let i = 0; i < 200; i++) streams[`s${i}`] = Buffer.alloc(4096, 2);
    const overlapping = writeCfb({ streams });
    const dirAt = (overlapping.readUInt32LE(0x30) + 1) * 512;
    let bigStart = -1;
    for (let at = dirAt; at < dirAt + 202 * 128; at += 128) {
      if (overlapping.readUInt32LE(at + 120) === 100_000) bigStart = overlapping.readUInt32LE(at + 116);
    }
    for (let at = dirAt; at < dirAt + 202 * 128; at += 128) {
      if (overlapping[at + 66] === 2) {
        overlapping.writeUInt32LE(bigStart, at + 116);
        overlapping.writeUInt32LE(100_000, at + 120);
      }
    }
    expect(() => readCfb(overlapping)).toThrow(/overlap far beyond the size of the file/);
  });

  // A message forwarded "as attachment" from Outlook: the attachment (method 5, ATTACH_EMBEDDED_MSG) holds the
  // whole message in a `__substg1.0_3701000D` storage, its property stream with the 24-byte header of an
  // embedded message and no named-property map of its own ([MS-OXMSG] 2.2.2.1, 2.2.3).
  const asTree = (storage: CfbStorage): CfbTree => ({
    streams: Object.fromEntries(storage.streams),
    storages: Object.fromEntries([...storage.storages].map(([name, sub]) => [name, asTree(sub)])),
  });
  function withMessageAttached(outer: Buffer, inner: Buffer): Buffer {
    const innerTree = asTree(readCfb(inner));
    delete innerTree.storages!['__nameid_version1.0'];
    const props = innerTree.streams!['__properties_version1.0']!;
    innerTree.streams!['__properties_version1.0'] = Buffer.concat([
      props.subarray(0, 24),
      props.subarray(32),
    ]);
    const tree = asTree(readCfb(outer));
    tree.storages!['__attach_version1.0_#00000000'] = {
      streams: {
        [substg(0x3001, 0x001f)]: utf16('Ihre Rechnung März'),
        '__properties_version1.0': fixedProps(8, [[0x3705, 0x0003, long(5)]]),
      },
      storages: { [substg(0x3701, 0x000d)]: innerTree },
    };
    return writeCfb(tree);
  }
  const forwarded = withMessageAttached(
    outlookMsg({
      subject: 'WG: Ihre Rechnung März',
      body: 'Siehe die Rechnung unten.',
      submitted: '2025-03-06T10:00:00Z',
      sender: ['Anna Schmidt', 'anna@example.de'],
      recipients: [['Verbraucherzentrale', 'info@vz.example', 1]],
      attachments: [],
    }),
    outlookMsg({
      subject: 'Ihre Rechnung März',
      body: 'Rechnungsbetrag 29,99 EUR, abgebucht am 03.03.',
      submitted: '2025-03-03T07:00:00Z',
      sender: ['Streaming Dienste', 'billing@streaming.example'],
      recipients: [['Anna Schmidt', 'anna@example.de', 1]],
      attachments: [['Rechnung.pdf', invoicePdf]],
    }),
  );

  it('files a message attached inside a .msg as a .msg of its own, with its attachments under it', async () => {
    const parsed = parseOutlookMsg(forwarded, ctx('fwd.msg', 'Europe/Berlin'));
    expect(parsed.files?.map((f) => f.name)).toEqual(['Ihre Rechnung März.msg']);
    // The rebuilt .msg reads back as the message it was, by itself.
    const alone = parseOutlookMsg(parsed.files![0]!.bytes!, ctx('x.msg', 'Europe/Berlin'));
    expect(alone.problems).toEqual([]);
    expect(alone.document).toMatchObject({
      title: 'Ihre Rechnung März',
      occurredAt: { utc: '2025-03-03T07:00:00.000Z' },
      details: { from: 'Streaming Dienste <billing@streaming.example>' },
    });
    expect(alone.files?.map((f) => [f.name, f.bytes?.equals(invoicePdf)])).toEqual([['Rechnung.pdf', true]]);

    const r = await addPaths(locker, caseId, [put('Weitergeleitet.msg', forwarded)]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [a.path.split(' › ').slice(1).join(' › '), a.kind, a.format])).toEqual([
      ['', 'email', 'outlook-msg'],
      ['Ihre Rechnung März.msg', 'email', 'outlook-msg'],
      ['Ihre Rechnung März.msg › Rechnung.pdf', 'document', undefined],
    ]);
    const [outer, inner, pdf] = r.added;
    expect(inner!.parentId).toBe(outer!.id);
    expect(pdf!.parentId).toBe(inner!.id);
    expect(locker.getEvidence(inner!.id).contentText).toContain('Rechnungsbetrag 29,99 EUR');
    expect(outer!.warnings.join(' ')).toMatch(/filed as a \.msg of its own/);
  });

  it('says so when a .msg is damaged, and keeps the original', async () => {
    const broken = Buffer.from(msg);
    broken.writeUInt32LE(0x7ffffff0, 0x30); // the directory's first sector, far past the end
    const r = await addPaths(locker, caseId, [put('broken.msg', broken)]);
    expect(r.added).toHaveLength(1);
    expect(r.added[0]!.warnings.join(' ')).toMatch(/the Outlook message cannot be opened: /);
  });
});

describe('TNEF winmail.dat', () => {
  const dat = winmailDat('Anbei Ihre Rechnung für März.', ['Rechnung_2025-0042.pdf', invoicePdf]);

  it('reads the body from the message properties and the attachment under its long name', () => {
    const r = parseTnef(dat, ctx('winmail.dat', 'Europe/Berlin'));
    expect(r.problems).toEqual([]);
    expect(r.document).toMatchObject({
      title: 'Ihre Rechnung März',
      text: 'Anbei Ihre Rechnung für März.',
      occurredAt: { utc: '2025-03-04T08:30:00.000Z', offset: 60 },
    });
    expect(r.files?.map((f) => [f.name, f.bytes?.equals(invoicePdf)])).toEqual([
      ['Rechnung_2025-0042.pdf', true],
    ]);
  });

  it('opens a winmail.dat attached to an e-mail: its body searchable, its attachment filed under it', async () => {
    const mail = crlf([
      'From: Rechnung <billing@streaming.example>',
      'To: anna@example.de',
      'Subject: Ihre Rechnung',
      'Date: Tue, 4 Mar 2025 09:30:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="tnef"',
      '',
      '--tnef',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      '',
      '--tnef',
      'Content-Type: application/ms-tnef; name="winmail.dat"',
      'Content-Disposition: attachment; filename="winmail.dat"',
      'Content-Transfer-Encoding: base64',
      '',
      dat.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--tnef--',
      '',
    ]);
    const r = await addPaths(locker, caseId, [put('rechnung.eml', mail)]);
    expect(r.errors).toEqual([]);
    const [eml, winmail, pdf] = r.added;
    expect([eml?.kind, winmail?.kind, winmail?.format, pdf?.mime]).toEqual([
      'email',
      'email',
      'tnef',
      'application/pdf',
    ]);
    expect(winmail?.parentId).toBe(eml?.id);
    expect(pdf?.parentId).toBe(winmail?.id);
    expect(pdf?.path).toMatch(/winmail\.dat › Rechnung_2025-0042\.pdf$/);
    expect(locker.getEvidence(winmail!.id).contentText).toBe('Anbei Ihre Rechnung für März.');
  });
});

describe('e-mail edge cases', () => {
  it('keeps an e-mail whose attachment is an MT940 statement an e-mail, and files the statement under it', async () => {
    // Banks mail MT940 files as text/plain attachments; the .sta here is sent 7bit, so its `:20:` tags are
    // plain to see in the mail's first bytes.
    const sta = readFixture('german-mt940.sta').toString('latin1');
    const mail = crlf([
      'From: Bank <noreply@bank.example>',
      'To: anna@example.de',
      'Subject: Kontoauszug',
      'Date: Mon, 31 Mar 2025 18:00:00 +0200',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="sta"',
      '',
      '--sta',
      'Content-Type: text/plain; charset=us-ascii',
      'Content-Disposition: attachment; filename="auszug.sta"',
      'Content-Transfer-Encoding: 7bit',
      '',
      sta.replace(/\r?\n/g, '\r\n'),
      '--sta',
      'Content-Type: text/plain; charset=us-ascii',
      'Content-Disposition: attachment; filename="auszug2.sta"',
      '',
      sta.replace(/\r?\n/g, '\r\n').replace(':28C:00042/001', ':28C:00043/001'),
      '--sta--',
      '',
    ]);
    const r = await addPaths(locker, caseId, [put('auszug.eml', mail)]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind, a.format])).toEqual([
      ['auszug.eml', 'email', 'email'],
      ['auszug.sta', 'statement', 'mt940'],
      ['auszug2.sta', 'statement', 'mt940'],
    ]);
    const fromSta = caseTransactions(locker, caseId).filter((t) => t.evidenceId === r.added[1]!.id);
    expect(fromSta.length).toBeGreaterThan(0);
  });

  it('dates an e-mail with no Date header by its first Received header, and says so', async () => {
    const r = await addPaths(locker, caseId, [
      put(
        'nodate.eml',
        crlf([
          'Received: from mx2.example.de by mail.example.de with ESMTPS id 4711;',
          '\tWed, 5 Mar 2025 07:12:40 +0100 (CET)',
          'Received: from out.sender.example by mx2.example.de; Wed, 5 Mar 2025 07:12:38 +0100',
          'From: billing@streaming.example',
          'To: anna@example.de',
          'Subject: Zahlungserinnerung',
          '',
          'Bitte zahlen Sie.',
          '',
        ]),
        '2025-06-01T10:00:00Z',
      ),
    ]);
    const item = r.added[0]!;
    expect(item).toMatchObject({
      kind: 'email',
      occurredAt: '2025-03-05T07:12:40+01:00',
      occurredSource: 'content',
    });
    expect(item.warnings).toContain(
      '"Zahlungserinnerung": no Date header; its time is the time in its first Received header',
    );
    expect(caseMessages(locker, caseId)).toHaveLength(1);
  });

  it("dates an e-mail with neither Date nor Received by the file's modified time, and says so", async () => {
    const r = await addPaths(locker, caseId, [
      put(
        'draft.eml',
        crlf(['From: anna@example.de', 'To: service@streaming.example', 'Subject: Entwurf', '', 'Text', '']),
        '2025-06-01T10:00:00Z',
      ),
    ]);
    const item = r.added[0]!;
    expect(item).toMatchObject({ occurredAt: '2025-06-01T12:00:00+02:00', occurredSource: 'file_mtime' });
    expect(item.warnings).toContain('"Entwurf": no Date header; its time is the file\'s modified time');
    expect(caseMessages(locker, caseId).map((m) => m.occurredUtc)).toEqual(['2025-06-01T10:00:00.000Z']);
  });
});
