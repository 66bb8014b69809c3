import iconv from 'iconv-lite';

/*
 * The seed story as files, written in the layouts people have them (shared by the ledger test and the Charges
 * page's browser test):
 * - an Alipay bill (GBK CSV, Alipay's 交易时间 … 商家订单号 layout with its preamble, CRLF): 8 monthly
 *   元保百万医疗险 charges paid from a Bank of China debit card (中国银行储蓄卡(3167)), two of them 59.90, and
 *   the refund of one;
 * - a WeChat Pay bill (UTF-8 CSV with WeChat's 微信支付账单明细 preamble): 2 元保意外险 charges from 零钱;
 * - a Bank of China statement (CSV with date and time columns and the own account number) that sees the 8 card
 *   charges again, a minute or two after Alipay's clock, and the refund.
 */
export const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08'];
const AMOUNT = (i: number) => (i === 2 || i === 3 ? '59.90' : '39.90');

export function alipayBill(): Buffer {
  const header =
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,';
  const rows = MONTHS.map(
    (m, i) =>
      `2025-${m}-12 08:01:1${i},保险,元保,yb***@yuanbao.com,元保百万医疗险-自动续费,支出,${AMOUNT(i)},中国银行储蓄卡(3167),交易成功,2025${m}12220014000000${i}\t,YB${m}0000${i}\t,,`,
  );
  rows.push(
    '2025-03-15 10:20:00,退款,元保,yb***@yuanbao.com,退款-元保百万医疗险-自动续费,不计收支,59.90,中国银行储蓄卡(3167),退款成功,20250312220014000000' +
      '2_R1\t,YB0300002\t,,',
  );
  rows.push(
    '2025-04-02 12:00:00,餐饮美食,某某餐厅,/,午餐,支出,15.80,余额宝,交易成功,L1000001\t,L1000001\t,,',
  );
  const text = [
    '------------------------------------------------------------------------------------',
    '支付宝支付科技有限公司  交易记录明细查询',
    '账号:[138****1234]',
    '起始日期:[2025-01-01 00:00:00]    终止日期:[2025-09-01 00:00:00]',
    '---------------------------------交易记录明细列表------------------------------------',
    header,
    ...rows,
    '------------------------------------------------------------------------------------',
  ].join('\r\n');
  return iconv.encode(text + '\r\n', 'gbk');
}

export function wechatBill(): Buffer {
  const header = '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注';
  const rows = ['06', '07'].map(
    (m, i) =>
      `2025-${m}-20 21:30:0${i},商户消费,元保,元保意外险,支出,¥19.90,零钱,支付成功,4200002${m}2025062000000${i}\t,WX${m}0${i}\t,/`,
  );
  return Buffer.from(
    [
      '微信支付账单明细,,,,,,,,,,',
      '微信昵称：[测试],,,,,,,,,,',
      '起始时间：[2025-06-01 00:00:00] 终止时间：[2025-08-01 00:00:00],,,,,,,,,,',
      ',,,,,,,,,,',
      '----------------------微信支付账单明细列表--------------------,,,,,,,,,,',
      header,
      ...rows,
    ].join('\n') + '\n',
    'utf8',
  );
}

/** `dateOnly`: months whose line the bank prints without a time (the match is then a suggestion). */
export function bocStatement(dateOnly: string[] = []): Buffer {
  const header = '交易日期,交易时间,交易金额,币种,对方户名,交易详情,交易渠道,交易流水号,本方账号';
  const rows = MONTHS.map(
    (m, i) =>
      `2025-${m}-12,${dateOnly.includes(m) ? '' : `08:0${2 + (i % 2)}:4${i}`},-${AMOUNT(i)},人民币,支付宝（中国）网络技术有限公司,支付宝-元保 网上快捷支付,银企对接,BOC${m}12000${i},6217********3167`,
  );
  rows.push(
    '2025-03-15,10:21:05,59.90,人民币,支付宝（中国）网络技术有限公司,支付宝-元保 网上快捷退款,银企对接,BOC0315R001,6217********3167',
  );
  return Buffer.from(['中国银行交易流水明细', header, ...rows].join('\n') + '\n', 'utf8');
}
