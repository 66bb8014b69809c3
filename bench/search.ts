// Search latency over a large locker (100,000 messages + 5,000 screenshots' OCR text), and OCR speed on a
// phone screenshot. Rows are inserted with SQL for setup speed; the triggers index them as an import would.
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { indexRecordsOf } from '../db/queries/search.ts';
import { Locker } from '../electron/services/locker.ts';
import { createTesseractEngine } from '../electron/services/ocr/engine.ts';
import { imagePicture } from '../electron/services/ocr/render.ts';
import { searchCase } from '../electron/services/search.ts';
import { fmt, report, tempDir } from './lib.ts';

const MESSAGES = Number(process.env.BENCH_SEARCH_MESSAGES ?? 100_000);
const SCREENSHOTS = Number(process.env.BENCH_SEARCH_SCREENSHOTS ?? 5_000);
const OCR_RUNS = Number(process.env.BENCH_OCR_RUNS ?? 3);

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const PHRASES = [
  '您好，请问有什么可以帮您',
  '为什么每个月都从我的支付宝自动扣款',
  '元保的保费是按月扣的',
  '请帮我取消自动续费并退款',
  '我们已经为您提交了退款申请',
  '工单已转交专员处理，请耐心等待',
  'Please cancel the subscription',
  'I never agreed to this insurance',
  'The refund will arrive in 3-5 working days',
  '好的，谢谢',
  '我要投诉到银保监会',
  '请提供一下您的订单号',
  '已收到您的反馈',
  '这个扣款我完全不知情',
];
const MERCHANTS = ['元保保险经纪', '美团', '滴滴出行', '饿了么', '中国移动', '京东', 'Apple', '便利店'];

function messageText(i: number): string {
  const n = 1 + Math.floor(random() * 3);
  const parts = Array.from({ length: n }, () => pick(PHRASES));
  if (i % 50 === 0) parts.push(`订单号 2025${String(i).padStart(18, '0')}`);
  if (i % 37 === 0) parts.push(`扣了 ${Math.floor(random() * 100)}.${String(i % 100).padStart(2, '0')} 元`);
  if (i % 101 === 0) parts.push(`ticket TK-${10000 + i}`);
  return parts.join('，');
}

function screenshotText(i: number): string {
  const merchant = pick(MERCHANTS);
  const amount =
    merchant === '元保保险经纪'
      ? '39.90'
      : `${Math.floor(random() * 200)}.${String(i % 100).padStart(2, '0')}`;
  return [
    '账单详情',
    merchant,
    `-${amount}`,
    '交易成功',
    `支付时间 2025-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')} 08:01:12`,
    '付款方式 余额宝',
    `商品说明 ${merchant}-${pick(['百万医疗险月缴', '外卖订单', '话费充值', '打车'])}`,
    `订单号 2025${String(800000 + i).padStart(18, '0')}`,
    `商户单号 M${i}`,
    ...Array.from({ length: 8 }, () => pick(PHRASES)),
  ].join('\n');
}

