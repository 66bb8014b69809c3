import type { Params } from '../../messages/say.ts';
import type { InvoiceFacts } from './invoice.ts';

/**
 * What an importer reads out of one file. Importers are pure: bytes in, records and per-line problems out.
 * They never throw for bad content: a file that is almost a known format gives every good row plus one
 * `ImportProblem` per bad one; a file that is not their format gives `null` from `detect`.
 */

/** `out` = money left the user, `in` = money came to the user, `neutral` = neither (refund notes, transfers between own accounts, 不计收支). */
export type Direction = 'out' | 'in' | 'neutral';

export type ParsedTransaction = {
  /** UTC instant, ISO 8601 with `Z` (`2023-02-12T13:32:14.000Z`). */
  utc: string;
  /** UTC offset of the source in minutes (Chinese exports: +480). */
  offset: number;
  /** Non-negative integer amount in the currency's minor unit (fen, cents). Sign lives in `direction`. */
  amountMinor: number;
  /** ISO 4217 code, e.g. `CNY`. */
  currency: string;
  direction: Direction;
  counterparty: string;
  description: string;
  /** Status as the source writes it (交易成功, 退款成功, BOOKED …), trimmed. */
  status: string;
  method: string;
  orderId: string;
  merchantOrderId: string;
  category: string;
  note: string;
  /** 1-based line (CSV/text) or row (XLSX) number in the original file; for a PDF, the line on its page. */
  line: number;
  /** 1-based page of a paged original (a PDF statement); absent for files without pages. */
  page?: number;
  /** The source's own fields for this row, trimmed, for the detail view. */
  raw: Record<string, string>;
};

export type ParsedMessage = {
  utc: string;
  offset: number;
  sender: string;
  text: string;
  /** File names the message refers to (`IMG-20190101-WA0001.jpg (file attached)`, Telegram `photo`). */
  attachments: string[];
  /** System lines (`You were added`, `Messages are end-to-end encrypted`) are kept, marked. */
  isSystem: boolean;
  line: number;
  /** Chat / conversation name when the export carries one. */
  chat: string;
};

/** `page` is set for paged originals (a PDF statement), where `line` counts from the top of that page. */
/**
 * A line an importer could not read (line 0: the file as a whole). `error` is the English words; `code` and
 * `params` the same as a message of the catalogue (`problem.*`), for the reader's language. An importer that
 * gives only `error` has it matched to its code by the intake (services/import-problems.ts).
 */
export type ImportProblem = { line: number; page?: number; error: string; code?: string; params?: Params };

/** A file inside the one imported (an email attachment, a photo in a WhatsApp .zip): filed as its own evidence item, linked to its container. */
export type EmbeddedFile = {
  /** The name the container gives it. Data only: never used as a path. */
  name: string;
  role: 'attachment' | 'media' | 'entry';
} & (
  | { bytes: Buffer; open?: undefined }
  /** Read only when it is filed (a chat export's media, one at a time): memory stays flat in its count. */
  | { bytes?: undefined; open: () => Promise<Buffer> }
);

/** What an importer learned about the file as a whole (an email's headers, a statement's account). */
export type DocumentFacts = {
  /** A better title than the file name (an email's subject). */
  title?: string;
  /** When the thing happened by the file's own account (an email's Date header). */
  occurredAt?: { utc: string; offset: number };
  /** Text to keep for search and the detail view (an email's plain-text body). */
  text?: string;
  /** Anything else worth showing: `{ from, to, subject, date, account, period, … }`. */
  details?: Record<string, unknown>;
  /** An invoice read from the file (an OFD e-invoice): stored as the item's `invoice` facts. */
  invoice?: InvoiceFacts;
  /** Where `occurredAt` came from when not from the content itself (an e-mail with no date: the file's time). */
  occurredSource?: FileTime['source'];
};

export type ImportResult = {
  /** Stable id of the format recognised: `alipay-csv`, `wechatpay-csv`, `wechatpay-xlsx`, `whatsapp-txt` … */
  format: string;
  /** Human label, e.g. `Alipay transaction details (CSV)`. */
  label: string;
  /**
   * Which layout of the format was recognised, when a format has several (`alipay-2023`, `alipay-legacy`,
   * `card-statement`, `bank-no-header`, `jd`, `meituan` …); shown so a person knows what was read how.
   */
  layout?: string;
  transactions: ParsedTransaction[];
  messages: ParsedMessage[];
  problems: ImportProblem[];
  /** About the file as a whole, for the person filing it (e.g. "re-saved by a spreadsheet program"). */
  warnings?: string[];
  files?: EmbeddedFile[];
  document?: DocumentFacts;
  /** Where a paged chat export's page left off, for its next page. */
  chatState?: ChatState;
};

/** Where a chat left off at the end of one page of an export, for the page after it. */
export type ChatState = {
  chat: string;
  /** The sender of the last message: a `joined` message at the top of the next page continues it. */
  sender: string;
  /** The time of the last dated message: service entries at the top of the next page take it. */
  time: { utc: string; offset: number } | null;
};

export type ImportContext = {
  /** The original file name (a hint only: formats are decided from content). */
  fileName: string;
  /** The page before this one of the same chat export (Telegram's messages2.html after messages.html). */
  chatContinues?: ChatState;
  /** IANA zone used when the source writes local times with no offset and is not a Chinese export. */
  timeZone: string;
  /** The file's own time (modified time, or its container's), for a record that carries none (an e-mail with no Date). */
  fileTime?: FileTime;
};

export type FileTime = {
  utc: string;
  offset: number;
  source: 'file_mtime' | 'filename' | 'content' | 'exif' | 'user' | 'acquired';
  /** How a warning names it: `the file's modified time`, `the time of the e-mail it came in`. */
  said: string;
};

export type Importer = {
  format: string;
  label: string;
  /** Cheap content check on the first bytes (up to 64 KiB) — true when this importer should parse the file. */
  detect: (head: Buffer, ctx: ImportContext) => boolean;
  /**
   * Parse the whole file. Must not throw on bad content. May be async (XLSX). Null when only parsing could
   * tell that the file is not this importer's after all (a workbook whose sheets hold no known layout):
   * the next importer is then tried.
   */
  parse: (bytes: Buffer, ctx: ImportContext) => ImportResult | null | Promise<ImportResult | null>;
};
