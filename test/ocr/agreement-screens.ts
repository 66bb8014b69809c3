import sharp, { type OverlayOptions } from 'sharp';
import { CJK_FONT } from './screens.ts';

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Row =
  | { title: string; size?: number; colour?: string }
  | { label: string; value: string; size?: number }
  | { gap: number };

async function textImage(
  text: string,
  size: number,
  colour: string,
): Promise<{ input: Buffer; width: number }> {
  const input = await sharp({
    text: {
      text: `<span foreground="${colour}">${escape(text)}</span>`,
      fontfile: CJK_FONT,
      font: `Noto Sans SC ${size}`,
      dpi: 72,
      rgba: true,
    },
  })
    .png()
    .toBuffer();
  const { width } = await sharp(input).metadata();
  return { input, width: width ?? 0 };
}

/**
 * A settings page as payment apps draw it: a centred title, then rows with the label on the left in grey and
 * the value right-aligned in black — the layout that makes OCR read a label and its value as two pieces.
 */
export async function renderSettingsScreen(
  rows: Row[],
  options: { width?: number; height?: number } = {},
): Promise<Buffer> {
  const width = options.width ?? 1080;
  const height = options.height ?? 2400;
  const layers: OverlayOptions[] = [];
  let top = 180;
  for (const row of rows) {
    if ('gap' in row) {
      top += row.gap;
      continue;
    }
    const size = row.size ?? 36;
    if ('title' in row) {
      const t = await textImage(row.title, size, row.colour ?? '#1a1a1a');
      layers.push({ input: t.input, top, left: Math.max(0, Math.round((width - t.width) / 2)) });
    } else {
      const l = await textImage(row.label, size, '#7a7a7a');
      const v = await textImage(row.value, size, '#1a1a1a');
      layers.push({ input: l.input, top, left: 60 });
      layers.push({ input: v.input, top, left: Math.max(420, width - 60 - v.width) });
    }
    top += Math.round(size * 1.5) + 48;
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

/**
 * Alipay 我的 → 设置 → 支付设置 → 免密支付/自动扣款 → one service: who it is with, what it is, the agreement
 * number, when it was signed, how it pays, and the 关闭服务 button at the bottom.
 */
export function alipayAgreementScreen(): Promise<Buffer> {
  return renderSettingsScreen([
    { title: '服务详情', size: 44 },
    { title: '元保', size: 52 },
    { gap: 40 },
    { label: '服务名称', value: '百万医疗险自动续费' },
    { label: '商家名称', value: '元保保险经纪（北京）有限公司' },
    { label: '服务协议号', value: '20250327000000001234' },
    { label: '签约时间', value: '2025-03-27 08:00:12' },
    { label: '扣款方式', value: '余额宝' },
    { label: '状态', value: '正常' },
    { gap: 200 },
    { title: '关闭服务', size: 40, colour: '#1677ff' },
  ]);
}

/** WeChat Pay 我 → 服务 → 钱包 → 支付设置 → 自动续费 → one service, already closed by the user. */
export function wechatAgreementScreen(): Promise<Buffer> {
  return renderSettingsScreen([
    { title: '自动续费', size: 44 },
    { gap: 40 },
    { label: '服务名称', value: '元保百万医疗' },
    { label: '商户名称', value: '元保保险经纪（北京）有限公司' },
    { label: '开通时间', value: '2025年3月27日 08:00' },
    { label: '扣费方式', value: '招商银行信用卡(1234)' },
    { label: '协议编号', value: '4200001234202503270001' },
    { label: '状态', value: '已关闭' },
    { label: '关闭时间', value: '2025年9月1日 20:00' },
  ]);
}
