import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { LockerInputError } from '../errors.ts';
import type { Locker } from '../locker.ts';
import { writeFileAtomic } from '../object-store.ts';

/**
 * A box to black out, in pixels of the image *as displayed* (EXIF orientation applied), origin top left.
 * Kept beside the locker, never in the original: the original stays byte-for-byte what was filed.
 */
export type RedactionBox = { x: number; y: number; width: number; height: number; note?: string };

type RedactionFile = { evidenceId: string; sha256: string; boxes: RedactionBox[] };

const ID_RE = /^[A-Za-z0-9_-]{1,80}$/;

function fileFor(locker: Locker, evidenceId: string): string {
  // The id becomes a file name: refuse anything that could climb out of the folder.
  if (!ID_RE.test(evidenceId)) throw new LockerInputError(`"${evidenceId}" is not an evidence id.`);
  return path.join(locker.dir, 'redactions', `${evidenceId}.json`);
}

export async function readRedactions(locker: Locker, evidenceId: string): Promise<RedactionBox[]> {
  try {
    const parsed = JSON.parse(await readFile(fileFor(locker, evidenceId), 'utf8')) as RedactionFile;
    return Array.isArray(parsed.boxes) ? parsed.boxes.filter(isBox) : [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
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
    throw new LockerInputError('Only images can carry redaction boxes.');
  }
  const meta = await sharp(await locker.objects.read(item.sha256)).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  const clipped: RedactionBox[] = [];
  for (const b of boxes) {
    if (!isBox(b)) throw new LockerInputError('A redaction box needs numbers x, y, width and height.');
    const x = Math.max(0, Math.floor(b.x));
    const y = Math.max(0, Math.floor(b.y));
    const w = Math.min(width, Math.ceil(b.x + b.width)) - x;
    const h = Math.min(height, Math.ceil(b.y + b.height)) - y;
    if (w <= 0 || h <= 0) continue;
    clipped.push({ x, y, width: w, height: h, ...(b.note ? { note: String(b.note) } : {}) });
  }
  const before = await readRedactions(locker, item.id);
  if (JSON.stringify(before) === JSON.stringify(clipped)) return clipped;
  const file = fileFor(locker, item.id);
  await mkdir(path.dirname(file), { recursive: true });
  const body: RedactionFile = { evidenceId: item.id, sha256: item.sha256, boxes: clipped };
  await writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n');
  locker.write((log) =>
    log({
      action: 'evidence.redact',
      caseId: item.caseId,
      subjectId: item.id,
      details: { sha256: item.sha256, before, after: clipped },
    }),
  );
  await locker.saveChainHead();
  return clipped;
}
