import { PDFDocument } from 'pdf-lib';
import sharp, { type Sharp } from 'sharp';
import type { EvidenceRecord } from '../../../db/queries/evidence.ts';
import type { MessageRecord, TransactionRecord } from '../../../db/queries/records.ts';
import type { Locker } from '../locker.ts';
import type { RedactionBox } from './redactions.ts';

/** Room for an image on an exhibit's first page (below its heading), in points. */
export const IMAGE_BOX = { width: 483, height: 600 };

/** Recompression steps for the size budget: each smaller, none below ~1000 px on the long side. */
export const IMAGE_STEPS = [
  { quality: 0, maxLong: 0 }, // as filed where possible (lossless), else JPEG q90
  { quality: 80, maxLong: 2400 },
  { quality: 70, maxLong: 2000 },
  { quality: 62, maxLong: 1600 },
  { quality: 55, maxLong: 1280 },
  { quality: 50, maxLong: 1000 },
] as const;

export type PreparedImage = { data: Buffer; width: number; height: number };

export type ExhibitBody =
  | { type: 'image'; redactions: RedactionBox[] }
  | { type: 'pdf'; pages: { width: number; height: number; rotate: number }[] }
  | { type: 'transactions'; rows: TransactionRecord[] }
  | { type: 'chat'; messages: MessageRecord[] }
  | { type: 'email'; headers: [string, string][]; body: string }
  | { type: 'text'; text: string }
  | { type: 'described'; reason: 'kind' | 'unreadable' };

export type Exhibit = {
  number: number;
  evidence: EvidenceRecord;
  body: ExhibitBody;
  /** Bytes this exhibit adds to a packet (images and merged PDFs); text is counted as small. */
  weight: number;
};

const IMAGE_MIMES = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/tiff',
  'image/avif',
]);

export async function describeBody(
  locker: Locker,
  e: EvidenceRecord,
  transactions: TransactionRecord[] | undefined,
  messages: MessageRecord[] | undefined,
  redactions: RedactionBox[] | undefined,
): Promise<{ body: ExhibitBody; weight: number }> {
  if (IMAGE_MIMES.has(e.mime))
    return { body: { type: 'image', redactions: redactions ?? [] }, weight: e.size };
  if (e.mime === 'application/pdf') {
    const pages = await pdfPages(await locker.objects.read(e.sha256));
    return pages
      ? { body: { type: 'pdf', pages }, weight: e.size }
      : { body: { type: 'described', reason: 'unreadable' }, weight: 4000 };
  }
  if (transactions?.length)
    return { body: { type: 'transactions', rows: transactions }, weight: transactions.length * 120 };
  const doc = (e.facts.document ?? null) as Record<string, unknown> | null;
  const isEmail =
    e.kind === 'email' || (e.facts.import as { format?: string } | undefined)?.format === 'email';
  if (isEmail && doc && typeof doc.from === 'string') {
    const h = (k: string) => (typeof doc[k] === 'string' ? doc[k] : '');
    const headers: [string, string][] = [
      ['from', h('from')],
      ['to', h('to')],
      ['cc', h('cc')],
      ['date', h('date')],
      ['subject', h('subject')],
    ];
    return {
      body: { type: 'email', headers: headers.filter(([, v]) => v), body: e.contentText ?? '' },
      weight: 3000 + (e.contentText?.length ?? 0),
    };
  }
  if (messages?.length) return { body: { type: 'chat', messages }, weight: messages.length * 90 };
  if (e.contentText?.trim())
    return { body: { type: 'text', text: e.contentText }, weight: 2000 + e.contentText.length };
  return { body: { type: 'described', reason: 'kind' }, weight: 4000 };
}

async function pdfPages(bytes: Buffer): Promise<{ width: number; height: number; rotate: number }[] | null> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    if (doc.isEncrypted) return null;
    return doc.getPages().map((p) => {
      const { width, height } = p.getSize();
      return { width, height, rotate: ((p.getRotation().angle % 360) + 360) % 360 };
    });
  } catch {
    return null;
  }
}

