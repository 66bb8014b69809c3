import { describe, expect, it } from 'vitest';
import { rowIds } from '../../electron/services/import-rows.ts';
import type { Locker } from '../../electron/services/locker.ts';
import { randomId, sequentialIds } from '../../electron/services/util/ids.ts';

const lockerWith = (ids: Locker['ids']) => ({ ids }) as Locker;

describe('rowIds', () => {
  it('gives one import its rows ids in row order, each unique and in the shape the IPC contract takes', () => {
    const idOf = rowIds(lockerWith(randomId), 'tx', 100_000);
    const ids = Array.from({ length: 100_000 }, (_, i) => idOf(i));
    expect(new Set(ids).size).toBe(100_000);
    expect([...ids].sort()).toEqual(ids);
    for (const id of [ids[0]!, ids[99_999]!]) expect(id).toMatch(/^tx_[0-9a-z]{4,40}$/);
    expect(ids[0]!.length).toBe(ids[99_999]!.length);
  });

  it('never gives two imports the same id, whatever their sizes', () => {
    const locker = lockerWith(sequentialIds());
    const seen = new Set<string>();
    for (const count of [1, 31, 32, 33, 1024, 1025, 5000]) {
      const idOf = rowIds(locker, 'msg', count);
      for (let i = 0; i < count; i++) seen.add(idOf(i));
    }
    expect(seen.size).toBe(1 + 31 + 32 + 33 + 1024 + 1025 + 5000);
  });

  it('draws no id for an import with no rows', () => {
    const ids = sequentialIds();
    rowIds(lockerWith(ids), 'tx', 0);
    expect(ids('tx')).toBe('tx_000001');
  });
});
