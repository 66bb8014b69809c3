/*
 * The words of an import's results and of a file waiting for its password (issue 17 items 1–2): one state,
 * said the same way on the item, on the overview's next step and in the results.
 */

const enPlural = new Intl.PluralRules('en');
const en1 = (n: number, one: string, other: string) => (enPlural.select(n) === 'one' ? one : other);

export const importEn = {
  waiting: 'Waiting for password',
  enterPassword: 'Enter password',
  /** The overview's next step while a file waits. */
  nextLocked: (title: string) =>
    `“${title}” is locked with a password. Enter it to read the bill inside; the file itself is already kept.`,
  /** What was read from one file: rows, charges, messages, the span. */
  rows: (n: number) => `${n} ${en1(n, 'row', 'rows')}`,
  charges: (n: number) => `${n} ${en1(n, 'charge', 'charges')}`,
  messages: (n: number) => `${n} ${en1(n, 'message', 'messages')}`,
  span: (from: string, to: string) => (from === to ? from : `${from} to ${to}`),
  readNothing: 'Nothing to read rows from',
  inside: (n: number) => `${n} ${en1(n, 'file', 'files')} inside`,
  opened: 'Opened',
  resultsTitle: (n: number) => `${n} ${en1(n, 'file', 'files')} in this import`,
};

export type ImportMessages = typeof importEn;

export const importZh: ImportMessages = {
  waiting: '等待密码',
  enterPassword: '输入密码',
  nextLocked: (title) => `“${title}”有密码保护。输入密码后才能读出里面的账单；文件本身已经保存。`,
  rows: (n) => `${n} 行`,
  charges: (n) => `${n} 笔扣款`,
  messages: (n) => `${n} 条消息`,
  span: (from, to) => (from === to ? from : `${from} 至 ${to}`),
  readNothing: '没有可读出的记录',
  inside: (n) => `内含 ${n} 个文件`,
  opened: '已打开',
  resultsTitle: (n) => `本次导入 ${n} 个文件`,
};
