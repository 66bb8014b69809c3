import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBankDate } from '../../electron/services/importers/bank-csv.ts';
import { tokenizeCsv } from '../../electron/services/importers/csv.ts';
import {
  htmlToPlainText,
  offsetOfDateHeader,
  sanitizeFileName,
} from '../../electron/services/importers/email.ts';
import { ImageRejectedError, makeThumbnail, readImage } from '../../electron/services/image-facts.ts';
import { currencyCode } from '../../electron/services/importers/currency.ts';
import { importers, runImporters } from '../../electron/services/importers/index.ts';
import { parseDecimalToMinor } from '../../electron/services/importers/money.ts';
import { decodeEntities, parseOfxDate } from '../../electron/services/importers/ofx.ts';
import { parsePdfStatement } from '../../electron/services/importers/pdf-statement.ts';
import { parseQifDate } from '../../electron/services/importers/qif.ts';
import { parseWallClock } from '../../electron/services/importers/table.ts';
import { decodeText } from '../../electron/services/importers/text.ts';
import type { ImportResult } from '../../electron/services/importers/types.ts';
import { readXlsxSheets, sniffXlsx } from '../../electron/services/importers/xlsx.ts';
import { parseXml, type XmlElement } from '../../electron/services/importers/xml.ts';
import { readZip } from '../../electron/services/importers/zip.ts';
import { PdfRejectedError, readPdf } from '../../electron/services/pdf-facts.ts';
import { isValidLocal, type LocalDateTime } from '../../electron/services/util/time.ts';
import { makeJpeg, makePdf, makePng } from '../helpers/images.ts';
import { writeXls } from '../helpers/xls.ts';
import { ctx, expectWellFormed, gbkFixture, readFixture } from './helpers.ts';

async function smallWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(['交易时间', '交易类型', '交易对方', '商品', '收/支', '金额(元)']);
  sheet.addRow(['2025-12-10 17:19:40', '商户消费', '美团', '/', '支出', '¥50.71']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const textFixtures = (): Buffer[] => [
  gbkFixture('alipay-2023.utf8.csv'),
  gbkFixture('alipay-legacy.utf8.csv'),
  readFixture('alipay-2023.utf8.csv'),
  readFixture('wechatpay.csv'),
  readFixture('whatsapp-android-dmy.txt'),
  readFixture('whatsapp-ios-mdy-12h.txt'),
  readFixture('bank-cn-debit.csv'),
  readFixture('bank-en-ddmm-signed.csv'),
  readFixture('bank-en-mmdd-debit-credit.csv'),
  readFixture('card-v102.qfx'),
  readFixture('bank-v220.ofx'),
  readFixture('camt053-v08.xml'),
  readFixture('german-mt940.sta'),
  readFixture('checking.qif'),
  readFixture('telegram-single.json'),
  readFixture('renewal-html.eml'),
  readFixture('thread.mbox'),
  readFixture('wechat-chat.csv'),
  readFixture('line-chat.txt'),
  readFixture('transcript.txt'),
];

async function smallWhatsappZip(): Promise<Buffer> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  await writer.add('WhatsApp Chat with Ana.txt', new TextReader('30/01/2019, 20:49 - Ana: hi\n'));
  await writer.add('IMG-20190130-WA0001.jpg', new Uint8ArrayReader(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])));
  return Buffer.from(await writer.close());
}

/** Runs every importer's detect and parse on `bytes`; none may throw, whatever the bytes. */
async function parseWithAll(bytes: Buffer): Promise<void> {
  for (const importer of importers) {
    importer.detect(bytes.subarray(0, 64 * 1024), ctx());
    const result: ImportResult | null = await importer.parse(bytes, ctx());
    if (result) expectWellFormed(result);
  }
  await runImporters(bytes, ctx());
}

