import { coded, isCoded, TEXT_CODE, type Coded } from '../messages/say.ts';
import { kindOfLabel } from './sniff.ts';

/*
 * Warnings were stored (and importers still word them) as English sentences. Each sentence a version of the
 * locker wrote is matched here back to its code and parameters, so it reads in the user's language; a
 * sentence no pattern knows is kept, word for word, under the generic `text` code.
 */

type Pattern = [RegExp, (m: RegExpMatchArray) => Coded];

const g = (m: RegExpMatchArray, i: number) => m[i] ?? '';
const n = (m: RegExpMatchArray, i: number) => Number(g(m, i).replaceAll(',', ''));

/** `the file's modified time` and the like, as the importers put them into their sentences. */
function said(text: string): Coded | string {
  if (text === "the file's modified time") return coded('said.file-mtime');
  if (text === 'the time of the file it came in') return coded('said.container-time');
  if (text === 'the time of the e-mail it came in') return coded('said.mail-time');
  return text;
}

/**
 * `a PDF document` → the kind it names, for Chinese words. A short name (`a JPEG`) is no label: it takes the
 * family of the kind named beside it (`it is really a JPEG image; filed as a JPEG`).
 */
function kind(phrase: string, family?: string): Coded & { params: { family: string } } {
  const words = phrase.replace(/^(a|an) /, '');
  const token = words === 'empty file' ? 'empty' : (words.split(' ')[0] ?? '');
  const params = { en: phrase, token, family: kindOfLabel(words)?.family ?? family ?? 'binary' };
  return { code: 'kind', params };
}

function where(text: string): Coded {
  const pageLine = /^page (\d+), line (\d+)$/.exec(text);
  if (pageLine) return coded('where.page-line', { page: n(pageLine, 1), line: n(pageLine, 2) });
  return coded('where.line', { line: Number(text.replace(/^line /, '')) || 0 });
}

const PATTERNS: Pattern[] = [
  [/^too large to read for dates and text; the original is kept as it is$/, () => coded('warn.too-large')],
  [
    /^no time in the picture or its name: its time is the file's modified time, which changes when a file is copied or re-saved$/,
    () => coded('warn.image-mtime'),
  ],
  [/^no preview for this image format yet; the original is kept as it is$/, () => coded('warn.no-preview')],
  [/^the photo's time has no time zone; read as (.+)$/, (m) => coded('warn.photo-zone', { zone: g(m, 1) })],
  [
    /^the PDF has no text layer \(a scan or photo\): its words cannot be searched yet$/,
    () => coded('warn.pdf-no-text'),
  ],
  [
    /^(\d+) line\(s\) could not be read \(first: ((?:page \d+, )?line \d+): ([\s\S]*)\)$/,
    (m) => coded('warn.lines-unreadable', { count: n(m, 1), where: where(g(m, 2)), first: g(m, 3) }),
  ],
  [
    /^the archive is filed as it is, but not everything in it was unpacked: ([\s\S]*?)(?: \(and (\d+) more\))?$/,
    (m) => coded('warn.archive-partly', { first: g(m, 1), more: m[2] ? n(m, 2) : 0 }),
  ],
  [
    /^not a bill or chat layout Evidence Locker can read rows from yet; filed as a plain document — map its columns to read its rows$/,
    () => coded('warn.not-a-bill-mappable'),
  ],
  [
    /^not a bill or chat layout Evidence Locker can read rows from yet; filed as a plain document$/,
    () => coded('warn.not-a-bill'),
  ],
  [
    /^not a table: the column map "(.*)" was not used$/,
    (m) => coded('warn.layout-not-table', { name: g(m, 1) }),
  ],
  [
    /^the column map "(.*)" does not fit this file \((.*)\)$/,
    (m) => coded('warn.layout-misfit', { name: g(m, 1), issues: g(m, 2) }),
  ],
  [
    /^named "(.*)" but its content is not (.+) \(it is (.+)\)$/,
    (m) => coded('type.not-what-named', { name: g(m, 1), expected: kind(g(m, 2)), actual: kind(g(m, 3)) }),
  ],
  [
    /^named "(.*)" but it is really (.+); filed as (.+)$/,
    (m) => {
      const actual = kind(g(m, 2));
      return coded('type.really-other', {
        name: g(m, 1),
        actual,
        filedAs: kind(g(m, 3), actual.params.family),
      });
    },
  ],
  [
    /^This bill looks opened and re-saved in a spreadsheet program \((.*)\): it is not the file as Alipay issued it\. Everything readable was imported; file the original from Alipay’s email too\.$/,
    (m) => coded('warn.alipay-resaved', { signs: g(m, 1) }),
  ],
  [
    /^investment section \(!Type:Invst\) at line (\d+) skipped: (\d+) record\(s\) of holdings and trades are not payments$/,
    (m) => coded('warn.qif-investments', { line: n(m, 1), records: n(m, 2) }),
  ],
  [
    /^the message carries no time of its own; its time is (.+)$/,
    (m) => coded('warn.msg-no-time', { said: said(g(m, 1)) }),
  ],
  [
    /^the attached message "(.*)" is read into this one's text; it stays inside the original \.msg$/,
    (m) => coded('warn.msg-attached-message', { title: g(m, 1) }),
  ],
  [
    /^attachment "(.*)" holds no data that can be read \(an OLE object or a link\)$/,
    (m) => coded('warn.msg-empty-attachment', { name: g(m, 1) }),
  ],
  [
    /^(.+): the image could not be decoded \((.*)\); described instead$/,
    (m) => coded('export.image-undecodable', { name: g(m, 1), detail: g(m, 2) }),
  ],
  [
    /^volume (\d+) is (\d+) bytes, over the (\d+)-byte limit: exhibit (\S*) alone is larger than the limit$/,
    (m) => coded('export.volume-over', { volume: n(m, 1), bytes: n(m, 2), max: n(m, 3), exhibit: g(m, 4) }),
  ],
  [
    /^(?:"(.*)": )?(.+?); its time is (the file's modified time|the time of the file it came in|the time of the e-mail it came in)$/,
    (m) => coded('warn.mail-time', { subject: g(m, 1), missing: g(m, 2), said: said(g(m, 3)) }),
  ],
];

/** A warning as its code: a known English sentence matched back, anything else kept as text. */
export function codeOfSentence(warning: string | Coded): Coded {
  if (isCoded(warning)) return warning;
  for (const [re, make] of PATTERNS) {
    const m = re.exec(warning);
    if (m) return make(m);
  }
  return coded(TEXT_CODE, { text: warning });
}
