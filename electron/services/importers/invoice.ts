import {
  CHINA_OFFSET,
  instantFromLocal,
  instantFromZoned,
  isValidLocal,
  type Instant,
} from '../util/time.ts';
import { minorDigitsOf } from './currency.ts';
import { decodeEntities } from './ofx.ts';
import { parseDecimalToMinor } from './money.ts';
import { decodeText } from './text.ts';
import type { EmbeddedFile, ImportResult, Importer } from './types.ts';
import { baseName, readZip } from './zip.ts';
import { zipNamesInHead } from './whatsapp-zip.ts';

/**
 * Invoices read from e-invoice files, kept as the item's `invoice` facts (number, date, parties, amounts in
 * minor units): China's OFD e-invoices (GB/T 33190 packages, fields in `Doc_0/Tags/CustomTag.xml` pointing
 * at text objects on the page, or in `OFD.xml`'s CustomData), Factur-X / ZUGFeRD PDFs (the UN/CEFACT CII
 * XML they carry), and the text layer of a Chinese 电子发票 PDF.
 */

export type InvoiceFacts = {
  /** Where the fields were read: `ofd`, `factur-x` (CII XML), `cn-pdf-text`. */
  source: 'ofd' | 'factur-x' | 'cn-pdf-text';
  number: string;
  /** 发票代码 of pre-2021 Chinese invoices. */
  code?: string;
  /** `YYYY-MM-DD`. */
  date: string;
  seller: string;
  sellerTaxId?: string;
  buyer: string;
  buyerTaxId?: string;
  currency: string;
  /** Amounts in the currency's minor unit; null when the file does not give them readably. */
  totalMinor: number | null;
  taxMinor: number | null;
  netMinor: number | null;
};

/** `2024年01月05日`, `2024-01-05`, `20240105` → the parts, or null. */
function dateParts(text: string): { year: number; month: number; day: number } | null {
  const m =
    /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(text) ??
    /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const t = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0 };
  return isValidLocal(t) ? { year: t.year, month: t.month, day: t.day } : null;
}

const isoDate = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * The invoice's date as an instant: local midnight where it was issued — China (UTC+08:00) for Chinese
 * invoices, the case's zone for the others, whose XML gives a date only.
 */
export function invoiceInstant(invoice: InvoiceFacts, timeZone: string): Instant | null {
  const d = dateParts(invoice.date);
  if (!d) return null;
  const t = { ...d, hour: 0, minute: 0, second: 0 };
  return invoice.source === 'factur-x' ? instantFromZoned(t, timeZone) : instantFromLocal(t, CHINA_OFFSET);
}

const amount = (text: string, currency: string) => {
  const cleaned = text.replace(/[¥￥€$]|CNY|EUR|RMB|元/g, '').trim();
  return cleaned === '' ? null : parseDecimalToMinor(cleaned, minorDigitsOf(currency));
};

// ---------------------------------------------------------------------------------------------------------
// OFD

const OFD_FIELDS: Readonly<Record<string, keyof InvoiceFacts>> = {
  InvoiceNo: 'number',
  InvoiceNumber: 'number',
  InvoiceCode: 'code',
  IssueDate: 'date',
  IssueDateTime: 'date',
  SellerName: 'seller',
  SellerTaxID: 'sellerTaxId',
  BuyerName: 'buyer',
  BuyerTaxID: 'buyerTaxId',
  TaxInclusiveTotalAmount: 'totalMinor',
  TaxTotalAmount: 'taxMinor',
  TaxExclusiveTotalAmount: 'netMinor',
};
/** The names OFD.xml's `CustomData` uses for the same fields (数电票). */
const OFD_CUSTOM_DATA: Readonly<Record<string, keyof InvoiceFacts>> = {
  发票号码: 'number',
  发票代码: 'code',
  开票日期: 'date',
  销售方名称: 'seller',
  销售方纳税人识别号: 'sellerTaxId',
  购买方名称: 'buyer',
  购买方纳税人识别号: 'buyerTaxId',
  价税合计: 'totalMinor',
  合计税额: 'taxMinor',
  合计金额: 'netMinor',
};

export function isOfd(head: Uint8Array, fileName = ''): boolean {
  const names = zipNamesInHead(head);
  if (names.some((n) => n === 'OFD.xml' || /^Doc_\d+\/Document\.xml$/.test(n))) return true;
  return names.length > 0 && /\.ofd$/i.test(fileName);
}

