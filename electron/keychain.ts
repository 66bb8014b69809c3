import { safeStorage } from 'electron';
import type { Keychain } from './services/crypto/keys.ts';

/**
 * The OS keychain through Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret Service or
 * KWallet on Linux), with its asynchronous calls: the synchronous ones are deprecated in Electron 45. On Linux
 * without a keychain, Electron falls back to a fixed, well-known key ("basic_text"): that protects nothing,
 * so it is reported as not secure and never used to keep the locker's key. Call after `ready`.
 */
export async function electronKeychain(): Promise<Keychain | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return null;
  const backend =
    process.platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : process.platform === 'darwin'
        ? 'macos-keychain'
        : 'windows-dpapi';
  return {
    backend,
    secure: backend !== 'basic_text' && backend !== 'unknown',
    protect: (secret) => safeStorage.encryptStringAsync(secret.toString('base64')),
    unprotect: async (blob) => Buffer.from((await safeStorage.decryptStringAsync(blob)).result, 'base64'),
  };
}
