import sharp from 'sharp';
import { coded, say, type Coded } from '../../messages/say.ts';
import { openPdfTask, renderPdfPage } from '../pdf-facts.ts';

/** One picture to read: PNG bytes plus how its pixels map back to the original's. */
export type PagePicture = {
  page: number;
  png: Buffer;
  width: number;
  height: number;
  /** Multiply a box in `png` by this to get it in the original's pixels (images) or points ×2 (PDFs). */
  scaleBack: number;
  /** Size the boxes are given in after scaling back. */
  originalWidth: number;
  originalHeight: number;
};

/** A file OCR cannot read, with the reason shown to the user (the job is marked skipped); English message. */
export class OcrSkip extends Error {
  constructor(readonly coded: Coded) {
    super(say(coded));
    this.name = 'OcrSkip';
  }
}

/** Text smaller than ~20 px high reads badly; the long side is kept within what one worker handles well. */
const MIN_WIDTH = 1000;
const MAX_SIDE = 4000;
export const MAX_PDF_PAGES = 20;
/** PDF pages are rendered at this many pixels per point: 144 dpi, enough for body text. */
const PDF_SCALE = 2;

/** An image, upright (EXIF orientation applied), greyscale, scaled so its text is big enough to read. */
export async function imagePicture(bytes: Buffer): Promise<PagePicture> {
  let meta;
  try {
    meta = await sharp(bytes, { limitInputPixels: 100_000_000 }).metadata();
  } catch (error) {
    throw new OcrSkip(coded('ocr.image-undecodable', { reason: (error as Error).message }));
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  if (width < 8 || height < 8) throw new OcrSkip(coded('ocr.image-too-small'));
  let scale = 1;
  if (width < MIN_WIDTH) scale = Math.min(3, MIN_WIDTH / width);
  if (Math.max(width, height) * scale > MAX_SIDE) scale = MAX_SIDE / Math.max(width, height);
  let png: Buffer;
  try {
    let img = sharp(bytes, { limitInputPixels: 100_000_000, pages: 1 }).rotate().greyscale();
    if (scale !== 1) img = img.resize(Math.round(width * scale), Math.round(height * scale));
    png = await img.png({ compressionLevel: 1 }).toBuffer();
  } catch (error) {
    throw new OcrSkip(coded('ocr.image-undecodable', { reason: (error as Error).message }));
  }
  return {
    page: 1,
    png,
    width: Math.round(width * scale),
    height: Math.round(height * scale),
    scaleBack: 1 / scale,
    originalWidth: width,
    originalHeight: height,
  };
}

/** Renders the pages of a PDF without a text layer (a scan) with pdf.js and its bundled @napi-rs/canvas. */
export async function* pdfPictures(bytes: Buffer): AsyncGenerator<PagePicture> {
  const task = await openPdfTask(bytes);
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const e = error as Error;
    throw new OcrSkip(
      e.name === 'PasswordException'
        ? coded('ocr.pdf-password')
        : coded('ocr.pdf-unopenable', { reason: e.message }),
    );
  }
  try {
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PDF_PAGES); n += 1) {
      const { png: rendered, width, height } = await renderPdfPage(doc, n, PDF_SCALE);
      const png = await sharp(rendered).flatten({ background: '#ffffff' }).greyscale().png().toBuffer();
      yield { page: n, png, width, height, scaleBack: 1, originalWidth: width, originalHeight: height };
    }
  } finally {
    await doc.destroy();
  }
}
