import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';

/** Builders of e-invoice files in their real layouts, shared by the importer and panel tests. */

export async function zipOf(entries: [string, string | Buffer][]): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), { useWebWorkers: false });
  for (const [name, data] of entries) {
    await writer.add(name, new Uint8ArrayReader(typeof data === 'string' ? Buffer.from(data) : data));
  }
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

export const OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

/** A page's text objects as OFD writes them: `<ofd:TextObject ID=…><ofd:TextCode X Y>text</ofd:TextCode>`. */
export const content = (objects: [id: number, text: string][]) =>
  `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${OFD_NS}><ofd:Content><ofd:Layer ID="2">` +
  objects
    .map(
      ([id, text], k) =>
        `<ofd:TextObject ID="${id}" Boundary="10 ${10 + k * 6} 80 5" Font="3" Size="3.175">` +
        `<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="3">${text}</ofd:TextCode></ofd:TextObject>`,
    )
    .join('') +
  '</ofd:Layer></ofd:Content></ofd:Page>';

/**
 * A 增值税电子普通发票 OFD (GB/T 33190, as the tax bureau's platform issued them from 2020): the fields are
 * tagged in `Doc_0/Tags/CustomTag.xml` as ObjectRefs to text objects on the page, the labels (购买方 …) in
 * the template page; an issuer's XML of the invoice in `Doc_0/Attachs/`.
 */
export const vatOfd = () =>
  zipOf([
    [
      'OFD.xml',
      `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2</ofd:DocID><ofd:Creator>税务局</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    ],
    [
      'Doc_0/Document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${OFD_NS}><ofd:CommonData><ofd:MaxUnitID>9000</ofd:MaxUnitID><ofd:TemplatePage ID="1" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="2" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages><ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>`,
    ],
    [
      'Doc_0/Tpls/Tpl_0/Content.xml',
      content([
        [101, '购买方'],
        [102, '销售方'],
        [103, '价税合计（大写）'],
      ]),
    ],
    [
      'Doc_0/Pages/Page_0/Content.xml',
      content([
        [6807, '044002000111'],
        [6808, '12345678'],
        [6809, '2024年01月05日'],
        [6810, '深圳市某某科技有限公司'],
        [6811, '91440300MA5XXXXX1Y'],
        [6812, '李&amp;伟'],
        [6813, '¥35.40'],
        [6814, '¥4.50'],
        [6815, '¥39.90'],
      ]),
    ],
    [
      'Doc_0/Tags/CustomTags.xml',
      `<?xml version="1.0" encoding="UTF-8"?><ofd:CustomTags ${OFD_NS}><ofd:CustomTag TypeID="invoice" NameSpace="http://www.edrm.org.cn/schema/e-invoice/2019"><ofd:FileLoc>CustomTag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>`,
    ],
    [
      'Doc_0/Tags/CustomTag.xml',
      '<?xml version="1.0" encoding="UTF-8"?><fp:eInvoice xmlns:fp="http://www.edrm.org.cn/schema/e-invoice/2019">' +
        '<fp:InvoiceCode><fp:ObjectRef PageRef="2">6807</fp:ObjectRef></fp:InvoiceCode>' +
        '<fp:InvoiceNo><fp:ObjectRef PageRef="2">6808</fp:ObjectRef></fp:InvoiceNo>' +
        '<fp:IssueDate><fp:ObjectRef PageRef="2">6809</fp:ObjectRef></fp:IssueDate>' +
        '<fp:Buyer><fp:BuyerName><fp:ObjectRef PageRef="2">6812</fp:ObjectRef></fp:BuyerName></fp:Buyer>' +
        '<fp:Seller><fp:SellerName><fp:ObjectRef PageRef="2">6810</fp:ObjectRef></fp:SellerName>' +
        '<fp:SellerTaxID><fp:ObjectRef PageRef="2">6811</fp:ObjectRef></fp:SellerTaxID></fp:Seller>' +
        '<fp:TaxExclusiveTotalAmount><fp:ObjectRef PageRef="2">6813</fp:ObjectRef></fp:TaxExclusiveTotalAmount>' +
        '<fp:TaxTotalAmount><fp:ObjectRef PageRef="2">6814</fp:ObjectRef></fp:TaxTotalAmount>' +
        '<fp:TaxInclusiveTotalAmount><fp:ObjectRef PageRef="2">6815</fp:ObjectRef></fp:TaxInclusiveTotalAmount>' +
        '</fp:eInvoice>',
    ],
    [
      'Doc_0/Attachs/Attachments.xml',
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Attachments ${OFD_NS}><ofd:Attachment ID="1" Name="original_invoice" Format="xml"><ofd:FileLoc>original_invoice.xml</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`,
    ],
    [
      'Doc_0/Attachs/original_invoice.xml',
      '<?xml version="1.0" encoding="UTF-8"?><EInvoice><InvoiceNumber>12345678</InvoiceNumber></EInvoice>',
    ],
  ]);
