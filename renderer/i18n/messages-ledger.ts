import type { LinkKind, LinkReason, Rail } from '../../electron/ipc/ledger-kinds.ts';

/*
 * Words for the dispute ledger on the Charges page: one row per payment, the files that show it, how the money
 * moved, and the matches the user confirms. Part of the typed catalogue: `t.ledger.…`.
 */

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const ledgerEn = {
  col: {
    dispute: 'Disputed',
    time: 'Time',
    payee: 'Paid to / from',
    amount: 'Amount',
    rail: 'Paid through',
    seen: 'Seen in',
  },
  sources: { alipay: 'Alipay', wechat: 'WeChat Pay', platform: 'Payment app', bank: 'Bank' } as Record<
    string,
    string
  >,
  rails: {
    card: 'Card network',
    quickpay: 'Bank account via app',
    wallet: 'Wallet balance',
    bank: 'Bank debit',
    unknown: 'Not known',
  } satisfies Record<Rail, string>,
  railHelp: {
    card: 'Paid with a card over a card network: the bank can raise a chargeback.',
    quickpay:
      'Taken from your bank account through Alipay or WeChat (quick pay): the bank can stop the link and investigate.',
    wallet: 'Paid from a wallet balance (零钱, 余额宝): only the platform or its regulator can act.',
    bank: 'A direct debit from your bank account.',
    unknown: 'How this payment moved is not known yet.',
  } satisfies Record<Rail, string>,
  railAuto: (rail: string) => `As the records say (${rail})`,
  railLabel: 'How the money moved',
  rowsShown: (shown: number, total: number) =>
    shown === total
      ? `${total} ${plural(total, 'payment', 'payments')}`
      : `${shown} of ${total} ${plural(total, 'payment', 'payments')}`,
  showRows: (n: number) => `Show the ${n} ${plural(n, 'row', 'rows')} behind this payment`,
  hideRows: 'Hide the rows',
  rowIn: (title: string, line: number, page?: number) =>
    page ? `${title}, page ${page}, line ${line}` : `${title}, line ${line}`,
  split: 'Not the same payment',
  splitHelp: 'Take this row out: it becomes a payment of its own.',
  toConfirm: (n: number) =>
    `${n} ${plural(n, 'match waits', 'matches wait')} for you: the same payment may be in two files.`,
  confirmAll: 'Confirm the single matches',
  sameAs: 'Possibly the same payment as',
  duplicateOf: 'Possibly charged twice: the same amount to the same payee on the same day',
  retryOf: 'A failed attempt, then a paid one',
  refundFor: 'Possibly a refund of',
  confirm: 'Yes, the same payment',
  reject: 'No, keep apart',
  notDuplicate: 'Not a double charge',
  joinOpen: 'Same payment as another row…',
  joinLabel: 'The same payment, seen in another file',
  joinNone: 'No row in another file moves this amount.',
  joinPick: 'Choose a row',
  joinDo: 'Join as one payment',
  joinHelp:
    'Only rows of the same amount and direction from another file are listed, nearest in time first. You can take the row out again later.',
  refundBadge: 'Refund',
  readinessTitle: 'Before you send it: what an officer would ask for',
  citeRules:
    'Cite the rules that fit how the money moved (bank quick-pay rules, the 5-day renewal reminder, card scheme rules). Not legal advice.',
  refunded: (amount: string) => `${amount} refunded`,
  kinds: {
    same: 'same payment',
    refund: 'refund',
    retry: 'retry',
    duplicate: 'possible double charge',
  } satisfies Record<LinkKind, string>,
  reason: (r: LinkReason): string => {
    switch (r.code) {
      case 'same-order-id':
        return `same order number ${r.id}`;
      case 'same-reference':
        return `same bank reference ${r.id}`;
      case 'same-account':
        return `card or account ${r.digits}, same amount`;
      case 'minutes-apart':
        return r.minutes === 0
          ? 'the same minute'
          : `${r.minutes} ${plural(r.minutes, 'minute', 'minutes')} apart`;
      case 'same-day':
        return 'same day (one file has no times)';
      case 'names-agree':
        return `both name ${r.name}`;
      case 'platform-line':
        return 'the bank line names the payment app';
      case 'several-candidates':
        return `${r.count} rows could be this one`;
      case 'refund-names-order':
        return `the refund names order ${r.id}`;
      case 'refund-same-payee':
        return `money back from ${r.name}`;
      case 'same-source-same-day':
        return 'same payee, amount and day in one file';
      case 'failed-then-paid':
        return `paid ${r.minutes} ${plural(r.minutes, 'minute', 'minutes')} after a failed attempt`;
      case 'user':
        return 'you said so';
    }
  },
};

