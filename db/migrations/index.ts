import type { Database } from 'better-sqlite3';
import { up as core } from './0001-core.ts';
import { up as records } from './0002-records.ts';
import { up as search } from './0003-search.ts';
import { up as dispute } from './0004-dispute.ts';
import { up as statementPage } from './0005-statement-page.ts';
import { up as ledger } from './0006-ledger.ts';
import { up as redactionsAndGuards } from './0007-redactions-and-guards.ts';
import { up as columnLayouts } from './0008-column-layouts.ts';
import { up as codedWarnings } from './0009-coded-warnings.ts';
import { up as codedImportProblems } from './0010-coded-import-problems.ts';
import { up as searchPending } from './0011-search-pending.ts';
import { up as caseScreens } from './0012-case-screens.ts';
import { up as codedOcrProblems } from './0013-coded-ocr-problems.ts';

export type Migration = { version: number; name: string; up: (db: Database) => void };

/** Every schema version in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-core', up: core },
  { version: 2, name: '0002-records', up: records },
  { version: 3, name: '0003-search', up: search },
  { version: 4, name: '0004-dispute', up: dispute },
  { version: 5, name: '0005-statement-page', up: statementPage },
  { version: 6, name: '0006-ledger', up: ledger },
  { version: 7, name: '0007-redactions-and-guards', up: redactionsAndGuards },
  { version: 8, name: '0008-column-layouts', up: columnLayouts },
  { version: 9, name: '0009-coded-warnings', up: codedWarnings },
  { version: 10, name: '0010-coded-import-problems', up: codedImportProblems },
  { version: 11, name: '0011-search-pending', up: searchPending },
  { version: 12, name: '0012-case-screens', up: caseScreens },
  { version: 13, name: '0013-coded-ocr-problems', up: codedOcrProblems },
];

export const latestVersion = migrations.length;
