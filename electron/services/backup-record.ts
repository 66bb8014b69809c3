import type { Db } from '../../db/open.ts';
import { getSetting, setSetting } from '../../db/queries/ocr.ts';
import type { Locker } from './locker.ts';

/** The most recent backup of a locker: where it was written, when, and its fingerprint. */
export type LastBackup = { path: string; at: string; sha256: string; bytes: number };

const KEY = 'backup.last';

/** Remembers a backup just written (and logs it), so that a damaged locker can point at it. */
export function recordBackup(locker: Locker, backup: LastBackup): void {
  locker.write((log) => {
    setSetting(locker.db, KEY, JSON.stringify(backup));
    log({ action: 'locker.backup', details: { sha256: backup.sha256, bytes: backup.bytes } });
  });
}

export function readLastBackup(db: Db): LastBackup | null {
  try {
    const raw = getSetting(db, KEY);
    return raw ? (JSON.parse(raw) as LastBackup) : null;
  } catch {
    // A damaged database may not answer even this: then there is nothing to point at.
    return null;
  }
}
