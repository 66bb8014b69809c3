import { formatInstant, instantFromZoned, isValidLocal } from '../util/time.ts';
import type { FactSource, TextSuggestion, TimeSuggestion } from './suggest.ts';
import { buildLines, spanBoxes, type OcrLine, type OcrWord } from './text.ts';

/** The facts of an auto-debit agreement a screenshot can show, in the order the record keeps them. */
export const AGREEMENT_FIELDS = [
  'merchant',
  'service',
  'number',
  'signedAt',
  'method',
  'status',
  'closedAt',
] as const;
export type AgreementField = (typeof AGREEMENT_FIELDS)[number];

export type AgreementStatusSuggestion = {
  value: 'active' | 'closed';
  /** True when no status was written and it was read from the page (a 关闭服务 button, a 解约时间). */
  isInferred: boolean;
  source: FactSource;
};

/**
 * An agreement suggested from the OCR of an Alipay 免密支付/自动扣款 or WeChat Pay 自动续费 page. Never stored
 * until the user accepts it; `found` lists the fields read, in record order.
 */
export type AgreementSuggestion = {
  /** True when the page reads as an agreement page and not, say, the detail of one payment. */
  isAgreementPage: boolean;
  platform: 'alipay' | 'wechat' | null;
  merchant?: TextSuggestion;
  service?: TextSuggestion;
  number?: TextSuggestion;
  signedAt?: TimeSuggestion;
  method?: TextSuggestion;
  status?: AgreementStatusSuggestion;
  closedAt?: TimeSuggestion;
  found: AgreementField[];
};

/**
 * The labels each app writes, longest first within a field. Alipay: 服务名称, 商家名称/收款方, 服务协议号,
 * 签约时间/开通时间, 扣款方式, 状态, 解约时间. WeChat Pay: 服务名称, 商户名称, 开通时间, 扣费方式, 协议编号, 状态.
 */
const LABELS: { field: AgreementField; labels: string[] }[] = [
  {
    field: 'number',
    labels: ['服务协议号', '签约协议号', '代扣协议号', '协议编号', '协议号', '签约号', '协议ID', '合约号'],
  },
  { field: 'service', labels: ['服务名称', '扣款服务', '扣费服务', '产品名称', '服务项目', '服务内容'] },
  {
    field: 'merchant',
    labels: [
      '服务提供方',
      '签约商户',
      '签约商家',
      '商家名称',
      '商户名称',
      '收款商户',
      '收款方',
      '服务商',
      '商家',
      '商户',
    ],
  },
  {
    field: 'signedAt',
    labels: ['签约时间', '开通时间', '签约日期', '开通日期', '授权时间', '生效时间'],
  },
  { field: 'closedAt', labels: ['解约时间', '关闭时间', '终止时间', '失效时间', '取消时间', '解约日期'] },
  { field: 'method', labels: ['扣款方式', '扣费方式', '付款方式', '支付方式', '扣款账户', '扣款顺序'] },
  { field: 'status', labels: ['服务状态', '协议状态', '签约状态', '状态'] },
];

const ALL_LABELS = LABELS.flatMap(({ field, labels }) => labels.map((label) => ({ field, label })));

/** Words only an agreement page has; a payment detail shows 付款方式 and 商户名称 too, never these. */
const AGREEMENT_SIGNAL =
  /免密支付|自动扣款|自动续费|扣费服务|代扣|协议号|协议编号|签约时间|开通时间|扣款方式|扣费方式|关闭服务|关闭扣费|解约|已开通/u;
/** A button to stop the service: it is shown only while the agreement is open. */
const CLOSE_BUTTON =
  /^(关闭服务|关闭扣费服务|关闭自动续费|关闭免密支付|解除协议|解约|取消自动续费|停止扣费)$/u;
const CLOSED_STATUS = /已解约|已关闭|已失效|已取消|已终止|已停止|已过期|解约成功|关闭成功|closed|cancel/iu;
const ACTIVE_STATUS = /正常|已开通|开通中|生效中|使用中|已签约|有效|服务中|active/iu;
/** Page titles and buttons, never the name of a merchant. */
const NOT_A_MERCHANT =
  /服务详情|详情|自动扣款|免密支付|自动续费|扣费服务|支付设置|设置|返回|管理|协议|关闭|开通|说明|规则|^[\s\p{P}\p{S}\d]*$/u;
