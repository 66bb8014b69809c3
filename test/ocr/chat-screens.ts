import sharp, { type OverlayOptions } from 'sharp';
import { CJK_FONT } from './screens.ts';

/*
 * A phone screenshot of a support chat, drawn at run time: the window's title centred at the top, the other
 * side's bubbles on the left (grey), the user's own on the right (green), times centred between them, as
 * Alipay's and merchants' service windows lay them out.
 */

export type ChatLine = { text: string; side: 'me' | 'them' | 'middle'; size?: number };

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const BUBBLE: Record<ChatLine['side'], string | null> = { them: '#eeeeee', me: '#b8ec9c', middle: null };

export async function renderChat(
  lines: ChatLine[],
  options: { width?: number; height?: number } = {},
): Promise<Buffer> {
  const width = options.width ?? 1080;
  const height = options.height ?? 2400;
  const layers: OverlayOptions[] = [];
  let top = 200;
  for (const line of lines) {
    const size = line.size ?? (line.side === 'middle' ? 30 : 40);
    const text = await sharp({
      text: {
        text: `<span foreground="${line.side === 'middle' ? '#777777' : '#1a1a1a'}">${escape(line.text)}</span>`,
        fontfile: CJK_FONT,
        font: `Noto Sans SC ${size}`,
        dpi: 72,
        rgba: true,
      },
    })
      .png()
      .toBuffer();
    const meta = await sharp(text).metadata();
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    const left =
      line.side === 'them' ? 150 : line.side === 'me' ? width - 150 - w : Math.round((width - w) / 2);
    const fill = BUBBLE[line.side];
    if (fill) {
      const pad = 24;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w + 2 * pad}" height="${h + 2 * pad}"><rect width="100%" height="100%" rx="16" fill="${fill}"/></svg>`;
      layers.push({ input: Buffer.from(svg), top: top - pad, left: left - pad });
    }
    layers.push({ input: text, top, left });
    top += h + (fill ? 96 : 56);
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

/** 元保's support window: a time, their greeting, the user's complaint, their answer, the user's ask. */
export function yuanbaoSupportChat(): Promise<Buffer> {
  return renderChat([
    { text: '元保在线客服', side: 'middle', size: 44 },
    { text: '10:15', side: 'middle' },
    { text: '您好，很高兴为您服务', side: 'them' },
    { text: '我没有开通过自动续费，为什么每月扣款', side: 'me' },
    { text: '已为您查询到扣款记录', side: 'them' },
    { text: '10:21', side: 'middle' },
    { text: '请全部退款并关闭扣款', side: 'me' },
    { text: '我们会在三个工作日内答复您', side: 'them' },
  ]);
}
