import {
  applyColumnMap,
  exportLayout,
  findLayout,
  importLayout,
  layoutList,
  previewColumnMap,
  proposeColumnMap,
  removeLayout,
  undoColumnMap,
} from '../services/column-map.ts';
import { NotFoundError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import type { Handler } from './handlers.ts';

/*
 * The column map for the page (issue 14): the dialog's proposal and live preview, filing the rows once the sign
 * is confirmed, undoing a wrong map, and the saved maps as small JSON files. The same services as
 * `locker layout …`. Spread into the shared handlers.
 */

export type ColumnMapChannel =
  | 'columns:propose'
  | 'columns:preview'
  | 'columns:apply'
  | 'columns:undo'
  | 'layout:list'
  | 'layout:export'
  | 'layout:import'
  | 'layout:delete';
export type ColumnMapHandlers = { [C in ColumnMapChannel]: Handler<C> };

export function createColumnMapHandlers(locker: Locker): ColumnMapHandlers {
  /** Exact ids only: the Locker also accepts an id's start (handy in a terminal, wrong for an API). */
  const itemId = (id: string) => {
    if (locker.getEvidence(id).id !== id) throw new NotFoundError('evidence item', id);
    return id;
  };
  const layoutId = (id: string) => {
    const l = findLayout(locker, id);
    if (l.id !== id) throw new NotFoundError('column map', id);
    return l.id;
  };
  return {
    'columns:propose': ({ evidenceId, encoding, headerLine }) =>
      proposeColumnMap(locker, itemId(evidenceId), {
        ...(encoding ? { encoding } : {}),
        ...(headerLine !== undefined ? { headerLine } : {}),
      }),
    'columns:preview': ({ evidenceId, map, headerLine }) =>
      previewColumnMap(locker, itemId(evidenceId), map, headerLine),
    'columns:apply': ({ evidenceId, map, name, confirmed, headerLine }) =>
      applyColumnMap(locker, itemId(evidenceId), {
        map,
        name,
        confirmed,
        ...(headerLine !== undefined ? { headerLine } : {}),
      }),
    'columns:undo': ({ evidenceId }) => undoColumnMap(locker, itemId(evidenceId)),
    'layout:list': () => Promise.resolve(layoutList(locker)),
    'layout:export': ({ id }) => Promise.resolve(exportLayout(locker, layoutId(id))),
    'layout:import': ({ text }) => importLayout(locker, text),
    'layout:delete': ({ id }) => removeLayout(locker, layoutId(id)),
  };
}
