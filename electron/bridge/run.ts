import path from 'node:path';
import { parseArgs } from 'node:util';
import { Locker } from '../services/locker.ts';
import { resolveStoreDir } from '../services/paths.ts';
import { startBridge } from './server.ts';

/**
 * `npm start` on a machine without an Electron binary: serves the built renderer and the locker API on
 * 127.0.0.1 and prints the one address (with its one-time token) that opens it.
 */
export async function runBridge(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: 'string' },
      renderer: { type: 'string' },
      port: { type: 'string' },
    },
    strict: true,
  });
  const storeDir = resolveStoreDir(values.store, env);
  const rendererDir = path.resolve(values.renderer ?? path.join(import.meta.dirname, '../../dist/renderer'));
  const locker = await Locker.open(storeDir, { actor: 'app' });
  const bridge = await startBridge({ locker, rendererDir, port: values.port ? Number(values.port) : 0 });
  process.stdout.write(
    [
      '',
      'Evidence Locker is running in your browser (no Electron binary is available on this machine).',
      '',
      `  Open:    ${bridge.url}`,
      `  Locker:  ${storeDir}`,
      '',
      'The address holds a one-time key: anyone with it can use this locker while this runs.',
      'It only answers this computer (127.0.0.1). Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void bridge.close().finally(() => {
      locker.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
