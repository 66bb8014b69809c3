import { FILE_TYPE_WORDS } from '../../messages/file-types.ts';
import type { EventKind } from '../../../db/queries/events.ts';
import type { EvidenceKind } from '../../../db/queries/evidence.ts';

import { PACKET_LANGS as LANGS, RECIPIENTS } from '../../ipc/words.ts';

export { LANGS, RECIPIENTS };
export type Lang = (typeof LANGS)[number];

export type Recipient = (typeof RECIPIENTS)[number];

type Words = {
  exhibit: (n: number) => string;
  pageOf: (n: number, m: number) => string;
  volume: (n: number, m: number) => string;
  evidenceKinds: Record<EvidenceKind, string>;
  eventKinds: Record<EventKind, string>;
  charge: string;
  refund: string;
  message: string;
  /** A chat screenshot's bubble read by OCR: the user's own side, and the mark that OCR read it. */
  me: string;
  said: (who: string) => string;
  readByOcr: string;
  cover: string;
  timeline: string;
  index: string;
  integrity: string;
  /** Above each exhibit: where its fingerprint is. */
  fingerprintInAppendix: string;
  disputedCharges: string;
  /** Payments disputed but not asked of this bank, and the note beside them. */
  notThroughBank: string;
  notThroughBankNote: string;
  raiseWith: Record<'platform' | 'other-bank' | 'check', string>;
  /** How many rows show one payment: `支付宝 第12行；中国银行 第3行`. */
  orderId: string;
  time: string;
  what: string;
  amount: string;
  kind: string;
  source: string;
  title: string;
  date: string;
  number: string;
  status: string;
  counterparty: string;
  description: string;
  line: string;
  page: string;
  disputed: string;
  charged: string;
  refunded: string;
  outstanding: string;
  redacted: string;
  redactedNote: string;
  originalWithheld: string;
  total: string;
  noEntries: string;
  filedAs: (name: string, size: string) => string;
  acquired: (at: string, how: string) => string;
  /** How an original reached the locker, in words (the stored code is `cli`, `upload`, `attachment` …). */
  acquiredHow: Record<string, string>;
  timeFrom: Record<string, string>;
  pdfPage: (n: number, m: number) => string;
  pdfUnreadable: string;
  describedIntro: string;
  mime: string;
  /** Common file types in words; anything else is shown by its media type. */
  mimeWords: Readonly<Record<string, string>>;
  size: string;
  notes: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
  transcriptOf: (count: number) => string;
  statementOf: (count: number, disputed: number) => string;
  keyMessage: string;
  attachments: string;
  continued: string;
  imagePart: (n: number, m: number) => string;
  integrityIntro: string;
  exportedAt: string;
  reference: string;
  chainHead: string;
  chainHeadNote: string;
  howToCheck: string;
  checkSteps: string[];
  exhibitsInVolume: (first: number, last: number) => string;
  volumeTitle: (n: number, m: number) => string;
  packetTitle: string;
  bytes: string;
  archiveName: string;
  /** A ZIP or an email whose files were filed as items of their own: what was read from it. */
  containerIntro: string;
  containerRead: string;
  notInPacket: string;
  redactionsListed: string;
};

