import sharp from 'sharp';
import { getRedaction, loggedRedaction, saveRedaction } from '../../../db/queries/redactions.ts';
import { LockerInputError } from '../errors.ts';
import type { Locker } from '../locker.ts';
import { canonicalJson } from '../util/canonical-json.ts';

/**
 * A box to black out, in pixels of the image *as displayed* (EXIF orientation applied), origin top left.
 * Kept in the locker's database (encrypted with it, in every backup, checked by verify), never in the
 * original: the original stays byte-for-byte what was filed.
 */
export type RedactionBox = { x: number; y: number; width: number; height: number; note?: string };

/** The custody log says an item was redacted, but the locker no longer holds those boxes (or holds others). */
export class RedactionMissingError extends LockerInputError {
  constructor(
    readonly evidenceId: string,
    readonly seq: number,
  ) {
    super('redact.boxes-missing', { id: evidenceId, seq });
    this.name = 'RedactionMissingError';
  }
}

export function readRedactions(locker: Locker, evidenceId: string): Promise<RedactionBox[]> {
  const row = getRedaction(locker.db, evidenceId);
  return Promise.resolve(row && Array.isArray(row.boxes) ? row.boxes.filter(isBox) : []);
}

/**
 * The boxes a packet must apply to an item: the stored ones, held against the last `evidence.redact` entry.
 * Refuses when the log says there were boxes and the locker has none or others (a lost or edited record).
 */
export function redactionsForExport(locker: Locker, evidenceId: string): Promise<RedactionBox[]> {
  const logged = loggedRedaction(locker.db, evidenceId);
  const row = getRedaction(locker.db, evidenceId);
  const stored = row && Array.isArray(row.boxes) ? row.boxes.filter(isBox) : [];
  if (!logged) return Promise.resolve(stored);
  const expected = Array.isArray(logged.boxes) ? logged.boxes : [];
  if (canonicalJson(expected) !== canonicalJson(row?.boxes ?? [])) {
    return Promise.reject(new RedactionMissingError(evidenceId, logged.seq));
  }
  return Promise.resolve(stored);
}

function isBox(b: unknown): b is RedactionBox {
  if (!b || typeof b !== 'object') return false;
  const r = b as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

/**
 * Sets the boxes to black out on an image item (an empty list removes them). Boxes are clipped to the
 * image; the change, before and after, goes to the custody log.
 */
export async function setRedactions(
  locker: Locker,
  evidenceId: string,
  boxes: RedactionBox[],
): Promise<RedactionBox[]> {
  const item = locker.getEvidence(evidenceId);
  if (!item.mime.startsWith('image/')) {
    throw new LockerInputError('redact.images-only');
  }
  const meta = await sharp(await locker.objects.read(item.sha256)).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  const clipped: RedactionBox[] = [];
  for (const b of boxes) {
    if (!isBox(b)) throw new LockerInputError('redact.bad-box');
    const x = Math.max(0, Math.floor(b.x));
    const y = Math.max(0, Math.floor(b.y));
    const w = Math.min(width, Math.ceil(b.x + b.width)) - x;
    const h = Math.min(height, Math.ceil(b.y + b.height)) - y;
    if (w <= 0 || h <= 0) continue;
    clipped.push({ x, y, width: w, height: h, ...(b.note ? { note: String(b.note) } : {}) });
  }
  const before = await readRedactions(locker, item.id);
  if (JSON.stringify(before) === JSON.stringify(clipped)) return clipped;
  locker.write((log) => {
    saveRedaction(locker.db, {
      evidenceId: item.id,
      sha256: item.sha256,
      boxes: clipped,
      updatedAt: locker.now(),
    });
    log({
      action: 'evidence.redact',
      caseId: item.caseId,
      subjectId: item.id,
      details: { sha256: item.sha256, before, after: clipped },
    });
  });
  await locker.saveChainHead();
  return clipped;
}
