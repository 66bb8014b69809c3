import { describe, expect, it } from 'vitest';
import { importers, runImporters } from '../../electron/services/importers/index.ts';
import type { Importer } from '../../electron/services/importers/types.ts';
import { ctx, gbkFixture, readFixture } from './helpers.ts';

describe('runImporters', () => {
  it.each([
    ['alipay-2023.utf8.csv', 'alipay-csv'],
    ['alipay-legacy.utf8.csv', 'alipay-csv'],
    ['wechatpay.csv', 'wechatpay-csv'],
    ['whatsapp-android-dmy.txt', 'whatsapp-txt'],
    ['whatsapp-ios-mdy-12h.txt', 'whatsapp-txt'],
  ])('routes %s to %s', async (name, format) => {
    const bytes = name.startsWith('alipay') ? gbkFixture(name) : readFixture(name);
    expect((await runImporters(bytes, ctx(name)))?.format).toBe(format);
  });

  it('returns null when no importer claims the file', async () => {
    expect(await runImporters(Buffer.from('just some notes\n'), ctx('notes.txt'))).toBeNull();
    expect(await runImporters(Buffer.alloc(0), ctx('empty'))).toBeNull();
  });

  it('turns a parser that throws into a result with one problem', async () => {
    const exploding: Importer = {
      format: 'test-exploding',
      label: 'Exploding test format',
      detect: (head) => head.toString('utf8').startsWith('BOOM'),
      parse: () => {
        throw new Error('kaboom');
      },
    };
    importers.unshift(exploding);
    try {
      expect(await runImporters(Buffer.from('BOOM'), ctx())).toEqual({
        format: 'test-exploding',
        label: 'Exploding test format',
        transactions: [],
        messages: [],
        problems: [{ line: 0, error: 'the Exploding test format reader failed: kaboom' }],
      });
    } finally {
      importers.shift();
    }
  });

  it('skips a detector that throws', async () => {
    const broken: Importer = {
      format: 'test-broken',
      label: 'Broken detector',
      detect: () => {
        throw new Error('nope');
      },
      parse: () => ({ format: 'test-broken', label: '', transactions: [], messages: [], problems: [] }),
    };
    importers.unshift(broken);
    try {
      expect((await runImporters(readFixture('wechatpay.csv'), ctx()))?.format).toBe('wechatpay-csv');
    } finally {
      importers.shift();
    }
  });
});
