// What the crash harness's parent and child share: the child's configuration, its operations and the PRNG.

export type ChildConfig = {
  store: string;
  /** Imports, edits and trash go here. */
  mainCase: string;
  /** A small case the child exports (and sometimes edits), so each packet stays quick to render. */
  packetCase: string;
  /** Images made once by the parent; imported again they come back as duplicates. */
  images: string[];
  /** Where the child writes the CSV bills it files (each one new). */
  workDir: string;
  /** Each export goes to a folder of its own under here. */
  exportRoot: string;
  seed: number;
  /** The run number, so the values and names this child writes are unique across runs. */
  gen: number;
  maxOps: number;
  /** Operations to run first, before the random mix (the parent asks some children for an export). */
  firstOps?: Op[];
  /** Relative weights of the operations. */
  weights: Record<Op, number>;
};

export const OPS = ['import', 'bill', 'edit', 'redact', 'event', 'contact', 'trash', 'export'] as const;
export type Op = (typeof OPS)[number];
export const EDIT_FIELDS = ['title', 'notes', 'tags', 'occurredAt'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small Alipay export (the 2023 layout) with rows no other bill has: a new original every time. */
export function alipayBill(tag: string, rows: number): string {
  const head = [
    '------------------------------------------------------------------------------------',
    '导出信息：',
    '姓名：测试',
    '支付宝账户：test@example.com',
    '起始时间：[2025-03-01 00:00:00]    终止时间：[2025-03-31 23:59:59]',
    '导出交易类型：[全部]',
    '导出时间：[2025-04-01 09:00:00]',
    `共${rows}笔记录`,
    '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
    '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,',
  ];
  const lines = Array.from({ length: rows }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    const order = `2025${tag.replace(/\D/g, '').padStart(10, '0')}${String(i).padStart(4, '0')}`;
    return `2025-03-${day} 12:30:0${i % 10},保险,元保保险,/,保费 ${tag} #${i},支出,${(i % 90) + 1}.90,余额,交易成功,${order}\t,M${order}\t,,`;
  });
  return [...head, ...lines, ''].join('\n');
}
