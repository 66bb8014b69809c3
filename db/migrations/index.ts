import type { Database } from 'better-sqlite3';
import { up as core } from './0001-core.ts';
import { up as records } from './0002-records.ts';

export type Migration = { version: number; name: string; up: (db: Database) => void };

/** Every schema version in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-core', up: core },
  { version: 2, name: '0002-records', up: records },
];

export const latestVersion = migrations.length;
