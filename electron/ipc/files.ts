import { Readable } from 'node:stream';
import type { Locker } from '../services/locker.ts';
import { pdfPagesOf, PdfLockedError } from '../services/pdf-pages.ts';
import { viewableContentType, type EvidenceRequest } from '../security.ts';

/** An item's bytes ready to serve: `open` streams the plaintext (decrypted on the way in an encrypted locker). */
export type EvidenceFile = { open: () => Readable; contentType: string; size: number };

/**
 * The bytes for `evidence://thumb/ID`, `/files/original/ID` or `…/page/ID/N/WIDTH`, by item id only. The stored name is always
 * derived from the item's own SHA-256, so no request can name a path; an original is served only when its
 * sniffed type is on the allowlist. A PDF is never served itself, only its pages drawn as PNG pictures.
 */
export async function findEvidenceFile(
  locker: Locker,
  request: EvidenceRequest,
): Promise<EvidenceFile | null> {
  let item;
  try {
    item = locker.getEvidence(request.id);
  } catch {
    return null;
  }
  if (item.id !== request.id) return null;
  if (request.variant === 'thumb') {
    const thumb = await locker.objects.readThumb(item.sha256);
    return thumb
      ? { open: () => Readable.from([thumb]), contentType: 'image/webp', size: thumb.length }
      : null;
  }
  if (request.variant === 'page') {
    if (item.mime !== 'application/pdf') return null;
    let image;
    try {
      image = await pdfPagesOf(locker).render(item.sha256, request.page, request.width);
    } catch (error) {
      // A locked PDF has no pages to show (the panel says why); anything else is a real fault.
      if (error instanceof PdfLockedError) return null;
      throw error;
    }
    if (!image) return null;
    const png = image.png;
    return { open: () => Readable.from([png]), contentType: 'image/png', size: png.length };
  }
  const contentType = viewableContentType(item.mime);
  if (!contentType || !(await locker.objects.has(item.sha256))) return null;
  const sha256 = item.sha256;
  return { open: () => locker.objects.stream(sha256), contentType, size: item.size };
}
