import { recordsDigest } from '../../db/queries/records.ts';
import { transactionRows } from './import-rows.ts';
import { withCode, type CodedProblem } from './import-problems.ts';
import { z } from 'zod';
import type { EvidenceRecord } from '../../db/queries/evidence.ts';
import { setDerivedText, updateEvidenceClaims } from '../../db/queries/evidence.ts';
import {
  deleteLayout,
  deleteTransactionsOf,
  findLayoutByName,
  findLayoutBySignature,
  getLayout,
  insertLayout,
  listLayouts,
  updateLayout,
  type LayoutRecord,
} from '../../db/queries/layouts.ts';
import { countRecordsOf, insertTransactions } from '../../db/queries/records.ts';
import { indexOrQueueRecordsOf } from '../../db/queries/search.ts';
import { firstProblem } from './input-problems.ts';
import { LockerInputError, NotFoundError } from './errors.ts';
import { coded, type Coded } from '../messages/say.ts';
import {
  applyMap,
  checkMap,
  COLUMN_ROLES,
  directionValues,
  findHeaderBySignature,
  guessMap,
  isTableMime,
  shapeAtLine,
  looksLikeStatement,
  shapeOf,
  signSamples,
  TABLE_ENCODINGS,
  tableReaderFor,
  withFileFacts,
  type ColumnMap,
  type MapIssue,
  type TableShape,
  type TableSource,
} from './importers/column-map.ts';
import { cellText } from './importers/table.ts';
import type { ImportProblem, ImportResult, ParsedTransaction } from './importers/types.ts';
import type { Locker } from './locker.ts';
import { formatAmount } from './util/money.ts';
import { formatInstant } from './util/time.ts';

/*
 * The column map over the locker: propose a map for a filed item whose table no importer read, preview what
 * it gives, file its rows as a bill once the user has confirmed the sign on two rows, remember the map by the
 * header's signature (the next file of that layout is read by itself), and undo a wrong map by removing the
 * rows it gave — never the original. Saved maps travel as small JSON files (`exportLayout` / `importLayout`).
 */

export const LAYOUT_FILE_FORMAT = 'evidence-locker.column-map';
export const COLUMN_MAP_FORMAT = 'column-map';

const directionSchema = z.enum(['out', 'in', 'neutral']);
export const columnMapSchema = z.strictObject({
  hasHeader: z.boolean(),
  columns: z
    .array(
      z.strictObject({
        name: z.string().max(300),
        index: z.number().int().min(0).max(10_000),
        role: z.enum(COLUMN_ROLES),
      }),
    )
    .min(1)
    .max(500),
  directions: z
    .record(z.string().max(100), directionSchema)
    .refine((d) => Object.keys(d).length <= 50, 'at most 50 direction values'),
  isFlipped: z.boolean(),
  dateOrder: z.enum(['dmy', 'mdy']),
  currency: z.string().regex(/^[A-Z]{3}$/),
  encoding: z.enum(TABLE_ENCODINGS),
});

const layoutFileSchema = z.strictObject({
  format: z.literal(LAYOUT_FILE_FORMAT),
  version: z.literal(1),
  name: z.string().trim().min(1).max(100),
  signature: z.string().min(1).max(100),
  header: z.array(z.string().max(300)).max(500),
  map: columnMapSchema,
});

export type LayoutFile = z.infer<typeof layoutFileSchema>;

export type LayoutJson = {
  id: string;
  name: string;
  signature: string;
  header: string[];
  map: ColumnMap;
  createdAt: string;
  updatedAt: string;
};

export type PreviewRow = {
  line: number;
  /** ISO 8601 with the offset it was read in. */
  at: string;
  amount: string;
  currency: string;
  direction: 'out' | 'in' | 'neutral';
  counterparty: string;
  description: string;
  orderId: string;
  status: string;
};

export type MapPreview = {
  issues: MapIssue[];
  /** Rows the map reads from the whole file. */
  total: number;
  rows: PreviewRow[];
  /** The two rows the user confirms the sign of before anything is written. */
  signSamples: PreviewRow[];
  problems: CodedProblem[];
  problemCount: number;
  /** Values of the direction column (all of them, up to 20), to say what each means. */
  directionValues: string[];
};

