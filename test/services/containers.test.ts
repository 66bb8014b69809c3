import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { refineZip, sniffContent } from '../../electron/services/sniff.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
let locker: Locker;
let caseId: string;
let inbox: string;

beforeEach(async () => {
  locker = await Locker.open(tempDir());
  caseId = (await locker.createCase({ title: 'Documents are not archives' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

function put(name: string, bytes: Buffer | string): string {
  const file = path.join(inbox, name);
  writeFileSync(file, bytes);
  return file;
}

type Entry = [name: string, bytes: Buffer | string, options?: { stored?: boolean; sizesFirst?: boolean }];

/**
 * A ZIP written by zip.js; `stored` entries are not compressed (ODF and EPUB store `mimetype` so), and
 * `sizesFirst` writes the sizes in the local header as LibreOffice does (zip.js otherwise writes a data
 * descriptor after the data).
 */
async function zipOf(entries: Entry[]): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), { useWebWorkers: false });
  for (const [name, bytes, options] of entries) {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    await writer.add(name, new Uint8ArrayReader(data), {
      ...(options?.stored ? { level: 0 } : {}),
      ...(options?.sizesFirst ? { dataDescriptor: false } : {}),
    });
  }
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

/**
 * ODF 1.2 part 3 §3.3: the first entry is `mimetype`, stored, holding the document's MIME type; then
 * `content.xml`, `styles.xml`, `meta.xml`, `settings.xml`, `META-INF/manifest.xml`, `Thumbnails/…` — what
 * LibreOffice writes (an attached .odt once became nine items).
 */
const odt = () =>
  zipOf([
    ['mimetype', 'application/vnd.oasis.opendocument.text', { stored: true, sizesFirst: true }],
    ['content.xml', '<office:document-content><text:p>Bitte kündigen Sie mein Abo.</text:p>'],
    ['styles.xml', '<office:document-styles/>'],
    ['meta.xml', '<office:document-meta/>'],
    ['settings.xml', '<office:document-settings/>'],
    ['manifest.rdf', '<rdf:RDF/>'],
    ['Configurations2/accelerator/current.xml', ''],
    ['Thumbnails/thumbnail.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['META-INF/manifest.xml', '<manifest:manifest/>'],
  ]);

/** EPUB 3 OCF: `mimetype` (stored) `application/epub+zip`, `META-INF/container.xml`, the OPF package. */
const epub = () =>
  zipOf([
    ['mimetype', 'application/epub+zip', { stored: true }],
    ['META-INF/container.xml', '<container><rootfiles><rootfile full-path="OEBPS/content.opf"/>'],
    ['OEBPS/content.opf', '<package/>'],
    ['OEBPS/terms.xhtml', '<html><body>Terms of service</body></html>'],
  ]);

/**
 * GB/T 33190 OFD as Chinese e-invoice platforms write it: `OFD.xml` at the root, `Doc_0/Document.xml`,
 * `Doc_0/Pages/Page_0/Content.xml`, `Doc_0/Res/…`. Here the resources come first and are large enough
 * (incompressible) that no telling name is in the first 64 KiB.
 */
const ofdWithLargeResources = () =>
  zipOf([
    ['Doc_0/Res/image_0.png', randomBytes(80_000)],
    ['Doc_0/Res/image_1.png', randomBytes(10_000)],
    ['Doc_0/Pages/Page_0/Content.xml', '<ofd:Page/>'],
    ['Doc_0/Document.xml', '<ofd:Document/>'],
    ['OFD.xml', '<ofd:OFD DocType="OFD"/>'],
  ]);

describe('ZIP containers that are documents', () => {
  it('tells ODF, EPUB and OFD from a plain ZIP, an OFD by its central directory when the head says nothing', async () => {
    expect(sniffContent(await odt()).mime).toBe('application/vnd.oasis.opendocument.text');
    expect(sniffContent(await epub()).mime).toBe('application/epub+zip');
    const ofd = await ofdWithLargeResources();
    expect(sniffContent(ofd.subarray(0, 65536)).mime).toBe('application/zip');
    expect(refineZip(ofd, sniffContent(ofd.subarray(0, 65536)))).toEqual({
      mime: 'application/ofd',
      family: 'office',
      label: 'OFD document',
    });
    const plain = await zipOf([['a.txt', 'hello']]);
    expect(refineZip(plain, sniffContent(plain)).mime).toBe('application/zip');
  });

  it('files an ODT, an EPUB, an OFD and a DOCX as one document each, never their parts', async () => {
    const docx = await zipOf([
      ['[Content_Types].xml', '<Types/>'],
      ['_rels/.rels', '<Relationships/>'],
      ['word/document.xml', '<w:document/>'],
    ]);
    const files = [
      put('Kündigung.odt', await odt()),
      put('terms.epub', await epub()),
      put('invoice.ofd', await ofdWithLargeResources()),
      put('letter.docx', docx),
    ];
    const r = await addPaths(locker, caseId, files);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path), a.kind, a.mime, a.warnings])).toEqual([
      ['Kündigung.odt', 'document', 'application/vnd.oasis.opendocument.text', []],
      ['terms.epub', 'document', 'application/epub+zip', []],
      ['invoice.ofd', 'document', 'application/ofd', []],
      [
        'letter.docx',
        'document',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        [],
      ],
    ]);
    expect(locker.listEvidence(caseId)).toHaveLength(4);
  });

  it('unpacks a real ZIP, but an ODT inside it stays one item and macOS clutter is skipped, not filed', async () => {
    // What macOS Finder's "Compress" writes: each file, plus `__MACOSX/._name` AppleDouble twins and `.DS_Store`.
    const appleDouble = Buffer.concat([Buffer.from([0x00, 0x05, 0x16, 0x07]), Buffer.alloc(78)]);
    const zip = await zipOf([
      ['Evidence/letter.odt', await odt()],
      ['Evidence/.DS_Store', Buffer.from('Bud1\0\0\0\0')],
      ['Evidence/notes.txt', 'called the bank on Monday'],
      ['__MACOSX/Evidence/._letter.odt', appleDouble],
      ['__MACOSX/Evidence/._notes.txt', appleDouble],
    ]);
    const file = put('Evidence.zip', zip);
    const r = await addPaths(locker, caseId, [file]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [a.path, a.mime])).toEqual([
      [file, 'application/zip'],
      [`${file} › letter.odt`, 'application/vnd.oasis.opendocument.text'],
      [`${file} › notes.txt`, 'text/plain'],
    ]);
    expect(r.skipped).toEqual([
      {
        path: `${file} › Evidence/.DS_Store`,
        reason: expect.stringMatching(/macOS clutter/) as string,
        code: 'skip.mac-clutter',
        params: {},
      },
      {
        path: `${file} › __MACOSX/Evidence/._letter.odt`,
        reason: expect.stringMatching(/macOS clutter/) as string,
        code: 'skip.mac-clutter',
        params: {},
      },
      {
        path: `${file} › __MACOSX/Evidence/._notes.txt`,
        reason: expect.stringMatching(/macOS clutter/) as string,
        code: 'skip.mac-clutter',
        params: {},
      },
    ]);
    const archive = locker.getEvidence(r.added[0]!.id);
    expect(archive.facts.archive).toMatchObject({ entries: 2, skipped: expect.any(Array) as unknown });
  });

  it('files an .odt attached to an e-mail as one attachment', async () => {
    const boundary = 'b1';
    const mail = [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: Kündigung',
      'Date: Tue, 04 Mar 2025 10:00:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Anbei die Kündigung.',
      `--${boundary}`,
      'Content-Type: application/vnd.oasis.opendocument.text; name="k.odt"',
      'Content-Disposition: attachment; filename="k.odt"',
      'Content-Transfer-Encoding: base64',
      '',
      (await odt()).toString('base64').replace(/.{76}/g, '$&\r\n'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const r = await addPaths(locker, caseId, [put('mail.eml', mail)]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind])).toEqual([
      ['mail.eml', 'email'],
      ['k.odt', 'document'],
    ]);
  });
});