/** Text objects by id, from every page and template: `<ofd:TextObject ID="6808">…<ofd:TextCode>…`. */
function textObjects(xmls: string[]): Map<string, string> {
  const byId = new Map<string, string>();
  const re = /<(?:[\w-]+:)?TextObject\b[^>]*\bID="(\d+)"[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?TextObject>/g;
  for (const xml of xmls) {
    for (const m of xml.matchAll(re)) {
      const codes = [
        ...(m[2] ?? '').matchAll(/<(?:[\w-]+:)?TextCode\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?TextCode>/g),
      ];
      byId.set(m[1]!, decodeEntities(codes.map((c) => c[1] ?? '').join('')).trim());
    }
  }
  return byId;
}

type Draft = Partial<Record<keyof InvoiceFacts, string>>;

function finish(draft: Draft, source: InvoiceFacts['source'], currency: string): InvoiceFacts | null {
  const date = dateParts(draft.date ?? '');
  if (!draft.number || !date) return null;
  return {
    source,
    number: draft.number,
    ...(draft.code ? { code: draft.code } : {}),
    date: isoDate(date),
    seller: draft.seller ?? '',
    ...(draft.sellerTaxId ? { sellerTaxId: draft.sellerTaxId } : {}),
    buyer: draft.buyer ?? '',
    ...(draft.buyerTaxId ? { buyerTaxId: draft.buyerTaxId } : {}),
    currency,
    totalMinor: draft.totalMinor ? amount(draft.totalMinor, currency) : null,
    taxMinor: draft.taxMinor ? amount(draft.taxMinor, currency) : null,
    netMinor: draft.netMinor ? amount(draft.netMinor, currency) : null,
  };
}

export async function parseOfd(bytes: Uint8Array): Promise<ImportResult> {
  const result: ImportResult = {
    format: 'ofd',
    label: 'OFD document (GB/T 33190)',
    transactions: [],
    messages: [],
    problems: [],
  };
  const zip = await readZip(bytes);
  result.problems.push(...zip.problems.map((error) => ({ line: 0, error })));
  if (zip.password) {
    result.problems.push({ line: 0, error: 'the OFD package is password-protected' });
    return result;
  }
  const xml = new Map(
    zip.files.filter((f) => /\.xml$/i.test(f.path)).map((f) => [f.path, decodeText(f.bytes)]),
  );
  const objects = textObjects(
    [...xml.entries()].filter(([p]) => /(?:Pages|Tpls)\//.test(p)).map(([, x]) => x),
  );
  const draft: Draft = {};
  // CustomTag.xml: each field holds ObjectRefs to text objects, or (some issuers) the value itself.
  for (const [p, x] of xml) {
    if (!/Tags\/[^/]*\.xml$/i.test(p) || /CustomTags\.xml$/i.test(p)) continue;
    for (const [tag, field] of Object.entries(OFD_FIELDS)) {
      if (draft[field]) continue;
      const inner = element(x, tag);
      const refs = [...inner.matchAll(/ObjectRef\b[^>]*>\s*(\d+)\s*</g)].map((r) => objects.get(r[1]!) ?? '');
      const found = refs.length ? refs.join('') : decodeEntities(inner).trim();
      if (found && !found.includes('<')) draft[field] = found;
    }
  }
  const ofdXml = xml.get('OFD.xml') ?? '';
  for (const m of ofdXml.matchAll(
    /<(?:[\w-]+:)?CustomData\b[^>]*\bName="([^"]+)"[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?CustomData>/g,
  )) {
    const field = OFD_CUSTOM_DATA[decodeEntities(m[1] ?? '').trim()];
    if (field && !draft[field]) draft[field] = decodeEntities(m[2] ?? '').trim();
  }
  const invoice = finish(draft, 'ofd', 'CNY');
  const text = [...objects.values()].filter((t) => t !== '').join(' ');
  // Files the package carries as attachments (an issuer's XML of the invoice), not its own parts.
  const files: EmbeddedFile[] = zip.files
    .filter((f) => /(?:^|\/)Attachs\/[^/]+$/i.test(f.path) && !/Attachments\.xml$/i.test(f.path))
    .map((f) => ({ name: f.name, bytes: f.bytes, role: 'attachment' as const }));
  if (files.length) result.files = files;
  result.document = {
    text,
    ...(invoice ? { invoice } : {}),
    ...(invoice ? { occurredAt: invoiceInstant(invoice, 'Asia/Shanghai')! } : {}),
    details: { parts: zip.files.length },
  };
  return result;
}

export const ofdImporter: Importer = {
  format: 'ofd',
  label: 'OFD document (GB/T 33190)',
  detect: (head, ctx) => isOfd(head, ctx.fileName),
  parse: (bytes) => parseOfd(bytes),
};

// ---------------------------------------------------------------------------------------------------------
// Factur-X / ZUGFeRD (UN/CEFACT Cross Industry Invoice)

/** Names under which Factur-X, ZUGFeRD 1/2 and XRechnung PDFs embed their XML. */
export const CII_NAMES = /^(?:factur-x|zugferd-invoice|ZUGFeRD-invoice|xrechnung|order-x)\.xml$/i;