describe('importers on hostile input', () => {
  it('never throw on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), (bytes) => parseWithAll(Buffer.from(bytes))),
      {
        numRuns: 150,
      },
    );
  });

  it('never throw on random text built from CSV and chat punctuation', async () => {
    const piece = fc.constantFrom(
      '"',
      ',',
      '\n',
      '\r\n',
      '\t',
      '交易时间',
      '金额',
      '收/支',
      '交易状态',
      '交易号',
      '¥',
      '1.5',
      '2023-02-12 21:32:14',
      '30/01/2019, 20:49 - ',
      '[1/30/19, 8:49:12 PM] ',
      'A:',
      '<attached: x.jpg>',
      '\u202f',
      'p. m.',
      '交易日期,摘要,交易金额(收入),交易金额(支出),交易币种\n',
      'Date,Description,Debit,Credit\n',
      '09/04/2025',
      '人民币合计',
      'OFXHEADER:100\n<OFX>',
      '<STMTRS><CURDEF>USD',
      '<STMTTRN><TRNAMT>-1.5<DTPOSTED>20250230[-5:EST]',
      '</STMTTRN>',
      '<![CDATA[',
      ']]>',
      '<BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">',
      '</Ntry>',
      '&amp;',
      ':20:X\n:25:A\n:60F:C250301EUR1,00\n',
      ':61:250303D1,NTRF//R\n:86:?32x\n',
      '!Type:Bank\n',
      "D1/5'25\nT-1\n^\n",
      '{"messages":[{"date_unixtime":"1","text":[{"text":1}],"from":',
      '}',
      '{"chats":{"list":[',
      'From x@y Mon Jan  1 00:00:00 2024\n',
      'From: a@b\nTo: c@d\nSubject: s\nDate: Tue, 1 Oct 2013 00:42:18 +0200\n',
      'Content-Type: multipart/mixed; boundary="b"\n\n--b\n',
      'Content-Disposition: attachment; filename="../x"\n\n',
      'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n',
      '1,2,49,0,1,1740790800,2,<title>',
      '[LINE] Chat history with X\n2024/01/05(Fri)\n',
      '09:15\tA\t"',
      'Fri, 13/01/2024\n',
      '2025-08-27 08:01 — A: ',
      'PK\u0003\u0004',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 300 }), (parts) =>
        parseWithAll(Buffer.from(parts.join(''))),
      ),
      { numRuns: 200 },
    );
  });

  it('never throw on truncated fixtures', async () => {
    const files = [...textFixtures(), await smallWorkbook(), await smallWhatsappZip()];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.double({ min: 0, max: 1, noNaN: true }), (file, cut) =>
        parseWithAll(file.subarray(0, Math.floor(file.length * cut))),
      ),
      { numRuns: 150 },
    );
  });

  it('never throw on shuffled lines with junk inserted, and never invent rows', async () => {
    const texts = textFixtures().map((b) => b.toString('latin1').split('\n'));
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...texts)
          .chain((lines) =>
            fc.tuple(
              fc.shuffledSubarray(lines, { minLength: 0, maxLength: lines.length }),
              fc.nat(),
              fc.string(),
            ),
          ),
        async ([lines, at, junk]) => {
          const mangled = [...lines];
          if (mangled.length > 0) mangled.splice(at % mangled.length, 0, junk);
          const bytes = Buffer.from(mangled.join('\n'), 'latin1');
          await parseWithAll(bytes);
          const result = await runImporters(bytes, ctx());
          if (result)
            expect(result.transactions.length + result.messages.length).toBeLessThanOrEqual(lines.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ── Property tests on each parser the importers are built from ──────────────────────────────────────────
// The block above runs every importer's detect and parse whole; these check the parts directly, with
// properties stronger than "does not throw" where a part has one (round trips, limits, what never survives).

const isValidDate = (t: LocalDateTime | null) => t === null || isValidLocal(t);

describe('tokenizeCsv', () => {
  it('reads back exactly the cells and lines an RFC 4180 writer wrote, whatever they hold', () => {
    const cell = fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        '交',
        '易',
        '"',
        ',',
        '\n',
        '\r\n',
        ' ',
        '\t',
        '=',
        '+',
        '-',
        '@',
        '¥',
        '1',
        '.',
      ),
      maxLength: 10,
    });
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const last = rows[rows.length - 1]!;
          fc.pre(!(last.length === 1 && last[0] === ''));
          const lines = rows.map((r) => r.map(quote).join(','));
          const text = lines.join('\r\n');
          const parsed = tokenizeCsv(text);
          expect(parsed.map((r) => r.cells)).toEqual(rows);
          let line = 1;
          const starts = lines.map((l) => {
            const at = line;
            line += (l.match(/\r\n|\r|\n/g) ?? []).length + 1;
            return at;
          });
          expect(parsed.map((r) => r.line)).toEqual(starts);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseXml', () => {
  type Node = { name: string; attributes: Record<string, string>; text: string; children: Node[] };
  const text = fc
    .string({
      unit: fc.constantFrom('a', '1', '中', ' ', '<', '>', '&', '"', "'", ']]', '&amp;'),
      maxLength: 12,
    })
    .filter((t) => t === '' || /\S/.test(t));
  const name = fc.constantFrom('Document', 'Stmt', 'Ntry', 'Amt', 'Cdtr', 'Nm');
  const attributes = fc.dictionary(fc.constantFrom('Ccy', 'Id', 'x'), text, { maxKeys: 2 });
  const node = (depth: number): fc.Arbitrary<Node> =>
    fc.record({
      name,
      attributes,
      text,
      children: depth === 0 ? fc.constant([]) : fc.array(node(depth - 1), { maxLength: 3 }),
    });
  const tree = node(3);
  const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const write = (n: Node): string =>
    `<ns:${n.name}${Object.entries(n.attributes)
      .map(([k, v]) => ` ${k}="${escape(v).replaceAll('"', '&quot;')}"`)
      .join('')}>${escape(n.text)}${n.children.map(write).join('\n  ')}</ns:${n.name}>`;
  const read = (e: XmlElement): Node => ({
    name: e.name,
    attributes: { ...e.attributes },
    text: e.text,
    children: e.children.map(read),
  });

  it('reads back the tree a writer escaped, with namespace prefixes dropped', () => {
    fc.assert(
      fc.property(tree, (root) => {
        const parsed = parseXml(`<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n${write(root)}\n`);
        expect(parsed.error).toBeNull();
        expect(read(parsed.root!)).toEqual(root);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, never nests past its limit, and never expands an entity it was not told about', () => {
    const piece = fc.constantFrom(
      '<a>',
      '</a>',
      '<b x="1">',
      '</b>',
      '<c/>',
      '&e;',
      '&amp;',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '<?x',
      '?>',
      '<!DOCTYPE d [<!ENTITY e "LEAK">]>',
      'text',
      '<',
      '>',
      '"',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (parts) => {
        const parsed = parseXml(parts.join(''));
        const all: string[] = [];
        const walk = (e: XmlElement, depth: number) => {
          expect(depth).toBeLessThanOrEqual(260);
          all.push(e.text, ...Object.values(e.attributes));
          e.children.forEach((c) => walk(c, depth + 1));
        };
        if (parsed.root) walk(parsed.root, 1);
        // The declaration may be read back literally (inside CDATA); it must never be expanded.
        expect(all.join('').replaceAll('ENTITY e "LEAK"', '')).not.toContain('LEAK');
      }),
      { numRuns: 300 },
    );
  });
});

describe('readZip', () => {
  const limits = { maxTotalBytes: 4096, maxRatio: 20, maxEntries: 5 };
  // eslint-disable-next-line no-control-regex -- control characters are what must not reach a name.
  const unsafe = /[\u0000-\u001f\u007f-\u009f/\\\u202a-\u202e\u2066-\u2069]/;

  it('never throws on damaged archives, stays within its limits, and keeps only safe base names', async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
    await writer.add(
      '../../evil/支付宝.csv',
      new TextReader('交易时间,金额\n2025-01-01 00:00:00,1.00\n'.repeat(20)),
    );
    await writer.add('C:\\x\\IMG-20190130-WA0001.jpg', new Uint8ArrayReader(new Uint8Array(300).fill(7)), {
      level: 0,
    });
    await writer.add('zeros.bin', new Uint8ArrayReader(new Uint8Array(3000)));
    await writer.add('a\u202Etxt.exe', new TextReader('x'));
    const zip = await writer.close();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: zip.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: zip.length }),
        async (flips, keep) => {
          const bytes = new Uint8Array(zip.subarray(0, keep));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          const result = await readZip(bytes, { limits });
          expect(result.files.length).toBeLessThanOrEqual(limits.maxEntries);
          expect(result.files.reduce((n, f) => n + f.bytes.length, 0)).toBeLessThanOrEqual(
            limits.maxTotalBytes,
          );
          for (const f of result.files) {
            expect(f.name).not.toMatch(unsafe);
            expect(f.name).not.toMatch(/^\.*$/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('xlsx', () => {
  it('sniffs and reads damaged workbooks without throwing anything but a plain Error', async () => {
    const workbook = await smallWorkbook();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: workbook.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: workbook.length }),
        async (flips, keep) => {
          const bytes = Buffer.from(workbook.subarray(0, keep));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          sniffXlsx(bytes);
          try {
            const sheets = await readXlsxSheets(bytes);
            for (const s of sheets) expect(s.rows.length).toBeLessThanOrEqual(10);
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('xls', () => {
  it('reads damaged .xls workbooks to rows or a problem, never a throw out of the importers', async () => {
    const rows = [
      ['交易日期', '摘要', '交易金额', '余额'],
      ...Array.from({ length: 40 }, (_, i) => ['20240101', `店${i}`, i + 0.5, 100]),
    ];
    const workbook = writeXls([{ name: 'Sheet1', rows }]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: workbook.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: workbook.length }),
        async (flips, keep) => {
          const bytes = Buffer.from(workbook.subarray(0, keep));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          const result = await runImporters(bytes, ctx('x.xls'));
          if (result) {
            expectWellFormed(result);
            expect(result.transactions.length).toBeLessThanOrEqual(40);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('parsePdfStatement', () => {
  it('never throws on any page layout, and every row it reads is well formed', () => {
    const str = fc.constantFrom(
      '交易日期',
      '记账日期',
      '摘要',
      '交易金额',
      '金额',
      '余额',
      '对方户名',
      'Date',
      'Description',
      'Amount',
      'Balance',
      'Debit',
      'Credit',
      '2025-01-02',
      '02/01/2025',
      '20250102',
      '-39.90',
      '1,234.56',
      '39.90',
      'CNY',
      '元保',
      '支付宝',
      '',
      ' ',
      '合计',
      'Page 1',
      '=HYPERLINK("x")',
    );
    const item = fc.record({
      str,
      x: fc.integer({ min: 0, max: 600 }),
      y: fc.integer({ min: 0, max: 800 }),
      width: fc.integer({ min: 1, max: 200 }),
      height: fc.integer({ min: 0, max: 14 }),
    });
    const pages = fc.array(fc.array(item, { maxLength: 120 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(pages, (ps) => {
        const result = parsePdfStatement(
          ps.map((items, i) => ({ page: i + 1, items })),
          ctx('statement.pdf'),
        );
        if (result) {
          expectWellFormed(result);
          expect(result.transactions.length).toBeLessThanOrEqual(ps.reduce((n, p) => n + p.length, 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// eslint-disable-next-line no-control-regex -- control characters are what must not reach a name.
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f/\\\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('text pieces', () => {
  it('decodeText gives back any UTF-8 text, and UTF-16 text with its BOM', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        fc.pre(!s.startsWith('\ufeff'));
        expect(decodeText(Buffer.from(s, 'utf8'))).toBe(s);
        expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('sanitizeFileName never lets a separator, a control or a bidi override, or a dot-only name through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const clean = sanitizeFileName(name, 'fallback.bin');
        expect(clean).not.toMatch(UNSAFE_IN_NAME);
        expect(clean).not.toMatch(/^\.*$/);
        expect(clean.length).toBeGreaterThan(0);
        expect(clean.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 300 },
    );
  });

  it('htmlToPlainText never lets script or style content through', () => {
    const piece = fc.constantFrom(
      '<p>',
      '</p>',
      '<div class="x">',
      '</div>',
      '<br>',
      'Renewal ',
      '39.90',
      '&amp;',
      '&lt;',
      '<b>',
      '</b>',
      '<td>',
      '</td>',
      '<script',
      '</script>',
      '<style>',
      '<',
      '>',
      '"',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.nat(),
        fc.constantFrom('script', 'style', 'SCRIPT'),
        (parts, at, tag) => {
          const html: string[] = [...parts];
          html.splice(at % (html.length + 1), 0, `<${tag} type="x">SECRET()</${tag}>`);
          expect(htmlToPlainText(html.join(''))).not.toContain('SECRET');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('name lookups never find what Object.prototype holds', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(currencyCode(key), key).toBeNull();
    }
  });

  it('date, offset and amount readers never throw and give only valid values', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('dmy' as const, 'mdy' as const),
        (text, order) => {
          expect(isValidDate(parseBankDate(text, order))).toBe(true);
          expect(isValidDate(parseQifDate(text, order))).toBe(true);
          expect(isValidDate(parseWallClock(text))).toBe(true);
          const ofx = parseOfxDate(text);
          if (ofx) expect(ofx.utc).toMatch(/Z$/);
          const offset = offsetOfDateHeader(text);
          expect(Number.isInteger(offset) && Math.abs(offset) <= 18 * 60).toBe(true);
          const minor = parseDecimalToMinor(text);
          if (minor !== null) expect(Number.isSafeInteger(minor)).toBe(true);
          expect(typeof decodeEntities(text)).toBe('string');
          expect(currencyCode(text) ?? 'CNY').toMatch(/^[A-Z]{3}$/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('image and PDF facts on damaged files', () => {
  const mutate = (base: Buffer, flips: [number, number][], keep: number) => {
    const bytes = Buffer.from(base.subarray(0, keep));
    for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
    return bytes;
  };
  const flipsOf = (base: Buffer) =>
    fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 });

  it('readImage and makeThumbnail refuse a damaged image with their own error, never another', async () => {
    const png = await makePng(40, 60, 3);
    const jpeg = await makeJpeg({ width: 40, height: 48, taken: '2025:08:20 21:05:09', make: 'Xiaomi' });
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(png, jpeg)
          .chain((base) =>
            fc.tuple(fc.constant(base), flipsOf(base), fc.integer({ min: 1, max: base.length })),
          ),
        async ([base, flips, keep]) => {
          const bytes = mutate(base, flips, keep);
          for (const step of [() => readImage(bytes, 'Asia/Shanghai'), () => makeThumbnail(bytes)]) {
            try {
              await step();
            } catch (error) {
              expect(error).toBeInstanceOf(ImageRejectedError);
              expect((error as Error).message).not.toContain('\n');
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('readPdf refuses a damaged PDF with its own error, never another', async () => {
    const pdf = makePdf('Statement 2025-08 total 39.90 CNY');
    await fc.assert(
      fc.asyncProperty(flipsOf(pdf), fc.integer({ min: 1, max: pdf.length }), async (flips, keep) => {
        try {
          const { facts } = await readPdf(mutate(pdf, flips, keep));
          expect(Number.isInteger(facts.pages)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(PdfRejectedError);
        }
      }),
      { numRuns: 150 },
    );
  });
});
