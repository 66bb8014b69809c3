import { alipayCsvImporter } from './alipay-csv.ts';
import { bankCsvImporter } from './bank-csv.ts';
import { camt053Importer } from './camt053.ts';
import { emailImporter } from './email.ts';
import { ofdImporter } from './invoice.ts';
import { lineTxtImporter } from './line-txt.ts';
import { mt940Importer } from './mt940.ts';
import { ofxImporter } from './ofx.ts';
import { outlookMsgImporter } from './outlook-msg.ts';
import { jdCsvImporter, meituanCsvImporter } from './payment-apps.ts';
import { qifImporter } from './qif.ts';
import { textTableImporter, xlsImporter, xlsxTableImporter } from './spreadsheet.ts';
import { telegramHtmlImporter, telegramHtmlZipImporter } from './telegram-html.ts';
import { telegramJsonImporter } from './telegram-json.ts';
import { tnefImporter } from './tnef.ts';
import { transcriptTxtImporter } from './transcript-txt.ts';
import type { ImportContext, ImportResult, Importer } from './types.ts';
import { wechatChatCsvImporter } from './wechat-chat-csv.ts';
import { wechatpayCsvImporter, wechatpayXlsxImporter } from './wechatpay.ts';
import { whatsappTxtImporter } from './whatsapp-txt.ts';
import { whatsappZipImporter } from './whatsapp-zip.ts';

/** How much of a file `detect` sees. */
export const DETECT_HEAD_BYTES = 64 * 1024;

/**
 * In detection order: the zip sniffs first (WeChat's XLSX, then other statement workbooks and `.xls` — also
 * when it is really an HTML table or Excel 2003 XML —, WhatsApp and Telegram exports, OFD); then e-mail (a header block at the very start), before anything that looks inside a
 * file — an e-mail whose attachment is an MT940 or a CSV statement is still an e-mail with attachments; then
 * Outlook's binary message formats; then the payment-app and chat CSVs, each claiming a file by its whole header,
 * before the generic bank CSV, which would also accept a payment-app header; then the formats with a signature
 * (OFX, camt.053, MT940, QIF, Telegram JSON and HTML, LINE's `[LINE]` title); then
 * WhatsApp text, and last the plain transcript, whose only mark is a time at the start of a line.
 */
export const importers: Importer[] = [
  wechatpayXlsxImporter,
  xlsxTableImporter,
  xlsImporter,
  textTableImporter,
  whatsappZipImporter,
  telegramHtmlZipImporter,
  ofdImporter,
  emailImporter,
  outlookMsgImporter,
  tnefImporter,
  alipayCsvImporter,
  wechatpayCsvImporter,
  wechatChatCsvImporter,
  jdCsvImporter,
  meituanCsvImporter,
  bankCsvImporter,
  ofxImporter,
  camt053Importer,
  mt940Importer,
  qifImporter,
  telegramJsonImporter,
  telegramHtmlImporter,
  lineTxtImporter,
  whatsappTxtImporter,
  transcriptTxtImporter,
];

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A row is known by its page and line in the original, and two rows of one file may not share them. Files
 * written on one line (an OFX or camt.053 with no line breaks, as many banks send them) would put every
 * row on line 1: their rows are then numbered by their place in the file (on its page) instead, and the
 * file says so.
 */
export function keepRowsApart(result: ImportResult): ImportResult {
  const renumber = (rows: { line: number; page?: number }[], what: string) => {
    const seen = new Set<string>();
    const isShared = rows.some((r) => {
      const at = `${r.page ?? 0}:${r.line}`;
      if (seen.has(at)) return true;
      seen.add(at);
      return false;
    });
    if (!isShared) return;
    // A paged original keeps its pages; the rows of each page are numbered from 1.
    const next = new Map<number, number>();
    for (const r of rows) {
      const n = (next.get(r.page ?? 0) ?? 0) + 1;
      next.set(r.page ?? 0, n);
      r.line = n;
    }
    (result.warnings ??= []).push(
      `several ${what} share one line of the file; each is numbered by its place in the file instead of its line`,
    );
  };
  renumber(result.transactions, 'transactions');
  renumber(result.messages, 'messages');
  return result;
}

/**
 * Parses `bytes` with the first importer whose `detect` accepts them; null when none does. Never throws:
 * a reader that fails unexpectedly gives a result holding one problem, so intake can log it and move on.
 */
export async function runImporters(bytes: Buffer, ctx: ImportContext): Promise<ImportResult | null> {
  const head = bytes.subarray(0, DETECT_HEAD_BYTES);
  for (const importer of importers) {
    let isMatch: boolean;
    try {
      isMatch = importer.detect(head, ctx);
    } catch {
      // A detector that trips over odd bytes simply does not claim the file.
      isMatch = false;
    }
    if (!isMatch) continue;
    try {
      const result = await importer.parse(bytes, ctx);
      if (result === null) continue;
      return keepRowsApart(result);
    } catch (error) {
      return {
        format: importer.format,
        label: importer.label,
        transactions: [],
        messages: [],
        problems: [{ line: 0, error: `the ${importer.label} reader failed: ${messageOf(error)}` }],
      };
    }
  }
  return null;
}
