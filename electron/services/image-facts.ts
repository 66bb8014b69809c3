import exifr from 'exifr';
import sharp, { type Metadata } from 'sharp';
import {
  instantFromLocal,
  instantFromZoned,
  type Instant,
  type LocalDateTime,
  isValidLocal,
} from './util/time.ts';
import { coded, say, type Coded } from '../messages/say.ts';

/** Above this many pixels an image is refused before it is decoded: a small file can claim a huge canvas. */
export const MAX_IMAGE_PIXELS = 150_000_000;
export const THUMBNAIL_SIZE = 480;
/** Taller than this (height ÷ width) and a picture's thumbnail shows its top, not the whole strip. */
export const TALL_RATIO = 1.6;

export type ImageFacts = {
  width: number;
  height: number;
  /** As displayed: width/height swapped for EXIF orientations 5–8. */
  displayWidth: number;
  displayHeight: number;
  format: string;
  orientation: number | null;
  device: string | null;
  software: string | null;
  hasGps: boolean;
  gps: { latitude: number; longitude: number; altitude: number | null } | null;
  exifTime: string | null;
  exifOffset: string | null;
};

export type ImageReading = {
  facts: ImageFacts;
  taken: { instant: Instant; offsetFrom: 'exif' | 'gps' | 'case-timezone' } | null;
};

export class ImageRejectedError extends Error {
  readonly coded: Coded;
  constructor(reason: Coded) {
    super(say(reason));
    this.coded = reason;
    this.name = 'ImageRejectedError';
  }
}

type Exif = Record<string, unknown>;

function parseExifDateTime(text: unknown): LocalDateTime | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (!m) return null;
  const t = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  return isValidLocal(t) && t.year >= 1990 ? t : null;
}

function parseOffset(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * EXIF `DateTimeOriginal` is the camera's wall clock with no zone. Where the camera also wrote a GPS time
 * (always UTC), the difference between the two is the offset the photo was taken in.
 */
function offsetFromGps(local: LocalDateTime, exif: Exif): number | null {
  const date =
    typeof exif.GPSDateStamp === 'string' ? /^(\d{4}):(\d{2}):(\d{2})$/.exec(exif.GPSDateStamp) : null;
  const time = Array.isArray(exif.GPSTimeStamp) ? (exif.GPSTimeStamp as unknown[]).map(Number) : null;
  if (!date || !time || time.length < 3 || time.some((n) => !Number.isFinite(n))) return null;
  const gpsMs = Date.UTC(
    Number(date[1]),
    Number(date[2]) - 1,
    Number(date[3]),
    time[0],
    time[1],
    Math.floor(time[2]!),
  );
  const localMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const minutes = Math.round((localMs - gpsMs) / 60_000 / 15) * 15;
  return Math.abs(minutes) <= 14 * 60 ? minutes : null;
}

export async function readImage(bytes: Buffer, timeZone: string): Promise<ImageReading> {
  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so the size limit is checked below with the real numbers.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    // libvips repeats itself over many lines ("bad seek to 1024 / 512 / …"): the first says what is wrong.
    throw new ImageRejectedError(
      coded('image.unreadable', { detail: (error as Error).message.split('\n')[0] ?? '' }),
    );
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw new ImageRejectedError(coded('image.no-size'));
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageRejectedError(
      coded('image.too-many-pixels', { width, height, limit: MAX_IMAGE_PIXELS / 1e6 }),
    );
  }
  let exif: Exif = {};
  if (meta.exif) {
    try {
      exif = ((await exifr.parse(bytes, { reviveValues: false, translateValues: false, gps: true })) ??
        {}) as Exif;
    } catch {
      exif = {};
    }
  }
  const orientation = typeof meta.orientation === 'number' ? meta.orientation : null;
  const swapped = orientation !== null && orientation >= 5;
  const make = typeof exif.Make === 'string' ? exif.Make.trim() : '';
  const model = typeof exif.Model === 'string' ? exif.Model.trim() : '';
  const device = [make, model.startsWith(make) ? model.slice(make.length).trim() : model]
    .filter(Boolean)
    .join(' ');
  const lat = typeof exif.latitude === 'number' ? exif.latitude : null;
  const lon = typeof exif.longitude === 'number' ? exif.longitude : null;
  const exifTimeText = exif.DateTimeOriginal ?? exif.CreateDate;
  const exifOffsetText = exif.OffsetTimeOriginal ?? exif.OffsetTime;
  const facts: ImageFacts = {
    width,
    height,
    displayWidth: swapped ? height : width,
    displayHeight: swapped ? width : height,
    format: meta.format ?? 'unknown',
    orientation,
    device: device || null,
    software: typeof exif.Software === 'string' ? exif.Software.trim() : null,
    hasGps: lat !== null && lon !== null,
    gps:
      lat !== null && lon !== null
        ? {
            latitude: lat,
            longitude: lon,
            altitude: typeof exif.GPSAltitude === 'number' ? exif.GPSAltitude : null,
          }
        : null,
    exifTime: typeof exifTimeText === 'string' ? exifTimeText : null,
    exifOffset: typeof exifOffsetText === 'string' ? exifOffsetText : null,
  };
  const local = parseExifDateTime(exifTimeText);
  let taken: ImageReading['taken'] = null;
  if (local) {
    const written = parseOffset(exifOffsetText);
    const gps = written === null ? offsetFromGps(local, exif) : null;
    if (written !== null) taken = { instant: instantFromLocal(local, written), offsetFrom: 'exif' };
    else if (gps !== null) taken = { instant: instantFromLocal(local, gps), offsetFrom: 'gps' };
    else taken = { instant: instantFromZoned(local, timeZone), offsetFrom: 'case-timezone' };
  }
  return { facts, taken };
}

/**
 * A WebP preview with the EXIF orientation applied. Decoding the whole image here is also what proves a
 * file is not truncated: sharp fails on a cut-off image instead of showing half of it.
 */
export async function makeThumbnail(bytes: Buffer): Promise<Buffer> {
  try {
    const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated' } as const;
    const meta = await sharp(bytes, options).metadata();
    const { width, height } = meta.autoOrient;
    // A phone screenshot (1080×2400) shrunk whole is a white strip nobody can read: its top — the app's
    // header, the amount, the merchant — is kept instead, at 3:4, wide enough to read.
    const isTall = width > 0 && height / width > TALL_RATIO;
    return await sharp(bytes, options)
      .rotate()
      .resize(
        isTall
          ? {
              width: Math.round((THUMBNAIL_SIZE * 3) / 4),
              height: THUMBNAIL_SIZE,
              fit: 'cover',
              position: 'top',
              withoutEnlargement: true,
            }
          : { width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true },
      )
      .webp({ quality: 72, effort: 2 })
      .toBuffer();
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new ImageRejectedError(coded('image.over-limit', { limit: MAX_IMAGE_PIXELS / 1e6 }));
    }
    throw new ImageRejectedError(coded('image.damaged', { detail: message.split('\n')[0] ?? '' }));
  }
}
