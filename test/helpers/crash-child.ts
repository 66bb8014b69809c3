// Files the given paths one by one into a locker, printing `ACK <sha256> <id>` as each commit returns.
// The crash test kills this process with SIGKILL at random moments.
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';

const [store, caseId, ...files] = process.argv.slice(2);
const locker = await Locker.open(store!);
for (const file of files) {
  const r = await addPaths(locker, caseId!, [file]);
  for (const a of r.added) process.stdout.write(`ACK ${a.sha256} ${a.id}\n`);
  for (const d of r.duplicates) process.stdout.write(`DUP ${d.sha256} ${d.existingId}\n`);
  for (const e of r.errors) process.stdout.write(`ERR ${e.path} ${e.error}\n`);
}
locker.close();
process.stdout.write('DONE\n');
