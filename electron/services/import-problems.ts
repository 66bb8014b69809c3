import { coded, isCoded, say, TEXT_CODE, type Coded, type Params } from '../messages/say.ts';
import type { ImportProblem } from './importers/types.ts';

/*
 * What an importer could not read, line by line, as a code with parameters (catalogue: `problem.*`), worded
 * where it is read, in the reader's language. Importers that give a code say so at the source (`lineProblem`);
 * the others still word a problem in English, and each sentence they write is matched back to its code here,
 * as importer warnings are (legacy-warnings.ts) — the same patterns turn the problems stored by earlier
 * versions into codes (migration 0010). A sentence no pattern knows is kept word for word under `text`.
 */

/** A problem with its code: `error` keeps the English words (the `--json` contract and logs read it). */
export type CodedProblem = ImportProblem & { code: string; params: Params };

/** A problem of `line` (0: the file as a whole), given by its code. */
export function lineProblem(line: number, problem: Coded, page?: number): CodedProblem {
  return {
    line,
    ...(page === undefined ? {} : { page }),
    error: say(problem, 'en'),
    code: problem.code,
    params: problem.params,
  };
}

type Pattern = [RegExp, (m: RegExpMatchArray) => Coded];

const g = (m: RegExpMatchArray, i: number) => m[i] ?? '';

