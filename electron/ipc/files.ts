import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Locker } from '../services/locker.ts';
import { viewableContentType, type EvidenceRequest } from '../security.ts';

export type EvidenceFile = { file: string; contentType: string; size: number };

/**
 * Where the bytes for `evidence://thumb/ID` or `/files/original/ID` are, by item id only. The file name is
 * always built from the item's own SHA-256, so no request can name a path; an original is served only when
 * its sniffed type is on the allowlist.
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
  let file: string;
  let contentType: string | null;
  if (request.variant === 'thumb') {
    file = path.join(locker.thumbsDir, `${item.sha256}.webp`);
    contentType = 'image/webp';
  } else {
    file = locker.objects.pathFor(item.sha256);
    contentType = viewableContentType(item.mime);
  }
  if (!contentType) return null;
  try {
    const info = await stat(file);
    return info.isFile() ? { file, contentType, size: info.size } : null;
  } catch {
    return null;
  }
}
