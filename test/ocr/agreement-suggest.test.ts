import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTesseractEngine, type OcrEngine } from '../../electron/services/ocr/engine.ts';
import {
  cleanNumber,
  suggestAgreement,
  suggestAgreementFromText,
} from '../../electron/services/ocr/agreement-suggest.ts';
import type { OcrWord } from '../../electron/services/ocr/text.ts';
import { alipayAgreementScreen, wechatAgreementScreen } from './agreement-screens.ts';
import { paymentDetailScreen } from './screens.ts';

const values = (s: ReturnType<typeof suggestAgreementFromText>) => ({
  isAgreementPage: s.isAgreementPage,
  platform: s.platform,
  merchant: s.merchant?.value,
  service: s.service?.value,
  number: s.number?.value,
  signedAt: s.signedAt?.at,
  method: s.method?.value,
  status: s.status?.value,
  closedAt: s.closedAt?.at,
  found: s.found,
});

describe('suggestAgreement on text as tesseract gives it', () => {
  it('reads an Alipay 自动扣款 page with spaced Chinese, look-alike letters in the digits and a misread label', () => {
    const text = [
      '服 务 详 情',
      '元 保',
      '服 务 名 称 百 万 医 疗 险 自 动 续 费',
      '商 家 名 称 元 保 保 险 经 纪 （ 北 京 ） 有 限 公 司',
      '服 务 协 议 号 2025O327OOOOOOOOl234',
      '签 约 时 问 2O25-03-27 08:0O:12',
      '扣 款 方 式 ： 余 额 宝',
      '状 态 正 常',
      '关 闭 服 务',
    ].join('\n');
    expect(values(suggestAgreementFromText(text))).toEqual({
      isAgreementPage: true,
      platform: 'alipay',
      merchant: '元保保险经纪(北京)有限公司',
      service: '百万医疗险自动续费',
      number: '20250327000000001234',
      signedAt: '2025-03-27T08:00:12+08:00',
      method: '余额宝',
      status: 'active',
      closedAt: undefined,
      found: ['merchant', 'service', 'number', 'signedAt', 'method', 'status'],
    });
  });

  it('reads a closed WeChat Pay 自动续费 page with dates written in Chinese', () => {
    const text = [
      '自 动 续 费',
      '服务名称 元保百万医疗',
      '商户名称 元保保险经纪有限公司',
      '开通时间 2025 年 3 月 27 日 08:00',
      '扣费方式 零钱',
      '协议编号 42OO0012342O25O3270001',
      '状态 已关闭',
      '关闭时间 2025年9月1日',
    ].join('\n');
    expect(values(suggestAgreementFromText(text))).toEqual({
      isAgreementPage: true,
      platform: 'wechat',
      merchant: '元保保险经纪有限公司',
      service: '元保百万医疗',
      number: '4200001234202503270001',
      signedAt: '2025-03-27T08:00:00+08:00',
      method: '零钱',
      status: 'closed',
      closedAt: '2025-09-01T00:00:00+08:00',
      found: ['merchant', 'service', 'number', 'signedAt', 'method', 'status', 'closedAt'],
    });
  });

  it('takes the merchant from the name above the rows, the value from the next line, and infers the status', () => {
    const open = suggestAgreementFromText(
      ['免密支付', '元保', '开通时间', '2025/03/27 08:00', '扣款方式 花呗', '关闭服务'].join('\n'),
    );
    expect(values(open)).toMatchObject({
      isAgreementPage: true,
      merchant: '元保',
      signedAt: '2025-03-27T08:00:00+08:00',
      method: '花呗',
      status: 'active',
    });
    expect(open.status?.isInferred).toBe(true);
    const closed = suggestAgreementFromText(
      ['自动扣款', '商家 某某视频', '签约时间 2024-01-05 10:00', '解约时间 2025-02-01 09:30'].join('\n'),
    );
    expect(closed.status).toMatchObject({ value: 'closed', isInferred: true });
    expect(closed.closedAt?.at).toBe('2025-02-01T09:30:00+08:00');
    // Alipay calls a closed agreement 已解约.
    expect(
      suggestAgreementFromText('自动扣款\n商家名称 元保\n签约时间 2025-03-27\n状态 已解约').status?.value,
    ).toBe('closed');
  });

  it('reads a time in the asked time zone', () => {
    const s = suggestAgreementFromText('自动扣款\n商家名称 Acme\n签约时间 2025-03-27 08:00', {
      timeZone: 'Europe/London',
    });
    expect(s.signedAt).toMatchObject({ local: '2025-03-27 08:00:00', at: '2025-03-27T08:00:00+00:00' });
  });

  it('does not take a payment detail for an agreement page', () => {
    const payment = suggestAgreementFromText(
      [
        '账单详情',
        '元保保险经纪',
        '-39.90',
        '交易成功',
        '支付时间 2025-08-27 08:01:12',
        '付款方式 余额宝',
        '商品说明 元保-百万医疗险月缴',
        '订单号 2025082722001400001234',
      ].join('\n'),
    );
    expect(payment.isAgreementPage).toBe(false);
    expect(payment.signedAt).toBeUndefined();
    expect(suggestAgreementFromText('').isAgreementPage).toBe(false);
    expect(suggestAgreementFromText('自动扣款\n帮助中心').isAgreementPage).toBe(false);
  });

  it('leaves an ambiguous misread label alone rather than guessing', () => {
    // One character off both 签约时间 (signed) and 解约时间 (closed): neither is taken.
    const s = suggestAgreementFromText('自动扣款\n商家名称 元保\n某约时间 2025-03-27 08:00');
    expect(s.signedAt).toBeUndefined();
    expect(s.closedAt).toBeUndefined();
  });
});

