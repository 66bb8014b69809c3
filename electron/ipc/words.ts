/**
 * The fixed lists of the locker's words, declared once and shared by the database, the services, the call
 * schemas and the renderer (which builds its menus from them). Plain TypeScript with no imports, so the
 * page's bundle takes these arrays and nothing more (like ledger-kinds.ts).
 */

export const CONTACT_CHANNELS = ['phone', 'chat', 'email', 'form', 'letter', 'in-person'] as const;
export const CONTACT_PARTIES = ['platform', 'bank', 'regulator', 'consumer-association', 'other'] as const;
export const AGENCIES = ['12315', '12378', '12363'] as const;
export const AGREEMENT_STATUSES = ['active', 'closed', 'unknown'] as const;
export const STEP_STATUSES = ['todo', 'doing', 'done'] as const;
export const COMPLAINT_TARGETS = [
  'platform',
  'bank',
  '12378',
  '12363',
  '12315',
  'consumer-association',
] as const;

/** The packet's languages and who it is written for. */
export const PACKET_LANGS = ['zh-CN', 'en'] as const;
export const RECIPIENTS = ['bank', 'regulator', 'platform', 'plain'] as const;

/** Text encodings a CSV may come in; `auto` = BOM, else strict UTF-8, else GB18030 (see `detectEncoding`). */
export const TABLE_ENCODINGS = [
  'auto',
  'utf-8',
  'gb18030',
  'big5',
  'utf-16le',
  'utf-16be',
  'shift_jis',
  'windows-1252',
] as const;

/** What a column of a mapped table holds (the column map, issue 14). */
export const COLUMN_ROLES = [
  'ignore',
  'date',
  'time',
  'amount',
  'debit',
  'credit',
  'direction',
  'counterparty',
  'description',
  'orderId',
  'status',
] as const;
