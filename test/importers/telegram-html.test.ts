import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImporters } from '../../electron/services/importers/index.ts';
import { parseTelegramHtml, telegramHtmlImporter } from '../../electron/services/importers/telegram-html.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseMessages } from '../../electron/services/records.ts';
import { makePdf, makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { ctx } from './helpers.ts';

/**
 * Telegram Desktop's HTML export as it writes it: one-space-indented markup, text on lines of its own, a
 * page header with the chat's name, day separators as `message service` with negative ids, messages as
 * `message default clearfix` (`joined` when the sender repeats), the date in the `title` of
 * `pull_right date details`, media as links into `photos/`, `files/` …, and service entries in words.
 */
const page = (chat: string, body: string) => `<!DOCTYPE html>
<html>

 <head>

  <meta charset="utf-8"/>
<title>Exported Data</title>

  <meta content="width=device-width, initial-scale=1.0" name="viewport"/>

  <link href="css/style.css" rel="stylesheet"/>

  <script src="js/script.js" type="text/javascript">

  </script>

 </head>

 <body onload="CheckLocation();">

  <div class="page_wrap">

   <div class="page_header">

    <div class="content">

     <div class="text bold">
${chat}
     </div>

    </div>

   </div>

   <div class="page_body chat_page">

    <div class="history">
${body}
    </div>

   </div>

  </div>

 </body>

</html>
`;

const separator = (id: number, day: string) => `
     <div class="message service" id="message-${id}">

      <div class="body details">
${day}
      </div>

     </div>
`;

const service = (id: number, words: string) => `
     <div class="message service" id="message${id}">

      <div class="body details">
${words}
      </div>

     </div>
`;

type Msg = { id: number; date: string; from?: string; text?: string; extra?: string; joined?: boolean };

const message = ({ id, date, from, text, extra = '', joined }: Msg) => `
     <div class="message default clearfix${joined ? ' joined' : ''}" id="message${id}">
${
  joined
    ? ''
    : `
      <div class="pull_left userpic_wrap">

       <div class="userpic userpic2" style="width: 42px; height: 42px">

        <div class="initials" style="line-height: 42px">
AS
        </div>

       </div>

      </div>
`
}
      <div class="body">

       <div class="pull_right date details" title="${date}">
${date.slice(11, 16)}
       </div>
${
  from
    ? `
       <div class="from_name">
${from}
       </div>
`
    : ''
}${extra}${
  text === undefined
    ? ''
    : `
       <div class="text">
${text}
       </div>
`
}
      </div>

     </div>
`;

const photo = (file: string) => `
       <div class="media_wrap clearfix">

        <a class="photo_wrap clearfix pull_left" href="photos/${file}">

         <img class="photo" src="photos/${file.replace('.jpg', '_thumb.jpg')}" style="width: 260px; height: 195px"/>

        </a>

       </div>
`;

const notIncluded = (kind: string) => `
       <div class="media_wrap clearfix">

        <div class="media clearfix pull_left media_photo">

         <div class="fill pull_left">

         </div>

         <div class="body">

          <div class="title bold">
${kind}
          </div>

          <div class="status details">
Not included, change data exporting settings to download.
          </div>

         </div>

        </div>

       </div>
`;

const page1 = page(
  'Streaming Support',
  [
    separator(1, '5 March 2025'),
    service(10, 'Anna Schmidt joined Telegram'),
    message({
      id: 11,
      date: '05.03.2025 14:02:11 UTC+01:00',
      from: 'Anna Schmidt',
      // Telegram escapes only & < > " and writes everything else as UTF-8.
      text: 'I was charged 9.99 € <strong>again</strong> &amp; &quot;again&quot;.<br>Please refund.',
    }),
    message({
      id: 12,
      date: '05.03.2025 14:02:40 UTC+01:00',
      joined: true,
      extra: photo('photo_1@05-03-2025_14-02-40.jpg'),
    }),
    message({
      id: 13,
      date: '05.03.2025 14:05:00 UTC+01:00',
      from: 'Streaming Support',
      extra: `
       <div class="reply_to details">
In reply to <a href="#go_to_message11" onclick="return GoToMessage(11)">this message</a>
       </div>
`,
      text: 'We are looking into it.',
    }),
  ].join(''),
);
const page2 = page(
  'Streaming Support',
  [
    separator(2, '6 March 2025'),
    message({
      id: 14,
      date: '06.03.2025 09:00:00 UTC+01:00',
      from: 'Anna Schmidt',
      extra: `
       <div class="forwarded body">

        <div class="from_name">
My Bank <span class="date details" title="06.03.2025 08:00:00 UTC+01:00"> 06.03.2025 08:00:00</span>
        </div>

        <div class="text">
Debit 9.99 EUR STREAMING
        </div>

       </div>
`,
    }),
    message({ id: 15, date: '06.03.2025 09:01:00 UTC+01:00', joined: true, extra: notIncluded('Photo') }),
  ].join(''),
);

describe('telegramHtmlImporter', () => {
  it('detects an exported page, not any HTML', () => {
    expect(telegramHtmlImporter.detect(Buffer.from(page1), ctx('messages.html'))).toBe(true);
    expect(telegramHtmlImporter.detect(Buffer.from('<!DOCTYPE html><html><title>x</title>'), ctx())).toBe(
      false,
    );
  });

  it('reads senders (joined ones too), text with markup as words, replies, media and service entries', () => {
    const r = parseTelegramHtml(Buffer.from(page1), ctx('messages.html', 'Asia/Shanghai'));
    expect(r.problems).toEqual([]);
    expect(r.messages.map((m) => [m.utc, m.offset, m.sender, m.text, m.attachments, m.isSystem])).toEqual([
      // A service entry carries no time: it takes the next message's at the top of a page.
      ['2025-03-05T13:02:11.000Z', 60, '', 'Anna Schmidt joined Telegram', [], true],
      [
        '2025-03-05T13:02:11.000Z',
        60,
        'Anna Schmidt',
        'I was charged 9.99 € again & "again".\nPlease refund.',
        [],
        false,
      ],
      [
        '2025-03-05T13:02:40.000Z',
        60,
        'Anna Schmidt',
        'photo_1@05-03-2025_14-02-40.jpg',
        ['photo_1@05-03-2025_14-02-40.jpg'],
        false,
      ],
      [
        '2025-03-05T13:05:00.000Z',
        60,
        'Streaming Support',
        '[In reply to message 11]\nWe are looking into it.',
        [],
        false,
      ],
    ]);
    expect(r.messages.every((m) => m.chat === 'Streaming Support')).toBe(true);
    expect(r.document?.title).toBe('Streaming Support');
  });

  it('reads a date with no offset (older exports) in the case zone', () => {
    const old = page('X', message({ id: 1, date: '05.03.2025 14:02:11', from: 'A', text: 'hi' }));
    expect(parseTelegramHtml(Buffer.from(old), ctx('m.html', 'Asia/Shanghai')).messages[0]).toMatchObject({
      utc: '2025-03-05T06:02:11.000Z',
      offset: 480,
    });
  });
});

describe('a zipped Telegram export', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;
  beforeEach(async () => {
    locker = await Locker.open(tempDir());
    caseId = (await locker.createCase({ title: 'Telegram' })).id;
  });
  afterEach(() => locker.close());

  it('joins messages.html and messages2.html into one conversation and files the media, not the page furniture', async () => {
    const png = await makePng(20, 20);
    const writer = new ZipWriter(new BlobWriter('application/zip'), { useWebWorkers: false });
    const dir = 'ChatExport_2025-03-07';
    // Zip order is not page order: messages2.html is written first.
    for (const [name, bytes] of [
      [`${dir}/messages2.html`, Buffer.from(page2)],
      [`${dir}/messages.html`, Buffer.from(page1)],
      [`${dir}/css/style.css`, Buffer.from('body{}')],
      [`${dir}/js/script.js`, Buffer.from('function CheckLocation(){}')],
      [`${dir}/images/back.png`, png],
      [`${dir}/photos/photo_1@05-03-2025_14-02-40.jpg`, png],
      [`${dir}/files/Rechnung.pdf`, makePdf('Rechnung 9.99 EUR')],
    ] as const) {
      await writer.add(name, new Uint8ArrayReader(bytes));
    }
    const zip = Buffer.from(await (await writer.close()).arrayBuffer());
    const parsed = await runImporters(zip, ctx('ChatExport.zip', 'Europe/Berlin'));
    expect(parsed?.format).toBe('telegram-html-zip');

    const file = path.join(tempDir(), 'ChatExport.zip');
    writeFileSync(file, zip);
    const r = await addPaths(locker, caseId, [file]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path.split(' › ')[1] ?? a.path), a.kind])).toEqual([
      ['ChatExport.zip', 'chat'],
      ['photo_1@05-03-2025_14-02-40.jpg', 'screenshot'],
      ['Rechnung.pdf', 'document'],
    ]);
    const messages = caseMessages(locker, caseId);
    expect(messages.map((m) => m.text)).toEqual([
      'Anna Schmidt joined Telegram',
      'I was charged 9.99 € again & "again".\nPlease refund.',
      'photo_1@05-03-2025_14-02-40.jpg',
      '[In reply to message 11]\nWe are looking into it.',
      'Forwarded from My Bank: Debit 9.99 EUR STREAMING',
      'Photo',
    ]);
    expect(new Set(messages.map((m) => m.evidenceId)).size).toBe(1);
    expect(messages.at(-1)?.attachments).toEqual(['Photo']);
  });
});

