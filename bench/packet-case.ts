// The case the export benchmarks file and export: N exhibits in the mix of a big real case (per 200: 150 phone
// screenshots 1080×2400, 20 five-page PDFs, a 5,000-message WhatsApp chat, a 2,000-row Alipay statement, 28 photos).
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { disputeTransactions } from '../electron/services/records.ts';
import { tempDir } from './lib.ts';

/** A screenshot-like PNG: light background and rows of text-like noise (compresses like a real one). */
async function screenshot(seed: number): Promise<Buffer> {
  const width = 1080;
  const height = 2400;
  const raw = Buffer.alloc(width * height * 3, 246);
  const noise = randomBytes(width * height);
  for (let row = 160; row < height; row += 44) {
    const lineWidth = 300 + ((seed * 131 + row) % 700);
    for (let y = row + 12; y < row + 32; y++) {
      for (let x = 40; x < 40 + lineWidth; x++) {
        const n = noise[y * width + x]!;
        if (n < 100)
          raw[(y * width + x) * 3] = raw[(y * width + x) * 3 + 1] = raw[(y * width + x) * 3 + 2] = n;
      }
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="1080" height="120"><rect width="1080" height="120" fill="#1677ff"/><text x="40" y="80" font-size="48" fill="#fff">${seed}</text></svg>`,
        ),
        left: 0,
        top: 0,
      },
    ])
    .png({ compressionLevel: 6 })
    .toBuffer();
}

async function fivePagePdf(n: number): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    info: { CreationDate: new Date(Date.UTC(2025, 0, 1 + n)) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  for (let p = 1; p <= 5; p++) {
    doc.addPage({ size: 'A4' }).fontSize(20).text(`Contract ${n}, page ${p}`, 72, 90);
    doc
      .fontSize(10)
      .text('The premium is deducted each month until the policy is cancelled. '.repeat(30), 72, 140);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function whatsapp(count: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(2025, 0, 1) + i * 17 * 60_000);
    const dd = String(d.getUTCDate()).padStart(2, '0');
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    const hh = String(d.getUTCHours()).padStart(2, '0');
    const mi = String(d.getUTCMinutes()).padStart(2, '0');
    const who = i % 3 ? '客服小元' : 'Me';
    const text =
      i % 7 === 0
        ? '请帮我取消元保的自动续费，并退还本月扣款 39.90 元。Please cancel the auto-renewal.'
        : `消息 ${i}：好的，已为您登记，工单处理中。`;
    lines.push(`${dd}/${mm}/${d.getUTCFullYear()}, ${hh}:${mi} - ${who}: ${text}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function alipay(rows: number): Buffer {
  const fixture = readFileSync(
    path.resolve(import.meta.dirname, '../test/fixtures/importers/alipay-2023.utf8.csv'),
    'utf8',
  );
  const head = fixture.split('\n').filter((l) => !/^\d{4}-/.test(l));
  const body: string[] = [];
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2024, 0, 1) + i * 4 * 3600_000 + 8 * 3600_000);
    const stamp = d.toISOString().slice(0, 19).replace('T', ' ');
    const yuanbao = i % 10 === 0;
    const order = `2024${String(i).padStart(12, '0')}`;
    body.push(
      yuanbao
        ? `${stamp},保险,元保保险代理,/,元保自动续费 月缴,支出,39.90,花呗,交易成功,${order}\t,M${order}\t,,`
        : `${stamp},餐饮美食,某某餐厅 ${i % 37},/,午餐 ${i},支出,${(10 + (i % 50)).toFixed(2)},余额,交易成功,${order}\t,M${order}\t,,`,
    );
  }
  return iconv.encode([...head, ...body].join('\n') + '\n', 'gbk');
}

/** Files `count` exhibits into a new case of the locker at `storeDir` (closed again when done). */
export async function buildPacketCase(storeDir: string, count: number): Promise<void> {
  const shots = Math.floor((count * 150) / 200);
  const pdfs = Math.floor((count * 20) / 200);
  const photos = count - shots - pdfs - 2;
  const inbox = tempDir('export-in');
  try {
    const files: string[] = [];
    const put = (name: string, bytes: Buffer) => {
      const f = path.join(inbox.dir, name);
      writeFileSync(f, bytes);
      files.push(f);
    };
    const bases = await Promise.all([1, 2, 3, 4, 5, 6].map(screenshot));
    for (let i = 0; i < shots; i++) {
      // Same pixels, different bytes (a trailing comment after IEND is ignored by decoders, not by hashes).
      put(
        `Screenshot_20250${1 + (i % 9)}${String(10 + (i % 18)).padStart(2, '0')}-1${String(i).padStart(5, '0')}.png`,
        Buffer.concat([bases[i % 6]!, Buffer.from(`#${i}`)]),
      );
    }
    for (let i = 0; i < pdfs; i++) put(`contract-${i}.pdf`, await fivePagePdf(i));
    for (let i = 0; i < photos; i++) {
      put(
        `IMG_2025010${1 + (i % 9)}_1200${String(i).padStart(2, '0')}.jpg`,
        await sharp({
          create: {
            width: 1600,
            height: 1200,
            channels: 3,
            background: { r: i * 8, g: 255 - i * 8, b: 100 },
          },
        })
          .jpeg({ quality: 85 })
          .toBuffer(),
      );
    }
    put('WhatsApp Chat with 元保客服.txt', whatsapp(5000));
    put('alipay-2024.csv', alipay(2000));

    const locker = await Locker.open(storeDir);
    try {
      const c = await locker.createCase({
        title: '被元保自动扣款',
        counterparty: '元保',
        paymentMethod: '支付宝',
      });
      const added = await addPaths(locker, c.id, files);
      if (added.added.length !== count)
        throw new Error(
          `expected ${count} exhibits, got ${added.added.length}: ${JSON.stringify([added.duplicates.slice(0, 2), added.skipped.slice(0, 2), added.errors.slice(0, 2)])}`,
        );
      await disputeTransactions(locker, c.id, { match: '元保' });
    } finally {
      locker.close();
    }
  } finally {
    inbox.remove();
  }
}