export const WORDS: Record<Lang, Words> = {
  'zh-CN': {
    exhibit: (n) => `证据 ${n}`,
    pageOf: (n, m) => `第 ${n} 页 / 共 ${m} 页`,
    volume: (n, m) => `第 ${n} 册 / 共 ${m} 册`,
    evidenceKinds: {
      screenshot: '截图',
      photo: '照片',
      chat: '聊天记录',
      statement: '账单',
      receipt: '收据',
      email: '电子邮件',
      document: '文件',
      audio: '录音',
      video: '视频',
      other: '其他',
    },
    eventKinds: {
      call: '电话',
      message: '消息',
      letter: '信函',
      visit: '到访',
      ticket: '工单',
      deadline: '截止日期',
      note: '备注',
      other: '其他',
    },
    charge: '扣款',
    refund: '退款',
    message: '消息',
    me: '我',
    said: (who) => `${who}：`,
    readByOcr: '（截图文字识别）',
    cover: '申请书',
    timeline: '事件时间线',
    index: '证据目录',
    integrity: '完整性说明',
    fingerprintInAppendix: '此证据的 SHA-256 指纹列于末尾“完整性说明”。',
    disputedCharges: '争议扣款',
    notThroughBank: '未经本行账户或卡的争议扣款（不在申请金额之内）',
    notThroughBankNote: '以下扣款通过钱包余额等方式支付，本行无法处理，另行向相关方主张。',
    raiseWith: { platform: '向支付平台主张', 'other-bank': '向其他银行主张', check: '支付方式待核实' },
    orderId: '订单号',
    time: '时间',
    what: '事项',
    amount: '金额',
    kind: '类型',
    source: '来源',
    title: '名称',
    date: '日期',
    number: '编号',
    status: '状态',
    counterparty: '交易对方',
    description: '说明',
    line: '行',
    page: '页',
    disputed: '争议',
    charged: '扣款合计',
    refunded: '已退款',
    outstanding: '尚未退还',
    redacted: '已遮盖',
    redactedNote: '本证据中的部分内容（如他人信息、完整账号）已用黑框遮盖；原件未作任何改动。',
    originalWithheld: '因含遮盖内容，归档中附遮盖后的版本；原件的 SHA-256 仍列于此，可应要求提供原件核对。',
    total: '合计',
    noEntries: '（无）',
    filedAs: (name, size) => `原文件：${name}（${size}）`,
    acquired: (at, how) => `归档时间：${at}，方式：${how}`,
    acquiredHow: {
      cli: '命令行导入',
      upload: '在应用中上传',
      drop: '拖入应用',
      paste: '粘贴到应用',
      dialog: '在应用中选择文件',
      attachment: '从所附文件中取出',
      restore: '从备份恢复',
    },
    timeFrom: {
      exif: '照片 EXIF',
      filename: '文件名',
      content: '文件内容',
      file_mtime: '文件修改时间',
      user: '用户填写',
      acquired: '归档时间',
    },
    pdfPage: (n, m) => `原 PDF 第 ${n} 页 / 共 ${m} 页`,
    pdfUnreadable: '此 PDF 无法展开（可能有密码或已损坏）。原件见归档文件，其 SHA-256 如下。',
    describedIntro: '此类文件无法在 PDF 中直接展示。原件保存在归档中，可凭下列 SHA-256 核对。',
    mime: '文件类型',
    mimeWords: FILE_TYPE_WORDS['zh-CN'],
    size: '大小',
    notes: '备注',
    from: '发件人',
    to: '收件人',
    cc: '抄送',
    subject: '主题',
    transcriptOf: (c) => `聊天记录，共 ${c} 条消息（按原文件逐条转录，右侧为原文件行号）`,
    statementOf: (c, d) => `账单明细，共 ${c} 笔，其中争议扣款 ${d} 笔（以底色标出）`,
    keyMessage: '关键',
    attachments: '附件',
    continued: '（续）',
    imagePart: (n, m) => `第 ${n} 部分 / 共 ${m} 部分`,
    integrityIntro:
      '本材料中的每一份证据都保存在“证据保管箱”中，原件以 SHA-256 指纹命名且从未被修改。每次导入、编辑与导出都记录在带哈希链的保管日志中。收件方可用下列指纹核对随附归档中的原件。',
    exportedAt: '导出时间',
    reference: '材料编号',
    chainHead: '保管日志链头',
    chainHeadNote: '（本次导出前最后一次变更的日志条目；之后的条目只记录导出）',
    howToCheck: '如何核对',
    checkSteps: [
      '解压随附的 ZIP 归档，进入解压后的文件夹。',
      'Linux：sha256sum -c manifest.sha256　macOS：shasum -a 256 -c manifest.sha256',
      'Windows：certutil -hashfile 文件名 SHA256，与上表逐一比对。',
      '每一行显示 “OK” 即表示该原件与本材料所列指纹一致、未被改动。',
    ],
    exhibitsInVolume: (a, b) => `本册收录证据 ${a}–${b}`,
    volumeTitle: (n, m) => `证据材料 第 ${n} 册 / 共 ${m} 册`,
    packetTitle: '证据材料',
    bytes: '字节',
    archiveName: '归档内文件名',
    containerIntro:
      '这是一个压缩包或带附件的文件。其中的文件已分别归档，内容见下列证据。原件保存在归档中，可凭下列 SHA-256 核对。',
    containerRead: '从中取出的文件',
    notInPacket: '未收入本材料包',
    redactionsListed: '含遮盖的证据',
  },
  en: {
    exhibit: (n) => `Exhibit ${n}`,
    pageOf: (n, m) => `Page ${n} of ${m}`,
    volume: (n, m) => `Volume ${n} of ${m}`,
    evidenceKinds: {
      screenshot: 'Screenshot',
      photo: 'Photo',
      chat: 'Chat log',
      statement: 'Statement',
      receipt: 'Receipt',
      email: 'E-mail',
      document: 'Document',
      audio: 'Audio',
      video: 'Video',
      other: 'Other',
    },
    eventKinds: {
      call: 'Call',
      message: 'Message',
      letter: 'Letter',
      visit: 'Visit',
      ticket: 'Ticket',
      deadline: 'Deadline',
      note: 'Note',
      other: 'Other',
    },
    charge: 'Charge',
    refund: 'Refund',
    message: 'Message',
    me: 'Me',
    said: (who) => `${who}: `,
    readByOcr: ' (read from the screenshot by OCR)',
    cover: 'Cover letter',
    timeline: 'Timeline',
    index: 'Index of exhibits',
    integrity: 'Integrity',
    fingerprintInAppendix: 'The SHA-256 fingerprint of this exhibit is listed under Integrity at the end.',
    disputedCharges: 'Disputed charges',
    notThroughBank: 'Disputed charges not through this bank (not part of the amount asked for)',
    notThroughBankNote:
      'These were paid from a wallet balance or another way this bank cannot act on; they are raised with the party named.',
    raiseWith: {
      platform: 'raised with the payment platform',
      'other-bank': 'raised with the other bank',
      check: 'how it was paid is being checked',
    },
    orderId: 'Order',
    time: 'Time',
    what: 'What happened',
    amount: 'Amount',
    kind: 'Kind',
    source: 'Source',
    title: 'Title',
    date: 'Date',
    number: 'No.',
    status: 'Status',
    counterparty: 'Counterparty',
    description: 'Description',
    line: 'Line',
    page: 'Page',
    disputed: 'Disputed',
    charged: 'Charged',
    refunded: 'Refunded',
    outstanding: 'Outstanding',
    redacted: 'Redacted',
    redactedNote:
      'Parts of this exhibit (other people’s details, full account numbers) are covered by black boxes. The original is unaltered.',
    originalWithheld:
      'Because it carries redactions, the archive holds the redacted copy; the SHA-256 of the original is listed so it can be checked if the original is requested.',
    total: 'Total',
    noEntries: '(none)',
    filedAs: (name, size) => `Original file: ${name} (${size})`,
    acquired: (at, how) => `Filed ${at} by ${how}`,
    acquiredHow: {
      cli: 'command-line import',
      upload: 'upload in the app',
      drop: 'drag and drop into the app',
      paste: 'paste into the app',
      dialog: 'choosing the file in the app',
      attachment: 'taking it out of the file it came in',
      restore: 'restoring a backup',
    },
    timeFrom: {
      exif: 'photo EXIF',
      filename: 'file name',
      content: 'file content',
      file_mtime: 'file modified time',
      user: 'entered by the user',
      acquired: 'time filed',
    },
    pdfPage: (n, m) => `Original PDF page ${n} of ${m}`,
    pdfUnreadable:
      'This PDF cannot be opened here (it may be password-protected or damaged). The original is in the archive; its SHA-256 is below.',
    describedIntro:
      'A file of this kind cannot be shown inside a PDF. The original is kept in the archive and can be checked against the SHA-256 below.',
    mime: 'File type',
    mimeWords: FILE_TYPE_WORDS.en,
    size: 'Size',
    notes: 'Notes',
    from: 'From',
    to: 'To',
    cc: 'Cc',
    subject: 'Subject',
    transcriptOf: (c) =>
      `Chat log, ${c} messages, transcribed one by one (the original file's line number on the right)`,
    statementOf: (c, d) => `Statement, ${c} rows, of which ${d} disputed charges (shaded)`,
    keyMessage: 'Key',
    attachments: 'Attachments',
    continued: '(continued)',
    imagePart: (n, m) => `part ${n} of ${m}`,
    integrityIntro:
      'Every exhibit in this packet is kept in an Evidence Locker. Each original is stored under its SHA-256 fingerprint and has never been altered; every import, edit and export is written to a hash-chained custody log. The recipient can check the originals in the accompanying archive against the fingerprints below.',
    exportedAt: 'Exported at',
    reference: 'Packet reference',
    chainHead: 'Custody log chain head',
    chainHeadNote: '(the last change before this export; later entries only record exports)',
    howToCheck: 'How to check',
    checkSteps: [
      'Unzip the accompanying archive and open its folder.',
      'Linux: sha256sum -c manifest.sha256    macOS: shasum -a 256 -c manifest.sha256',
      'Windows: certutil -hashfile FILE SHA256, and compare with the table above.',
      'Every line reading "OK" means that original matches the fingerprint listed in this packet.',
    ],
    exhibitsInVolume: (a, b) => `This volume holds exhibits ${a}–${b}`,
    volumeTitle: (n, m) => `Evidence packet, volume ${n} of ${m}`,
    packetTitle: 'Evidence packet',
    bytes: 'bytes',
    archiveName: 'Name in archive',
    containerIntro:
      'This is an archive or a file with attachments. The files in it were filed one by one; their content is in the exhibits listed below. The original is kept in the archive and can be checked against the SHA-256 below.',
    containerRead: 'Files taken out of it',
    notInPacket: 'not in this packet',
    redactionsListed: 'Exhibits with redactions',
  },
};

/** `¥39.90` in Chinese, `CN¥39.90` in English, from an exact decimal string (never through a float). */
export function formatMoney(amount: string, currency: string, lang: Lang): string {
  try {
    // Intl accepts decimal strings exactly (ES2023 NumberFormat v3).
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function formatBytes(n: number, lang: Lang): string {
  const unit = lang === 'en' ? ' bytes' : ' 字节';
  if (n < 1024) return `${n}${unit}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `2023-03-05T12:30:01+08:00` → `2023-03-05 12:30 +08:00`: the source's own clock, offset kept. */
export function shortTime(iso: string, withSeconds = false): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return iso;
  const zone = m[4] === 'Z' ? '+00:00' : m[4]!;
  return `${m[1]} ${m[2]}${withSeconds ? (m[3] ?? ':00') : ''} ${zone}`;
}
