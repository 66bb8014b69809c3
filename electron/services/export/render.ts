import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { Locker } from '../locker.ts';
import { PdfPageImporter } from './embed-pdf.ts';
import type { TransactionRecord } from '../../../db/queries/records.ts';
import type { Payment } from '../ledger/index.ts';
import { eventTitleIn } from '../dispute/titles.ts';
import { formatInstant, zoneInWords } from '../util/time.ts';
import { formatAmount } from '../util/money.ts';
import { nameEmoji } from './emoji.ts';
import { fontFiles } from './fonts.ts';
import { formatBytes, formatMoney, shortTime, WORDS, type Lang, type Recipient } from './i18n.ts';
import type { CaseData } from './model.ts';
import type { ImageFeed } from './image-feed.ts';
import type { Exhibit, PreparedImage } from './prepare.ts';
import { IMAGE_BOX } from './prepare.ts';

// A4 (595.28 × 841.89 pt), with the header and footer bands outside the body.
const BODY = { left: 56, right: 539.28, top: 64, bottom: 782 };
const WIDTH = BODY.right - BODY.left;
const INK = '#1f2328';
const MUTED = '#5b636e';
const RULE = '#d0d5db';
const ACCENT = '#2f5d8a';
const AMBER_FILL = '#fff3d6';
const AMBER_INK = '#8a5a00';
const ZEBRA = '#f6f8fa';

export type RenderInput = {
  locker: Locker;
  data: CaseData;
  lang: Lang;
  recipient: Recipient;
  letter: string;
  reference: string;
  exportedAt: Date;
  exhibits: Exhibit[];
  archiveNames: Map<number, string>;
  /** Which volume holds each exhibit, when the packet is split. */
  exhibitVolumes?: Map<number, number>;
  /** Prepares each image as it is placed (a few ahead), so no render holds every image at once. */
  images: ImageFeed;
};

export type VolumePlan = { volume: number; volumes: number; exhibits: Exhibit[] };

export type RenderedVolume = {
  /** Size of the file written. */
  bytes: number;
  pages: number;
  exhibitPages: Map<number, { first: number; count: number }>;
};

type Font = 'R' | 'B' | 'M';
/** The parts of pdfkit's page that `Pages.writeOut` uses (not in its typings). */
type KitRef = { end: () => void };
type KitPage = { content: KitRef; dictionary: { data: { Contents: KitRef | KitRef[] } } };
type Align = 'left' | 'right' | 'center';
type Column = { title: string; width: number; align?: Align; font?: Font; size?: number; maxLines?: number };
type Row = { cells: string[]; fill?: string; bold?: boolean; color?: string };

class Pages {
  readonly doc: PDFKit.PDFDocument;
  readonly labels: string[] = [];
  label = '';
  y = BODY.top;
  private lineHeights = new Map<string, number>();

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  get count(): number {
    return this.labels.length;
  }

  newPage(label = this.label): void {
    this.writeOut();
    this.doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.labels.push(label);
    this.label = label;
    this.y = BODY.top;
  }

  /**
   * The page being left is drawn: its content so far is compressed and written to the file now, and what is
   * added to it later (the header, the footer's page count, an index page number) goes into a second content
   * stream of the same page. Pages stay buffered only for those few lines, so a packet's memory does not grow
   * with its pages (a PDF page may have several content streams, read as one).
   */
  private writeOut(): void {
    const page = (this.doc as unknown as { page?: KitPage }).page;
    if (!page) return;
    const drawn = page.content;
    const rest = (this.doc as unknown as { ref: () => KitRef }).ref();
    drawn.end();
    page.content = rest;
    const contents = page.dictionary.data.Contents;
    page.dictionary.data.Contents = Array.isArray(contents) ? [...contents, rest] : [drawn, rest];
  }

  room(): number {
    return BODY.bottom - this.y;
  }

  ensure(height: number, onNewPage?: () => void): void {
    if (this.room() < height) {
      this.newPage();
      onNewPage?.();
    }
  }

  use(font: Font, size: number, color = INK): PDFKit.PDFDocument {
    return this.doc.font(font).fontSize(size).fillColor(color);
  }

  lineHeight(font: Font, size: number): number {
    const key = `${font}${size}`;
    let h = this.lineHeights.get(key);
    if (h === undefined) {
      this.use(font, size);
      h = this.doc.currentLineHeight(true);
      this.lineHeights.set(key, h);
    }
    return h;
  }

  /** Height of wrapped text; single-line text is measured by width only (much cheaper than wrapping). */
  measure(text: string, font: Font, size: number, width: number, maxLines = 0): number {
    const lh = this.lineHeight(font, size);
    if (!text) return lh;
    this.use(font, size);
    if (!text.includes('\n') && this.doc.widthOfString(text) <= width) return lh;
    const h = this.doc.heightOfString(text, { width, lineGap: 0 });
    return maxLines ? Math.min(h, lh * maxLines) : h;
  }

