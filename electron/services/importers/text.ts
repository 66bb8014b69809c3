import iconv from 'iconv-lite';
import { looksLikeGbk, looksLikeSingleByteText } from './text-guess.ts';

/**
 * Chinese exports come as GBK (Alipay) or UTF-8 with or without BOM (WeChat, WhatsApp); Western ones may be
 * Windows-1252 / Latin-1. Strict UTF-8 is tried first because GBK text is almost never valid UTF-8, while
 * the reverse guess would garble silently.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function hasPrefix(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function decode(bytes: Uint8Array, isPartial: boolean): string {
  if (hasPrefix(bytes, UTF8_BOM))
    return new TextDecoder('utf-8').decode(bytes.subarray(3), { stream: isPartial });
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (hasPrefix(bytes, [0xff, 0xfe])) return iconv.decode(buf, 'utf-16le');
  if (hasPrefix(bytes, [0xfe, 0xff])) return iconv.decode(buf, 'utf-16be');
  try {
    // stream: true lets a head cut in the middle of a character still count as valid UTF-8.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: isPartial });
  } catch {
    // Western exports (an OFX with CHARSET:1252, a German bank's CSV) are Windows-1252 / Latin-1: their
    // accented letters stand alone between ASCII ones, where GBK's pairs of high bytes do not.
    const sample = bytes.subarray(0, 64 * 1024);
    if (!looksLikeGbk(sample) && looksLikeSingleByteText(sample)) return iconv.decode(buf, 'windows-1252');
    return iconv.decode(buf, 'gb18030');
  }
}

// Intake decodes a file for its searchable text and the importer that reads it decodes the same bytes again:
// for a 100,000-row GBK bill that second decode was 0.2 s. Keyed by the very buffer, so an entry lives as long
// as the bytes it was read from (an original's bytes are never changed once read).
const decoded = new WeakMap<Uint8Array, string>();

/** Decodes a whole file. Never throws. */
export function decodeText(bytes: Uint8Array): string {
  let text = decoded.get(bytes);
  if (text === undefined) {
    text = decode(bytes, false);
    decoded.set(bytes, text);
  }
  return text;
}

/** Decodes the first bytes of a file, which may end inside a multi-byte character. Never throws. */
export function decodeHead(head: Uint8Array): string {
  return decode(head, true);
}