export type MapProposal = {
  evidenceId: string;
  title: string;
  reader: string;
  encoding: string | null;
  detectedEncoding: string | null;
  sheet: string | null;
  /** Line of the header row, null for a table without one. */
  headerLine: number | null;
  /** The first non-empty rows of the file, any of which the user may say is the header instead. */
  headerCandidates: { line: number; text: string }[];
  header: string[];
  signature: string;
  /** The first rows of the file from its header on, as text, for the dialog to show. */
  sample: { line: number; cells: string[] }[];
  map: ColumnMap;
  /** The saved layout whose map is proposed (same header signature), if any. */
  layout: { id: string; name: string } | null;
  preview: MapPreview;
};

export type MapApplied = {
  evidenceId: string;
  transactions: number;
  problems: CodedProblem[];
  problemCount: number;
  layout: LayoutJson;
};

const PREVIEW_ROWS = 20;
const HEADER_CANDIDATES = 15;
/** How much of a CSV intake reads to find its header (a bank's preamble is a few lines; 256 KB is plenty). */
const PROBE_BYTES = 256 * 1024;
const SAMPLE_ROWS = 8;
const MAX_LISTED_PROBLEMS = 50;

function layoutJson(r: LayoutRecord): LayoutJson {
  return {
    id: r.id,
    name: r.name,
    signature: r.signature,
    header: r.header,
    map: columnMapSchema.parse(r.map),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function previewRow(t: ParsedTransaction): PreviewRow {
  return {
    line: t.line,
    at: formatInstant({ utc: t.utc, offset: t.offset }),
    amount: formatAmount(t.amountMinor, t.currency),
    currency: t.currency,
    direction: t.direction,
    counterparty: t.counterparty,
    description: t.description,
    orderId: t.orderId,
    status: t.status,
  };
}

/** Reads a table from bytes with the first reader that knows them. Throws LockerInputError when none does. */
export async function readTable(bytes: Buffer, fileName: string, encoding?: string): Promise<TableSource> {
  const reader = tableReaderFor(bytes, fileName);
  if (!reader) throw new LockerInputError('columns.not-a-table', { name: fileName });
  const chosen = TABLE_ENCODINGS.find((e) => e === encoding) ?? 'auto';
  let table: TableSource;
  try {
    table = await reader.read(bytes, { encoding: chosen });
  } catch (error) {
    throw new LockerInputError('columns.unreadable', { name: fileName, detail: (error as Error).message });
  }
  if (!table.rows.some((r) => r.cells.filter((c) => cellText(c) !== '').length >= 2)) {
    throw new LockerInputError('columns.too-few', { name: fileName });
  }
  return table;
}

/** The shape of a table under a saved map: its header found by the map's signature, else by content. */
function shapeFor(table: TableSource, map: ColumnMap | null, signature: string | null): TableShape {
  if (map && signature && map.hasHeader) {
    const at = findHeaderBySignature(table.rows, signature);
    if (at >= 0) {
      const cells = table.rows[at]!.cells;
      const header = cells.map((c, i) => cellText(c) || `Column ${i + 1}`);
      while (header.length && cellText(cells[header.length - 1]) === '') header.pop();
      return { headerIndex: at, header, signature, bodyStart: at + 1 };
    }
  }
  return shapeOf(table.rows, map ? map.hasHeader : undefined);
}

export function previewOf(
  table: TableSource,
  shape: TableShape,
  map: ColumnMap,
  timeZone: string,
): MapPreview {
  const issues = checkMap(map, shape);
  const mapped = issues.length
    ? { transactions: [], problems: [] }
    : applyMap(table.rows, shape, map, timeZone);
  return {
    issues,
    total: mapped.transactions.length,
    rows: mapped.transactions.slice(0, PREVIEW_ROWS).map(previewRow),
    signSamples: signSamples(mapped.transactions).map(previewRow),
    problems: mapped.problems.slice(0, MAX_LISTED_PROBLEMS).map(withCode),
    problemCount: mapped.problems.length,
    directionValues: directionValues(map, table.rows, shape),
  };
}

function itemOf(locker: Locker, evidenceId: string): EvidenceRecord {
  const item = locker.getEvidence(evidenceId);
  if (item.id !== evidenceId) throw new NotFoundError('evidence', evidenceId);
  return item;
}

async function tableOfItem(locker: Locker, item: EvidenceRecord, encoding?: string): Promise<TableSource> {
  const bytes = await locker.objects.read(item.sha256);
  return readTable(bytes, item.originalName, encoding);
}

/** True for an item a map may be drawn for: a table type, and nothing read from it yet. */
export function canMapItem(locker: Locker, item: EvidenceRecord): boolean {
  const table = item.facts.table as { canMap?: unknown } | undefined;
  if (!isTableMime(item.mime) && table?.canMap !== true) return false;
  const counts = countRecordsOf(locker.db, item.id);
  return counts.transactions === 0 && counts.messages === 0;
}

/** The layout an item's rows were read with, when a column map read them. */
export function mappedLayoutOf(item: EvidenceRecord): { id: string; name: string } | null {
  const imp = item.facts.import as
    { format?: unknown; columnMap?: { id?: unknown; name?: unknown } } | undefined;
  if (imp?.format !== COLUMN_MAP_FORMAT || !imp.columnMap) return null;
  const { id, name } = imp.columnMap;
  return typeof id === 'string' && typeof name === 'string' ? { id, name } : null;
}

/**
 * What the dialog opens with: the first rows, and a map — the saved one for this header when there is one,
 * else a guess — with its preview. `encoding` overrides the detected one (`auto` detects again).
 */
export async function proposeColumnMap(
  locker: Locker,
  evidenceId: string,
  options: { encoding?: string; headerLine?: number | null } = {},
): Promise<MapProposal> {
  const item = itemOf(locker, evidenceId);
  const timeZone = locker.getCase(item.caseId).timezone;
  const table = await tableOfItem(locker, item, options.encoding);
  // The user's choice of header row wins over the one found by content.
  const guessedShape =
    options.headerLine === undefined ? shapeOf(table.rows) : shapeAtLine(table.rows, options.headerLine);
  const saved = findLayoutBySignature(locker.db, guessedShape.signature);
  const savedMap = saved ? layoutJson(saved).map : null;
  const shape =
    savedMap && options.headerLine === undefined ? shapeFor(table, savedMap, saved!.signature) : guessedShape;
  const encoding = options.encoding ?? 'auto';
  const map = savedMap
    ? withFileFacts(
        { ...savedMap, encoding: TABLE_ENCODINGS.find((e) => e === encoding) ?? 'auto' },
        table.rows,
        shape,
        timeZone,
      )
    : guessMap(table.rows, shape, {
        currency: locker.getCase(item.caseId).currency,
        timeZone,
        encoding: TABLE_ENCODINGS.find((e) => e === encoding) ?? 'auto',
      });
  const from = Math.max(0, shape.headerIndex);
  return {
    evidenceId: item.id,
    title: item.title,
    reader: table.kind,
    encoding: table.encoding,
    detectedEncoding: table.detectedEncoding,
    sheet: table.sheet,
    headerLine: shape.headerIndex >= 0 ? (table.rows[shape.headerIndex]?.line ?? null) : null,
    headerCandidates: table.rows
      .filter((r) => r.cells.some((c) => cellText(c) !== ''))
      .slice(0, HEADER_CANDIDATES)
      .map((r) => ({
        line: r.line,
        text: r.cells
          .map((c) => cellText(c))
          .filter((t) => t !== '')
          .join(', ')
          .slice(0, 80),
      })),
    header: shape.header,
    signature: shape.signature,
    sample: table.rows.slice(from, from + SAMPLE_ROWS).map((r) => ({
      line: r.line,
      cells: shape.header.map((_, i) => cellText(r.cells[i])),
    })),
    map,
    layout: saved ? { id: saved.id, name: saved.name } : null,
    preview: previewOf(table, shape, map, timeZone),
  };
}

/** The preview of a map the user is editing: the same reading `applyColumnMap` will file. */
export async function previewColumnMap(
  locker: Locker,
  evidenceId: string,
  map: ColumnMap,
  headerLine?: number | null,
): Promise<MapPreview> {
  const item = itemOf(locker, evidenceId);
  const timeZone = locker.getCase(item.caseId).timezone;
  const table = await tableOfItem(locker, item, map.encoding);
  return previewOf(table, shapeUnder(table, map, headerLine), map, timeZone);
}

/** The header the dialog showed (its line), else the one found by content. */
function shapeUnder(table: TableSource, map: ColumnMap, headerLine: number | null | undefined): TableShape {
  if (headerLine === undefined) return shapeOf(table.rows, map.hasHeader);
  return shapeAtLine(table.rows, map.hasHeader ? headerLine : null);
}

/** The newest row's time: what a bill covers up to. */
function latestOf(transactions: readonly ParsedTransaction[]): { utc: string; offset: number } | null {
  let latest: ParsedTransaction | null = null;
  for (const t of transactions) if (!latest || t.utc > latest.utc) latest = t;
  return latest ? { utc: latest.utc, offset: latest.offset } : null;
}

/** The layout to keep for a map: the one already kept for this header, renamed if asked, or a new one. */
function upsertLayout(
  locker: Locker,
  log: Parameters<Parameters<Locker['write']>[0]>[0],
  input: { name: string; signature: string; header: string[]; map: ColumnMap },
): LayoutRecord {
  const now = locker.now();
  const existing = findLayoutBySignature(locker.db, input.signature);
  const name = input.name.trim();
  if (!name) throw new LockerInputError('columns.needs-name');
  if (name.length > 100) throw new LockerInputError('columns.name-too-long');
  const sameName = findLayoutByName(locker.db, name);
  if (sameName && sameName.id !== existing?.id) {
    throw new LockerInputError('columns.name-taken', { name });
  }
  const map = columnMapSchema.parse(input.map);
  const record: LayoutRecord = existing
    ? { ...existing, name, header: input.header, map, updatedAt: now }
    : {
        id: locker.ids('lay'),
        name,
        signature: input.signature,
        header: input.header,
        map,
        createdAt: now,
        updatedAt: now,
      };
  if (existing) updateLayout(locker.db, record);
  else insertLayout(locker.db, record);
  log({
    action: existing ? 'layout.update' : 'layout.save',
    caseId: null,
    subjectId: record.id,
    details: { name, signature: record.signature, columns: map.columns.filter((c) => c.role !== 'ignore') },
  });
  return record;
}

/** Facts and kind of an item once a column map read it. */
function mappedFacts(
  item: EvidenceRecord,
  layout: { id: string; name: string },
  table: TableSource,
  result: { transactions: number; problems: ImportProblem[] },
): Record<string, unknown> {
  return {
    ...item.facts,
    import: {
      format: COLUMN_MAP_FORMAT,
      label: `Column map "${layout.name}"`,
      columnMap: layout,
      transactions: result.transactions,
      messages: 0,
      files: 0,
      problems: result.problems.slice(0, MAX_LISTED_PROBLEMS).map(withCode),
      problemCount: result.problems.length,
      reader: table.kind,
      encoding: table.encoding,
      sheet: table.sheet,
    },
  };
}

/**
 * Files the rows of an item under `map` and keeps the map as a layout named `name`. `confirmed` is the user's
 * answer about the two sign samples: each line and the direction the user saw and accepted. If the map now
 * reads either row another way, or they are not the samples of this map, nothing is written.
 */
export async function applyColumnMap(
  locker: Locker,
  evidenceId: string,
  input: {
    map: ColumnMap;
    name: string;
    confirmed: { line: number; direction: 'out' | 'in' | 'neutral' }[];
    /** The header row the dialog showed (null: none); absent, it is found by content. */
    headerLine?: number | null;
  },
): Promise<MapApplied> {
  const item = itemOf(locker, evidenceId);
  const map = columnMapSchema.parse(input.map);
  if (item.deletedAt) throw new LockerInputError('evidence.in-trash', { title: item.title });
  if (!canMapItem(locker, item)) {
    throw new LockerInputError('columns.already-read', { title: item.title });
  }
  const timeZone = locker.getCase(item.caseId).timezone;
  const table = await tableOfItem(locker, item, map.encoding);
  const shape = shapeUnder(table, map, input.headerLine);
  const issues = checkMap(map, shape);
  if (issues.length) throw new LockerInputError('columns.incomplete', { issues: issues.join(', ') });
  const mapped = applyMap(table.rows, shape, map, timeZone);
  if (!mapped.transactions.length) throw new LockerInputError('columns.no-rows');
  const samples = signSamples(mapped.transactions);
  const isConfirmed =
    samples.length > 0 &&
    samples.every((s) => input.confirmed.some((c) => c.line === s.line && c.direction === s.direction));
  if (!isConfirmed) {
    throw new LockerInputError('columns.confirm-signs');
  }
  const rows = transactionRows(locker, item.caseId, item.id, mapped.transactions);
  const layout = locker.write((log) => {
    const saved = upsertLayout(locker, log, {
      name: input.name,
      signature: shape.signature,
      header: shape.header,
      map,
    });
    const ref = { id: saved.id, name: saved.name };
    insertTransactions(locker.db, rows);
    indexOrQueueRecordsOf(locker.db, item.id);
    setDerivedText(
      locker.db,
      item.id,
      mappedFacts(item, ref, table, { transactions: rows.length, problems: mapped.problems }),
      item.contentText,
    );
    // A plain document becomes a statement; a time that was only the file's own (its modified time) becomes the
    // newest row's, as intake does for a bill it reads on arrival. Both are claims: logged, and undone with the map.
    const isWeakTime = item.occurredSource === 'file_mtime' || item.occurredSource === 'acquired';
    const latest = isWeakTime ? latestOf(mapped.transactions) : null;
    const isDocument = item.kind === 'document' || item.kind === 'other';
    if (isDocument || latest) {
      updateEvidenceClaims(locker.db, {
        ...item,
        kind: isDocument ? 'statement' : item.kind,
        ...(latest
          ? { occurredUtc: latest.utc, occurredOffset: latest.offset, occurredSource: 'content' as const }
          : {}),
      });
    }
    log({
      action: 'evidence.map',
      caseId: item.caseId,
      subjectId: item.id,
      details: {
        layout: ref,
        signature: shape.signature,
        encoding: table.encoding,
        transactions: rows.length,
        problems: mapped.problems.length,
        confirmedSign: input.confirmed,
        // What verify holds the item's rows to from now on.
        records: recordsDigest(locker.db, item.id),
        kindBefore: item.kind,
        ...(latest
          ? {
              occurredBefore: {
                utc: item.occurredUtc,
                offset: item.occurredOffset,
                source: item.occurredSource,
              },
            }
          : {}),
      },
    });
    return saved;
  });
  await locker.saveChainHead();
  locker.indexPendingSoon();
  return {
    evidenceId: item.id,
    transactions: rows.length,
    problems: mapped.problems.slice(0, MAX_LISTED_PROBLEMS).map(withCode),
    problemCount: mapped.problems.length,
    layout: layoutJson(layout),
  };
}

/** Maps a filed item with a saved layout (the sign was confirmed when the layout was saved). */
export async function applySavedLayout(
  locker: Locker,
  evidenceId: string,
  nameOrId: string,
): Promise<MapApplied> {
  const layout = findLayout(locker, nameOrId);
  const item = itemOf(locker, evidenceId);
  const table = await tableOfItem(locker, item, layout.map.encoding);
  const shape = shapeFor(table, layout.map, layout.signature);
  const map = withFileFacts(layout.map, table.rows, shape, locker.getCase(item.caseId).timezone);
  const preview = previewOf(table, shape, map, locker.getCase(item.caseId).timezone);
  return applyColumnMap(locker, evidenceId, {
    map,
    headerLine: shape.headerIndex >= 0 ? (table.rows[shape.headerIndex]?.line ?? null) : null,
    name: layout.name,
    confirmed: preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
  });
}

/**
 * Undoes a wrong map: the rows it gave are removed (and with them their search entries and any refund link to
 * them), the item goes back to what it was. The original and the log stay; the removal is logged.
 */
export async function undoColumnMap(
  locker: Locker,
  evidenceId: string,
): Promise<{ evidenceId: string; removed: number; disputed: number }> {
  const item = itemOf(locker, evidenceId);
  const layout = mappedLayoutOf(item);
  if (!layout) {
    throw new LockerInputError('columns.not-mapped', { title: item.title });
  }
  // What the map changed, from its log entry; a file read on arrival by a saved map was a plain document before.
  const mapEntry = locker
    .custodyLog({ subjectId: item.id })
    .reverse()
    .find((e) => e.action === 'evidence.map');
  const before = (mapEntry?.details ?? {}) as {
    kindBefore?: EvidenceRecord['kind'];
    occurredBefore?: { utc: string; offset: number; source: EvidenceRecord['occurredSource'] };
  };
  const kindBefore = mapEntry ? before.kindBefore : 'document';
  const result = locker.write((log) => {
    const counts = deleteTransactionsOf(locker.db, item.id);
    const { import: _import, ...facts } = item.facts;
    setDerivedText(
      locker.db,
      item.id,
      { ...facts, unmapped: { layout, at: locker.now() } },
      item.contentText,
    );
    const occurred = item.occurredSource === 'content' ? before.occurredBefore : undefined;
    if ((kindBefore && item.kind === 'statement') || occurred) {
      updateEvidenceClaims(locker.db, {
        ...item,
        kind: kindBefore && item.kind === 'statement' ? kindBefore : item.kind,
        ...(occurred
          ? { occurredUtc: occurred.utc, occurredOffset: occurred.offset, occurredSource: occurred.source }
          : {}),
      });
    }
    log({
      action: 'evidence.unmap',
      caseId: item.caseId,
      subjectId: item.id,
      details: {
        layout,
        removed: counts.removed,
        disputed: counts.disputed,
        records: recordsDigest(locker.db, item.id),
      },
    });
    return counts;
  });
  await locker.saveChainHead();
  return { evidenceId: item.id, ...result };
}

// ── Saved layouts ────────────────────────────────────────────────────────────────────────────────────────

export function layoutList(locker: Locker): LayoutJson[] {
  return listLayouts(locker.db).map(layoutJson);
}

/** By id or by name (case-insensitive). */
export function findLayout(locker: Locker, nameOrId: string): LayoutJson {
  const found = getLayout(locker.db, nameOrId) ?? findLayoutByName(locker.db, nameOrId);
  if (!found) throw new NotFoundError('column-map', nameOrId);
  return layoutJson(found);
}

export function exportLayout(locker: Locker, nameOrId: string): LayoutFile {
  const l = findLayout(locker, nameOrId);
  return {
    format: LAYOUT_FILE_FORMAT,
    version: 1,
    name: l.name,
    signature: l.signature,
    header: l.header,
    map: l.map,
  };
}

/** Parses a layout file's text; a clear error for anything else. */
export function parseLayoutFile(text: string): LayoutFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new LockerInputError('columns.file-not-json');
  }
  const parsed = layoutFileSchema.safeParse(data);
  if (!parsed.success) {
    const { where, problem } = firstProblem(parsed.error, data);
    throw new LockerInputError('columns.file-unreadable', {
      where: where === 'input' ? 'file' : where,
      problem,
    });
  }
  return parsed.data;
}

