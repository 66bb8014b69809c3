import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AFRelationship, PDFDocument, StandardFonts } from 'pdf-lib';
import PDFKit from 'pdfkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindCalls } from '../../electron/services/calls/index.ts';
import { parseChineseInvoiceText, parseCii, parseOfd } from '../../electron/services/importers/invoice.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { content, OFD_NS, vatOfd, zipOf } from '../helpers/invoices.ts';
import { useTempDirs } from '../helpers/temp.ts';

const require = createRequire(import.meta.url);
const CJK_FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** A 数电票 (全电发票) OFD: the fields also in OFD.xml's `CustomData`, no CustomTag file. */
const fullyDigitalOfd = () =>
  zipOf([
    [
      'OFD.xml',
      `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${OFD_NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>c3d4</ofd:DocID>` +
        '<ofd:CustomDatas><ofd:CustomData Name="发票号码">24442000000012345678</ofd:CustomData>' +
        '<ofd:CustomData Name="开票日期">2024-03-05</ofd:CustomData>' +
        '<ofd:CustomData Name="销售方纳税人识别号">91440300MA5XXXXX1Y</ofd:CustomData>' +
        '<ofd:CustomData Name="购买方纳税人识别号">91110000XXXXXXXX2Z</ofd:CustomData>' +
        '<ofd:CustomData Name="合计税额">5.99</ofd:CustomData>' +
        '<ofd:CustomData Name="合计金额">99.80</ofd:CustomData>' +
        '<ofd:CustomData Name="价税合计">105.79</ofd:CustomData></ofd:CustomDatas>' +
        '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    ],
    ['Doc_0/Document.xml', `<ofd:Document ${OFD_NS}/>`],
    ['Doc_0/Pages/Page_0/Content.xml', content([[11, '电子发票（普通发票）']])],
  ]);

/** The CII XML of a Factur-X EN 16931 invoice (UN/CEFACT CrossIndustryInvoice D16B). */
const facturX = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>RE-2025-0042</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20250304</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Streaming Dienste GmbH</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Anna Schmidt</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>8.39</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>8.39</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">1.60</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>9.99</ram:GrandTotalAmount>
        <ram:DuePayableAmount>9.99</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;

/** A Factur-X PDF/A-3 as pdf-lib writes one: a text page and `factur-x.xml` as an associated file. */
async function facturXPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc
    .addPage([595, 842])
    .drawText('Rechnung RE-2025-0042  Gesamt 9,99 EUR', { x: 50, y: 780, size: 12, font });
  await doc.attach(Buffer.from(facturX), 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X invoice',
    afRelationship: AFRelationship.Alternative,
    creationDate: new Date('2025-03-04T09:00:00Z'),
    modificationDate: new Date('2025-03-04T09:00:00Z'),
  });
  doc.setCreationDate(new Date('2025-03-04T09:00:00Z'));
  return Buffer.from(await doc.save());
}

