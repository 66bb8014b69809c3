import iconv from 'iconv-lite';

/**
 * An Alipay bill of `rows` lines in the export's real layout (GBK, its title lines, the header, a tab after
 * each order number, a trailing comma), as test/search/search.test.ts writes a small one; line i pays 商户i
 * with the merchant order number `Mi-<tag>`, so a search can ask for any one row.
 */
export function alipayRows(rows: number, tag: string): Buffer {
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
    lines.push(
      `${t},餐饮美食,商户${i},/,午餐,支出,${(i % 90) + 1}.50,余额宝,交易成功,2024${String(i).padStart(12, '0')}\t,M${i}-${tag}\t,,`,
    );
  }
  return iconv.encode(lines.join('\n') + '\n', 'gbk');
}