/** Keeps a layout from a file (`exportLayout`'s, or one an outside program wrote). Same header: replaced. */
export async function importLayout(locker: Locker, text: string, name?: string): Promise<LayoutJson> {
  const file = parseLayoutFile(text);
  const record = locker.write((log) =>
    upsertLayout(locker, log, {
      name: name ?? file.name,
      signature: file.signature,
      header: file.header,
      map: file.map,
    }),
  );
  await locker.saveChainHead();
  return layoutJson(record);
}

export async function removeLayout(locker: Locker, nameOrId: string): Promise<LayoutJson> {
  const l = findLayout(locker, nameOrId);
  locker.write((log) => {
    deleteLayout(locker.db, l.id);
    log({
      action: 'layout.delete',
      caseId: null,
      subjectId: l.id,
      details: { name: l.name, signature: l.signature },
    });
  });
  await locker.saveChainHead();
  return l;
}

/** A layout file for a table on disk: the guessed map (or the saved one for its header) and its preview. */
export async function guessLayoutFile(
  bytes: Buffer,
  fileName: string,
  options: {
    timeZone: string;
    currency: string;
    encoding?: string;
    saved?: readonly LayoutJson[];
    /** The header row's line (null: none), over the one found by content. */
    headerLine?: number | null;
  },
): Promise<{
  file: LayoutFile;
  preview: MapPreview;
  header: string[];
  layout: { id: string; name: string } | null;
}> {
  const table = await readTable(bytes, fileName, options.encoding);
  const isChosen = options.headerLine !== undefined;
  const guessed = isChosen ? shapeAtLine(table.rows, options.headerLine ?? null) : shapeOf(table.rows);
  const saved = options.saved?.find((l) => l.signature === guessed.signature) ?? null;
  const shape = saved && !isChosen ? shapeFor(table, saved.map, saved.signature) : guessed;
  const encoding = TABLE_ENCODINGS.find((e) => e === options.encoding) ?? 'auto';
  const map = saved
    ? withFileFacts(saved.map, table.rows, shape, options.timeZone)
    : guessMap(table.rows, shape, { currency: options.currency, timeZone: options.timeZone, encoding });
  const stem = fileName.replace(/\.[^.]+$/, '').slice(0, 100) || 'Column map';
  return {
    file: {
      format: LAYOUT_FILE_FORMAT,
      version: 1,
      name: saved?.name ?? stem,
      signature: shape.signature,
      header: shape.header,
      map,
    },
    preview: previewOf(table, shape, map, options.timeZone),
    header: shape.header,
    layout: saved ? { id: saved.id, name: saved.name } : null,
  };
}