  write(
    text: string,
    x: number,
    y: number,
    o: { font?: Font; size?: number; color?: string; width?: number; align?: Align; height?: number } = {},
  ): void {
    this.use(o.font ?? 'R', o.size ?? 10, o.color ?? INK);
    this.doc.text(text, x, y, {
      width: o.width ?? WIDTH,
      align: o.align ?? 'left',
      lineGap: 0,
      ...(o.height ? { height: o.height, ellipsis: true } : {}),
    });
  }

  /** A paragraph at the current position, breaking across pages line by line where it must. */
  paragraph(
    text: string,
    o: { font?: Font; size?: number; color?: string; indent?: number; gap?: number } = {},
  ) {
    const font = o.font ?? 'R';
    const size = o.size ?? 10;
    const indent = o.indent ?? 0;
    const width = WIDTH - indent;
    const h = this.measure(text, font, size, width);
    if (h <= this.room()) {
      this.write(text, BODY.left + indent, this.y, { font, size, color: o.color, width });
      this.y += h + (o.gap ?? 4);
      return;
    }
    // Too long for what is left of the page: split on lines the same wrapper would make.
    const lh = this.lineHeight(font, size);
    const lines = wrapLines(this, text, font, size, width);
    for (const line of lines) {
      this.ensure(lh);
      this.write(line, BODY.left + indent, this.y, { font, size, color: o.color, width });
      this.y += lh;
    }
    this.y += o.gap ?? 4;
  }

  rule(y = this.y, color = RULE): void {
    this.doc.moveTo(BODY.left, y).lineTo(BODY.right, y).lineWidth(0.5).strokeColor(color).stroke();
  }

  /** Rows laid out by hand (pdfkit's table() is far too slow for thousands of rows); the header repeats per page. */
  table(
    columns: Column[],
    rows: Row[],
    o: { size?: number; zebra?: boolean } = {},
  ): { page: number; y: number }[] {
    const size = o.size ?? 8;
    const pad = 3;
    const positions: { page: number; y: number }[] = [];
    const header = () => {
      const h = this.lineHeight('B', size) + pad * 2;
      this.doc.rect(BODY.left, this.y, WIDTH, h).fill('#eef1f4');
      let x = BODY.left;
      for (const c of columns) {
        this.write(c.title, x + pad, this.y + pad, {
          font: 'B',
          size,
          color: MUTED,
          width: c.width - pad * 2,
          align: c.align,
          height: this.lineHeight('B', size) + 1,
        });
        x += c.width;
      }
      this.y += h;
    };
    this.ensure(this.lineHeight('B', size) * 3);
    header();
    rows.forEach((row, i) => {
      let h = 0;
      columns.forEach((c, k) => {
        const f = row.bold ? 'B' : (c.font ?? 'R');
        h = Math.max(
          h,
          this.measure(row.cells[k] ?? '', f, c.size ?? size, c.width - pad * 2, c.maxLines ?? 3),
        );
      });
      const rowH = h + pad * 2;
      this.ensure(rowH, header);
      positions.push({ page: this.count - 1, y: this.y });
      const fill = row.fill ?? (o.zebra && i % 2 === 1 ? ZEBRA : undefined);
      if (fill) this.doc.rect(BODY.left, this.y, WIDTH, rowH).fill(fill);
      let x = BODY.left;
      columns.forEach((c, k) => {
        const text = row.cells[k] ?? '';
        if (text) {
          this.write(text, x + pad, this.y + pad, {
            font: row.bold ? 'B' : (c.font ?? 'R'),
            size: c.size ?? size,
            color: row.color ?? INK,
            width: c.width - pad * 2,
            align: c.align,
            height: h + 0.5,
          });
        }
        x += c.width;
      });
      this.y += rowH;
      this.doc.moveTo(BODY.left, this.y).lineTo(BODY.right, this.y).lineWidth(0.3).strokeColor(RULE).stroke();
    });
    this.y += 8;
    return positions;
  }
}

