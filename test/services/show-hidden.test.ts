import { describe, expect, it } from 'vitest';
import { showHidden } from '../../renderer/lib/text.ts';

describe('names on screen', () => {
  it('shows bidi overrides, isolates and zero-width marks as visible codes, and leaves joiners and text alone', () => {
    expect(showHidden('invoice\u202Egpj.exe')).toBe('invoice⟦U+202E⟧gpj.exe');
    expect(showHidden('a\u200Bb\u2066c\u2069\uFEFF')).toBe('a⟦U+200B⟧b⟦U+2066⟧c⟦U+2069⟧⟦U+FEFF⟧');
    expect(showHidden('支付宝交易明细.csv')).toBe('支付宝交易明细.csv');
    expect(showHidden('👩\u200D💻 می\u200Cخواهم')).toBe('👩\u200D💻 می\u200Cخواهم');
  });
});
