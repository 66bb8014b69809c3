// A 100,000-row Alipay CSV, a 100,000-row bank statement as old Excel (.xls, two sheets: BIFF stops at
// 65,536 rows) and a 50,000-message WhatsApp export, each filed end to end (parse + store + rows).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import type { XlsCell } from '../test/helpers/xls.ts';
import { writeXls } from '../test/helpers/xls.ts';
import { fmt, mb, memorySampler, report, tempDir } from './lib.ts';

const ROWS = Number(process.env.BENCH_ALIPAY_ROWS ?? 100_000);
const MESSAGES = Number(process.env.BENCH_WHATSAPP_MESSAGES ?? 50_000);
const which = process.argv[2] ?? 'alipay';

function alipayCsv(rows: number): Buffer {
  const lines = [
    '------------------------------------------------------------------------------------',
    '导出信息：',
    '姓名：测试',
    '起始时间：[2024-01-01 00:00:00]    终止时间：[2024-12-31 23:59:59]',
    `共${rows}笔记录`,
    '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
  ];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 307_000).toISOString().replace('T', ' ').slice(0, 19);
    const yuanbao = i % 97 === 0;
    lines.push(
      `${t},${yuanbao ? '保险' : '餐饮美食'},${yuanbao ? '元保保险经纪' : `商户${i % 500}`},/,${yuanbao ? '元保-百万医疗险月缴' : '午餐'},支出,${Math.floor((i % 5000) / 100) + 1}.${String(i % 100).padStart(2, '0')},余额宝,交易成功,2024${String(i).padStart(12, '0')}\t,M${i}\t,,`,
    );
  }
  return iconv.encode(lines.join('\n') + '\n', 'gbk');
}

/** A Chinese bank's .xls 交易明细: title lines, the header, then the rows (time in its own column). */
function bankXls(rows: number): Buffer {
  const header: XlsCell[] = [
    '交易日期',
    '交易时间',
    '摘要',
    '对方户名',
    '支出',
    '收入',
    '余额',
    '币种',
    '附言',
  ];
  const all: XlsCell[][] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 307_000).toISOString();
    const isIn = i % 10 === 0;
    const amount = Math.floor((i % 5000) / 100) + 1 + (i % 100) / 100;
    all.push([
      t.slice(0, 10).replaceAll('-', ''),
      t.slice(11, 19),
      isIn ? '转入' : '消费',
      `商户${i % 500}有限公司`,
      isIn ? '--' : amount,
      isIn ? amount : '--',
      100_000 + (i % 1000),
      '人民币',
      '----------',
    ]);
  }
  const perSheet = 65_536 - 4;
  const sheets = [];
  for (let at = 0; at < rows; at += perSheet) {
    const part = all.slice(at, at + perSheet);
    sheets.push({
      name: `Sheet${sheets.length + 1}`,
      rows: at === 0 ? [['个人活期账户交易明细'], ['账号：6217****0001'], [], header, ...part] : part,
    });
  }
  return writeXls(sheets);
}

function whatsappTxt(messages: number): Buffer {
  const lines: string[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < messages; i++) {
    const d = new Date(start + i * 61_000);
    const dd = String(d.getUTCDate()).padStart(2, '0');
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    const hh = String(d.getUTCHours()).padStart(2, '0');
    const mi = String(d.getUTCMinutes()).padStart(2, '0');
    lines.push(
      `${dd}/${mm}/${d.getUTCFullYear()}, ${hh}:${mi} - ${i % 2 ? '客服小美' : 'Me'}: 您好，关于扣款的问题 ${i}`,
    );
    if (i % 10 === 0) lines.push('这是第二行');
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const inbox = tempDir('exports');
const store = tempDir('store');
try {
  const locker = await Locker.open(store.dir);
  const c = await locker.createCase({ title: 'bench' });
  const bytes =
    which === 'alipay' ? alipayCsv(ROWS) : which === 'xls' ? bankXls(ROWS) : whatsappTxt(MESSAGES);
  const names: Record<string, string> = {
    alipay: 'alipay_record.csv',
    xls: '交易明细.xls',
    whatsapp: 'WhatsApp Chat with 客服.txt',
  };
  const file = path.join(inbox.dir, names[which] ?? 'export');
  writeFileSync(file, bytes);
  const mem = memorySampler();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await addPaths(locker, c.id, [file]);
  const s = (performance.now() - t0) / 1000;
  // CPU time beside wall time: on a machine shared with other work, wall time alone says more about the others.
  const cpu = process.cpuUsage(cpu0);
  // A large bill's rows are indexed for search after the call returns, in chunks; a search would wait for the
  // rest, so the time until the index holds every row is the other figure.
  // While it runs, the event loop has a turn between chunks: its longest waits are the app's.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  await locker.pendingIndexed();
  loop.disable();
  locker.indexPendingNow();
  const searchS = (performance.now() - t0) / 1000;
  const searchCpu = process.cpuUsage(cpu0);
  const peak = mem.peak();
  mem.stop();
  locker.close();
  const item = r.added[0];
  if (!item?.format) throw new Error(`not recognised: ${JSON.stringify(r)}`);
  const expected = which === 'whatsapp' ? MESSAGES : ROWS;
  if ((item.records ?? 0) < expected)
    throw new Error(`only ${item.records} of ${expected} records: ${JSON.stringify(item.problems?.[0])}`);
  const titles: Record<string, string> = {
    alipay: 'import: Alipay CSV',
    xls: 'import: bank statement XLS (2 sheets)',
    whatsapp: 'import: WhatsApp chat',
  };
  report(titles[which] ?? which, {
    records: item.records ?? 0,
    'file MB': fmt(mb(bytes.length)),
    'seconds (rows filed, call returned)': fmt(s, 2),
    'CPU seconds (all threads)': fmt((cpu.user + cpu.system) / 1e6, 2),
    'seconds (search complete)': fmt(searchS, 2),
    'CPU seconds to search complete': fmt((searchCpu.user + searchCpu.system) / 1e6, 2),
    'event-loop delay while indexing, p99 / max ms': `${fmt(loop.percentile(99) / 1e6, 0)} / ${fmt(loop.max / 1e6, 0)}`,
    'records/s': fmt((item.records ?? 0) / s, 0),
    'peak RSS MB': fmt(mb(peak), 0),
  });
} finally {
  inbox.remove();
  store.remove();
}
