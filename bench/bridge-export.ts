// The loopback bridge while a 200-exhibit packet (see packet-case.ts) is exported through `export:run`: how long
// the bridge's event loop is held (p99 of its delay) and how long a `case:list` asked meanwhile takes — with the
// export in its own thread as the bridge runs it, and, for comparison, on the bridge's own thread.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBridge } from '../electron/bridge/server.ts';
import { runExport } from '../electron/services/calls/export.ts';
import { Locker } from '../electron/services/locker.ts';
import { fmt, report, tempDir } from './lib.ts';
import { buildPacketCase } from './packet-case.ts';

const COUNT = Number(process.argv[2] ?? 200);
const store = tempDir('bridge-store');
const outDir = tempDir('bridge-out');
try {
  await buildPacketCase(store.dir, COUNT);
  const locker = await Locker.open(store.dir, { actor: 'app' });
  const bridge = await startBridge({ locker, rendererDir: outDir.dir, backgroundOcr: false });
  const caseId = locker.listCases()[0]!.id;
  const post = (channel: string, body: unknown) =>
    fetch(`${bridge.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-locker-token': bridge.token },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ ok: boolean }>);

  /** Runs `exportOnce` while asking `case:list` every 50 ms; the loop's delay and those calls' times. */
  const measure = async (exportOnce: () => Promise<unknown>) => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const calls: number[] = [];
    let failed = 0;
    let running = true;
    const asker = (async () => {
      while (running) {
        const t = performance.now();
        // A kept-alive connection the blocked loop let time out is reset: that call failed, the next reconnects.
        const isOk = await post('case:list', {}).then(
          (r) => r.ok,
          () => false,
        );
        calls.push(performance.now() - t);
        if (!isOk) failed += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    delay.enable();
    const t0 = performance.now();
    await exportOnce();
    const seconds = (performance.now() - t0) / 1000;
    delay.disable();
    running = false;
    await asker;
    calls.sort((a, b) => a - b);
    const p = (q: number) => calls[Math.min(calls.length - 1, Math.floor(q * calls.length))] ?? 0;
    return {
      seconds,
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
      callP50: p(0.5),
      callP99: p(0.99),
      calls: calls.length,
      failed,
    };
  };

  const threaded = await measure(async () => {
    const r = await post('export:run', { caseId, recipient: 'bank', lang: 'zh-CN', withArchive: true });
    if (!r.ok) throw new Error(JSON.stringify(r));
  });
  const inline = await measure(() =>
    runExport(
      locker,
      { caseId, recipient: 'bank', lang: 'zh-CN', withArchive: true },
      `${outDir.dir}/inline.pdf`,
    ),
  );
  await bridge.close();
  locker.close();
  report(`bridge: export:run of ${COUNT} exhibits`, {
    'export s (in its thread)': fmt(threaded.seconds, 1),
    'event-loop delay p99 ms (export in thread)': fmt(threaded.p99, 0),
    'event-loop delay max ms (export in thread)': fmt(threaded.max, 0),
    'case:list p50 / p99 ms meanwhile': `${fmt(threaded.callP50, 0)} / ${fmt(threaded.callP99, 0)} (${threaded.calls} calls, ${threaded.failed} failed)`,
    'event-loop delay p99 ms (on the bridge thread)': fmt(inline.p99, 0),
    'event-loop delay max ms (on the bridge thread)': fmt(inline.max, 0),
    'case:list p99 ms (on the bridge thread)': `${fmt(inline.callP99, 0)} (${inline.failed} of ${inline.calls} failed)`,
  });
} finally {
  store.remove();
  outDir.remove();
}