export const ledgerZh: typeof ledgerEn = {
  col: {
    dispute: '有异议',
    time: '时间',
    payee: '收付款方',
    amount: '金额',
    rail: '扣款途径',
    seen: '出现在',
  },
  sources: { alipay: '支付宝', wechat: '微信支付', platform: '支付平台', bank: '银行' },
  rails: {
    card: '银行卡（卡组织）',
    quickpay: '银行账户（快捷支付）',
    wallet: '钱包余额',
    bank: '银行代扣',
    unknown: '尚不清楚',
  },
  railHelp: {
    card: '通过卡组织刷卡支付：银行可以发起拒付。',
    quickpay: '通过支付宝或微信从您的银行账户扣款（快捷支付）：银行可以解除授权并调查。',
    wallet: '从钱包余额支付（零钱、余额宝）：只有支付平台或其监管部门可以处理。',
    bank: '从银行账户直接代扣。',
    unknown: '还不清楚这笔钱是怎么扣走的。',
  },
  railAuto: (rail) => `按账单判断（${rail}）`,
  railLabel: '扣款途径',
  rowsShown: (shown, total) => (shown === total ? `共 ${total} 笔` : `${shown} / ${total} 笔`),
  showRows: (n) => `查看这笔付款的 ${n} 条记录`,
  hideRows: '收起记录',
  rowIn: (title, line, page) => (page ? `${title}，第 ${page} 页第 ${line} 行` : `${title}，第 ${line} 行`),
  split: '不是同一笔',
  splitHelp: '把这条记录拆出来，单独算作一笔付款。',
  toConfirm: (n) => `有 ${n} 处匹配等您确认：同一笔付款可能出现在两份账单里。`,
  confirmAll: '确认所有唯一匹配',
  sameAs: '可能与这笔是同一笔付款：',
  duplicateOf: '可能重复扣款：同一天、同一收款方、同样金额',
  retryOf: '先失败，后支付成功',
  refundFor: '可能是这笔扣款的退款：',
  confirm: '是同一笔',
  reject: '不是，分开算',
  notDuplicate: '不是重复扣款',
  joinOpen: '与另一条记录是同一笔…',
  joinLabel: '在另一份文件里看到的同一笔付款',
  joinNone: '其他文件里没有同样金额的记录。',
  joinPick: '选择一条记录',
  joinDo: '合并为同一笔付款',
  joinHelp: '只列出其他文件中金额和方向都相同的记录，时间最接近的在前。以后可以再拆开。',
  refundBadge: '退款',
  readinessTitle: '寄出前：办理人员会要求补充的内容',
  citeRules:
    '在申请函中引用与扣款方式相符的规定（快捷支付相关规定、续费前5日提醒、银行卡组织规则）。这不是法律意见。',
  refunded: (amount) => `已退 ${amount}`,
  kinds: { same: '同一笔付款', refund: '退款', retry: '重试', duplicate: '可能重复扣款' },
  reason: (r) => {
    switch (r.code) {
      case 'same-order-id':
        return `订单号相同 ${r.id}`;
      case 'same-reference':
        return `银行流水号相同 ${r.id}`;
      case 'same-account':
        return `卡/账户尾号 ${r.digits}，金额相同`;
      case 'minutes-apart':
        return r.minutes === 0 ? '同一分钟' : `相隔 ${r.minutes} 分钟`;
      case 'same-day':
        return '同一天（有一份账单没有具体时间）';
      case 'names-agree':
        return `都写着 ${r.name}`;
      case 'platform-line':
        return '银行记录写的是支付平台';
      case 'several-candidates':
        return `有 ${r.count} 条记录都可能对应`;
      case 'refund-names-order':
        return `退款写明订单号 ${r.id}`;
      case 'refund-same-payee':
        return `${r.name} 的退款`;
      case 'same-source-same-day':
        return '同一账单中同一天、同一收款方、同样金额';
      case 'failed-then-paid':
        return `失败 ${r.minutes} 分钟后又支付成功`;
      case 'user':
        return '您确认过';
    }
  },
};