const ALIPAY_HINT = /支付宝|alipay|免密支付|自动扣款|关闭服务|服务协议号|余额宝|花呗|商家名称/iu;
const WECHAT_HINT = /微信|wechat|自动续费|扣费服务|扣费方式|零钱|商户名称|协议编号|已开通/iu;

const DATETIME =
  /(\d{4})\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})\s?日?(?:\s*(\d{1,2})\s?[:：]\s?(\d{2})(?:\s?[:：]\s?(\d{2}))?)?/u;

export type AgreementSuggestOptions = {
  /** Where a time without an offset is read; Chinese payment apps show local time (UTC+08:00). */
  timeZone?: string;
};

/** A row of the screen: OCR lines side by side (a label on the left, its value on the right) joined. */
type Row = { text: string; parts: { line: OcrLine; offset: number }[] };

function yRange(line: OcrLine): [number, number] {
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const w of line.words) {
    y0 = Math.min(y0, w.bbox.y0);
    y1 = Math.max(y1, w.bbox.y1);
  }
  return [y0, y1];
}

function xStart(line: OcrLine): number {
  return Math.min(...line.words.map((w) => w.bbox.x0));
}

/**
 * Settings pages put the label at the left edge and the value at the right: OCR may read them as two lines
 * (even two blocks). Lines whose heights overlap by more than half are one row, read left to right.
 */
function rowsOf(lines: OcrLine[]): Row[] {
  const hasBoxes = lines.some((l) => l.words.some((w) => w.bbox.y1 > w.bbox.y0));
  const ordered = hasBoxes
    ? [...lines].sort((a, b) => yRange(a)[0] - yRange(b)[0] || xStart(a) - xStart(b))
    : lines;
  const groups: OcrLine[][] = [];
  for (const line of ordered) {
    const last = groups.at(-1);
    if (hasBoxes && last) {
      const [a0, a1] = yRange(last[0]!);
      const [b0, b1] = yRange(line);
      const overlap = Math.min(a1, b1) - Math.max(a0, b0);
      if (overlap > 0.5 * Math.min(a1 - a0, b1 - b0)) {
        last.push(line);
        continue;
      }
    }
    groups.push([line]);
  }
  return groups.map((group) => {
    group.sort((a, b) => xStart(a) - xStart(b));
    let text = '';
    const parts: Row['parts'] = [];
    for (const line of group) {
      if (text) text += ' ';
      parts.push({ line, offset: text.length });
      text += line.text;
    }
    return { text, parts };
  });
}

/** Where characters `start`–`end` of a row were read: the page, the first line touched, and the boxes. */
function rowSource(page: number, row: Row, start: number, end: number): FactSource {
  const boxes: FactSource['boxes'] = [];
  const confs: number[] = [];
  let lineText = '';
  for (const { line, offset } of row.parts) {
    const s = Math.max(start, offset) - offset;
    const e = Math.min(end, offset + line.text.length) - offset;
    if (e <= s) continue;
    if (!lineText) lineText = line.text;
    boxes.push(...spanBoxes(line, s, e));
    const used = new Set<number>();
    for (let i = s; i < e; i++) {
      const w = line.charWord[i];
      if (w !== undefined && w >= 0) used.add(w);
    }
    for (const i of used) confs.push(line.words[i]!.confidence);
  }
  const confidence = confs.length ? confs.reduce((a, b) => a + b, 0) / confs.length : 0;
  return { page, line: row.text, boxes, confidence: Math.round(confidence * 10) / 10 };
}

/** How many characters differ between the row's start and the label (same length compared). */
function mismatches(text: string, label: string): number {
  let n = 0;
  for (let i = 0; i < label.length; i++) if (text[i] !== label[i]) n += 1;
  return n;
}

/**
 * The field a row is labelled with, and where its label ends. An exact label wins; else a label of four or
 * more characters read with one character wrong (签约时问 for 签约时间), when no other label is as close.
 */
