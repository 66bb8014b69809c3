import path from 'node:path';
import { encryptLocker, type EncryptResult } from '../services/crypto/convert.ts';
import {
  addKeychainWrap,
  checkPassphrase,
  KEY_FILE,
  readKeyFile,
  type Keychain,
  type ScryptCost,
  type Unlock,
} from '../services/crypto/keys.ts';
import { LockerInputError } from '../services/errors.ts';
import { Locker } from '../services/locker.ts';
import { writeFileAtomic } from '../services/object-store.ts';
import type { Input, LockerStatus, Output } from './contract.ts';

/**
 * The door in front of an encrypted locker, for the app and the bridge alike. Opening tries the OS keychain
 * first (when the user asked the app to remember the key there); otherwise the app starts locked and asks
 * for the passphrase or the recovery key. Until then only `locker:status` and `locker:unlock` are answered.
 */
export class LockerGate {
  private current: Locker | null = null;
  private readonly openers: ((locker: Locker) => void)[] = [];
  private readonly closers: ((locker: Locker) => Promise<void>)[] = [];
  private encrypted: boolean;
  /** Unlocks run one at a time: six at once must open one locker, not six handles and six sets of workers. */
  private unlockQueue: Promise<unknown> = Promise.resolve();
  /** Wrong passphrases or recovery keys in a row: each next try waits longer (see `backoff`). */
  private failures = 0;

  private constructor(
    readonly storeDir: string,
    private readonly options: {
      keychain: Keychain | null;
      actor: string;
      /** The scrypt cost for a passphrase set here (tests use a cheap one); the default otherwise. */
      cost?: ScryptCost;
      /** How long to wait before a try after `failures` wrong ones (ms). */
      backoff: (failures: number) => number;
      sleep: (ms: number) => Promise<void>;
    },
    encrypted: boolean,
  ) {
    this.encrypted = encrypted;
  }

  static async open(
    storeDir: string,
    options: {
      keychain?: Keychain | null;
      actor?: string;
      unlock?: Unlock;
      cost?: ScryptCost;
      backoff?: (failures: number) => number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ): Promise<LockerGate> {
    const keyFile = await readKeyFile(path.resolve(storeDir));
    const gate = new LockerGate(
      storeDir,
      {
        keychain: options.keychain ?? null,
        actor: options.actor ?? 'app',
        backoff: options.backoff ?? unlockBackoff,
        sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        ...(options.cost ? { cost: options.cost } : {}),
      },
      keyFile !== null,
    );
    const remembered = keyFile?.wraps.some((w) => w.by === 'keychain') ?? false;
    if (!keyFile || options.unlock || (remembered && gate.options.keychain)) {
      try {
        gate.current = await gate.openWith({
          ...options.unlock,
          ...(gate.options.keychain ? { keychain: gate.options.keychain } : {}),
        });
      } catch (error) {
        // A keychain that no longer has the key (another computer, a reset) just means: ask.
        if (!keyFile) throw error;
      }
    }
    return gate;
  }

  get locker(): Locker | null {
    return this.current;
  }

  /**
   * Calls `fn` with the locker each time it opens (at once when it already is): after the passphrase, and
   * again after encryption is turned on. `onClose` runs before the locker closes for that switch.
   */
  whenOpen(fn: (locker: Locker) => void): void {
    this.openers.push(fn);
    if (this.current) fn(this.current);
  }

  onClose(fn: (locker: Locker) => Promise<void>): void {
    this.closers.push(fn);
  }

  /**
   * Turns encryption on for the open, plaintext locker: everything that uses it lets go, the locker is
   * converted beside itself (crash-safe, see convert.ts), then opened again under the new key.
   */
  async encrypt(input: Input<'locker:encrypt'>): Promise<Output<'locker:encrypt'>> {
    const locker = this.current;
    if (!locker) throw new LockerInputError('crypto.open-first');
    if (this.encrypted) throw new LockerInputError('crypto.already-encrypted');
    checkPassphrase(input.passphrase);
    for (const fn of this.closers) await fn(locker);
    locker.close();
    this.current = null;
    let result: EncryptResult;
    try {
      result = await encryptLocker(this.storeDir, input.passphrase, {
        actor: this.options.actor,
        ...(input.remember && this.options.keychain?.secure ? { keychain: this.options.keychain } : {}),
        ...(this.options.cost ? { cost: this.options.cost } : {}),
      });
    } finally {
      // Converted or not (a failure leaves the plaintext locker as it was), the app carries on with it.
      this.encrypted = (await readKeyFile(path.resolve(this.storeDir))) !== null;
      this.current = await this.openWith(this.encrypted ? { passphrase: input.passphrase } : {});
      for (const fn of this.openers) fn(this.current);
    }
    return {
      recoveryKey: result.recoveryKey,
      objects: result.objects,
      thumbnails: result.thumbnails,
      keychain: result.keychain,
    };
  }

  async status(): Promise<LockerStatus> {
    const keyFile = this.encrypted ? await readKeyFile(path.resolve(this.storeDir)) : null;
    const k = this.options.keychain;
    return {
      encrypted: this.encrypted,
      unlocked: this.current !== null,
      keychain: k ? { backend: k.backend, secure: k.secure } : null,
      remembered: keyFile?.wraps.some((w) => w.by === 'keychain') ?? false,
    };
  }

  unlock(input: Input<'locker:unlock'>): Promise<LockerStatus> {
    const run = this.unlockQueue.then(() => this.unlockOnce(input));
    this.unlockQueue = run.catch(() => undefined);
    return run;
  }

  private async unlockOnce(input: Input<'locker:unlock'>): Promise<LockerStatus> {
    if (!this.current) {
      // Guessing is slowed: each wrong try doubles the wait before the next (a passphrase stays cheap to type).
      const wait = this.options.backoff(this.failures);
      if (wait > 0) await this.options.sleep(wait);
      let locker: Locker;
      try {
        locker = await this.openWith(
          input.recoveryKey !== undefined
            ? { recoveryKey: input.recoveryKey }
            : { passphrase: input.passphrase ?? '' },
        );
      } catch (error) {
        this.failures += 1;
        throw error;
      }
      this.failures = 0;
      this.current = locker;
      if (input.remember) await this.remember(locker);
      for (const fn of this.openers) fn(locker);
    }
    return this.status();
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }

  private openWith(unlock: Unlock): Promise<Locker> {
    return Locker.open(this.storeDir, { actor: this.options.actor, unlock });
  }

  /** Also wraps the key with the OS keychain, but only a real one: a well-known fallback key protects nothing. */
  private async remember(locker: Locker): Promise<void> {
    const keychain = this.options.keychain;
    if (!keychain?.secure) {
      throw new LockerInputError('crypto.no-keychain');
    }
    const root = path.resolve(this.storeDir);
    const keyFile = await readKeyFile(root);
    const master = locker.masterKey();
    if (!keyFile || !master) return;
    await writeFileAtomic(
      path.join(root, KEY_FILE),
      JSON.stringify(await addKeychainWrap(keyFile, master, keychain), null, 2) + '\n',
    );
    locker.write((log) => log({ action: 'locker.keychain', details: { backend: keychain.backend } }));
    await locker.saveChainHead();
  }
}

/** No wait for the first try; then 0.25 s, 0.5 s, 1 s … up to 30 s after each further wrong one. */
export function unlockBackoff(failures: number): number {
  return failures === 0 ? 0 : Math.min(30_000, 250 * 2 ** (failures - 1));
}
