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
    ['bank-cn-debit.csv', 'bank-csv'],
    ['bank-en-ddmm-signed.csv', 'bank-csv'],
    ['bank-en-mmdd-debit-credit.csv', 'bank-csv'],
    ['card-v102.qfx', 'ofx'],
    ['bank-v220.ofx', 'ofx'],
    ['camt053-v08.xml', 'camt053'],
    ['german-mt940.sta', 'mt940'],
    ['checking.qif', 'qif'],
    ['telegram-single.json', 'telegram-json'],
    ['renewal-html.eml', 'email'],
    ['thread.mbox', 'email'],
    ['wechat-chat.csv', 'wechat-chat-csv'],
    ['line-chat.txt', 'line-txt'],
    ['transcript.txt', 'transcript-txt'],
  ])('routes %s to %s', async (name, format) => {
    const bytes = name.startsWith('alipay') ? gbkFixture(name) : readFixture(name);
    expect((await runImporters(bytes, ctx(name)))?.format).toBe(format);
  });

  it('still gives the Alipay GBK export to its own reader as UTF-8 too, ahead of the bank CSV reader', async () => {
    expect((await runImporters(readFixture('alipay-2023.utf8.csv'), ctx()))?.format).toBe('alipay-csv');
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
