/**
 * A small RFC 4180-style CSV tokenizer for exported statements. Real exports bend the RFC, so it is
 * forgiving where they bend: a quote inside an unquoted field is kept literally (WeChat writes
 * `点击底部"多多视频"` unquoted), text after a closing quote is kept (`"3985734"\t`), and a quote that never
 * closes is read as a literal quote on its own line instead of swallowing the rest of the file.
 */

export type CsvRow = {
  /** 1-based line on which the row starts (a quoted field may span lines). */
  line: number;
  cells: string[];
};

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

/** Splits CSV text into rows of raw (untrimmed) cells. Never throws; blank lines give a row with one empty cell. */
export function tokenizeCsv(text: string, delimiter = ','): CsvRow[] {
  const sep = delimiter.charCodeAt(0);
  const rows: CsvRow[] = [];
  const n = text.length;
  // Past this index no quote can close, so an unterminated quoted field is known without rescanning.
  const lastQuote = text.lastIndexOf('"');
  let i = 0;
  let line = 1;

  const findClosingQuote = (from: number): number => {
    let k = from;
    while (k <= lastQuote) {
      const q = text.indexOf('"', k);
      if (q < 0) return -1;
      if (text.charCodeAt(q + 1) === QUOTE) {
        k = q + 2;
        continue;
      }
      return q;
    }
    return -1;
  };

  while (i < n) {
    const cells: string[] = [];
    const rowLine = line;
    for (;;) {
      const start = i;
      let quoted = '';
      if (text.charCodeAt(i) === QUOTE) {
        const close = findClosingQuote(i + 1);
        if (close >= 0) {
          const inner = text.slice(i + 1, close);
          quoted = inner.includes('""') ? inner.replaceAll('""', '"') : inner;
          line += countLineBreaks(inner);
          i = close + 1;
        }
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === LF || c === CR) break;
        j++;
      }
      cells.push(i === start ? text.slice(start, j) : quoted + text.slice(i, j));
      i = j;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === sep) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    rows.push({ line: rowLine, cells });
  }
  return rows;
}

/** The first `count` lines of `text` (cheap pre-slice so `detect` never tokenizes a whole head). */
export function firstLines(text: string, count: number): string {
  let at = 0;
  for (let k = 0; k < count; k++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text;
    at = next + 1;
  }
  return text.slice(0, at);
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter whose split gives the most rows of one same width (more than one cell) in the first lines. */
export function detectDelimiter(text: string): string {
  const sample = text.split(/\r\n|\n|\r/, 60).join('\n');
  let best: string = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const widths = new Map<number, number>();
    for (const row of tokenizeCsv(sample, d)) {
      if (row.cells.length > 1) widths.set(row.cells.length, (widths.get(row.cells.length) ?? 0) + 1);
    }
    let score = 0;
    for (const [width, count] of widths) score = Math.max(score, count * 1000 + width);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}