/** The inner XML of the first element named `local` (any prefix) inside `xml`; '' when absent. */
function element(xml: string, local: string): string {
  const m = new RegExp(`<(?:[\\w-]+:)?${local}\\b[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?${local}>`).exec(xml);
  return m?.[1] ?? '';
}
const value = (xml: string) => decodeEntities(xml.replace(/<[^>]*>/g, '')).trim();

export function parseCii(xml: string): InvoiceFacts | null {
  if (!/CrossIndustry(?:Invoice|Document)/.test(xml)) return null;
  // ZUGFeRD 1 calls the header HeaderExchangedDocument; Factur-X / ZUGFeRD 2 ExchangedDocument.
  const header = element(xml, 'ExchangedDocument') || element(xml, 'HeaderExchangedDocument');
  const settlement =
    element(xml, 'ApplicableHeaderTradeSettlement') || element(xml, 'ApplicableSupplyChainTradeSettlement');
  const sums =
    element(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation') ||
    element(settlement, 'SpecifiedTradeSettlementMonetarySummation');
  const seller = element(xml, 'SellerTradeParty');
  const buyer = element(xml, 'BuyerTradeParty');
  const currency = value(element(settlement, 'InvoiceCurrencyCode')) || 'EUR';
  const taxId = (party: string) => {
    const m = /<(?:[\w-]+:)?ID\b[^>]*schemeID="VA"[^>]*>([^<]*)</.exec(party);
    return m?.[1]?.trim() ?? '';
  };
  const draft: Draft = {
    number: value(element(header, 'ID')),
    date: value(element(element(header, 'IssueDateTime'), 'DateTimeString')),
    seller: value(element(seller, 'Name')),
    sellerTaxId: taxId(seller),
    buyer: value(element(buyer, 'Name')),
    buyerTaxId: taxId(buyer),
    totalMinor: value(element(sums, 'GrandTotalAmount')),
    taxMinor: value(element(sums, 'TaxTotalAmount')),
    netMinor: value(element(sums, 'TaxBasisTotalAmount')),
  };
  return finish(draft, 'factur-x', currency);
}

// ---------------------------------------------------------------------------------------------------------
// A Chinese 电子发票 PDF's text layer

/** The fields of a Chinese e-invoice as its text layer spells them; null when it is not one. */
export function parseChineseInvoiceText(text: string): InvoiceFacts | null {
  if (!/发票/.test(text)) return null;
  const flat = text.replace(/\s+/g, ' ');
  const draft: Draft = {};
  draft.number = /发\s*票\s*号\s*码\s*[:：]?\s*(\d{8,20})/.exec(flat)?.[1];
  draft.code = /发\s*票\s*代\s*码\s*[:：]?\s*(\d{10,12})/.exec(flat)?.[1];
  draft.date = /开\s*票\s*日\s*期\s*[:：]?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)/.exec(flat)?.[1];
  draft.totalMinor = /[（(]\s*小\s*写\s*[)）]\s*[¥￥]?\s*([\d,]+\.\d{2})/.exec(flat)?.[1];
  const sums = /合\s*计\s*[¥￥]\s*([\d,]+\.\d{2})\s*[¥￥]\s*([\d,]+\.\d{2})/.exec(flat);
  draft.netMinor = sums?.[1];
  draft.taxMinor = sums?.[2];
  // 名称 appears twice: the buyer's block (购买方) comes before the seller's (销售方) on every layout.
  const names = [
    ...flat.matchAll(
      /名\s*称\s*[:：]\s*([^:：]+?)(?=\s+(?:统一社会信用代码|纳税人识别号|地\s*址|开户行|销\s*售\s*方|名\s*称)|$)/g,
    ),
  ].map((m) => m[1]!.trim());
  const ids = [
    ...flat.matchAll(/(?:统一社会信用代码\/纳税人识别号|纳税人识别号)\s*[:：]\s*([0-9A-Z]{15,20})/g),
  ].map((m) => m[1]!);
  draft.buyer = names[0];
  draft.seller = names[1];
  draft.buyerTaxId = ids[0];
  draft.sellerTaxId = ids[1];
  return finish(draft, 'cn-pdf-text', 'CNY');
}

/** The CII XML among a PDF's embedded files, read as an invoice; else the text layer's Chinese invoice. */
export function invoiceOfPdf(files: EmbeddedFile[], text: string): InvoiceFacts | null {
  const cii = files.find((f) => CII_NAMES.test(baseName(f.name)));
  const fromXml = cii?.bytes ? parseCii(decodeText(cii.bytes)) : null;
  return fromXml ?? parseChineseInvoiceText(text);
}
