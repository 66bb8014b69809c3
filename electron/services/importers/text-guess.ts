/*
 * Guesses at a text's encoding from its bytes, apart from text.ts's decoding: sniffing a file's kind (which
 * every opened locker loads) needs these, not iconv-lite and its tables.
 */

/**
 * Every high byte must start a valid GBK/GB18030 sequence, and at least half the double-byte pairs must fall
 * in the common GB2312 block — random binary rarely does both.
 */
export function looksLikeGbk(b: Uint8Array): boolean {
  let pairs = 0;
  let common = 0;
  let i = 0;
  while (i < b.length) {
    const lead = b[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    if (lead === 0x80 || lead === 0xff) return false;
    const trail = b[i + 1];
    if (trail === undefined) return i > 0; // cut by the end of the head
    if (trail >= 0x30 && trail <= 0x39) {
      // GB18030 four-byte sequence.
      const third = b[i + 2];
      const fourth = b[i + 3];
      if (third === undefined || fourth === undefined) return i > 0;
      if (third < 0x81 || third > 0xfe || fourth < 0x30 || fourth > 0x39) return false;
      pairs++;
      i += 4;
      continue;
    }
    if (trail < 0x40 || trail === 0x7f || trail === 0xff) return false;
    pairs++;
    if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) common++;
    i += 2;
  }
  return pairs > 0 && common * 2 >= pairs;
}

/**
 * Text in a single-byte Western code page: high bytes are few (at most one in five) and mostly stand alone
 * between ASCII bytes, as accented letters do in words; binary data has many, in runs.
 */
export function looksLikeSingleByteText(b: Uint8Array): boolean {
  let high = 0;
  let alone = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! < 0x80) continue;
    high++;
    if ((b[i - 1] ?? 0) < 0x80 && (b[i + 1] ?? 0) < 0x80) alone++;
  }
  return high > 0 && high * 5 <= b.length && alone * 2 >= high;
}