describe('a Telegram export given as a folder', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let caseId: string;
  beforeEach(async () => {
    locker = await Locker.open(tempDir());
    caseId = (await locker.createCase({ title: 'Telegram', timezone: 'Europe/Berlin' })).id;
  });
  afterEach(() => locker.close());

  // Page 2 opens with a service entry and a `joined` message: both go on from the last message of page 1.
  // Page 10 sorts before page 2 by name and must still be filed after it.
  const numbered = (n: number, sender: string, at: string) =>
    page(
      'Streaming Support',
      [
        service(n * 100, `Streaming Support pinned message ${n}`),
        message({ id: n * 100 + 1, date: at, joined: true, text: `continued on page ${n}` }),
        message({
          id: n * 100 + 2,
          date: at.replace(':00 UTC', ':30 UTC'),
          from: sender,
          text: `last of page ${n}`,
        }),
      ].join(''),
    );

  it('files each page as its own item, in page order, as one chat that goes on across the pages', async () => {
    const dir = path.join(tempDir(), 'ChatExport_2025-03-07');
    mkdirSync(dir);
    const pages: [string, string][] = [
      ['messages.html', page1],
      ['messages2.html', numbered(2, 'Anna Schmidt', '06.03.2025 09:00:00 UTC+01:00')],
      ['messages3.html', numbered(3, 'Streaming Support', '07.03.2025 09:00:00 UTC+01:00')],
      // The same size as page 2: files of equal size wait on each other too, and must not deadlock with pages.
      ['messages4.html', numbered(4, 'Anna Schmidt', '06.03.2025 19:00:00 UTC+01:00')],
      ['messages10.html', numbered(10, 'Anna Schmidt', '08.03.2025 09:00:00 UTC+01:00')],
    ];
    for (const [name, html] of pages) writeFileSync(path.join(dir, name), html);
    expect(pages[3]![1].length).toBe(pages[1]![1].length);
    const r = await addPaths(locker, caseId, [dir]);
    expect(r.errors).toEqual([]);
    expect(r.added.map((a) => [path.basename(a.path), a.format, a.messages])).toEqual([
      ['messages.html', 'telegram-html', 4],
      ['messages2.html', 'telegram-html', 3],
      ['messages3.html', 'telegram-html', 3],
      ['messages4.html', 'telegram-html', 3],
      ['messages10.html', 'telegram-html', 3],
    ]);
    const messages = caseMessages(locker, caseId);
    expect(new Set(messages.map((m) => m.chat))).toEqual(new Set(['Streaming Support']));
    const of = (text: string) => messages.find((m) => m.text === text)!;
    // Page 1 ends with Streaming Support; page 2's joined message is theirs, page 3's is Anna's (page 2's
    // last), page 4's Streaming Support's (page 3's last), page 10's Anna's (page 4's last).
    expect(of('continued on page 2').sender).toBe('Streaming Support');
    expect(of('continued on page 3').sender).toBe('Anna Schmidt');
    expect(of('continued on page 4').sender).toBe('Streaming Support');
    expect(of('continued on page 10').sender).toBe('Anna Schmidt');
    // The service entry above page 2's first message takes the time of the last message before it.
    expect(of('Streaming Support pinned message 2').occurredUtc).toBe('2025-03-05T13:05:00.000Z');
    expect(locker.getEvidence(r.added[4]!.id).facts).toMatchObject({
      document: { chat: 'Streaming Support', page: 10 },
    });
  });
});
