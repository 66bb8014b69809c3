import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case: no i, l, o, u

export type IdGenerator = (prefix: string) => string;

// One call to the system's random source per 409 ids: an import mints one id per row, 100,000 for a big bill.
let pool = Buffer.alloc(0);
let poolAt = 0;

function take10(): Buffer {
  if (poolAt + 10 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 10;
  return pool.subarray(poolAt - 10, poolAt);
}

/** Bytes in Crockford's base32 (`alphabet` sets the case), the last group padded with zero bits. */
export function base32(bytes: Uint8Array, alphabet: string = ALPHABET): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Random, URL- and file-name-safe ids with a readable prefix (`case_…`, `ev_…`). 80 bits of randomness. */
export const randomId: IdGenerator = (prefix) => `${prefix}_${base32(take10())}`;

/** Deterministic ids for tests and reproducible runs. */
export function sequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_${String(n).padStart(6, '0')}`;
  };
}