function labelOf(text: string): { field: AgreementField; end: number } | null {
  // Characters of the row with the positions they stand at, spaces left out: OCR may split a label.
  const chars: { ch: string; at: number }[] = [];
  for (let i = 0; i < text.length && chars.length < 8; i++) {
    if (!/\s/.test(text[i]!)) chars.push({ ch: text[i]!, at: i });
  }
  const head = chars.map((c) => c.ch).join('');
  const endOf = (n: number) => (chars[n - 1]?.at ?? -1) + 1;
  for (const { field, label } of ALL_LABELS) {
    if (head.startsWith(label)) return { field, end: endOf(label.length) };
  }
  let best: { field: AgreementField; label: string } | null = null;
  let isTie = false;
  for (const { field, label } of ALL_LABELS) {
    if (label.length < 4 || head.length < label.length) continue;
    if (mismatches(head, label) !== 1) continue;
    if (best && best.field !== field) isTie = true;
    best ??= { field, label };
  }
  if (!best || isTie) return null;
  return { field: best.field, end: endOf(best.label.length) };
}

/** The value after a label: separators and padding dropped, with its span in the row. */
function valueAfter(text: string, end: number): { value: string; start: number; end: number } | null {
  const m = /^[\s:：]*/u.exec(text.slice(end))!;
  const start = end + m[0].length;
  const value = text.slice(start).trim();
  if (!value) return null;
  return { value, start, end: start + value.length };
}

/** `元保保险经纪 (北京 ) 有限公司` → `元保保险经纪(北京)有限公司`: OCR pads brackets with spaces. */
function tidyName(value: string): string {
  return value
    .replace(/\s*([(（[【])\s*/gu, '$1')
    .replace(/\s*([)）\]】])/gu, '$1')
    .replace(/([)）\]】])\s+(?=\p{Script=Han})/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  i: '1',
  '|': '1',
  '!': '1',
  Z: '2',
  z: '2',
  S: '5',
  s: '5',
  B: '8',
  g: '9',
};

/**
 * An agreement number as OCR gives it: spaces inside it dropped and, when it is made of digits and letters
 * that look like digits (O for 0, l for 1) only, those letters read as the digits they are. Ids with other
 * letters keep theirs.
 */
export function cleanNumber(value: string): string {
  const compact = value.replace(/\s+/g, '');
  const token = /^[A-Za-z0-9|!_-]+/.exec(compact)?.[0] ?? '';
  if (!token) return '';
  // A number read with look-alikes is all digits and look-alikes, and still mostly digits.
  const digits = token.replace(/[^0-9]/g, '').length;
  const isNumberLike = [...token].every((ch) => /\d/.test(ch) || ch in DIGIT_LOOKALIKES);
  if (!isNumberLike || digits / token.length < 0.4) return token;
  return [...token].map((ch) => DIGIT_LOOKALIKES[ch] ?? ch).join('');
}

/** A date and time as OCR reads it, with look-alike letters in the digits fixed; null when none is there. */
function readTime(page: number, row: Row, start: number, timeZone: string): TimeSuggestion {
  const rest = row.text.slice(start);
  // Same length out as in, so positions still map to the words read.
  const fixed = rest.replace(/[OolI|]/g, (ch, i: number) => {
    const around = rest.slice(Math.max(0, i - 1), i + 2);
    return /\d/.test(around) ? (DIGIT_LOOKALIKES[ch] ?? ch) : ch;
  });
  const m = DATETIME.exec(fixed);
  if (!m) throw new NoValue();
  const t = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (!isValidLocal(t)) throw new NoValue();
  const p2 = (n: number) => String(n).padStart(2, '0');
  const from = start + m.index;
  return {
    local: `${t.year}-${p2(t.month)}-${p2(t.day)} ${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`,
    at: formatInstant(instantFromZoned(t, timeZone)),
    source: rowSource(page, row, from, from + m[0].length),
  };
}

class NoValue extends Error {}

/**
 * Reads an auto-debit agreement page (Alipay 免密支付/自动扣款, WeChat Pay 自动续费/扣费服务) out of its OCR words:
 * with whom, for what, the agreement number, when it was signed, how it pays, whether it is still open and
 * when it was closed — each with the boxes it was read from. Pure: nothing is stored.
 */
