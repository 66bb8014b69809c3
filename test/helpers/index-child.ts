// Files one bill into a locker, prints `ACK <id>` when the import call returns, then waits for the rows to be
// indexed in the background and prints `INDEXED`. The search-queue kill test SIGKILLs it in between.
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';

const [store, caseId, file] = process.argv.slice(2);
const locker = await Locker.open(store!);
const r = await addPaths(locker, caseId!, [file!]);
for (const a of r.added) process.stdout.write(`ACK ${a.id}\n`);
await locker.pendingIndexed();
process.stdout.write('INDEXED\n');
locker.close();