// ── Intake ───────────────────────────────────────────────────────────────────────────────────────────────

/** What intake learns from the column maps about a file no importer read. */
export type TableMapping =
  | { type: 'mapped'; imported: ImportResult; layout: { id: string; name: string }; table: TableSource }
  | { type: 'mappable'; signature: string }
  | { type: 'none'; warning?: Coded };

/**
 * For intake: reads a file no importer claimed with the saved layout of its header (or the one named with
 * `--layout`), else says whether it is a table the user could map. Never throws.
 */
export async function mapWithSavedLayout(
  layouts: readonly LayoutJson[],
  bytes: Buffer,
  fileName: string,
  timeZone: string,
  forced: LayoutJson | null,
): Promise<TableMapping> {
  const reader = tableReaderFor(bytes, fileName);
  if (!reader)
    return forced
      ? { type: 'none', warning: coded('warn.layout-not-table', { name: forced.name }) }
      : { type: 'none' };
  // Each encoding a saved layout was made under is tried: a Big5 file read as GB18030 would not match.
  const encodings = forced
    ? [forced.map.encoding]
    : [...new Set(['auto', ...layouts.map((l) => l.map.encoding)])];
  // A CSV's head is enough to find its header and signature; the whole file is read only for a layout that fits.
  const isCsv = reader.kind === 'csv' && bytes.length > PROBE_BYTES;
  const probeBytes = isCsv ? bytes.subarray(0, PROBE_BYTES) : bytes;
  let firstProbe: { rows: TableSource['rows']; signature: string } | null = null;
  for (const encoding of encodings) {
    const chosen = TABLE_ENCODINGS.find((e) => e === encoding) ?? 'auto';
    let probe: TableSource;
    try {
      probe = await reader.read(probeBytes, { encoding: chosen, isHead: isCsv });
    } catch {
      return { type: 'none' };
    }
    const guessed = shapeOf(probe.rows);
    firstProbe ??= { rows: probe.rows, signature: guessed.signature };
    const layout =
      forced ??
      layouts.find(
        (l) => l.signature === guessed.signature && (l.map.encoding === encoding || encoding === 'auto'),
      );
    if (!layout) continue;
    const table = isCsv ? await reader.read(bytes, { encoding: chosen }) : probe;
    const shape = shapeFor(table, layout.map, layout.signature);
    const map = withFileFacts(layout.map, table.rows, shape, timeZone);
    const issues = checkMap(map, shape);
    if (issues.length) {
      return {
        type: 'none',
        warning: coded('warn.layout-misfit', { name: layout.name, issues: issues.join(', ') }),
      };
    }
    const mapped = applyMap(table.rows, shape, map, timeZone);
    return {
      type: 'mapped',
      layout: { id: layout.id, name: layout.name },
      table,
      imported: {
        format: COLUMN_MAP_FORMAT,
        label: `Column map "${layout.name}"`,
        transactions: mapped.transactions,
        messages: [],
        problems: mapped.problems,
      },
    };
  }
  return firstProbe && looksLikeStatement(firstProbe.rows)
    ? { type: 'mappable', signature: firstProbe.signature }
    : { type: 'none' };
}

export function layoutsForIntake(
  locker: Locker,
  forcedName: string | undefined,
): { layouts: LayoutJson[]; forced: LayoutJson | null } {
  return {
    layouts: layoutList(locker),
    forced: forcedName === undefined ? null : findLayout(locker, forcedName),
  };
}
