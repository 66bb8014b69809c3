import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Authenticated encryption of one stored original, streamed in chunks so no file is ever whole in memory.
 *
 * Layout: a 48-byte header — magic `ELOCKENC`, version 1, three zero bytes, the chunk size (u32 BE) and a
 * random 32-byte salt — then the chunks, each `ciphertext ‖ 16-byte GCM tag`. Every file has its own key,
 * HKDF(content key, salt), so chunk nonces (a counter, plus a flag on the last chunk, as in the STREAM
 * construction) never repeat under one key. The header is authenticated with every chunk, and the last-chunk
 * flag means a file cut short at a chunk boundary fails to decrypt instead of reading as a shorter original.
 *
 * The plaintext is always what was filed: its SHA-256 (the name the item is recorded under) stays the hash of
 * the bytes the bank will receive. On disk the file is named by an HMAC of that hash, so a folder listing
 * does not reveal which known files the locker holds.
 */

export const CHUNK_SIZE = 64 * 1024;
const MAGIC = Buffer.from('ELOCKENC', 'latin1');
const VERSION = 1;
export const HEADER_SIZE = 48;
const TAG = 16;

export class ObjectDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectDecryptError';
  }
}

function nonce(index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeUIntBE(index, 5, 6);
  n[11] = last ? 1 : 0;
  return n;
}

export class ObjectCipher {
  private constructor(
    private readonly contentKey: Buffer,
    private readonly nameKey: Buffer,
  ) {}

