import { describe, expect, it } from 'vitest';
import { suggestFacts } from '../../electron/services/ocr/suggest.ts';
import { buildLines, fixCharacters, type OcrWord } from '../../electron/services/ocr/text.ts';

/** Words laid out left to right on numbered lines, 20 px per character. */
function words(lines: string[][]): OcrWord[] {
  return lines.flatMap((line, l) => {
    let x = 0;
    return line.map((text) => {
      const w = {
        text,
        confidence: 90,
        bbox: { x0: x, y0: l * 50, x1: x + text.length * 20, y1: l * 50 + 30 },
        line: l,
      };
      x += text.length * 20 + 10;
      return w;
    });
  });
}

describe('OCR post-processing', () => {
  it('removes the spaces tesseract puts between Chinese characters and keeps the others', () => {
    const [line] = buildLines(words([['元', '保', '保', '险', 'Customer', 'service', '39.90']]));
    expect(line!.text).toBe('元保保险 Customer service 39.90');
    // Every character still maps to the word it was read from.
    expect(line!.charWord.slice(0, 5)).toEqual([0, 1, 2, 3, -1]);
  });

  it('reads the yuan sign where OCR saw Y, 半 or 羊 before an amount, and nowhere else', () => {
    expect(fixCharacters('Y39.90')).toBe('¥39.90');
    expect(fixCharacters('实付 半 39.90')).toBe('实付 ¥ 39.90');
    expect(fixCharacters('-羊1,299.00')).toBe('-¥1,299.00');
    expect(fixCharacters('PAY 39.90')).toBe('PAY 39.90');
    expect(fixCharacters('Year 2025')).toBe('Year 2025');
    expect(fixCharacters('半年 39')).toBe('半年 39');
  });
});

describe('suggestFacts', () => {
  it('finds labelled facts, a misread yuan sign and an order number OCR broke with a space', () => {
    const facts = suggestFacts(
      {
        words: words([
          ['商户名称', '元保保险经纪'],
          ['付款金额', 'Y39.90'],
          ['创建时间', '2025/08/27', '08:01'],
          ['商户单号', 'M2025', '0827001'],
        ]),
      },
      { timeZone: 'Asia/Shanghai' },
    );
    expect(facts.counterparty?.value).toBe('元保保险经纪');
    expect(facts.amount).toMatchObject({ value: '39.90', minor: 3990, currency: 'CNY', sign: null });
    expect(facts.time).toMatchObject({ local: '2025-08-27 08:01:00', at: '2025-08-27T08:01:00+08:00' });
    expect(facts.orderId?.value).toBe('M20250827001');
    expect(facts.orderId?.source.boxes).toHaveLength(2);
    expect(facts.amount?.source.boxes).toEqual([{ x0: 90, y0: 50, x1: 210, y1: 80 }]);
  });

  it('reads the whole label 商家名称, not 商家 followed by a name beginning 名称', () => {
    const facts = suggestFacts({
      words: words([
        ['商家名称', '元保保险经纪'],
        ['付款金额', '39.90'],
      ]),
    });
    expect(facts.counterparty?.value).toBe('元保保险经纪');
    const full = suggestFacts({ words: words([['商家全称：', '元保保险经纪(北京)有限公司']]) });
    expect(full.counterparty?.value).toBe('元保保险经纪(北京)有限公司');
  });

  it('suggests nothing from a screen with no payment on it', () => {
    expect(suggestFacts({ words: words([['聊天记录'], ['你好', 'hello']]) })).toEqual({});
  });
});
