import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

/**
 * A worker thread on one of our own modules. From the built JavaScript it is started as it is; from the
 * TypeScript sources (`npm start` without a build, the tests, the benchmarks) the thread first registers tsx,
 * as the process did with `--import tsx` (a worker does not inherit the loader hooks of its parent).
 */
export function startWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!fileURLToPath(moduleUrl).endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = [
    `import(${JSON.stringify(tsx)})`,
    '.then((tsx) => { tsx.register(); })',
    `.then(() => import(${JSON.stringify(moduleUrl.href)}))`,
    '.catch((error) => { process.nextTick(() => { throw error; }); });',
  ].join('\n');
  return new Worker(boot, { ...options, eval: true });
}
