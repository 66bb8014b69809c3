import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

const HEADER =
  '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';

/** An Alipay bill (GBK, as Alipay sends it) with monthly 元保 charges on the given days and one lunch. */
export function yuanbaoBill(days = ['2025-03-27', '2025-04-27', '2025-05-27', '2025-06-27']): Buffer {
  const rows = days.map(
    (d, i) => `${d} 08:01:12,保险,元保,/,元保-百万医疗险月缴,支出,39.90,余额宝,交易成功,Y${i}\t,M${i}\t,,`,
  );
  rows.push('2025-05-02 12:00:00,餐饮美食,某某餐厅,/,午餐,支出,15.80,余额宝,交易成功,L1\t,L1\t,,');
  return iconv.encode(['------', '支付宝交易记录明细查询', HEADER, ...rows].join('\n') + '\n', 'gbk');
}

export function put(dir: string, name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
