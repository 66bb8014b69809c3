/*
 * Words for a PDF's pages in the evidence panel and for the page of auto-debit agreements (issue 4), in
 * English and Simplified Chinese. Part of the typed catalogue: `t.pdf.…` and `t.agreements.…`; the Chinese
 * ones are typed by the English ones.
 */

export const pdfEn = {
  viewLabel: 'Show the PDF as',
  pagesTab: 'Pages',
  textTab: 'Text',
  pageOf: (n: number, total: number) => `Page ${n} of ${total}`,
  previous: 'Previous page',
  next: 'Next page',
  pagesLabel: (total: number) => `${total} page${total === 1 ? '' : 's'} of the PDF`,
  keysHint: 'Page Up / Page Down to turn the pages',
  pageFailed: 'This page could not be drawn. The original is kept safely.',
  locked:
    'This PDF is locked with a password, and the locker never keeps passwords, so its pages cannot be shown here. The original is kept exactly as it was filed.',
  noPages: 'This PDF has no pages that can be shown. The original is kept safely.',
  noText: 'No text could be read from this PDF (it may be a scan). Its pages show what it says.',
};

export const pdfZh: typeof pdfEn = {
  viewLabel: 'PDF 显示方式',
  pagesTab: '页面',
  textTab: '文字',
  pageOf: (n, total) => `第 ${n} 页，共 ${total} 页`,
  previous: '上一页',
  next: '下一页',
  pagesLabel: (total) => `PDF 共 ${total} 页`,
  keysHint: '按 Page Up / Page Down 翻页',
  pageFailed: '这一页无法显示，原件已安全保存。',
  locked: '这个 PDF 有密码保护，而本应用从不保存密码，因此无法在这里显示页面。原件按提交时的样子完整保存。',
  noPages: '这个 PDF 没有可以显示的页面，原件已安全保存。',
  noText: '无法从这个 PDF 中读取文字（可能是扫描件），请查看页面。',
};

/** One wording per agreement state, used by the agreements page and the screenshot's suggestions alike. */
export const AGREEMENT_STATUS_EN = {
  active: 'Open (still debiting)',
  closed: 'Closed',
  unknown: 'Not known',
};

export const AGREEMENT_STATUS_ZH = { active: '生效中（仍在扣款）', closed: '已关闭', unknown: '不确定' };

export const agreementsEn = {
  section: 'Agreements',
  openFromPlan: 'Record or close the agreement',
  title: 'Auto-debit agreements',
  hint: 'The agreement that lets the merchant take money without asking each time (免密支付, 自动扣款, 自动续费). Closing it is the step “Stop further debits” of your plan: note here when you closed it.',
  howToClose:
    'To find it in Alipay: 我的 → 设置 → 支付设置 → 免密支付/自动扣款. In WeChat: 我 → 服务 → 钱包 → 支付设置 → 自动续费. Take a screenshot of the page before and after you close it.',
  empty: 'No agreement recorded yet. Add the one behind the charges: the merchant is enough to start.',
  detectedTitle: (n: number) =>
    n === 1
      ? 'One of your screenshots shows an agreement page'
      : `${n} of your screenshots show an agreement page`,
  detectedHint:
    'Check what was read against the screenshot, then record it. Nothing is recorded until you do.',
  detectedRecord: 'Record this agreement',
  detectedFrom: (title: string) => `Read from ${title}`,
  add: 'Add an agreement',
  edit: 'Edit',
  editLabel: (merchant: string) => `Edit the agreement with ${merchant}`,
  markClosed: 'Mark closed',
  markClosedLabel: (merchant: string) => `Mark the agreement with ${merchant} closed`,
  listLabel: 'Agreements in this case',
  col: {
    merchant: 'Merchant',
    service: 'Service',
    number: 'Agreement number',
    signedAt: 'Signed',
    method: 'Paid with',
    status: 'Status',
    closedAt: 'Closed',
    actions: 'Actions',
  },
  statuses: AGREEMENT_STATUS_EN as Record<'active' | 'closed' | 'unknown', string>,
  notGiven: '—',
  proofCount: (n: number) => `${n} screenshot${n === 1 ? '' : 's'} as proof`,
  dialogAdd: 'Add an agreement',
  dialogEdit: 'Edit the agreement',
  merchant: 'Merchant',
  merchantPlaceholder: 'e.g. 元保, as the agreement page names it',
  service: 'Service',
  servicePlaceholder: 'e.g. 元保重疾险-自动续费',
  number: 'Agreement number (服务协议号)',
  signedAt: 'Signed at',
  method: 'Paid with',
  methodPlaceholder: 'e.g. 余额, or a bank card',
  status: 'Status',
  closedAt: 'Closed at',
  closedAtHint: 'The day you closed it (or the platform did). Leave empty while it is open.',
  timeHint: (tz: string) => `In the case’s time zone (${tz}).`,
  needMerchant: 'Enter the merchant: the name on the agreement page or the bill.',
  submitAdd: 'Add the agreement',
  submitEdit: 'Save changes',
  saving: 'Saving…',
  closeTitle: 'Mark the agreement closed',
  closeIntro: (merchant: string) =>
    `When did you close the agreement with ${merchant}? The plan then shows the step “Stop further debits” as done.`,
  closeOn: 'Closed on',
  closeSubmit: 'Mark closed',
  closedOn: (date: string) => `Closed on ${date}`,
};