/** A Chinese 电子发票 as a text PDF, the labels and values where the printed form puts them, line by line. */
async function chineseInvoicePdf(): Promise<Buffer> {
  const doc = new PDFKit({
    size: 'A5',
    layout: 'landscape',
    margin: 20,
    info: { CreationDate: new Date('2024-01-05T02:00:00Z') },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(CJK_FONT).fontSize(9);
  for (const line of [
    '电子发票（普通发票）',
    '发票号码：24442000000087654321',
    '开票日期：2024年01月05日',
    '购买方信息 名称：李伟 统一社会信用代码/纳税人识别号：91110000XXXXXXXX2Z',
    '销售方信息 名称：深圳市某某科技有限公司 统一社会信用代码/纳税人识别号：91440300MA5XXXXX1Y',
    '项目名称 会员服务 金额 35.40 税率 13% 税额 4.50',
    '合 计 ¥35.40 ¥4.50',
    '价税合计（大写） 叁拾玖圆玖角 （小写）¥39.90',
  ]) {
    doc.text(line);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('invoice readers', () => {
  it('reads an OFD VAT e-invoice through its CustomTag ObjectRefs', async () => {
    const r = await parseOfd(await vatOfd());
    expect(r.problems).toEqual([]);
    expect(r.document?.invoice).toEqual({
      source: 'ofd',
      number: '12345678',
      code: '044002000111',
      date: '2024-01-05',
      seller: '深圳市某某科技有限公司',
      sellerTaxId: '91440300MA5XXXXX1Y',
      buyer: '李&伟',
      currency: 'CNY',
      totalMinor: 3990,
      taxMinor: 450,
      netMinor: 3540,
    });
    expect(r.document?.occurredAt).toEqual({ utc: '2024-01-04T16:00:00.000Z', offset: 480 });
    expect(r.files?.map((f) => f.name)).toEqual(['original_invoice.xml']);
  });

  it("reads a 数电票 OFD's CustomData", async () => {
    const r = await parseOfd(await fullyDigitalOfd());
    expect(r.document?.invoice).toMatchObject({
      number: '24442000000012345678',
      date: '2024-03-05',
      totalMinor: 10579,
      taxMinor: 599,
      netMinor: 9980,
    });
  });

  it('reads a Factur-X CII invoice', () => {
    expect(parseCii(facturX)).toEqual({
      source: 'factur-x',
      number: 'RE-2025-0042',
      date: '2025-03-04',
      seller: 'Streaming Dienste GmbH',
      sellerTaxId: 'DE123456789',
      buyer: 'Anna Schmidt',
      currency: 'EUR',
      totalMinor: 999,
      taxMinor: 160,
      netMinor: 839,
    });
    expect(parseCii('<Invoice/>')).toBeNull();
  });

  it('reads no invoice from text that only mentions one', () => {
    expect(parseChineseInvoiceText('请开具发票，谢谢')).toBeNull();
  });
});

describe('filing e-invoices', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;
  let inbox: string;
  beforeEach(async () => {
    locker = await Locker.open(tempDir());
    caseId = (await locker.createCase({ title: 'Invoices', timezone: 'Europe/Berlin' })).id;
    inbox = tempDir();
  });
  afterEach(() => locker.close());
  const put = (name: string, bytes: Buffer) => {
    const file = path.join(inbox, name);
    writeFileSync(file, bytes);
    return file;
  };

  it('files an OFD invoice as one receipt with its invoice facts, its attachment linked to it', async () => {
    const r = await addPaths(locker, caseId, [put('发票.ofd', await vatOfd())]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind, a.mime])).toEqual([
      ['发票.ofd', 'receipt', 'application/ofd'],
      ['original_invoice.xml', 'document', 'application/xml'],
    ]);
    const item = locker.getEvidence(r.added[0]!.id);
    expect(item.facts.invoice).toMatchObject({
      number: '12345678',
      totalMinor: 3990,
      seller: '深圳市某某科技有限公司',
    });
    expect(item).toMatchObject({ occurredUtc: '2024-01-04T16:00:00.000Z', occurredSource: 'content' });
    expect(item.contentText).toContain('深圳市某某科技有限公司');
  });

  it('files a Factur-X PDF as a receipt, and its embedded XML as an item linked to it', async () => {
    const r = await addPaths(locker, caseId, [put('RE-2025-0042.pdf', await facturXPdf())]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind])).toEqual([
      ['RE-2025-0042.pdf', 'receipt'],
      ['factur-x.xml', 'document'],
    ]);
    expect(r.added[1]!.parentId).toBe(r.added[0]!.id);
    // The item's panel gets the invoice with its amounts as decimal strings.
    expect((await bindCalls({ locker })['evidence:get']({ id: r.added[0]!.id })).invoice).toEqual({
      number: 'RE-2025-0042',
      date: '2025-03-04',
      seller: 'Streaming Dienste GmbH',
      buyer: 'Anna Schmidt',
      currency: 'EUR',
      total: '9.99',
      tax: '1.60',
    });
    expect(locker.getEvidence(r.added[0]!.id).facts.invoice).toMatchObject({
      number: 'RE-2025-0042',
      totalMinor: 999,
      currency: 'EUR',
    });
  });

  it("reads a Chinese 电子发票 PDF's fields from its text layer", async () => {
    const r = await addPaths(locker, caseId, [put('dzfp.pdf', await chineseInvoicePdf())]);
    expect(r.errors).toEqual([]);
    expect(r.added[0]!.kind).toBe('receipt');
    expect(locker.getEvidence(r.added[0]!.id).facts.invoice).toEqual({
      source: 'cn-pdf-text',
      number: '24442000000087654321',
      date: '2024-01-05',
      buyer: '李伟',
      buyerTaxId: '91110000XXXXXXXX2Z',
      seller: '深圳市某某科技有限公司',
      sellerTaxId: '91440300MA5XXXXX1Y',
      currency: 'CNY',
      totalMinor: 3990,
      taxMinor: 450,
      netMinor: 3540,
    });
  });
});
