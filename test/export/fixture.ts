import { writeFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { fontFiles } from '../../electron/services/export/fonts.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makeJpeg } from '../helpers/images.ts';
import { gbkFixture, readFixture } from '../importers/helpers.ts';

export const FIXED_NOW = new Date('2025-09-01T02:00:00Z');

/** The green block on the screenshot that a redaction box covers: (x, y, width, height) in image pixels. */
export const SECRET_BOX = { x: 140, y: 1500, width: 800, height: 220 };

/** A phone screenshot with Chinese text drawn from the Noto Sans SC file, and a green "account number" block. */
export async function makeCjkScreenshot(): Promise<Buffer> {
  const text = await sharp({
    text: {
      text: '<span foreground="#1a1a1a">元保 自动续费扣款\n支付成功  ¥39.90\nAuto-renewal charge</span>',
      font: 'Noto Sans SC',
      fontfile: fontFiles().regular,
      width: 900,
      dpi: 420,
      rgba: true,
    },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1080, height: 2400, channels: 3, background: '#fafafa' } })
    .composite([
      {
        input: { create: { width: 1080, height: 160, channels: 3, background: '#1677ff' } },
        left: 0,
        top: 0,
      },
      { input: text, left: 90, top: 400 },
      {
        input: {
          create: { width: SECRET_BOX.width, height: SECRET_BOX.height, channels: 3, background: '#00c800' },
        },
        left: SECRET_BOX.x,
        top: SECRET_BOX.y,
      },
    ])
    .png()
    .toBuffer();
}

/** A small multi-page PDF, written with pdfkit so the test owns it. */
export async function makeMultiPagePdf(pages: number, label = 'Policy terms'): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    info: { CreationDate: new Date('2023-03-01T00:00:00Z') },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  for (let i = 1; i <= pages; i++) {
    doc.addPage({ size: 'A4' });
    doc.fontSize(28).text(`${label} page ${i} of ${pages}`, 72, 100);
    doc
      .fontSize(11)
      .text('Automatic renewal: the premium is deducted monthly until cancelled. '.repeat(6), 72, 160);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export type SampleCase = { locker: Locker; caseId: string; ids: Record<string, string> };

/** A case like a real one: screenshots, a photo turned by EXIF, a PDF, a WhatsApp chat, an Alipay bill, calls. */
export async function buildSampleCase(dir: string, inbox: string): Promise<SampleCase> {
  const locker = await Locker.open(dir, { ids: sequentialIds(), clock: () => FIXED_NOW });
  const c = await locker.createCase({
    title: '被元保自动扣款',
    counterparty: '元保',
    paymentMethod: '支付宝（花呗）',
    account: '138****0000',
  });
  const put = (name: string, bytes: Buffer) => {
    const f = path.join(inbox, name);
    writeFileSync(f, bytes);
    return f;
  };
  const files = [
    put('Screenshot_20230305-123001.png', await makeCjkScreenshot()),
    put(
      'IMG_20230306_100000.jpg',
      await makeJpeg({
        width: 400,
        height: 240,
        orientation: 6,
        taken: '2023:03:06 10:00:00',
        offset: '+08:00',
      }),
    ),
    put('policy.pdf', await makeMultiPagePdf(3)),
    put('WhatsApp Chat with Ana.txt', readFixture('whatsapp-android-dmy.txt')),
    put('alipay.csv', gbkFixture('alipay-2023.utf8.csv')),
  ];
  const r = await addPaths(locker, c.id, files);
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  const byName = (n: string) => r.added.find((a) => a.path.endsWith(n))!.id;
  await disputeTransactions(locker, c.id, { match: '某某商城' });
  await disputeTransactions(locker, c.id, { match: '某某餐厅' });
  await locker.addEvent(c.id, {
    kind: 'call',
    occurredAt: '2023-03-08 10:30',
    title: '致电支付宝客服 95188，要求停止扣款',
    reference: '工单 12345',
  });
  await locker.addEvent(c.id, {
    kind: 'ticket',
    occurredAt: '2023-03-09 09:00',
    title: 'Complaint filed in the Alipay app',
    reference: 'T-2023-0309',
  });
  return {
    locker,
    caseId: c.id,
    ids: {
      screenshot: byName('Screenshot_20230305-123001.png'),
      photo: byName('IMG_20230306_100000.jpg'),
      pdf: byName('policy.pdf'),
      chat: byName('WhatsApp Chat with Ana.txt'),
      bill: byName('alipay.csv'),
    },
  };
}
