import { openPrepared, type Db, type OpenOptions } from './connect.ts';
import { migrate } from './migrate.ts';

export { connect, DatabaseUnreadableError, openDatabaseAsync, type Db, type OpenOptions } from './connect.ts';

/** Opens (creating if needed) a locker database and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  return openPrepared(file, options, (db) => migrate(db));
}
