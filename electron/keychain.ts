import { safeStorage } from 'electron';
import type { Keychain } from './services/crypto/keys.ts';

/**
 * The OS keychain through Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret Service or
 * KWallet on Linux). On Linux without one, Electron falls back to a fixed, well-known key ("basic_text"):
 * that protects nothing, so it is reported as not secure and never used to keep the locker's key.
 */
export function electronKeychain(): Keychain | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const backend =
    process.platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : process.platform === 'darwin'
        ? 'macos-keychain'
        : 'windows-dpapi';
  return {
    backend,
    secure: backend !== 'basic_text' && backend !== 'unknown',
    protect: (secret) => safeStorage.encryptString(secret.toString('base64')),
    unprotect: (blob) => Buffer.from(safeStorage.decryptString(blob), 'base64'),
  };
}
