import { z } from 'zod';
import {
  applyColumnMap,
  applySavedLayout,
  exportLayout,
  findLayout,
  importLayout,
  layoutList,
  parseLayoutFile,
  previewColumnMap,
  proposeColumnMap,
  removeLayout,
  undoColumnMap,
} from '../column-map.ts';
import { NotFoundError } from '../errors.ts';
import { COLUMN_ROLES, TABLE_ENCODINGS } from '../importers/column-map.ts';
import type { Locker } from '../locker.ts';
import { call, exactEvidence } from './define.ts';
import { evidenceId, layoutId } from './inputs.ts';

/*
 * The column map (issue 14): a table no importer read, mapped by the user. The dialog's proposal and live
 * preview, filing the rows once the sign is confirmed, undoing a wrong map, and the saved maps as small JSON
 * files. The same services as `locker layout …`.
 */

const txDirection = z.enum(['out', 'in', 'neutral']);
const headerLine = z.number().int().min(1).max(100_000_000).nullable();
/** A column map as the dialog edits it; the service checks it again against the file it is applied to. */
const columnMap = z.strictObject({
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
    .record(z.string().max(100), txDirection)
    .refine((d) => Object.keys(d).length <= 50, 'at most 50 direction values'),
  isFlipped: z.boolean(),
  dateOrder: z.enum(['dmy', 'mdy']),
  currency: z.string().regex(/^[A-Z]{3}$/),
  encoding: z.enum(TABLE_ENCODINGS),
});

const layoutText = z.string().min(1).max(200_000);

/** Exact ids only: the service also accepts a saved map's name or an id's start. */
function exactLayout(locker: Locker, id: string): string {
  const l = findLayout(locker, id);
  if (l.id !== id) throw new NotFoundError('column-map', id);
  return l.id;
}

export const columnCalls = {
  // `headerLine`: the row the user says is the header (null: none); absent, it is found by content.
  'columns:propose': call(
    () =>
      z.strictObject({
        evidenceId,
        encoding: z.enum(TABLE_ENCODINGS).optional(),
        headerLine: headerLine.optional(),
      }),
    ({ locker }, { evidenceId, encoding, headerLine }) =>
      proposeColumnMap(locker, exactEvidence(locker, evidenceId).id, {
        ...(encoding ? { encoding } : {}),
        ...(headerLine !== undefined ? { headerLine } : {}),
      }),
  ),

  'columns:preview': call(
    () => z.strictObject({ evidenceId, map: columnMap, headerLine: headerLine.optional() }),
    ({ locker }, { evidenceId, map, headerLine }) =>
      previewColumnMap(locker, exactEvidence(locker, evidenceId).id, map, headerLine),
  ),

  // `confirmed`: the two preview rows and the direction the user saw and accepted for each.
  'columns:apply': call(
    () =>
      z.strictObject({
        evidenceId,
        map: columnMap,
        name: z.string().trim().min(1).max(100),
        headerLine: headerLine.optional(),
        confirmed: z
          .array(z.strictObject({ line: z.number().int().min(0).max(100_000_000), direction: txDirection }))
          .max(2),
      }),
    ({ locker }, { evidenceId, map, name, confirmed, headerLine }) =>
      applyColumnMap(locker, exactEvidence(locker, evidenceId).id, {
        map,
        name,
        confirmed,
        ...(headerLine !== undefined ? { headerLine } : {}),
      }),
  ),

  'columns:undo': call(
    () => z.strictObject({ evidenceId }),
    ({ locker }, { evidenceId }) => undoColumnMap(locker, exactEvidence(locker, evidenceId).id),
  ),

  'layout:list': call(
    () => z.strictObject({}),
    ({ locker }) => Promise.resolve(layoutList(locker)),
  ),

  'layout:export': call(
    () => z.strictObject({ id: layoutId }),
    ({ locker }, { id }) => Promise.resolve(exportLayout(locker, exactLayout(locker, id))),
  ),

  // The text of a layout file the user picked in the page (a small JSON file; 200 KB is generous), kept under
  // its own name or `name`.
  'layout:import': call(
    () => z.strictObject({ text: layoutText, name: z.string().trim().min(1).max(100).optional() }),
    ({ locker }, { text, name }) => importLayout(locker, text, name),
  ),

  /** A layout file read and checked, nothing kept: its map, to preview or apply to an item (`layout apply --map`). */
  'layout:read': call(
    () => z.strictObject({ text: layoutText }),
    async (_ctx, { text }) => Promise.resolve(parseLayoutFile(text)),
  ),

  /** Reads a filed item's rows with a kept map, the sign of its preview rows taken as the map says. */
  'layout:apply': call(
    () => z.strictObject({ evidenceId, id: layoutId }),
    ({ locker }, { evidenceId, id }) =>
      applySavedLayout(locker, exactEvidence(locker, evidenceId).id, exactLayout(locker, id)),
  ),

  'layout:delete': call(
    () => z.strictObject({ id: layoutId }),
    ({ locker }, { id }) => removeLayout(locker, exactLayout(locker, id)),
  ),
};