const PATTERNS: Pattern[] = [
  [/^unreadable amount "([\s\S]*)"$/, (m) => coded('problem.unreadable-amount', { value: g(m, 1) })],
  [/^no amount$/, () => coded('problem.no-amount')],
  [/^unreadable time "([\s\S]*)"$/, (m) => coded('problem.unreadable-time', { value: g(m, 1) })],
  [/^unreadable date "([\s\S]*)"$/, (m) => coded('problem.unreadable-date', { value: g(m, 1) })],
  [
    /^unreadable booking date "([\s\S]*)"$/,
    (m) => coded('problem.unreadable-booking-date', { value: g(m, 1) }),
  ],
  [
    /^unreadable balance :(\w+): "([\s\S]*)"$/,
    (m) => coded('problem.mt940-balance', { tag: g(m, 1), value: g(m, 2) }),
  ],
  [/^unreadable :61: "([\s\S]*)"$/, (m) => coded('problem.mt940-line', { value: g(m, 1) })],
  [
    /^unreadable (DTPOSTED|TRNAMT) "([\s\S]*)"$/,
    (m) => coded('problem.unreadable-field', { field: g(m, 1), value: g(m, 2) }),
  ],
  [/^impossible date "([\s\S]*)"$/, (m) => coded('problem.impossible-date', { value: g(m, 1) })],
  [/^impossible time in "([\s\S]*)"$/, (m) => coded('problem.impossible-time', { value: g(m, 1) })],
  [
    /^impossible date or time(?: \((\w+)\))? in "([\s\S]*)"$/,
    (m) => coded('problem.impossible-date-time', { order: g(m, 1), value: g(m, 2) }),
  ],
  [/^no time for "([\s\S]*)"$/, (m) => coded('problem.no-time-for', { value: g(m, 1) })],
  [/^unknown currency "([\s\S]*)"$/, (m) => coded('problem.unknown-currency', { value: g(m, 1) })],
  [
    /^no currency column and none known for time zone "(.*)"; amounts marked XXX$/,
    (m) => coded('problem.no-currency-for-zone', { zone: g(m, 1) }),
  ],
  [
    /^QIF names no currency and none is known for "(.*)"; amounts marked XXX$/,
    (m) => coded('problem.qif-no-currency', { zone: g(m, 1) }),
  ],
  [/^no CURDEF currency in the statement; amounts marked XXX$/, () => coded('problem.ofx-no-currency')],
  [/^entry has no currency \(Amt@Ccy\)$/, () => coded('problem.camt-no-currency')],
  [/^no :60F: opening balance before :61:, so no currency$/, () => coded('problem.mt940-no-opening')],
  [
    /^dates are written without a year \(MM\/DD\) and the statement says no period or year$/,
    () => coded('problem.no-year'),
  ],
  [/^unknown time zone "(.*)"; times read as UTC$/, (m) => coded('problem.unknown-zone', { zone: g(m, 1) })],
  [/^the header has no time or amount column$/, () => coded('problem.header-no-time-amount')],
  [
    /^no WeChat chat header \(Type, IsSender, StrContent …\) found$/,
    () => coded('problem.no-wechat-chat-header'),
  ],
  [
    /^no (.+?) header row(?: \((.+)\))? found$/,
    (m) => coded('problem.no-header', { what: g(m, 1), columns: g(m, 2) }),
  ],
  [
    /^direction "([\s\S]*)" is not in the map$/,
    (m) => coded('problem.direction-not-mapped', { value: g(m, 1) }),
  ],
  [/^map: ([\s\S]*)$/, (m) => coded('problem.map-misfit', { issues: g(m, 1) })],
  [/^text before the first message$/, () => coded('problem.text-before-first')],
  [/^message before any date line$/, () => coded('problem.before-date-line')],
  [/^([\s\S]+); the e-mail has no time$/, (m) => coded('problem.mail-no-time', { missing: g(m, 1) })],
  [/^unreadable e-mail: ([\s\S]*)$/, (m) => coded('problem.mail-unreadable', { detail: g(m, 1) })],
  [
    /^the Outlook message cannot be opened: ([\s\S]*)$/,
    (m) => coded('problem.msg-unopenable', { detail: g(m, 1) }),
  ],
  [
    /^a compound file, but not an Outlook message \(no message properties\)$/,
    () => coded('problem.msg-not-outlook'),
  ],
  [/^the message carries no time of its own$/, () => coded('problem.msg-no-time')],
  [
    /^the (.+?) reader failed: ([\s\S]*)$/,
    (m) => coded('problem.reader-failed', { format: g(m, 1), detail: g(m, 2) }),
  ],
  [
    /^not a readable (XLSX?) workbook: ([\s\S]*)$/,
    (m) => coded('problem.workbook-unreadable', { format: g(m, 1), detail: g(m, 2) }),
  ],
  [/^malformed XML: ([\s\S]*)$/, (m) => coded('problem.malformed-xml', { detail: g(m, 1) })],
  [/^not valid JSON: ([\s\S]*)$/, (m) => coded('problem.bad-json', { detail: g(m, 1) })],
  [
    /^the zip is password-protected; (.+) exports are not$/,
    (m) => coded('problem.zip-password', { app: g(m, 1) }),
  ],
  [/^no (.+) in the zip$/, (m) => coded('problem.not-in-zip', { what: g(m, 1) })],
  [/^the OFD package is password-protected$/, () => coded('problem.ofd-password')],
  [/^not a Telegram export \(no top-level object\)$/, () => coded('problem.telegram-not-export')],
  [
    /^the TNEF stream ends inside an attribute at byte (\d+)$/,
    (m) => coded('problem.tnef-inside', { at: Number(g(m, 1)) }),
  ],
  [/^the TNEF stream is cut short at byte (\d+)$/, (m) => coded('problem.tnef-cut', { at: Number(g(m, 1)) })],
  [
    /^attachment "([\s\S]*)" holds no data that can be read$/,
    (m) => coded('problem.attachment-empty', { name: g(m, 1) }),
  ],
  [/^no (.+) found$/, (m) => coded('problem.not-found', { what: g(m, 1) })],
];

/** A problem's sentence as its code; `messages2.html: unreadable date "…"` (a page of an export) nests one. */
export function codeOfProblem(error: string): Coded {
  for (const [re, make] of PATTERNS) {
    const m = re.exec(error);
    if (m) return make(m);
  }
  const inFile = /^([^\s:]+\.html?): ([\s\S]+)$/.exec(error);
  if (inFile) {
    const inner = codeOfProblem(g(inFile, 2));
    if (inner.code !== TEXT_CODE) return coded('problem.in-file', { file: g(inFile, 1), problem: inner });
  }
  return coded(TEXT_CODE, { text: error });
}

/** Gives a problem its code (the one it came with, or its sentence's); the English words stay as they were. */
export function withCode(problem: ImportProblem): CodedProblem {
  if (typeof problem.code === 'string' && isCoded({ code: problem.code, params: problem.params })) {
    return problem as CodedProblem;
  }
  const c = codeOfProblem(problem.error);
  return { ...problem, code: c.code, params: c.params };
}

/** The problem as words in `locale` (its code, or for a problem stored before codes, its sentence's). */
export function problemCoded(problem: ImportProblem): Coded {
  const p = withCode(problem);
  return { code: p.code, params: p.params };
}
