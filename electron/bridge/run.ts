import path from 'node:path';
import { parseArgs } from 'node:util';
import { findPassphrase } from '../cli-unlock.ts';
import { LockerGate } from '../ipc/gate.ts';
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
      'passphrase-file': { type: 'string' },
    },
    strict: true,
  });
  const storeDir = resolveStoreDir(values.store, env);
  const rendererDir = path.resolve(values.renderer ?? path.join(import.meta.dirname, '../../dist/renderer'));
  // An encrypted locker opens with a passphrase given here, else it waits for it in the page.
  const passphrase = await findPassphrase({ passphraseFile: values['passphrase-file'], env }, '');
  const gate = await LockerGate.open(storeDir, {
    actor: 'app',
    ...(passphrase ? { unlock: { passphrase } } : {}),
  });
  const bridge = await startBridge({ gate, rendererDir, port: values.port ? Number(values.port) : 0 });
  const locked = !gate.locker;
  process.stdout.write(
    [
      '',
      'Evidence Locker is running in your browser (no Electron binary is available on this machine).',
      '',
      `  Open:    ${bridge.url}`,
      `  Locker:  ${storeDir}`,
      ...(locked
        ? [
            '',
            passphrase
              ? 'The locker is encrypted and the passphrase given does not open it: type it in the page.'
              : 'The locker is encrypted: type its passphrase in the page to open it.',
          ]
        : []),
      '',
      'The address holds a one-time key: anyone with it can use this locker while this runs.',
      'It only answers this computer (127.0.0.1). Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void bridge.close().finally(() => {
      gate.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