  /** Both keys come from the locker's master key, each under its own label. */
  static fromMasterKey(master: Buffer): ObjectCipher {
    const derive = (info: string) =>
      Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `evidence-locker ${info} v1`, 32));
    return new ObjectCipher(derive('object content'), derive('object names'));
  }

  /** The on-disk name of the original whose SHA-256 is `sha256`. */
  nameFor(sha256: string): string {
    return createHmac('sha256', this.nameKey).update(sha256).digest('hex');
  }

  /** Size of the plaintext held by an encrypted file of `encryptedSize` bytes (null: not a possible size). */
  static plainSize(encryptedSize: number, chunkSize = CHUNK_SIZE): number | null {
    const body = encryptedSize - HEADER_SIZE;
    if (body < TAG) return null;
    const chunks = Math.ceil(body / (chunkSize + TAG));
    const plain = body - chunks * TAG;
    return plain >= 0 ? plain : null;
  }

  /** A streaming encryptor: feed plaintext with `push`, then `final`; concatenate everything returned. */
  encryptor(): { push(data: Buffer): Buffer[]; final(): Buffer[] } {
    const salt = randomBytes(32);
    const header = Buffer.alloc(HEADER_SIZE);
    MAGIC.copy(header, 0);
    header[8] = VERSION;
    header.writeUInt32BE(CHUNK_SIZE, 12);
    salt.copy(header, 16);
    const key = this.fileKey(salt);
    let pending: Buffer[] = [];
    let pendingSize = 0;
    let index = 0;
    let headerOut = false;
    const seal = (plain: Buffer, last: boolean): Buffer => {
      const c = createCipheriv('aes-256-gcm', key, nonce(index++, last));
      c.setAAD(header);
      return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    };
    const start = (): Buffer[] => {
      if (headerOut) return [];
      headerOut = true;
      return [header];
    };
    return {
      push(data: Buffer): Buffer[] {
        const out = start();
        const all = pendingSize ? Buffer.concat([...pending, data]) : data;
        let offset = 0;
        // Keep at least one byte back: the last chunk must be known as last when it is sealed.
        while (all.length - offset > CHUNK_SIZE) {
          out.push(seal(all.subarray(offset, offset + CHUNK_SIZE), false));
          offset += CHUNK_SIZE;
        }
        const rest = Buffer.from(all.subarray(offset));
        pending = [rest];
        pendingSize = rest.length;
        return out;
      },
      final(): Buffer[] {
        const out = start();
        out.push(seal(Buffer.concat(pending), true));
        pending = [];
        pendingSize = 0;
        return out;
      },
    };
  }

  encryptBuffer(plain: Buffer): Buffer {
    const e = this.encryptor();
    const parts = [];
    for (let i = 0; i < plain.length; i += CHUNK_SIZE)
      parts.push(...e.push(plain.subarray(i, i + CHUNK_SIZE)));
    parts.push(...e.final());
    return Buffer.concat(parts);
  }

  decryptBuffer(data: Buffer): Buffer {
    const header = this.checkHeader(data.subarray(0, HEADER_SIZE));
    const out: Buffer[] = [];
    const step = header.chunkSize + TAG;
    const body = data.length - HEADER_SIZE;
    const chunks = Math.max(1, Math.ceil(body / step));
    for (let i = 0; i < chunks; i++) {
      const start = HEADER_SIZE + i * step;
      out.push(
        this.open(header, data.subarray(start, Math.min(start + step, data.length)), i, i === chunks - 1),
      );
    }
    return Buffer.concat(out);
  }

  /** Decrypts `file` chunk by chunk; throws ObjectDecryptError on any tampering, truncation or wrong key. */
  async *decryptFile(file: string): AsyncGenerator<Buffer> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(HEADER_SIZE);
      const { bytesRead } = await handle.read(head, 0, HEADER_SIZE, 0);
      const header = this.checkHeader(head.subarray(0, bytesRead));
      const step = header.chunkSize + TAG;
      const body = size - HEADER_SIZE;
      const chunks = Math.max(1, Math.ceil(body / step));
      const buf = Buffer.alloc(step);
      for (let i = 0; i < chunks; i++) {
        const position = HEADER_SIZE + i * step;
        const want = Math.min(step, size - position);
        const { bytesRead: got } = await handle.read(buf, 0, Math.max(0, want), position);
        yield this.open(header, buf.subarray(0, got), i, i === chunks - 1);
      }
    } finally {
      await handle.close();
    }
  }

  /**
   * Plaintext bytes `position` to `position + length` of the encrypted `file`, decrypting (and authenticating)
   * only the chunks they fall in: a large sealed file can be read in slices, like a plain one.
   */
  async readRange(file: string, position: number, length: number): Promise<Buffer> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const plain = ObjectCipher.plainSize(size);
      const head = Buffer.alloc(HEADER_SIZE);
      const { bytesRead } = await handle.read(head, 0, HEADER_SIZE, 0);
      const header = this.checkHeader(head.subarray(0, bytesRead));
      if (plain === null || header.chunkSize !== CHUNK_SIZE) {
        throw new ObjectDecryptError('the encrypted original is cut short');
      }
      const end = Math.min(plain, position + Math.max(0, length));
      if (position >= end) return Buffer.alloc(0);
      const step = header.chunkSize + TAG;
      const chunks = Math.max(1, Math.ceil((size - HEADER_SIZE) / step));
      const first = Math.floor(position / header.chunkSize);
      const last = Math.floor((end - 1) / header.chunkSize);
      const out: Buffer[] = [];
      const buf = Buffer.alloc(step);
      for (let i = first; i <= last; i++) {
        const at = HEADER_SIZE + i * step;
        const { bytesRead: got } = await handle.read(buf, 0, Math.min(step, size - at), at);
        out.push(this.open(header, buf.subarray(0, got), i, i === chunks - 1));
      }
      const whole = Buffer.concat(out);
      const from = position - first * header.chunkSize;
      return whole.subarray(from, from + (end - position));
    } finally {
      await handle.close();
    }
  }

  private fileKey(salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', this.contentKey, salt, 'evidence-locker object file', 32));
  }

  private checkHeader(head: Buffer): { raw: Buffer; chunkSize: number; key: Buffer } {
    if (head.length < HEADER_SIZE || !head.subarray(0, 8).equals(MAGIC)) {
      throw new ObjectDecryptError('not an encrypted original (its header is missing or damaged)');
    }
    if (head[8] !== VERSION) throw new ObjectDecryptError(`unknown encryption version ${head[8]}`);
    const chunkSize = head.readUInt32BE(12);
    if (chunkSize < 1024 || chunkSize > 16 * 1024 * 1024) {
      throw new ObjectDecryptError('the encrypted original has a damaged header');
    }
    return { raw: Buffer.from(head), chunkSize, key: this.fileKey(head.subarray(16, 48)) };
  }

  private open(header: { raw: Buffer; key: Buffer }, sealed: Buffer, index: number, last: boolean): Buffer {
    if (sealed.length < TAG) throw new ObjectDecryptError('the encrypted original is cut short');
    try {
      const d = createDecipheriv('aes-256-gcm', header.key, nonce(index, last));
      d.setAAD(header.raw);
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
    } catch {
      throw new ObjectDecryptError(
        'the encrypted original does not authenticate: it was altered, cut short, or the key is wrong',
      );
    }
  }
}