describe('cleanNumber', () => {
  it('fixes look-alike letters only in numbers that are mostly digits', () => {
    expect(cleanNumber('2025 0327 OOOl 234')).toBe('202503270001234');
    expect(cleanNumber('2O25O327|2S4')).toBe('202503271254');
    expect(cleanNumber('wxpay_contract_ABC123')).toBe('wxpay_contract_ABC123');
    expect(cleanNumber('正常')).toBe('');
  });
});

describe('suggestAgreement on word boxes', () => {
  it('joins a label and a value that OCR read as two lines on the same row, and keeps their boxes', () => {
    const word = (text: string, line: number, x0: number, y0: number): OcrWord => ({
      text,
      confidence: 90,
      bbox: { x0, y0, x1: x0 + 40 * text.length, y1: y0 + 36 },
      line,
    });
    // Tesseract put the left column first, then the right column: labels and values in separate lines.
    const words = [
      word('自动扣款', 0, 440, 180),
      word('商家名称', 1, 60, 400),
      word('签约时间', 2, 60, 500),
      word('元保', 3, 900, 402),
      word('2025-03-27', 4, 640, 498),
      word('08:00:12', 4, 880, 498),
    ];
    const s = suggestAgreement({ words });
    expect(s.merchant?.value).toBe('元保');
    expect(s.merchant?.source.boxes).toEqual([{ x0: 900, y0: 402, x1: 980, y1: 438 }]);
    expect(s.signedAt?.at).toBe('2025-03-27T08:00:12+08:00');
    expect(s.signedAt?.source.boxes).toHaveLength(2);
    expect(s.isAgreementPage).toBe(true);
  });
});

describe('suggestAgreement on rendered screenshots read by tesseract', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createTesseractEngine();
  }, 30_000);
  afterAll(async () => {
    await engine.terminate();
  });
  const read = async (png: Buffer) => engine.recognize(png, { width: 1080, height: 2400 });

  it('reads an Alipay 自动扣款 service page', { timeout: 30_000 }, async () => {
    const page = await read(await alipayAgreementScreen());
    const s = suggestAgreement(page);
    expect(values(s)).toEqual({
      isAgreementPage: true,
      platform: 'alipay',
      merchant: '元保保险经纪(北京)有限公司',
      service: '百万医疗险自动续费',
      number: '20250327000000001234',
      signedAt: '2025-03-27T08:00:12+08:00',
      method: '余额宝',
      status: 'active',
      closedAt: undefined,
      found: ['merchant', 'service', 'number', 'signedAt', 'method', 'status'],
    });
    // The boxes point at the value on the right of the row, not at its label.
    for (const box of s.number!.source.boxes) expect(box.x0).toBeGreaterThan(420);
    expect(s.number!.source.confidence).toBeGreaterThan(60);
  });

  it('reads a closed WeChat Pay 自动续费 page', { timeout: 30_000 }, async () => {
    const s = suggestAgreement(await read(await wechatAgreementScreen()));
    expect(values(s)).toEqual({
      isAgreementPage: true,
      platform: 'wechat',
      merchant: '元保保险经纪(北京)有限公司',
      service: '元保百万医疗',
      number: '4200001234202503270001',
      signedAt: '2025-03-27T08:00:00+08:00',
      method: '招商银行信用卡(1234)',
      status: 'closed',
      closedAt: '2025-09-01T20:00:00+08:00',
      found: ['merchant', 'service', 'number', 'signedAt', 'method', 'status', 'closedAt'],
    });
  });

  it('does not offer an agreement for a payment detail screenshot', { timeout: 30_000 }, async () => {
    const s = suggestAgreement(await read(await paymentDetailScreen()));
    expect(s.isAgreementPage).toBe(false);
  });
});