/** Splits text into the lines pdfkit would wrap it into, by measuring growing prefixes (only for page breaks). */
function wrapLines(p: Pages, text: string, font: Font, size: number, width: number): string[] {
  p.use(font, size);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    // Break between CJK characters anywhere, and between Latin words at spaces.
    for (const token of para.match(
      /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g,
    ) ?? ['']) {
      const next = line + token;
      if (line && p.doc.widthOfString(next) > width) {
        out.push(line.trimEnd());
        line = token.trimStart();
        while (p.doc.widthOfString(line) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && p.doc.widthOfString(line.slice(0, cut)) > width) cut--;
          out.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

const at = (utc: string, offset: number) => shortTime(formatInstant({ utc, offset }));

/** Writes one volume to `target`, streamed: pages go to disk as pdfkit finishes them. */
export async function renderVolume(
  input: RenderInput,
  plan: VolumePlan,
  target: string,
): Promise<RenderedVolume> {
  const { data, lang } = input;
  const w = WORDS[lang];
  const c = data.case;
  const fonts = fontFiles();
  const title = `${w.packetTitle} — ${c.title}`;
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang,
    displayTitle: true,
    compress: true,
    info: {
      Title: plan.volumes > 1 ? `${title} (${w.volume(plan.volume, plan.volumes)})` : title,
      Author: 'Evidence Locker',
      Subject: `${input.reference} · ${c.counterparty}`,
      Keywords: `${input.reference}, ${c.id}, ${input.recipient}`,
      Creator: 'Evidence Locker',
      Producer: 'Evidence Locker (pdfkit, pdf-lib)',
      // Fixed from the injected clock, so the document ID pdfkit derives from these is fixed too.
      CreationDate: input.exportedAt,
      ModDate: input.exportedAt,
    },
  });
  const sink = createWriteStream(target, { mode: 0o600 });
  let size = 0;
  doc.on('data', (chunk: Buffer) => (size += chunk.length));
  doc.pipe(sink);
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  doc.registerFont('M', fonts.mono);

  const p = new Pages(doc);
  const exhibitNo = new Map(input.exhibits.map((e) => [e.evidence.id, e.number]));
  const exRef = (evidenceId: string | undefined, line?: number, page?: number) => {
    const n = evidenceId ? exhibitNo.get(evidenceId) : undefined;
    if (n === undefined) return '';
    if (!line) return w.exhibit(n);
    return `${w.exhibit(n)} · ${page ? `${w.page} ${page} ` : ''}${w.line} ${line}`;
  };

  if (plan.volume === 1) {
    // ── Cover letter ──
    p.newPage(w.cover);
    doc.outline.addItem(w.cover);
    renderLetter(p, input);
    renderDisputed(p, input, exRef);
    // ── Timeline ──
    p.newPage(w.timeline);
    doc.outline.addItem(w.timeline);
    heading(p, w.timeline, `${c.title} · ${zoneInWords(c.timezone, lang)}`);
    // The timeline tells what the packet proves: an item left out of it (and rows read only from such items)
    // is not listed; contacts and deadlines always are.
    const inPacket = new Set(input.exhibits.map((x) => x.evidence.id));
    const tl = data.timeline.filter((e) => {
      if (e.type === 'event') return true;
      if (e.type === 'evidence') return e.evidenceId === undefined || inPacket.has(e.evidenceId);
      const from = e.sources?.map((x) => x.evidenceId) ?? [e.source?.evidenceId ?? e.evidenceId];
      return from.some((id) => id === undefined || inPacket.has(id));
    });
    p.table(
      [
        { title: w.time, width: 96, font: 'R' },
        { title: w.kind, width: 52 },
        { title: w.what, width: 177, maxLines: 3 },
        { title: w.amount, width: 66, align: 'right' },
        { title: w.source, width: 92, maxLines: 3 },
      ],
      tl.length
        ? tl.map((e) => {
            const kind =
              e.type === 'event'
                ? w.eventKinds[e.kind as keyof typeof w.eventKinds]
                : e.type === 'evidence'
                  ? w.evidenceKinds[e.kind as keyof typeof w.evidenceKinds]
                  : e.type === 'message'
                    ? w.message
                    : e.kind === 'charge'
                      ? w.charge
                      : w.refund;
            const amount =
              e.amount && e.currency
                ? `${e.direction === 'out' ? '−' : e.direction === 'in' ? '+' : ''}${formatMoney(e.amount, e.currency, lang)}`
                : '';
            // A payment seen in the bill and in the bank statement points at both; a contact at each of its
            // attachments (the chat screenshot, the recording) that is in the packet.
            const where = e.sources?.length
              ? e.sources.map((s) => exRef(s.evidenceId, s.line, s.page)).join('\n')
              : e.source
                ? exRef(e.source.evidenceId, e.source.line, e.source.page)
                : e.attachments?.length
                  ? e.attachments
                      .map((id) => exRef(id))
                      .filter(Boolean)
                      .join('\n')
                  : exRef(e.evidenceId);
            const title =
              e.type === 'event' && e.eventId
                ? eventTitleIn(lang, { id: e.eventId, title: e.title }, data)
                : e.readBy === 'ocr'
                  ? `${e.side === 'me' ? w.said(w.me) : e.sender ? w.said(e.sender) : ''}${e.title}${w.readByOcr}`
                  : e.title;
            return {
              cells: [
                shortTime(e.at),
                kind ?? e.kind,
                title + (e.reference ? `  [${e.reference}]` : ''),
                amount,
                where,
              ],
              ...(e.disputed ? { fill: AMBER_FILL } : {}),
            };
          })
        : [{ cells: ['', '', w.noEntries, '', ''] }],
      { size: 7.5, zebra: true },
    );
  } else {
    p.newPage(w.volumeTitle(plan.volume, plan.volumes));
    doc.outline.addItem(w.volumeTitle(plan.volume, plan.volumes));
    p.y = 200;
    p.write(w.volumeTitle(plan.volume, plan.volumes), BODY.left, p.y, { font: 'B', size: 20 });
    p.y += 40;
    p.write(c.title, BODY.left, p.y, { size: 13 });
    p.y += 28;
    const first = plan.exhibits[0]?.number ?? 0;
    const last = plan.exhibits[plan.exhibits.length - 1]?.number ?? 0;
    p.write(`${w.reference}: ${input.reference}\n${w.exhibitsInVolume(first, last)}`, BODY.left, p.y, {
      size: 10,
      color: MUTED,
    });
  }

  // ── Index (every volume carries the whole index) ──
  p.newPage(w.index);
  doc.outline.addItem(w.index);
  heading(p, w.index, plan.volumes > 1 ? w.volume(plan.volume, plan.volumes) : '');
  const indexColumns: Column[] = [
    { title: w.number, width: 40 },
    { title: w.title, width: 165, maxLines: 2 },
    { title: w.date, width: 92 },
    { title: w.kind, width: 50 },
    { title: w.source, width: 96, maxLines: 2 },
    { title: lang === 'en' ? 'Page' : '页码', width: 40, align: 'right' },
  ];
  const indexRows = p.table(
    indexColumns,
    input.exhibits.map((e) => ({
      cells: [
        w.exhibit(e.number),
        e.evidence.title + (hasRedactions(e) ? `  ■ ${w.redacted}` : ''),
        at(e.evidence.occurredUtc, e.evidence.occurredOffset),
        w.evidenceKinds[e.evidence.kind],
        `${e.evidence.originalName}${e.evidence.parentId ? ` (${exRef(e.evidence.parentId)})` : ''}`,
        plan.exhibits.includes(e) ? '' : lang === 'en' ? `Vol. ${volumeOf(e)}` : `第 ${volumeOf(e)} 册`,
      ],
    })),
    { size: 7.5, zebra: true },
  );
  function volumeOf(e: Exhibit): number {
    return input.exhibitVolumes?.get(e.number) ?? 1;
  }

  // ── Exhibits ──
  const exhibitPages = new Map<number, { first: number; count: number }>();
  let parent: PDFKit.PDFOutline | null = null;
  const imageOf = input.images.open(plan.exhibits);
  for (const ex of plan.exhibits) {
    const label = w.exhibit(ex.number);
    p.newPage(label);
    const first = p.count - 1;
    parent ??= doc.outline.addItem(lang === 'en' ? 'Exhibits' : '证据');
    parent.addItem(`${label} — ${ex.evidence.title}`);
    exhibitHeading(p, input, ex);
    await renderExhibit(p, input, ex, exRef, imageOf);
    exhibitPages.set(ex.number, { first, count: p.count - first });
  }

  // Page numbers in the index, now that every exhibit has its pages.
  input.exhibits.forEach((e, i) => {
    const pages = exhibitPages.get(e.number);
    const pos = indexRows[i];
    if (!pages || !pos) return;
    doc.switchToPage(pos.page);
    p.write(String(pages.first + 1), BODY.right - 40 + 3, pos.y + 3, {
      size: 7.5,
      width: 34,
      align: 'right',
    });
  });

  // ── Integrity ──
  p.newPage(w.integrity);
  doc.outline.addItem(w.integrity);
  renderIntegrity(p, input);

  // ── Header and footer on every page, now that the total is known ──
  const total = p.count;
  const ref =
    plan.volumes > 1 ? `${input.reference} · ${w.volume(plan.volume, plan.volumes)}` : input.reference;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(i);
    p.write(c.title, BODY.left, 30, { size: 7.5, color: MUTED, width: WIDTH - 160, height: 11 });
    p.write(p.labels[i] ?? '', BODY.right - 160, 30, {
      font: 'B',
      size: 7.5,
      color: ACCENT,
      width: 160,
      align: 'right',
    });
    p.rule(44);
    p.rule(BODY.bottom + 14);
    p.write(`${w.reference} ${ref}`, BODY.left, BODY.bottom + 20, {
      size: 7.5,
      color: MUTED,
      width: WIDTH - 120,
    });
    p.write(w.pageOf(i + 1, total), BODY.right - 120, BODY.bottom + 20, {
      size: 7.5,
      color: INK,
      width: 120,
      align: 'right',
    });
  }
  doc.end();
  await finished(sink);
  return { bytes: size, pages: total, exhibitPages };
}

