import {
  decodePDFRawStream,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';

/** pdfkit's indirect object: `data` is written as it is (any PDF value), then the stream bytes if any. */
type KitRef = { id: number; data: unknown; end: (chunk?: Buffer) => void };
type Kit = Omit<PDFKit.PDFDocument, 'ref'> & { ref: (data?: unknown) => KitRef };
type KitValue = string | number | boolean | null | Buffer | KitRef | KitValue[] | { [k: string]: KitValue };

/**
 * Copies pages of another PDF into a pdfkit document as form XObjects: pdf-lib only parses the (small)
 * source file; the packet itself is streamed by pdfkit, so a 100 MB packet is never held or re-parsed in
 * memory, and pdfkit's own subset CJK fonts stay exactly as it wrote them.
 */
export class PdfPageImporter {
  private readonly copied = new Map<string, KitRef>();

  private constructor(
    private readonly kit: Kit,
    readonly source: PDFDocument,
  ) {}

  static async open(kit: PDFKit.PDFDocument, bytes: Buffer): Promise<PdfPageImporter> {
    const source = await PDFDocument.load(bytes, { updateMetadata: false });
    return new PdfPageImporter(kit as Kit, source);
  }

  /** Draws page `index` into the box (pdfkit's top-left points), centred and scaled to fit, turned as its /Rotate says. */
  drawPage(index: number, box: { x: number; y: number; width: number; height: number }, name: string): void {
    const page = this.source.getPage(index);
    const form = this.formFor(page);
    const { x: bx, y: by, width: bw, height: bh } = page.getCropBox();
    const rotate = ((page.getRotation().angle % 360) + 360) % 360;
    const turned = rotate === 90 || rotate === 270;
    const dw = turned ? bh : bw;
    const dh = turned ? bw : bh;
    const s = Math.min(box.width / dw, box.height / dh);
    const x = box.x + (box.width - dw * s) / 2;
    const top = box.y + (box.height - dh * s) / 2;
    // Matrices in pdfkit's flipped space (y grows down): each maps the form's crop box onto the box.
    const [a, b, c, d, e, f] =
      rotate === 90
        ? [0, s, s, 0, x - s * by, top - s * bx]
        : rotate === 180
          ? [-s, 0, 0, s, x + s * (bx + bw), top - s * by]
          : rotate === 270
            ? [0, -s, -s, 0, x + s * (by + bh), top + s * (bx + bw)]
            : [s, 0, 0, -s, x - s * bx, top + s * (by + bh)];
    const kitPage = (this.kit as unknown as { page: { xobjects: Record<string, KitRef> } }).page;
    kitPage.xobjects[name] = form;
    const n = (v: number) => Number(v.toFixed(5));
    this.kit.addContent(`q ${n(a)} ${n(b)} ${n(c)} ${n(d)} ${n(e)} ${n(f)} cm /${name} Do Q`);
  }

  private formFor(page: PDFPage): KitRef {
    const node = page.node;
    const contents = node.Contents();
    const streams: PDFRawStream[] = [];
    const collect = (o: PDFObject | undefined) => {
      const v = o instanceof PDFRef ? this.source.context.lookup(o) : o;
      if (v instanceof PDFRawStream) streams.push(v);
      else if (v instanceof PDFArray) for (let i = 0; i < v.size(); i++) collect(v.get(i));
    };
    collect(contents);
    const box = page.getCropBox();
    const resources = node.Resources();
    const dict: Record<string, KitValue> = {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [box.x, box.y, box.x + box.width, box.y + box.height],
      Resources: resources ? this.convert(resources) : {},
    };
    let data: Buffer;
    if (streams.length === 1 && streams[0]!.dict.get(PDFName.of('Filter'))) {
      // One encoded stream: keep its bytes and filter as they are.
      const only = streams[0]!;
      dict.Filter = this.convert(only.dict.get(PDFName.of('Filter'))!);
      const parms = only.dict.get(PDFName.of('DecodeParms'));
      if (parms) dict.DecodeParms = this.convert(parms);
      data = Buffer.from(only.contents);
    } else {
      data = Buffer.concat(
        streams.flatMap((s) => [Buffer.from(decodePDFRawStream(s).decode()), Buffer.from('\n')]),
      );
    }
    const ref = this.kit.ref(dict);
    ref.end(data.length ? data : Buffer.from(' '));
    return ref;
  }

  /** A pdf-lib object as pdfkit writes it: names as strings, strings as bytes, references copied once. */
  private convert(o: PDFObject): KitValue {
    if (o instanceof PDFRef) {
      const key = o.toString();
      const done = this.copied.get(key);
      if (done) return done;
      const target = this.source.context.lookup(o);
      if (target instanceof PDFRawStream) {
        const dict: Record<string, KitValue> = {};
        for (const [k, v] of target.dict.entries()) {
          const name = k.asString().slice(1);
          if (name !== 'Length') dict[name] = this.convert(v);
        }
        // A stream without a filter gets pdfkit's Flate; one with a filter keeps its encoded bytes.
        const ref = this.kit.ref(dict);
        this.copied.set(key, ref);
        ref.end(target.contents.length ? Buffer.from(target.contents) : Buffer.from(' '));
        return ref;
      }
      const ref = this.kit.ref({});
      this.copied.set(key, ref);
      const value = target === undefined ? null : this.convert(target);
      // Filled after registering, so a cycle (a font's descendant pointing back) ends at the copy in progress.
      ref.data = value;
      ref.end();
      return ref;
    }
    if (o instanceof PDFDict) {
      const out: Record<string, KitValue> = {};
      for (const [k, v] of o.entries()) out[k.asString().slice(1)] = this.convert(v);
      return out;
    }
    if (o instanceof PDFArray) {
      const out: KitValue[] = [];
      for (let i = 0; i < o.size(); i++) out.push(this.convert(o.get(i)));
      return out;
    }
    if (o instanceof PDFName) return o.asString().slice(1);
    if (o instanceof PDFNumber) return o.asNumber();
    if (o instanceof PDFString || o instanceof PDFHexString) return Buffer.from(o.asBytes());
    if (o instanceof PDFBool) return o.asBoolean();
    return null;
  }
}
