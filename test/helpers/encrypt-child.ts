// Turns encryption on for the locker in argv[2], printing `STEP <name>` as each step of the conversion ends.
// With PAUSE_AT=<step> it stops for a while right after that step, so the crash test's SIGKILL lands exactly
// between that step and the next; without it the kill lands wherever the conversion is at that moment.
import { writeSync } from 'node:fs';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';

const [store, passphrase] = process.argv.slice(2);
const pauseAt = process.env.PAUSE_AT;
const sleep = new Int32Array(new SharedArrayBuffer(4));
writeSync(1, 'GO\n');
await encryptLocker(store!, passphrase!, {
  cost: { N: 1 << 12, r: 8, p: 1 },
  onStep: (step) => {
    writeSync(1, `STEP ${step}\n`);
    if (step === pauseAt) Atomics.wait(sleep, 0, 0, 10_000);
  },
});
writeSync(1, 'DONE\n');
