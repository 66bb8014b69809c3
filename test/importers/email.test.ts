import { describe, expect, it } from 'vitest';
import {
  emailImporter,
  htmlToPlainText,
  offsetOfDateHeader,
  parseEmail,
  sanitizeFileName,
  splitMbox,
} from '../../electron/services/importers/email.ts';
import { ctx, expectWellFormed, readFixture } from './helpers.ts';

describe('emailImporter', () => {
  const eml = readFixture('renewal-html.eml');
  const mbox = readFixture('thread.mbox');

  it('detects a header block, with or without an mbox From line, and nothing else', () => {
    expect(emailImporter.detect(eml, ctx('x.bin'))).toBe(true);
    expect(emailImporter.detect(mbox, ctx('x.bin'))).toBe(true);
    expect(emailImporter.detect(Buffer.from('Subject: hi\nnot a header line\n\nbody'), ctx())).toBe(false);
    expect(emailImporter.detect(Buffer.from('Note: one\nTodo: two\n'), ctx())).toBe(false);
    expect(emailImporter.detect(readFixture('whatsapp-android-dmy.txt'), ctx())).toBe(false);
  });

  it('reads headers into document facts, the Date offset kept as written', async () => {
    const result = await parseEmail(eml);
    expectWellFormed(result);
    expect(result.problems).toEqual([]);
    expect(result.document).toMatchObject({
      title: '关于您的自动续费 (order 42)',
      occurredAt: { utc: '2025-03-05T02:15:00.000Z', offset: 480 },
      details: {
        from: '"元保客服" <service@yuanbao.example>',
        to: '"Li Wei" <li.wei@example.com>',
        cc: 'disputes@example.com',
        subject: '关于您的自动续费 (order 42)',
        date: 'Wed, 5 Mar 2025 10:15:00 +0800',
        messageId: '<abc123@yuanbao.example>',
      },
    });
  });

  it('turns an HTML-only body into text, with no markup or script left', async () => {
    const text = (await parseEmail(eml)).document?.text ?? '';
    expect(text).toContain('Your plan renews monthly at 39.90 CNY.');
    expect(text).not.toMatch(/<|script|alert/);
  });

  it('files every attachment with a sanitised name, never a path', async () => {
    const result = await parseEmail(eml);
    expect(result.files?.map((f) => [f.name, f.role, f.bytes!.toString('latin1')])).toEqual([
      ['.._.._etc_contract.pdf', 'attachment', '%PDF-1.4\n'],
      ['notes.txt', 'attachment', 'no name given in the disposition'],
    ]);
    expect(result.messages[0]).toMatchObject({
      sender: '"元保客服" <service@yuanbao.example>',
      attachments: ['.._.._etc_contract.pdf', 'notes.txt'],
      isSystem: false,
      line: 1,
      chat: '关于您的自动续费 (order 42)',
    });
  });

  it('reads an mbox message by message, undoing >From quoting', async () => {
    const result = await parseEmail(mbox);
    expectWellFormed(result);
    expect(result.messages.map((m) => [m.line, m.utc, m.offset, m.sender, m.chat])).toEqual([
      [1, '2025-03-05T02:15:00.000Z', 480, '"Yuanbao" <service@yuanbao.example>', 'Renewal notice'],
      [10, '2025-03-06T14:00:00.000Z', -300, '"Li Wei" <li.wei@example.com>', 'Renewal notice'],
      // No Date header: the mbox separator's date (UTC, as mail stores write it), with a warning.
      [18, '2025-03-07T00:00:00.000Z', 0, 'x@example.com', 'no date here'],
    ]);
    expect(result.messages[0]?.text).toBe(
      'Renewal notice\n\nYour plan renews on 6 March.\nFrom the team, thanks.',
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      '"no date here": no Date header; its time is the date on its mbox "From " line',
    ]);
    expect(result.document).toEqual({
      title: '3 e-mails',
      details: { count: 3, subjects: ['Renewal notice', 'Re: Renewal notice', 'no date here'] },
    });
  });
});

describe('splitMbox', () => {
  it('keeps an .eml whose body has a From line after a blank line whole', () => {
    const text = 'Subject: x\nDate: Wed, 5 Mar 2025 10:15:00 +0800\n\nhello\n\nFrom here on, more.\n';
    expect(splitMbox(Buffer.from(text))).toHaveLength(1);
  });
});

describe('sanitizeFileName', () => {
  it.each([
    [
      'Kontoutskrift for 1506.14.90466\nBedriftskonto.pdf',
      'Kontoutskrift for 1506.14.90466_Bedriftskonto.pdf',
    ],
    ['C:\\Users\\x\\a.pdf', 'C:_Users_x_a.pdf'],
    ['..', 'fallback.bin'],
    ['', 'fallback.bin'],
    [undefined, 'fallback.bin'],
    ['  a\u0000b.txt ', 'a_b.txt'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeFileName(name, 'fallback.bin')).toBe(expected);
  });

  it('shortens a very long name and keeps its extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.pdf`, 'f');
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('offsetOfDateHeader', () => {
  it.each([
    ['Tue, 1 Oct 2013 00:42:18 +0200', 120],
    ['Thu, 06 Mar 2025 09:00:00 -0500 (EST)', -300],
    ['Thu, 06 Mar 2025 09:00:00 PDT', -420],
    ['Thu, 06 Mar 2025 09:00:00 GMT', 0],
    ['nonsense', 0],
  ])('%s → %d', (value, offset) => {
    expect(offsetOfDateHeader(value)).toBe(offset);
  });
});

describe('htmlToPlainText', () => {
  it('keeps the words and line structure, drops scripts, styles and tags', () => {
    const html =
      '<html><head><title>t</title><style>p{}</style></head><body><p>Total:&nbsp;<b>39.90</b></p>' +
      '<script>alert(1)</script><table><tr><td>A</td><td>B</td></tr></table>Fish &amp; chips<br>end</body></html>';
    expect(htmlToPlainText(html)).toBe('Total: 39.90\nA B\n\nFish & chips\nend');
  });

  it('stays linear on an unclosed script', () => {
    expect(htmlToPlainText(`a<script>${'x'.repeat(100_000)}`)).toBe('a');
  });
});