const store = tempDir('search');
try {
  const locker = await Locker.open(store.dir);
  const c = await locker.createCase({ title: 'bench', counterparty: '元保' });
  const db = locker.db;
  const now = locker.now();
  const insertBlob = db.prepare(`INSERT INTO blobs VALUES (?, 1, ?, ?)`);
  const insertEvidence = db.prepare(
    `INSERT INTO evidence (id, case_id, sha256, kind, title, occurred_utc, occurred_offset, occurred_source, size,
       mime, original_name, acquired_at, acquisition_method)
     VALUES (?, ?, ?, ?, ?, ?, 480, 'filename', 1, ?, ?, ?, 'bench')`,
  );
  const sha = (n: number) => n.toString(16).padStart(64, '0');
  const t0 = performance.now();
  db.transaction(() => {
    insertBlob.run(sha(0), 'text/plain', now);
    insertEvidence.run('ev_chat', c.id, sha(0), 'chat', 'WhatsApp 客服', now, 'text/plain', 'chat.txt', now);
    const insertMessage = db.prepare(
      `INSERT INTO messages (id, case_id, evidence_id, line, occurred_utc, occurred_offset, sender, text)
       VALUES (?, ?, 'ev_chat', ?, ?, 480, ?, ?)`,
    );
    for (let i = 0; i < MESSAGES; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 61_000).toISOString();
      insertMessage.run(`msg_${i}`, c.id, i + 1, at, i % 2 ? '客服小美' : 'Me', messageText(i));
    }
    indexRecordsOf(db, 'ev_chat');
  })();
  const messagesSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  db.transaction(() => {
    const insertOcr = db.prepare(
      `INSERT INTO ocr_results (id, evidence_id, page, text, words, confidence, width, height, engine, created_at)
       VALUES (?, ?, 1, ?, '[]', 90, 1080, 2400, 'bench', ?)`,
    );
    for (let i = 0; i < SCREENSHOTS; i++) {
      const id = `ev_shot_${i}`;
      insertBlob.run(sha(i + 1), 'image/png', now);
      const at = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
      insertEvidence.run(
        id,
        c.id,
        sha(i + 1),
        'screenshot',
        `Screenshot ${i}`,
        at,
        'image/png',
        `s${i}.png`,
        now,
      );
      insertOcr.run(`ocr_${i}`, id, screenshotText(i), now);
    }
  })();
  const ocrSeconds = (performance.now() - t1) / 1000;
  db.exec(`INSERT INTO search_fts (search_fts) VALUES ('optimize')`);

  const queries = [
    '元保',
    '自动扣款',
    '39.90',
    `2025${String(800000 + 73).padStart(18, '0')}`,
    'refund',
    '客服',
    'TK-10101',
    '退款 元保',
    '银保监会',
    'subscription cancel',
    '险',
    '百万医疗险',
  ];
  const times: number[] = [];
  const perQuery: Record<string, number[]> = {};
  for (const q of queries) searchCase(locker, c.id, q); // warm the page cache and statements
  for (let round = 0; round < 10; round++) {
    for (const q of queries) {
      const s = performance.now();
      const hits = searchCase(locker, round % 2 ? c.id : null, q, { limit: 50 });
      const ms = performance.now() - s;
      if (!hits.length) throw new Error(`no results for ${q}`);
      times.push(ms);
      (perQuery[q] ??= []).push(ms);
    }
  }
  const pct = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
  };
  const slowest = Object.entries(perQuery)
    .map(([q, l]) => [q, pct(l, 0.5)] as const)
    .sort((a, b) => b[1] - a[1])[0]!;
  if (process.env.BENCH_VERBOSE) {
    for (const [q, l] of Object.entries(perQuery))
      process.stderr.write(`${q}: median ${fmt(pct(l, 0.5), 2)} p95 ${fmt(pct(l, 0.95), 2)}\n`);
  }
  locker.close();

  // OCR: one phone screenshot, 1080×2400, twenty lines of Chinese and English.
  const require = createRequire(import.meta.url);
  const font = path.join(
    path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
    '400Regular',
    'NotoSansSC_400Regular.ttf',
  );
  const layers: OverlayOptions[] = [];
  const lines = screenshotText(7).split('\n').concat(PHRASES.slice(0, 4));
  for (const [i, line] of lines.entries()) {
    const input = await sharp({
      text: {
        text: line.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
        fontfile: font,
        font: 'Noto Sans SC 38',
        dpi: 72,
        rgba: true,
      },
    })
      .png()
      .toBuffer();
    layers.push({ input, top: 120 + i * 105, left: 60 });
  }
  const png = await sharp({ create: { width: 1080, height: 2400, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
  const w0 = performance.now();
  const engine = await createTesseractEngine();
  const startSeconds = (performance.now() - w0) / 1000;
  const ocrTimes: number[] = [];
  let chars = 0;
  for (let i = 0; i < OCR_RUNS; i++) {
    const s = performance.now();
    const picture = await imagePicture(png);
    const r = await engine.recognize(picture.png, picture);
    ocrTimes.push((performance.now() - s) / 1000);
    chars = r.words.reduce((a, w) => a + w.text.length, 0);
  }
  await engine.terminate();

  report('search: 100k messages + 5k OCR screenshots', {
    'index rows': MESSAGES + SCREENSHOTS * 2 + 2,
    'index 100k messages (s)': fmt(messagesSeconds, 2),
    'index 5k OCR pages (s, via triggers)': fmt(ocrSeconds, 2),
    'queries timed': times.length,
    'latency median ms': fmt(pct(times, 0.5), 2),
    'latency p95 ms': fmt(pct(times, 0.95), 2),
    'latency max ms': fmt(Math.max(...times), 2),
    'slowest query (median ms)': `${slowest[0]} ${fmt(slowest[1], 2)}`,
  });
  report('ocr: phone screenshot 1080×2400 (chi_sim+eng)', {
    'worker start s': fmt(startSeconds, 2),
    'seconds per screenshot': fmt(ocrTimes.reduce((a, b) => a + b, 0) / ocrTimes.length, 2),
    'characters read': chars,
  });
} finally {
  store.remove();
}
