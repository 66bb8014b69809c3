import { describe, expect, it, vi } from 'vitest';
import { createKeyFile, unlockMaster } from '../../electron/services/crypto/keys.ts';

// A stand-in safeStorage: the asynchronous calls work (a reversible scramble), the deprecated ones throw.
const safeStorage = vi.hoisted(() => {
  const scramble = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  const deprecated = () => {
    throw new Error('a deprecated synchronous safeStorage call was made');
  };
  return {
    backend: 'gnome_libsecret',
    available: true,
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(safeStorage.available)),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptStringAsync: vi.fn((text: string) => Promise.resolve(scramble(Buffer.from(text, 'utf8')))),
    decryptStringAsync: vi.fn((blob: Buffer) =>
      Promise.resolve({ shouldReEncrypt: false, result: scramble(blob).toString('utf8') }),
    ),
    isEncryptionAvailable: deprecated,
    encryptString: deprecated,
    decryptString: deprecated,
  };
});
vi.mock('electron', () => ({ safeStorage }));

const { electronKeychain } = await import('../../electron/keychain.ts');
const COST = { N: 1 << 12, r: 8, p: 1 };

describe('electronKeychain', () => {
  it('keeps the locker key through safeStorage’s asynchronous calls and gives it back', async () => {
    const keychain = await electronKeychain();
    expect(keychain).toMatchObject({ secure: true });
    const { file, master } = await createKeyFile('a long enough passphrase', {
      keychain: keychain!,
      cost: COST,
    });
    expect(file.wraps.map((w) => w.by)).toContain('keychain');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(await unlockMaster(file, { keychain: keychain! })).toEqual(master);
    expect(safeStorage.decryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it.runIf(process.platform === 'linux')(
    'calls the well-known fallback key of Linux not secure',
    async () => {
      safeStorage.backend = 'basic_text';
      try {
        expect(await electronKeychain()).toMatchObject({ backend: 'basic_text', secure: false });
      } finally {
        safeStorage.backend = 'gnome_libsecret';
      }
    },
  );

  it('offers no keychain when safeStorage has none', async () => {
    safeStorage.available = false;
    try {
      expect(await electronKeychain()).toBeNull();
    } finally {
      safeStorage.available = true;
    }
  });
});
