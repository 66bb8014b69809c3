import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

const require = createRequire(import.meta.url);
/** Noto Sans SC from the npm package, so tests never depend on the fonts of the machine. */
export const CJK_FONT = path.join(
  path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
  '400Regular',
  'NotoSansSC_400Regular.ttf',
);

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A phone screenshot: white, with each line of text drawn in Noto Sans SC at the given size. */
export async function renderScreen(
  lines: { text: string; size?: number; left?: number }[],
  options: { width?: number; height?: number; top?: number; gap?: number } = {},
): Promise<Buffer> {
  const width = options.width ?? 1080;
  const height = options.height ?? 2400;
  let top = options.top ?? 160;
  const layers: OverlayOptions[] = [];
  for (const line of lines) {
    const size = line.size ?? 40;
    const input = await sharp({
      text: {
        text: `<span foreground="#1a1a1a">${escape(line.text)}</span>`,
        fontfile: CJK_FONT,
        font: `Noto Sans SC ${size}`,
        dpi: 72,
        rgba: true,
      },
    })
      .png()
      .toBuffer();
    layers.push({ input, top, left: line.left ?? 60 });
    top += Math.round(size * 1.5) + (options.gap ?? 40);
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

/** An Alipay-style bill detail: merchant, the amount in large type, status, and labelled fields. */
export function paymentDetailScreen(): Promise<Buffer> {
  return renderScreen([
    { text: '账单详情', size: 44, left: 440 },
    { text: '元保保险经纪', size: 40, left: 400 },
    { text: '-39.90', size: 88, left: 390 },
    { text: '交易成功', size: 36, left: 470 },
    { text: '支付时间 2025-08-27 08:01:12', size: 36 },
    { text: '付款方式 余额宝', size: 36 },
    { text: '商品说明 元保-百万医疗险月缴', size: 36 },
    { text: '订单号 2025082722001400001234', size: 36 },
  ]);
}
