import { describe, expect, it } from 'vitest';
import { coded, say, type Coded } from '../../electron/messages/say.ts';
import { codeOfSentence } from '../../electron/services/legacy-warnings.ts';

/** One of each note the locker writes in English somewhere (importers, the packet export, older versions). */
const NOTES: Coded[] = [
  coded('warn.too-large'),
  coded('warn.image-mtime'),
  coded('warn.no-preview'),
  coded('warn.photo-zone', { zone: 'Asia/Shanghai' }),
  coded('warn.pdf-no-text'),
  coded('warn.lines-unreadable', { count: 4, where: coded('where.line', { line: 12 }), first: 'no amount' }),
  coded('warn.archive-partly', { first: 'entry "x" is encrypted', more: 0 }),
  coded('warn.not-a-bill-mappable'),
  coded('warn.not-a-bill'),
  coded('warn.layout-not-table', { name: '招商银行' }),
  coded('warn.layout-misfit', { name: '招商银行', issues: 'no date column' }),
  coded('warn.alipay-resaved', { signs: 'dates rewritten' }),
  coded('warn.qif-investments', { line: 30, records: 3 }),
  coded('warn.msg-no-time', { said: coded('said.file-mtime') }),
  coded('warn.msg-attached-message', { title: 'Re: refund' }),
  coded('warn.msg-empty-attachment', { name: 'image001.png' }),
  coded('warn.mail-time', { subject: '', missing: 'no Date header', said: coded('said.mail-time') }),
  coded('export.image-undecodable', { name: 'IMG_1.png', detail: 'bad huffman' }),
  coded('export.volume-over', { volume: 2, bytes: 30000000, max: 20000000, exhibit: '7' }),
];

describe('English notes matched back to their codes', () => {
  it.each(NOTES.map((n) => [n.code, n] as const))('reads %s back from its English words', (_code, note) => {
    expect(codeOfSentence(say(note, 'en'))).toEqual(note);
  });

  it('keeps a sentence it does not know as text, word for word', () => {
    expect(codeOfSentence('something else entirely')).toEqual(
      coded('text', { text: 'something else entirely' }),
    );
    expect(say(codeOfSentence('something else entirely'), 'zh-CN')).toBe('something else entirely');
  });
});
