/*
 * The words of a conversation with the platform (issue 17 item 9): a chat screenshot offered as the contact
 * with the platform, its messages read by OCR, and the evidence attached to a logged contact. Part of the
 * typed catalogue: `t.talk.…`; the Chinese one is typed by the English one.
 */

const enPlural = new Intl.PluralRules('en');
const en1 = (n: number, one: string, other: string) => (enPlural.select(n) === 'one' ? one : other);

export const talkEn = {
  /** The offer on a screenshot whose text reads as a chat. */
  offer: (who: string) =>
    `This looks like a chat with ${who || 'the platform'} — file it as a contact with the platform?`,
  offerHint:
    'The messages below were read from the picture. Filed, they go on your timeline and this counts as contacting the platform (step 2 of your plan).',
  accept: 'File as a contact',
  decline: 'No, thanks',
  filing: 'Filing…',
  filed: (who: string, date: string) => `Filed as your chat with ${who || 'the platform'} on ${date}.`,
  /** The overview's next step while such a screenshot waits for an answer. */
  nextChat: (title: string, who: string) =>
    `“${title}” looks like your chat with ${who || 'the platform'}. It may already be your contact with the platform: have a look and file it.`,
  nextChatAction: 'Open the screenshot',
  /** Whose bubble a message was. */
  me: 'Me',
  them: (who: string) => who || 'Support',
  /** Before a message: whose it was. */
  said: (who: string) => `${who}: `,
  shownMore: (n: number) => `and ${n} more ${en1(n, 'message', 'messages')}`,
  /** A message read from a chat screenshot, on the timeline and in the messages. */
  readByOcr: 'Read from the screenshot',
  readByOcrHint: 'Read by text recognition from the screenshot and confirmed by you when you filed it.',

  /** The contact dialog: evidence of the contact. */
  attachTitle: 'Evidence of this contact',
  attachHint: 'A screenshot of the chat, a recording of the call, the email — tick what shows this contact.',
  attachNone: 'Nothing is filed in this case yet. Add the file here.',
  addFile: 'Add a new file…',
  adding: 'Adding the file…',
  attached: (n: number) => (n ? `${n} ${en1(n, 'item', 'items')} attached` : 'Nothing attached'),
  /** Under a contact on the timeline and in its panel. */
  attachments: 'Attached',
  attachedLine: (titles: string[]) => `Attached: ${titles.join(', ')}`,
  open: (title: string) => `Open ${title}`,
  /** A contact already logged: its evidence attached (or detached) from its panel. */
  attachLater: 'Attach evidence…',
  attachSave: 'Save attachments',
};

export type TalkMessages = typeof talkEn;

export const talkZh: TalkMessages = {
  offer: (who) => `这看起来是与${who || '平台'}客服的聊天 —— 记为与平台的联系记录吗？`,
  offerHint:
    '下面的消息是从截图中识别出的文字。记下后，它们会出现在时间线上，也算作你已联系平台（计划第 2 步）。',
  accept: '记为联系记录',
  decline: '不用了',
  filing: '正在记录…',
  filed: (who, date) => `已记为 ${date} 与${who || '平台'}客服的聊天。`,
  nextChat: (title, who) =>
    `“${title}”看起来是你和${who || '平台'}客服的聊天，可能就是你与平台的联系记录：打开看看，确认后记下来。`,
  nextChatAction: '打开这张截图',
  me: '我',
  them: (who) => (who ? `${who}客服` : '客服'),
  said: (who) => `${who}：`,
  shownMore: (n) => `还有 ${n} 条消息`,
  readByOcr: '截图识别',
  readByOcrHint: '由截图文字识别读出，你在记录联系时已确认。',

  attachTitle: '这次联系的证据',
  attachHint: '聊天截图、通话录音、邮件 —— 勾选能证明这次联系的材料。',
  attachNone: '本案件还没有证据。可以在这里添加文件。',
  addFile: '添加新文件…',
  adding: '正在添加文件…',
  attached: (n) => (n ? `已附 ${n} 份` : '未附证据'),
  attachments: '附件',
  attachedLine: (titles) => `附件：${titles.join('、')}`,
  open: (title) => `打开 ${title}`,
  attachLater: '附加证据…',
  attachSave: '保存附件',
};
