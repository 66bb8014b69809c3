import iconv from 'iconv-lite';

/**
 * Chinese exports come as GBK (Alipay) or UTF-8 with or without BOM (WeChat, WhatsApp). Strict UTF-8 is
 * tried first because GBK text is almost never valid UTF-8, while the reverse guess would garble silently.
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
    return iconv.decode(buf, 'gb18030');
  }
}

/** Decodes a whole file. Never throws. */
export function decodeText(bytes: Uint8Array): string {
  return decode(bytes, false);
}

/** Decodes the first bytes of a file, which may end inside a multi-byte character. Never throws. */
export function decodeHead(head: Uint8Array): string {
  return decode(head, true);
}
