import { alipayCsvImporter } from './alipay-csv.ts';
import type { ImportContext, ImportResult, Importer } from './types.ts';
import { wechatpayCsvImporter, wechatpayXlsxImporter } from './wechatpay.ts';
import { whatsappTxtImporter } from './whatsapp-txt.ts';

/** How much of a file `detect` sees. */
export const DETECT_HEAD_BYTES = 64 * 1024;

/** In detection order: the zip sniff first, then the table formats by header, then chat text. */
export const importers: Importer[] = [
  wechatpayXlsxImporter,
  alipayCsvImporter,
  wechatpayCsvImporter,
  whatsappTxtImporter,
];

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
      return await importer.parse(bytes, ctx);
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
