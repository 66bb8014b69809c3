import path from 'node:path';
import Database from 'better-sqlite3';
import { nativeBinding } from '../electron/services/native-binding.ts';
import { coded, say, type Coded } from '../electron/messages/say.ts';
import { LATEST_SCHEMA_VERSION, LockerTooNewError, schemaVersion } from './version.ts';

export type Db = Database.Database;

export type OpenOptions = {
  readonly?: boolean;
  /** The database key of an encrypted locker, as `x'<64 hex>'` (see services/crypto/keys.ts). */
  key?: string;
};

/** The file is not a database this key (or no key) can read: damaged, or encrypted and opened without its key. */
export class DatabaseUnreadableError extends Error {
  readonly coded: Coded;
  constructor(file: string, encrypted: boolean) {
    const c = coded(encrypted ? 'locker.db-damaged-key' : 'locker.db-unreadable', {
      name: path.basename(file),
    });
    super(say(c));
    this.coded = c;
    this.name = 'DatabaseUnreadableError';
  }
}

const KEY_RE = /^x'[0-9a-f]{64}'$/;

/** Closes a connection that failed as it was opened; a damaged file is said plainly. */
function failedOpen(db: Db, file: string, options: OpenOptions, error: unknown): never {
  db.close();
  if ((error as { code?: string }).code === 'SQLITE_CORRUPT') {
    throw new DatabaseUnreadableError(file, options.key !== undefined);
  }
  throw error;
}

/**
 * A bare connection (no pragmas, no migration) through the better-sqlite3 build for this runtime: the only
 * place a database is opened, so under Electron every one gets its Electron-ABI build (native-binding.ts).
 */
export function connect(file: string, options: { readonly?: boolean } = {}): Db {
  const binding = nativeBinding();
  return new Database(file, {
    readonly: options.readonly ?? false,
    ...(binding ? { nativeBinding: binding } : {}),
  });
}

/**
 * Opens (creating if needed) a locker database, refuses one from a newer version and sets the pragmas every
 * connection needs; `update` brings a writable one whose schema is behind up to date (given the version found).
 * The migrations themselves are not imported here: see openDatabase (open.ts) and openDatabaseAsync.
 */
export function openPrepared(
  file: string,
  options: OpenOptions,
  update: (db: Db, version: number) => void,
): Db {
  const db = connect(file, { readonly: options.readonly ?? false });
  try {
    if (options.key !== undefined) {
      if (!KEY_RE.test(options.key)) throw new Error("a database key must be x'<64 hex digits>'");
      // SQLCipher 4's format, so standard SQLCipher tools can open the file with the same raw key.
      db.pragma(`cipher = 'sqlcipher'`);
      db.pragma('legacy = 4');
      db.pragma(`key = "${options.key}"`);
    }
    // Refuse a newer locker before any pragma below could write to its file.
    let version: number;
    try {
      version = schemaVersion(db);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new DatabaseUnreadableError(file, options.key !== undefined);
      }
      throw error;
    }
    if (version > LATEST_SCHEMA_VERSION) throw new LockerTooNewError(version, LATEST_SCHEMA_VERSION);
    // Durability over speed: an acknowledged import must survive a power cut.
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Freed pages are zeroed: text of a trashed-and-purged item does not linger in the file.
    db.pragma('secure_delete = ON');
    // The app and the `locker` command may hold the same locker open at once.
    db.pragma('busy_timeout = 10000');
    if (!options.readonly && version < LATEST_SCHEMA_VERSION) update(db, version);
    return db;
  } catch (error) {
    failedOpen(db, file, options, error);
  }
}

/**
 * openDatabase for async callers: the migrations (db/migrate.ts and every step) are loaded only when the file's
 * schema is behind, so opening a current locker (every `locker` command) reads none of them.
 */
export async function openDatabaseAsync(file: string, options: OpenOptions = {}): Promise<Db> {
  let behind = false;
  const db = openPrepared(file, options, () => {
    behind = true;
  });
  if (!behind) return db;
  try {
    const { migrate } = await import('./migrate.ts');
    migrate(db);
    return db;
  } catch (error) {
    failedOpen(db, file, options, error);
  }
}
