import Database from 'better-sqlite3';
import { LockerTooNewError, migrate, schemaVersion } from './migrate.ts';
import { latestVersion } from './migrations/index.ts';

export type Db = Database.Database;

export type OpenOptions = {
  /** Path of a better-sqlite3 binary built for this runtime (Electron ships its own ABI). */
  nativeBinding?: string;
  readonly?: boolean;
};

/** Opens (creating if needed) a locker database and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    // Refuse a newer locker before any pragma below could write to its file.
    const version = schemaVersion(db);
    if (version > latestVersion) throw new LockerTooNewError(version, latestVersion);
    // Durability over speed: an acknowledged import must survive a power cut.
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Freed pages are zeroed: text of a trashed-and-purged item does not linger in the file.
    db.pragma('secure_delete = ON');
    // The app and the `locker` command may hold the same locker open at once.
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
