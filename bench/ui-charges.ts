// The Charges page with 10,000 payments, in Debian's Chromium over the loopback bridge: page load to the first
// painted rows, then two seconds of steady scrolling (120 px a frame), counting frames longer than one display
// frame (16.7 ms) and than two (33 ms: a stutter a user sees), and how busy the page's main thread was. The
// payments come from a 10,000-row Alipay bill filed the normal way.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { buildRenderer, launchChromium, timelinePage } from '../test/e2e/harness.ts';
import { fmt, report, tempDir } from './lib.ts';

const PAYMENTS = 10_000;
const work = tempDir('ui-charges');
try {
  const rendererDir = path.join(work.dir, 'renderer');
  await buildRenderer(rendererDir, 'error');
  const locker = await Locker.open(path.join(work.dir, 'store'), { actor: 'app' });
  const c = await locker.createCase({ title: '10,000 payments', counterparty: '元保' });
  const header =
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';
  const start = Date.UTC(2020, 0, 1);
  const rows: string[] = [];
  for (let i = 0; i < PAYMENTS; i++) {
    const at = new Date(start + i * 173 * 60_000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    const payee = ['元保', '美团', '滴滴出行', '星巴克', '京东'][i % 5]!;
    const amount = (((i * 7919) % 50_000) / 100 + 1).toFixed(2);
    rows.push(
      `${at},日常,${payee},p***@x.com,订单${i},支出,${amount},余额宝,交易成功,2020${String(i).padStart(12, '0')}\t,M${i}\t,,`,
    );
  }
  const file = path.join(work.dir, 'alipay.csv');
  writeFileSync(
    file,
    iconv.encode(
      [
        '支付宝交易记录明细查询',
        '---------------------------------交易记录明细列表------------------------------------',
        header,
        ...rows,
      ].join('\r\n') + '\r\n',
      'gbk',
    ),
  );
  await addPaths(locker, c.id, [file]);
  const browser = await launchChromium();
  try {
    const { page, url, close } = await timelinePage(browser, locker, rendererDir, c.id);
    await page.goto(url);
    await page.getByRole('button', { name: 'Charges', exact: true }).click();
    const t0 = Date.now();
    await page.locator('.charges-table tbody tr').nth(5).waitFor();
    const shown = Date.now() - t0;
    await page.waitForTimeout(300);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () =>
      ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ??
        0) * 1000;
    const busyBefore = await busy();
    // Scroll the page's scroller by a steady amount every frame for two seconds; record every frame's length.
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      let el = document.querySelector('.charges-table');
      while (el && !(el.scrollHeight > el.clientHeight + 10 && getComputedStyle(el).overflowY !== 'visible')) el = el.parentElement;
      const scroller = el || document.scrollingElement;
      const out = [];
      let last = performance.now();
      const end = last + 2000;
      const step = (now) => {
        out.push(now - last);
        last = now;
        scroller.scrollTop += 120;
        if (now < end) requestAnimationFrame(step); else resolve(out);
      };
      requestAnimationFrame(step);
    })`);
    const busyMs = (await busy()) - busyBefore;
    const rowsNow = await page.locator('.charges-table tbody tr').count();
    await close();
    frames.shift();
    const sorted = [...frames].sort((a, b) => a - b);
    report('app: Charges page, 10,000 payments (Chromium, 1280×800)', {
      payments: PAYMENTS,
      'click to first rows ms': shown,
      'frames in 2 s of scrolling': frames.length,
      'frames over 16.7 ms (+1 ms jitter)': frames.filter((f) => f > 17.7).length,
      'frames over 33 ms (dropped)': frames.filter((f) => f > 33).length,
      'median frame ms': fmt(sorted[Math.floor(sorted.length / 2)]!, 1),
      'worst frame ms': fmt(sorted.at(-1)!, 1),
      'page main thread busy ms (of 2,000)': fmt(busyMs, 0),
      'rows in the DOM while scrolling': rowsNow,
    });
  } finally {
    await browser.close();
    locker.close();
  }
} finally {
  work.remove();
}
