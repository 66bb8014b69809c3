/*
 * Words for search, reading text from pictures and the facts read from them (issue 6), in English and
 * Simplified Chinese. Part of the typed catalogue: `t.find.…`; the Chinese one is typed by the English one.
 */

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const findEn = {
  resultsLabel: 'Found in your evidence',
  resultsCount: (n: number) => `Found in ${n} ${plural(n, 'place', 'places')} in your evidence`,
  resultsMore: 'Showing the best matches. Add a word to narrow it down.',
  noResults: (q: string) => `Nothing in your evidence mentions “${q}”.`,
  searching: 'Searching…',
  keysHint: '↓ to go through the results · Enter to open',
  kinds: {
    evidence: 'Item',
    event: 'Call or deadline',
    message: 'Message',
    transaction: 'Bill row',
    ocr: 'Text in a picture',
  } as Record<string, string>,
  line: (n: number) => `line ${n}`,
  page: (n: number) => `page ${n}`,
  paymentKinds: { charge: 'Charge', refund: 'Refund', income: 'Money in', other: 'Payment' } as Record<
    'charge' | 'refund' | 'income' | 'other',
    string
  >,
  payment: 'Payment',
  rowsMatched: (n: number) => `found in ${n} ${plural(n, 'bill row', 'bill rows')}`,
  disputed: 'disputed',
  foundHere: (q: string) => `The box shows where “${q}” was read`,
  hideFound: 'Hide the box',

  reading: (n: number) => `Reading text from ${n} ${plural(n, 'screenshot', 'screenshots')}…`,
  readDone: (n: number) => `Text read from ${n} ${plural(n, 'picture', 'pictures')} · searchable`,
  readOff: (n: number) => `Reading text from pictures is off · ${n} waiting`,
  readFailed: (n: number) => `${n} could not be read`,
  readRetry: 'Try again',

  settings: 'Settings',
  settingsClose: 'Close',
  ocrSwitch: 'Read the text in screenshots',
  ocrSwitchHint:
    'Makes the words in pictures searchable and suggests the amount and time they show. It runs on this computer; nothing is sent anywhere. When it is off, new pictures wait and are read once you turn it back on.',

  suggestionsTitle: 'Read from this picture',
  suggestionsIntro:
    'Check each one against the picture. Nothing changes until you press “Use this”, and every change is kept in the item’s history.',
  factAmount: 'Amount',
  factTime: 'When it was paid',
  factCounterparty: 'Paid to',
  factOrderId: 'Order number',
  useThis: 'Use this',
  used: 'Added',
  timeHint: 'Sets “When it happened” to this time (shown as set by you).',
  timeSame: 'This is already the time of this item.',
  notesHint: 'Adds a line to the notes, so it goes into the packet and can be searched.',
  noteLine: {
    amount: (v: string) => `Amount shown in the picture: ${v}`,
    counterparty: (v: string) => `Paid to (read from the picture): ${v}`,
    orderId: (v: string) => `Order number (read from the picture): ${v}`,
  },
  whereRead: (label: string) => `Where “${label}” was read in the picture`,
  noSuggestions: 'No payment details were found in this picture.',
  textTitle: 'Text read from the image',
  textHint: 'Read by the computer, so it can contain mistakes. The picture itself is the proof.',
  readingThis: 'Reading the text of this picture…',
  readingOff: 'Reading text from pictures is switched off (see Settings).',
  couldNotRead: 'The text of this picture could not be read.',
};

export type FindMessages = typeof findEn;

export const findZh: FindMessages = {
  resultsLabel: '在证据中找到',
  resultsCount: (n) => `在证据中找到 ${n} 处`,
  resultsMore: '只显示最相关的结果。多输入一个词可以缩小范围。',
  noResults: (q) => `证据中没有提到“${q}”的内容。`,
  searching: '正在搜索…',
  keysHint: '按 ↓ 浏览结果 · 按 Enter 打开',
  kinds: {
    evidence: '证据',
    event: '通话或截止日期',
    message: '消息',
    transaction: '账单记录',
    ocr: '图片中的文字',
  },
  line: (n) => `第 ${n} 行`,
  page: (n) => `第 ${n} 页`,
  paymentKinds: { charge: '扣款', refund: '退款', income: '收入', other: '付款' },
  payment: '付款',
  rowsMatched: (n) => `${n} 份账单中找到`,
  disputed: '有异议',
  foundHere: (q) => `方框标出了识别到“${q}”的位置`,
  hideFound: '隐藏方框',

  reading: (n) => `正在识别 ${n} 张截图中的文字…`,
  readDone: (n) => `已识别 ${n} 张图片中的文字 · 可搜索`,
  readOff: (n) => `图片文字识别已关闭 · ${n} 张等待中`,
  readFailed: (n) => `${n} 张无法识别`,
  readRetry: '重新识别',

  settings: '设置',
  settingsClose: '关闭',
  ocrSwitch: '识别截图中的文字',
  ocrSwitchHint:
    '让图片中的文字可以搜索，并提示图片上显示的金额和时间。识别在这台电脑上进行，不会发送到任何地方。关闭后，新图片会排队等待，重新打开时再识别。',

  suggestionsTitle: '从这张图片中识别到',
  suggestionsIntro: '请对照图片逐项核对。只有点击“使用”后才会修改，每次修改都会记录在这份证据的修改记录中。',
  factAmount: '金额',
  factTime: '支付时间',
  factCounterparty: '收款方',
  factOrderId: '订单号',
  useThis: '使用',
  used: '已添加',
  timeHint: '把“发生时间”设为这个时间（标记为由你设置）。',
  timeSame: '这已经是这份证据的时间。',
  notesHint: '在备注中添加一行，这样它会出现在材料包中，也可以被搜索到。',
  noteLine: {
    amount: (v) => `图片中显示的金额：${v}`,
    counterparty: (v) => `收款方（从图片中识别）：${v}`,
    orderId: (v) => `订单号（从图片中识别）：${v}`,
  },
  whereRead: (label) => `图片中识别到“${label}”的位置`,
  noSuggestions: '这张图片中没有找到付款信息。',
  textTitle: '从图片中识别的文字',
  textHint: '由电脑识别，可能有错误。图片本身才是证据。',
  readingThis: '正在识别这张图片中的文字…',
  readingOff: '图片文字识别已关闭（见“设置”）。',
  couldNotRead: '无法识别这张图片中的文字。',
};