function hasRedactions(e: Exhibit): boolean {
  return e.body.type === 'image' && e.body.redactions.length > 0;
}

function heading(p: Pages, text: string, sub: string): void {
  p.write(text, BODY.left, p.y, { font: 'B', size: 15 });
  p.y += p.lineHeight('B', 15) + 2;
  if (sub) {
    p.write(sub, BODY.left, p.y, { size: 8.5, color: MUTED });
    p.y += p.lineHeight('R', 8.5);
  }
  p.y += 8;
}

function renderLetter(p: Pages, input: RenderInput): void {
  const w = WORDS[input.lang];
  p.write(`${w.reference} ${input.reference}`, BODY.left, p.y, { size: 8, color: MUTED, align: 'right' });
  p.y += 16;
  for (const block of input.letter.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const text = block.trimEnd();
    if (!text.trim()) continue;
    if (text.startsWith('# ')) {
      // A title may take two lines (the English one does): what follows starts below its last line.
      const title = text.slice(2);
      const height = p.measure(title, 'B', 16, WIDTH);
      p.ensure(height + 24);
      p.write(title, BODY.left, p.y, { font: 'B', size: 16 });
      p.y += height + 10;
    } else if (text.startsWith('## ')) {
      p.ensure(40);
      p.y += 2;
      p.write(text.slice(3), BODY.left, p.y, { font: 'B', size: 11, color: ACCENT });
      p.y += p.lineHeight('B', 11) + 3;
    } else {
      for (const line of text.split('\n')) {
        const bullet = /^(- |\d+\. )/.exec(line);
        if (bullet) {
          const mark = bullet[1] === '- ' ? '•' : bullet[1]!.trim();
          p.ensure(p.lineHeight('R', 10));
          p.write(mark, BODY.left + 4, p.y, { size: 10, width: 18 });
          p.paragraph(line.slice(bullet[1]!.length), { size: 10, indent: 22, gap: 2 });
        } else {
          p.paragraph(line || ' ', { size: 10, gap: 1.5 });
        }
      }
      p.y += 7;
    }
  }
}

