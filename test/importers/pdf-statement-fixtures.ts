import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

export type StatementColumn = { name: string; x: number; width: number; align?: 'left' | 'right' | 'center' };

/**
 * One printed line of a statement page: a cell per column (`''` for none), free text from the left margin,
 * or cells followed by a smaller step down (`advance`), for rows whose cells are centred vertically.
 */
export type StatementLine =
  string[] | { text: string; x?: number; gap?: number } | { cells: string[]; advance: number };

export type StatementLayout = {
  /** Lines above the table on the first page (bank, account, period, currency). */
  preamble: string[];
  columns: StatementColumn[];
  /** An English line printed under the header (CMB prints `Date Currency …` under 记账日期 货币 …). */
  subheader?: string[];
  pages: StatementLine[][];
  /** Print the header again at the top of every page (most banks), or only on the first. */
  repeatHeader: boolean;
  /** A4 on its side, as wide tables (Alipay's proof of transactions) are printed. */
  landscape?: boolean;
  /** Header names centred over their columns, whatever the values' alignment (建设银行). */
  centredHeaders?: boolean;
  /** Page footer (`第 1 页 / 共 2 页`). */
  footer?: (page: number, of: number) => string;
};

const LINE = 16;
const SIZE = 9;

/**
 * A statement laid out as banks print them: preamble, a header row, then one row per line with text
 * left-aligned and amounts right-aligned under their column, each cell written as its own text run.
 */
export async function makeStatementPdf(s: StatementLayout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: s.landscape ? 'landscape' : 'portrait',
    margin: 36,
    info: { Producer: 'test bank' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(FONT).fontSize(SIZE);
  const put = (text: string, col: StatementColumn, y: number) => {
    if (text === '') return;
    const free = col.width - doc.widthOfString(text);
    const x = col.align === 'right' ? col.x + free : col.align === 'center' ? col.x + free / 2 : col.x;
    doc.text(text, x, y, { lineBreak: false });
  };
  const header = (y: number) => {
    s.columns.forEach((c) => put(c.name, s.centredHeaders ? { ...c, align: 'center' } : c, y));
    let next = y + LINE;
    if (s.subheader) {
      s.subheader.forEach((name, i) => put(name, s.columns[i]!, next));
      next += LINE;
    }
    return next;
  };
  s.pages.forEach((lines, p) => {
    if (p > 0) doc.addPage();
    let y = 40;
    if (p === 0) {
      for (const text of s.preamble) {
        doc.text(text, 36, y, { lineBreak: false });
        y += LINE;
      }
      y += LINE / 2;
    }
    if (p === 0 || s.repeatHeader) y = header(y);
    for (const line of lines) {
      if (Array.isArray(line)) {
        line.forEach((text, i) => put(text, s.columns[i]!, y));
        y += LINE;
      } else if ('cells' in line) {
        line.cells.forEach((text, i) => put(text, s.columns[i]!, y));
        y += line.advance;
      } else {
        y += line.gap ?? 0;
        doc.text(line.text, line.x ?? 36, y, { lineBreak: false });
        y += LINE;
      }
    }
    if (s.footer) doc.text(s.footer(p + 1, s.pages.length), 260, doc.page.height - 40, { lineBreak: false });
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