/**
 * An image ready to place: EXIF orientation applied, redaction boxes burnt into the pixels, recompressed
 * for the size step. A long screenshot is cut into slices so each stays readable on its page.
 */
export async function prepareImage(
  locker: Locker,
  e: EvidenceRecord,
  redactions: RedactionBox[],
  step: number,
): Promise<PreparedImage[]> {
  const file = await locker.objects.read(e.sha256);
  const s = IMAGE_STEPS[Math.min(step, IMAGE_STEPS.length - 1)]!;
  const meta = await sharp(file).metadata();
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5;
  const width = (swap ? meta.height : meta.width) ?? 1;
  const height = (swap ? meta.width : meta.height) ?? 1;
  const slices = sliceRows(width, height, s.maxLong);

  // As filed, byte for byte, where pdfkit can place it without decoding (plain PNG or upright JPEG).
  if (
    step === 0 &&
    !redactions.length &&
    slices.length === 1 &&
    orientation === 1 &&
    (meta.pages ?? 1) === 1
  ) {
    const passPng = meta.format === 'png' && !meta.hasAlpha && !meta.isProgressive;
    const passJpeg = meta.format === 'jpeg' && meta.channels !== 4;
    if (passPng || passJpeg) return [{ data: file, width, height }];
  }

  let pipeline = sharp(file, { limitInputPixels: 150_000_000 }).rotate().flatten({ background: '#ffffff' });
  if (redactions.length) {
    // Burn the boxes into decoded pixels before any resize, so a box covers exactly what the user drew.
    const raw = await pipeline
      .composite(
        redactions.map((b) => ({
          input: {
            create: { width: b.width, height: b.height, channels: 3 as const, background: '#000000' },
          },
          left: b.x,
          top: b.y,
        })),
      )
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    pipeline = sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: 3 } });
  }
  const quality = s.quality || 90;
  const scale = s.maxLong && Math.max(width, height) > s.maxLong ? s.maxLong / Math.max(width, height) : 1;
  const outW = Math.max(1, Math.round(width * scale));
  const outH = Math.max(1, Math.round(height * scale));
  const jpeg = (p: Sharp) =>
    p.jpeg({ quality, chromaSubsampling: quality >= 80 ? '4:4:4' : '4:2:0', mozjpeg: false }).toBuffer();
  if (slices.length === 1) {
    const p = scale < 1 ? pipeline.resize(outW, outH, { fit: 'fill' }) : pipeline;
    return [{ data: await jpeg(p), width: outW, height: outH }];
  }
  const base = await (scale < 1 ? pipeline.resize(outW, outH, { fit: 'fill' }) : pipeline)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out: PreparedImage[] = [];
  for (const [top, rows] of sliceRows(outW, outH, 0)) {
    const img = sharp(base.data, {
      raw: { width: base.info.width, height: base.info.height, channels: base.info.channels },
    }).extract({ left: 0, top, width: outW, height: rows });
    out.push({ data: await jpeg(img), width: outW, height: rows });
  }
  return out;
}

/** Slices (top row, row count) for a long image: one slice unless shrinking to one page would make it unreadable. */
function sliceRows(width: number, height: number, maxLong: number): [number, number][] {
  const scale = maxLong && Math.max(width, height) > maxLong ? maxLong / Math.max(width, height) : 1;
  const w = width * scale;
  const h = height * scale;
  // A phone screenshot (1080×2400) fits one page at about 0.25 pt per pixel; longer ones are cut so
  // their text is not shrunk further.
  if (h / w <= 3) return [[0, Math.round(h)]];
  const rowsPerSlice = Math.floor((IMAGE_BOX.height * w) / 270);
  const out: [number, number][] = [];
  for (let top = 0; top < Math.round(h); top += rowsPerSlice)
    out.push([top, Math.min(rowsPerSlice, Math.round(h) - top)]);
  return out;
}