export function suggestAgreement(
  ocr: { page?: number; words: readonly OcrWord[] },
  options: AgreementSuggestOptions = {},
): AgreementSuggestion {
  const page = ocr.page ?? 1;
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const rows = rowsOf(buildLines(ocr.words));
  const all = rows.map((r) => r.text).join('\n');
  const out: AgreementSuggestion = { isAgreementPage: false, platform: null, found: [] };

  const alipay = (all.match(new RegExp(ALIPAY_HINT, 'giu')) ?? []).length;
  const wechat = (all.match(new RegExp(WECHAT_HINT, 'giu')) ?? []).length;
  out.platform = alipay > wechat ? 'alipay' : wechat > alipay ? 'wechat' : null;

  let firstLabelRow = -1;
  rows.forEach((row, i) => {
    const label = labelOf(row.text);
    if (!label) return;
    if (firstLabelRow < 0) firstLabelRow = i;
    const { field } = label;
    if (out[field]) return;
    // The value is on the same row; when OCR put it on the next row alone, it is taken from there.
    let source = row;
    let found = valueAfter(row.text, label.end);
    if (!found) {
      const next = rows[i + 1];
      if (!next || labelOf(next.text)) return;
      source = next;
      found = valueAfter(next.text, 0);
      if (!found) return;
    }
    try {
      if (field === 'signedAt' || field === 'closedAt') {
        out[field] = readTime(page, source, found.start, timeZone);
      } else if (field === 'status') {
        const isClosed = CLOSED_STATUS.test(found.value);
        if (!isClosed && !ACTIVE_STATUS.test(found.value)) return;
        out.status = {
          value: isClosed ? 'closed' : 'active',
          isInferred: false,
          source: rowSource(page, source, found.start, found.end),
        };
      } else if (field === 'number') {
        const value = cleanNumber(found.value);
        if (value.length < 6) return;
        out.number = { value, source: rowSource(page, source, found.start, found.end) };
      } else {
        const value = tidyName(found.value);
        if (value.length < 2 && field !== 'method') return;
        out[field] = { value, source: rowSource(page, source, found.start, found.end) };
      }
    } catch (error) {
      if (!(error instanceof NoValue)) throw error;
    }
  });

  // No 商家名称: the name shown large above the rows (Alipay puts the merchant's short name there).
  if (!out.merchant) {
    const end = firstLabelRow < 0 ? Math.min(rows.length, 3) : firstLabelRow;
    for (let i = 0; i < end; i++) {
      const row = rows[i]!;
      const value = tidyName(row.text);
      if (value.length < 2 || NOT_A_MERCHANT.test(value) || DATETIME.test(value)) continue;
      out.merchant = { value, source: rowSource(page, row, 0, row.text.length) };
      break;
    }
  }

  // No status written: a closing time says closed; a button to close says it is still open.
  if (!out.status) {
    if (out.closedAt) {
      out.status = { value: 'closed', isInferred: true, source: out.closedAt.source };
    } else {
      const button = rows.find((r) => CLOSE_BUTTON.test(r.text.replace(/\s+/g, '')));
      if (button)
        out.status = {
          value: 'active',
          isInferred: true,
          source: rowSource(page, button, 0, button.text.length),
        };
    }
  }

  out.found = AGREEMENT_FIELDS.filter((f) => out[f] !== undefined);
  const labelled = out.found.filter((f) => f !== 'merchant' || firstLabelRow >= 0).length;
  out.isAgreementPage = AGREEMENT_SIGNAL.test(all) && labelled >= 2 && out.merchant !== undefined;
  return out;
}

/**
 * The same reading over plain OCR text (one screen line per line), for text kept without its word boxes and
 * for tests: each space-separated piece becomes a word, so the same clean-up applies.
 */
export function suggestAgreementFromText(
  text: string,
  options: AgreementSuggestOptions = {},
): AgreementSuggestion {
  const words: OcrWord[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const piece of line.split(/\s+/).filter(Boolean)) {
      words.push({ text: piece, confidence: 0, bbox: { x0: 0, y0: 0, x1: 0, y1: 0 }, line: i });
    }
  });
  return suggestAgreement({ words }, options);
}
