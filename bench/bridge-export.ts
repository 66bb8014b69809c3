// The loopback bridge while a 200-exhibit packet (see packet-case.ts) is exported through `export:run`: how long
// the bridge's event loop is held (p99 of its delay) and how long a `case:list` asked meanwhile takes, with the
// export in its own process as the bridge runs it. Twice, each after the same span with no export at all: on
// a machine other work loads, that floor is what the loop's delay is made of without us.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBridge } from '../electron/bridge/server.ts';
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

  const runs: { floor: Awaited<ReturnType<typeof measure>>; busy: Awaited<ReturnType<typeof measure>> }[] =
    [];
  for (let i = 0; i < 2; i++) {
    const floor = await measure(() => new Promise((r) => setTimeout(r, 10_000)));
    const busy = await measure(async () => {
      const r = await post('export:run', { caseId, recipient: 'bank', lang: 'zh-CN', withArchive: true });
      if (!r.ok) throw new Error(JSON.stringify(r));
    });
    runs.push({ floor, busy });
  }
  await bridge.close();
  locker.close();
  const both = (f: (r: (typeof runs)[number]) => number) => runs.map((r) => fmt(f(r), 0)).join(' / ');
  report(
    `bridge: export:run of ${COUNT} exhibits, twice (target: delay p99 under 50 ms; load ${os.loadavg()[0]!.toFixed(1)})`,
    {
      'export s (in its process)': runs.map((r) => fmt(r.busy.seconds, 1)).join(' / '),
      'event-loop delay p99 ms during the export': both((r) => r.busy.p99),
      'event-loop delay max ms during the export': both((r) => r.busy.max),
      'case:list p50 / p99 ms meanwhile': runs
        .map(
          (r) =>
            `${fmt(r.busy.callP50, 0)} / ${fmt(r.busy.callP99, 0)} (${r.busy.calls} calls, ${r.busy.failed} failed)`,
        )
        .join('; '),
      'event-loop delay p99 / max ms, no export (10 s before)': runs
        .map((r) => `${fmt(r.floor.p99, 0)} / ${fmt(r.floor.max, 0)}`)
        .join('; '),
    },
  );
} finally {
  store.remove();
  outDir.remove();
}
