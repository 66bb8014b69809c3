/** A box in the pixels of the page OCR read: left, top, right, bottom. */
export type Box = { x0: number; y0: number; x1: number; y1: number };

export type OcrWord = {
  text: string;
  /** 0–100, as the engine gives it. */
  confidence: number;
  bbox: Box;
  /** Index of the line the word belongs to, in reading order over the page. */
  line: number;
};

/** What OCR read from one page (an image is one page). */
export type OcrPage = {
  page: number;
  width: number;
  height: number;
  /** Post-processed text, one line of the page per line. */
  text: string;
  confidence: number;
  words: OcrWord[];
};

/** A line rebuilt from its words, with where each character came from. */
export type OcrLine = {
  index: number;
  text: string;
  words: OcrWord[];
  /** For each character of `text`, the index in `words` it was read from (-1 for a joining space). */
  charWord: number[];
};

const CJK = /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/** Tesseract splits Chinese into one "word" per character; a space between two CJK characters is noise. */
function joinsWithoutSpace(before: string, after: string): boolean {
  return CJK.test(before) && CJK.test(after);
}

/**
 * Fixes what OCR reliably gets wrong in payment screenshots, keeping the text's length so characters still
 * map to their word boxes: the yuan sign read as `Y`, `半` or `羊` right before an amount with two decimals.
 */
export function fixCharacters(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9])[Y半羊￥](?=\s?[-+]?\d[\d,]*\.\d{2}(?!\d))/gu, '$1¥');
}

/** Groups words into lines and joins them: no space next to a CJK character, one space between others. */
export function buildLines(words: readonly OcrWord[]): OcrLine[] {
  const byLine = new Map<number, OcrWord[]>();
  for (const w of words) {
    const list = byLine.get(w.line);
    if (list) list.push(w);
    else byLine.set(w.line, [w]);
  }
  const lines: OcrLine[] = [];
  for (const [index, list] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
    let text = '';
    const charWord: number[] = [];
    list.forEach((w, i) => {
      const t = w.text.normalize('NFKC').replace(/\s+/g, '');
      if (!t) return;
      if (text && !joinsWithoutSpace(text.at(-1)!, t[0]!)) {
        text += ' ';
        charWord.push(-1);
      }
      for (const ch of t) {
        text += ch;
        // A character outside the BMP takes two UTF-16 units; each maps to the same word.
        for (let k = 0; k < ch.length; k++) charWord.push(i);
      }
    });
    if (text) lines.push({ index, text: fixCharacters(text), words: list, charWord });
  }
  return lines;
}

/** The page's text: its lines, post-processed, one per line. */
export function pageText(words: readonly OcrWord[]): string {
  return buildLines(words)
    .map((l) => l.text)
    .join('\n');
}

/** The union of the boxes of the words that characters `start` to `end` (exclusive) of a line came from. */
export function spanBoxes(line: OcrLine, start: number, end: number): Box[] {
  const seen = new Set<number>();
  for (let i = start; i < end; i++) {
    const w = line.charWord[i];
    if (w !== undefined && w >= 0) seen.add(w);
  }
  return [...seen].sort((a, b) => a - b).map((i) => line.words[i]!.bbox);
}

export function unionBox(boxes: readonly Box[]): Box | null {
  if (!boxes.length) return null;
  return boxes.reduce((a, b) => ({
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  }));
}
