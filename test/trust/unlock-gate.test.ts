import { describe, expect, it } from 'vitest';
import { LockerGate, unlockBackoff } from '../../electron/ipc/gate.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import type { ScryptCost } from '../../electron/services/crypto/keys.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const COST: ScryptCost = { N: 1 << 12, r: 8, p: 1 };
const PASS = 'correct horse battery staple';

async function lockedGate(waits: number[]): Promise<LockerGate> {
  const dir = tempDir();
  (await Locker.open(dir)).close();
  await encryptLocker(dir, PASS, { cost: COST });
  return LockerGate.open(dir, {
    cost: COST,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
}

describe('unlocking a locked locker through the gate', () => {
  it('opens one locker for six correct unlocks sent at once', async () => {
    const gate = await lockedGate([]);
    let opened = 0;
    gate.whenOpen(() => (opened += 1));
    const results = await Promise.all(Array.from({ length: 6 }, () => gate.unlock({ passphrase: PASS })));
    expect(results.every((r) => r.unlocked)).toBe(true);
    expect(opened).toBe(1);
    gate.close();
  });

  it('waits longer before each try after a wrong passphrase, and starts afresh after the right one', async () => {
    const waits: number[] = [];
    const gate = await lockedGate(waits);
    const wrong = Array.from({ length: 4 }, () => gate.unlock({ passphrase: 'wrong but long enough' }));
    for (const attempt of wrong) await expect(attempt).rejects.toThrow();
    expect(waits).toEqual([250, 500, 1000]);
    await gate.unlock({ passphrase: PASS });
    expect(waits).toEqual([250, 500, 1000, 2000]);
    gate.close();
    expect(unlockBackoff(0)).toBe(0);
    expect(unlockBackoff(40)).toBe(30_000);
  });
});
