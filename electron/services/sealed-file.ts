import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { ObjectCipher } from './crypto/object-cipher.ts';

/**
 * A file kept on disk only as ciphertext, under a key that lives in this process alone: an upload waiting to
 * be filed into an encrypted locker. A killed run leaves bytes nobody can read (the key died with it), and the
 * next open sweeps them. The intake reads it like a file — whole, from a position, or streamed — and only ever
 * sees plaintext in memory.
 */
export class SealedFile {
  constructor(
    /** Where the ciphertext is: a name that says nothing of the file (the upload's name is not written). */
    readonly path: string,
    private readonly cipher: ObjectCipher,
    /** The plaintext size. */
    readonly size: number,
    readonly mtimeMs: number,
    /** What the intake reports and records it under; its last part is the upload's own name. */
    readonly label: string = path,
  ) {}

  /** What the intake asks of `stat`: always a regular file of the plaintext size. */
  stats(): { isFile: () => boolean; size: number; mtimeMs: number } {
    return { isFile: () => true, size: this.size, mtimeMs: this.mtimeMs };
  }

  async read(): Promise<Buffer> {
    return this.cipher.decryptBuffer(await readFile(this.path));
  }

  readRange(position: number, length: number): Promise<Buffer> {
    return this.cipher.readRange(this.path, position, length);
  }

  stream(): Readable {
    return Readable.from(this.cipher.decryptFile(this.path), { objectMode: false });
  }
}

/** A key for one run's staged uploads: random, never written anywhere. */
export function ephemeralCipher(): ObjectCipher {
  return ObjectCipher.fromMasterKey(randomBytes(32));
}

/** Encrypts what streams through it, in the object store's chunked AES-256-GCM format. */
export function sealingStream(cipher: ObjectCipher): Transform {
  const seal = cipher.encryptor();
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const part of seal.push(chunk)) this.push(part);
      done();
    },
    flush(done) {
      for (const part of seal.final()) this.push(part);
      done();
    },
  });
}