export const agreementsZh: typeof agreementsEn = {
  section: '扣款协议',
  openFromPlan: '记录或关闭协议',
  title: '自动扣款协议',
  hint: '让商家无需每次确认就能扣款的协议（免密支付、自动扣款、自动续费）。关闭协议是计划中“停止后续扣款”这一步：关闭后请在这里记下日期。',
  howToClose:
    '支付宝：我的 → 设置 → 支付设置 → 免密支付/自动扣款。微信：我 → 服务 → 钱包 → 支付设置 → 自动续费。关闭前后各截一张图。',
  empty: '还没有记录协议。添加扣款背后的那份协议：先填商家就可以。',
  detectedTitle: (n) => `在 ${n} 张截图里发现了扣款协议页面`,
  detectedHint: '请对照截图核对读出的内容，再记录下来。在你确认之前不会记录任何东西。',
  detectedRecord: '记录这份协议',
  detectedFrom: (title) => `读自 ${title}`,
  add: '添加协议',
  edit: '编辑',
  editLabel: (merchant) => `编辑与${merchant}的协议`,
  markClosed: '标记为已关闭',
  markClosedLabel: (merchant) => `将与${merchant}的协议标记为已关闭`,
  listLabel: '本案件的协议',
  col: {
    merchant: '商家',
    service: '服务名称',
    number: '服务协议号',
    signedAt: '签约时间',
    method: '扣款方式',
    status: '状态',
    closedAt: '解约时间',
    actions: '操作',
  },
  statuses: AGREEMENT_STATUS_ZH,
  notGiven: '—',
  proofCount: (n) => `${n} 张截图作为证据`,
  dialogAdd: '添加协议',
  dialogEdit: '编辑协议',
  merchant: '商家',
  merchantPlaceholder: '例如 元保，以协议页面上的名称为准',
  service: '服务名称',
  servicePlaceholder: '例如 元保重疾险-自动续费',
  number: '服务协议号',
  signedAt: '签约时间',
  method: '扣款方式',
  methodPlaceholder: '例如 余额，或某张银行卡',
  status: '状态',
  closedAt: '解约时间',
  closedAtHint: '你（或平台）关闭协议的日期。仍在生效时请留空。',
  timeHint: (tz) => `按案件所在时区（${tz}）。`,
  needMerchant: '请填写商家：协议页面或账单上的名称。',
  submitAdd: '添加协议',
  submitEdit: '保存修改',
  saving: '正在保存…',
  closeTitle: '标记协议已关闭',
  closeIntro: (merchant) =>
    `你是哪天关闭与${merchant}的协议的？之后计划中的“停止后续扣款”一步会显示为已完成。`,
  closeOn: '关闭日期',
  closeSubmit: '标记为已关闭',
  closedOn: (date) => `已于 ${date} 关闭`,
};