function renderDisputed(
  p: Pages,
  input: RenderInput,
  exRef: (id: string | undefined, line?: number, page?: number) => string,
): void {
  const { data, lang } = input;
  const w = WORDS[lang];
  const claim = data.claims[input.recipient];
  if (!claim.payments.length && !claim.apart.length) return;
  const LIMIT = 40;
  // One row per payment: its time, payee and order id, and every place it is seen (the bill's row, the bank's line).
  const refs = (x: Payment) =>
    x.sightings.map((s) => exRef(s.tx.evidenceId, s.tx.line, s.tx.page)).join('\n');
  const describe = (x: Payment) =>
    [
      [x.counterparty, x.description].filter(Boolean).join(' · '),
      x.orderIds[0] ? `${w.orderId} ${x.orderIds[0]}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  const columns = [
    { title: '#', width: 24 },
    { title: w.time, width: 96 },
    { title: w.description, width: 190, maxLines: 3 },
    { title: w.amount, width: 75, align: 'right' as const },
    { title: w.source, width: 98, maxLines: 4 },
  ];
  if (claim.payments.length) {
    p.ensure(90);
    p.y += 6;
    p.write(w.disputedCharges, BODY.left, p.y, { font: 'B', size: 11, color: ACCENT });
    p.y += p.lineHeight('B', 11) + 4;
    const rows: Row[] = claim.payments.slice(0, LIMIT).map((x, i) => ({
      cells: [
        String(i + 1),
        at(x.anchor.tx.occurredUtc, x.anchor.tx.occurredOffset),
        describe(x),
        formatMoney(formatAmount(x.amountMinor, x.currency), x.currency, lang),
        refs(x),
      ],
    }));
    if (claim.payments.length > LIMIT) {
      rows.push({
        cells: [
          '…',
          '',
          lang === 'en'
            ? `and ${claim.payments.length - LIMIT} more: every one is in the statement exhibits`
            : `另有 ${claim.payments.length - LIMIT} 笔，均列于账单证据中`,
          '',
          '',
        ],
        color: MUTED,
      });
    }
    for (const t of claim.totals) {
      rows.push({
        cells: ['', '', `${w.charged} (${t.count})`, formatMoney(t.charged, t.currency, lang), ''],
        bold: true,
        fill: '#eef1f4',
      });
      rows.push({ cells: ['', '', w.refunded, `−${formatMoney(t.refunded, t.currency, lang)}`, ''] });
      rows.push({
        cells: ['', '', w.outstanding, formatMoney(t.outstanding, t.currency, lang), ''],
        bold: true,
        fill: AMBER_FILL,
      });
    }
    p.table(columns, rows, { size: 8 });
  }
  if (claim.apart.length) {
    p.ensure(80);
    p.y += 10;
    p.write(w.notThroughBank, BODY.left, p.y, { font: 'B', size: 10, color: ACCENT });
    p.y += p.lineHeight('B', 10) + 2;
    p.paragraph(w.notThroughBankNote, { size: 8.5, gap: 4 });
    p.table(
      columns,
      claim.apart.map(({ payment: x, raiseWith }, i) => ({
        cells: [
          String(i + 1),
          at(x.anchor.tx.occurredUtc, x.anchor.tx.occurredOffset),
          `${describe(x)}\n${w.raiseWith[raiseWith]}`,
          formatMoney(formatAmount(x.amountMinor, x.currency), x.currency, lang),
          refs(x),
        ],
        color: MUTED,
      })),
      { size: 8 },
    );
  }
}

function exhibitHeading(p: Pages, input: RenderInput, ex: Exhibit): void {
  const w = WORDS[input.lang];
  const e = ex.evidence;
  p.write(`${w.exhibit(ex.number)}`, BODY.left, p.y, { font: 'B', size: 9, color: ACCENT });
  p.y += p.lineHeight('B', 9);
  p.write(e.title, BODY.left, p.y, { font: 'B', size: 13, height: p.lineHeight('B', 13) * 2 });
  p.y += p.measure(e.title, 'B', 13, WIDTH, 2) + 2;
  const meta = [
    `${w.evidenceKinds[e.kind]} · ${at(e.occurredUtc, e.occurredOffset)} (${w.timeFrom[e.occurredSource] ?? e.occurredSource})`,
    `${w.filedAs(e.originalName, formatBytes(e.size, input.lang))} · ${w.acquired(
      shortTime(e.acquiredAt.replace('Z', '+00:00')),
      w.acquiredHow[e.acquisitionMethod] ?? e.acquisitionMethod,
    )}`,
  ].join('\n');
  p.write(meta, BODY.left, p.y, { size: 8, color: MUTED });
  p.y += p.measure(meta, 'R', 8, WIDTH);
  // Fingerprints stand together in the integrity appendix, one full SHA-256 per line at a readable size.
  p.write(w.fingerprintInAppendix, BODY.left, p.y + 1, { size: 7.5, color: MUTED });
  p.y += p.lineHeight('R', 7.5) + 2;
  if (e.notes.trim()) {
    p.write(`${w.notes}: ${e.notes.trim()}`, BODY.left, p.y, { size: 8, color: MUTED, height: 40 });
    p.y += Math.min(40, p.measure(`${w.notes}: ${e.notes.trim()}`, 'R', 8, WIDTH));
  }
  if (hasRedactions(ex)) {
    const note = `■ ${w.redacted}. ${w.redactedNote}`;
    const h = p.measure(note, 'R', 8, WIDTH - 12) + 6;
    p.doc.rect(BODY.left, p.y + 2, WIDTH, h).fill(AMBER_FILL);
    p.write(note, BODY.left + 6, p.y + 5, { size: 8, color: AMBER_INK, width: WIDTH - 12 });
    p.y += h + 4;
  }
  p.y += 4;
  p.rule();
  p.y += 10;
}

async function renderExhibit(
  p: Pages,
  input: RenderInput,
  ex: Exhibit,
  exRef: (id: string | undefined, line?: number, page?: number) => string,
  imageOf: (ex: Exhibit) => Promise<PreparedImage[] | null>,
): Promise<void> {
  const w = WORDS[input.lang];
  const body = ex.body;
  switch (body.type) {
    case 'image': {
      const slices = await imageOf(ex);
      // Not decodable after all: the feed turned the exhibit into a description of the file.
      if (!slices) return renderExhibit(p, input, ex, exRef, imageOf);
      slices.forEach((img, i) => {
        if (i > 0) {
          p.newPage();
          p.write(
            `${w.exhibit(ex.number)} ${w.continued} · ${w.imagePart(i + 1, slices.length)}`,
            BODY.left,
            p.y,
            {
              size: 8,
              color: MUTED,
            },
          );
          p.y += 16;
        } else if (slices.length > 1) {
          p.write(w.imagePart(1, slices.length), BODY.left, p.y - 6, { size: 8, color: MUTED });
          p.y += 8;
        }
        const boxH = Math.min(p.room(), IMAGE_BOX.height + 100);
        const scale = Math.min(WIDTH / img.width, boxH / img.height, 1);
        const dw = img.width * scale;
        const dh = img.height * scale;
        const x = BODY.left + (WIDTH - dw) / 2;
        p.doc.image(img.data, x, p.y, {
          width: dw,
          height: dh,
          ignoreOrientation: true,
        } as PDFKit.Mixins.ImageOption);
        p.doc.rect(x, p.y, dw, dh).lineWidth(0.5).strokeColor(RULE).stroke();
        p.y += dh + 6;
      });
      return;
    }
    case 'pdf': {
      const importer = await PdfPageImporter.open(p.doc, await input.locker.objects.read(ex.evidence.sha256));
      body.pages.forEach((_, i) => {
        if (i > 0) p.newPage();
        p.write(w.pdfPage(i + 1, body.pages.length), BODY.left, p.y, { size: 8, color: MUTED });
        p.y += 14;
        const box = { x: BODY.left, y: p.y, width: WIDTH, height: BODY.bottom - p.y - 4 };
        p.doc.save();
        importer.drawPage(i, box, `Exh${ex.number}p${i + 1}`);
        p.doc.restore();
        p.doc.rect(box.x, box.y, box.width, box.height).lineWidth(0.3).strokeColor(RULE).stroke();
        p.y = BODY.bottom;
      });
      return;
    }
    case 'transactions':
      renderTransactions(p, input, ex, body.rows);
      return;
    case 'chat':
      renderChat(p, input, body.messages);
      return;
    case 'email': {
      const names: Record<string, string> = {
        from: w.from,
        to: w.to,
        cc: w.cc,
        date: w.date,
        subject: w.subject,
      };
      for (const [k, v] of body.headers) {
        p.ensure(14);
        p.write(names[k] ?? k, BODY.left, p.y, { font: 'B', size: 9, color: MUTED, width: 70 });
        const h = p.measure(v, 'R', 9, WIDTH - 74);
        p.write(v, BODY.left + 74, p.y, { size: 9, width: WIDTH - 74 });
        p.y += h + 3;
      }
      p.y += 4;
      p.rule();
      p.y += 8;
      p.paragraph(body.body || w.noEntries, { size: 9.5 });
      return;
    }
    case 'text':
      p.paragraph(body.text, { size: 9 });
      return;
    case 'described': {
      const e = ex.evidence;
      // An archive (an unlocked bill ZIP) or a mail with attachments is shown by what was read from it.
      const children = input.data.evidence.filter((x) => x.parentId === e.id);
      p.paragraph(
        body.reason === 'unreadable'
          ? w.pdfUnreadable
          : children.length
            ? w.containerIntro
            : w.describedIntro,
        { size: 10 },
      );
      p.y += 6;
      const rows: [string, string][] = [
        [w.kind, w.evidenceKinds[e.kind]],
        [w.mime, w.mimeWords[e.mime] ?? e.mime],
        [w.size, `${e.size} ${w.bytes}`],
        [w.archiveName, input.archiveNames.get(ex.number) ?? e.originalName],
        ['SHA-256', e.sha256],
      ];
      for (const [k, v] of rows) {
        p.write(k, BODY.left, p.y, { font: 'B', size: 9, color: MUTED, width: 100 });
        p.write(v, BODY.left + 104, p.y, { font: k === 'SHA-256' ? 'M' : 'R', size: 9, width: WIDTH - 104 });
        p.y += 16;
      }
      if (children.length) {
        p.y += 6;
        p.write(w.containerRead, BODY.left, p.y, { font: 'B', size: 10 });
        p.y += p.lineHeight('B', 10) + 4;
        p.table(
          [
            { title: w.title, width: 300, maxLines: 2 },
            { title: w.source, width: 183 },
          ],
          children.map((x) => ({ cells: [x.originalName || x.title, exRef(x.id) || w.notInPacket] })),
          { size: 9 },
        );
      }
      return;
    }
  }
}

function renderTransactions(p: Pages, input: RenderInput, ex: Exhibit, rows: TransactionRecord[]): void {
  const { lang, data } = input;
  const w = WORDS[lang];
  const disputedRows = rows.filter((t) => t.disputed && t.direction === 'out');
  p.write(w.statementOf(rows.length, disputedRows.length), BODY.left, p.y, { size: 8.5, color: MUTED });
  p.y += 16;
  const sign = (t: TransactionRecord) => (t.direction === 'out' ? '−' : t.direction === 'in' ? '+' : '');
  const table: Row[] = rows.map((t) => ({
    cells: [
      t.page ? `${t.page}:${t.line}` : String(t.line),
      at(t.occurredUtc, t.occurredOffset),
      t.counterparty,
      [t.description, t.method].filter(Boolean).join(' · '),
      t.status,
      `${sign(t)}${formatMoney(formatAmount(t.amountMinor, t.currency), t.currency, lang)}`,
      t.disputed ? `◆ ${w.disputed}` : '',
    ],
    ...(t.disputed ? { fill: AMBER_FILL } : {}),
  }));
  // Totals of the disputed payments this statement shows, each counted once and net of its refunds wherever
  // those were read: the same figures as the charge table's rows for these payments.
  const payments = new Set(
    rows
      .map((t) => data.ledger.byTransaction.get(t.id))
      .filter((x): x is Payment => !!x && x.kind === 'charge' && x.disputed),
  );
  const per = new Map<string, { charged: number; refunded: number; count: number }>();
  for (const x of payments) {
    const v = per.get(x.currency) ?? { charged: 0, refunded: 0, count: 0 };
    v.charged += x.amountMinor;
    v.refunded += x.refundedMinor;
    v.count += 1;
    per.set(x.currency, v);
  }
  for (const [cur, v] of [...per.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const money = (n: number) => formatMoney(formatAmount(n, cur), cur, lang);
    table.push({
      cells: ['', '', '', `${w.disputed}: ${w.charged} (${v.count})`, '', money(v.charged), ''],
      bold: true,
      fill: '#eef1f4',
    });
    table.push({ cells: ['', '', '', w.refunded, '', `−${money(v.refunded)}`, ''] });
    table.push({
      cells: ['', '', '', w.outstanding, '', money(v.charged - v.refunded), ''],
      bold: true,
      fill: AMBER_FILL,
    });
  }
  void ex;
  p.table(
    [
      { title: w.line, width: 26, align: 'right' },
      { title: w.time, width: 98 },
      { title: w.counterparty, width: 76, maxLines: 2 },
      { title: w.description, width: 112, maxLines: 2 },
      { title: w.status, width: 54, maxLines: 2 },
      { title: w.amount, width: 72, align: 'right' },
      { title: w.disputed, width: 45 },
    ],
    table,
    { size: 7.5 },
  );
}

function renderChat(p: Pages, input: RenderInput, messages: RenderInputMessages): void {
  const w = WORDS[input.lang];
  p.write(w.transcriptOf(messages.length), BODY.left, p.y, { size: 8.5, color: MUTED });
  p.y += 16;
  const TIME_W = 40;
  const LINE_W = 34;
  const textX = BODY.left + TIME_W;
  const textW = WIDTH - TIME_W - LINE_W;
  let day = '';
  const senderH = p.lineHeight('B', 8.5);
  for (const m of messages) {
    const stamp = at(m.occurredUtc, m.occurredOffset);
    const d = `${stamp.slice(0, 10)}  (UTC${stamp.slice(17)})`;
    const text = nameEmoji(m.text, input.lang);
    const sender = nameEmoji(m.sender, input.lang);
    const textH = p.measure(text || ' ', 'R', 9, textW);
    const h = (m.isSystem ? 0 : senderH) + textH + 5;
    if (d !== day) {
      p.ensure(24 + h);
      day = d;
      p.doc.rect(BODY.left, p.y, WIDTH, 15).fill('#eef1f4');
      p.write(d, BODY.left + 4, p.y + 2.5, { font: 'B', size: 8, color: MUTED });
      p.y += 19;
    } else p.ensure(h);
    if (m.isKey) {
      p.doc.rect(BODY.left, p.y - 1, WIDTH, h).fill(AMBER_FILL);
      p.doc.rect(BODY.left, p.y - 1, 2, h).fill(AMBER_INK);
    }
    p.write(stamp.slice(11, 16), BODY.left + 4, p.y, { size: 8, color: MUTED, width: TIME_W - 4 });
    p.write(String(m.line), BODY.right - LINE_W, p.y, {
      size: 7,
      color: MUTED,
      width: LINE_W,
      align: 'right',
    });
    let y = p.y;
    if (!m.isSystem) {
      p.write(sender + (m.isKey ? `  ★ ${w.keyMessage}` : ''), textX, y, {
        font: 'B',
        size: 8.5,
        width: textW,
      });
      y += senderH;
    }
    p.write(text, textX, y, { size: 9, color: m.isSystem ? MUTED : INK, width: textW });
    if (m.attachments.length) void 0;
    p.y += h;
  }
}

type RenderInputMessages = Extract<Exhibit['body'], { type: 'chat' }>['messages'];

function renderIntegrity(p: Pages, input: RenderInput): void {
  const { lang, data } = input;
  const w = WORDS[lang];
  heading(p, w.integrity, '');
  p.paragraph(w.integrityIntro, { size: 9.5, gap: 10 });
  const facts: [string, string][] = [
    [w.reference, input.reference],
    [w.exportedAt, formatInstant({ utc: input.exportedAt.toISOString(), offset: 0 }).replace('+00:00', 'Z')],
    [w.chainHead, data.head ? `#${data.head.seq}  ${data.head.hash}` : w.noEntries],
  ];
  for (const [k, v] of facts) {
    p.write(k, BODY.left, p.y, { font: 'B', size: 9, color: MUTED, width: 120 });
    p.write(v, BODY.left + 124, p.y, { font: k === w.chainHead ? 'M' : 'R', size: 8.5, width: WIDTH - 124 });
    p.y += 14;
  }
  p.write(w.chainHeadNote, BODY.left + 124, p.y - 2, { size: 7.5, color: MUTED, width: WIDTH - 124 });
  p.y += 16;
  p.table(
    [
      { title: w.number, width: 44 },
      { title: 'SHA-256', width: 318, font: 'M', size: 8 },
      { title: w.size, width: 52, align: 'right' },
      { title: w.archiveName, width: 69, maxLines: 2 },
    ],
    input.exhibits.map((e) => ({
      cells: [
        w.exhibit(e.number) + (hasRedactions(e) ? ' ■' : ''),
        e.evidence.sha256,
        String(e.evidence.size),
        input.archiveNames.get(e.number) ?? '',
      ],
    })),
    { size: 7.5, zebra: true },
  );
  const redacted = input.exhibits.filter(hasRedactions);
  if (redacted.length) {
    p.paragraph(
      `${w.redactionsListed}: ${redacted.map((e) => w.exhibit(e.number)).join(', ')}. ${w.originalWithheld}`,
      {
        size: 8.5,
        color: AMBER_INK,
        gap: 8,
      },
    );
  }
  p.ensure(110);
  p.write(w.howToCheck, BODY.left, p.y, { font: 'B', size: 11, color: ACCENT });
  p.y += p.lineHeight('B', 11) + 4;
  w.checkSteps.forEach((s, i) => {
    p.ensure(14);
    p.write(`${i + 1}.`, BODY.left + 4, p.y, { size: 9, width: 16 });
    p.paragraph(s, { size: 9, indent: 20, gap: 3 });
  });
}
