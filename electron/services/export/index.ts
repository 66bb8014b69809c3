import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { LockerInputError } from '../errors.ts';
import { coded } from '../../messages/say.ts';
import type { Locker } from '../locker.ts';
import { fsyncDir, fsyncFile, hashFile } from '../object-store.ts';
import { formatInstant } from '../util/time.ts';
import { archiveName, writeZip, type ArchiveEntry } from './archive.ts';
import { LANGS, RECIPIENTS, type Lang, type Recipient } from './i18n.ts';
import { draftLetter } from './letter.ts';
import { ImageFeed } from './image-feed.ts';
import { readCase, type CaseData } from './model.ts';
import { chosenExhibits } from './selection.ts';
import { describeBody, IMAGE_STEPS, type Exhibit } from './prepare.ts';
import { renderVolume, type RenderInput, type VolumePlan } from './render.ts';

export { draftLetter } from './letter.ts';
export { readRedactions, setRedactions, type RedactionBox } from './redactions.ts';
export { LANGS, RECIPIENTS, type Lang, type Recipient } from './i18n.ts';

export type ExportOptions = {
  /** The PDF to write; with volumes, `name-vol1.pdf`, `name-vol2.pdf`, … beside it. */
  out: string;
  recipient?: Recipient;
  lang?: Lang;
  /** The cover letter as the user edited it (see `draftPacketLetter`); the draft when absent. */
  letter?: string;
  /** Also write the archive of originals here. */
  zip?: string;
  /** The most bytes one PDF may have: images are recompressed, then the packet is split into volumes. */
  maxBytes?: number;
  /** The export time printed and stamped; defaults to the locker's clock. */
  clock?: () => Date;
  /** Record the export in the custody log (default true). */
  record?: boolean;
  /** Cite the rules that fit how the money moved in the drafted letter (off unless asked). */
  citeRules?: boolean;
};

export type WrittenFile = { path: string; sha256: string; bytes: number };

export type ExportResult = {
  reference: string;
  files: WrittenFile[];
  pages: number;
  exhibits: {
    number: number;
    evidenceId: string;
    title: string;
    sha256: string;
    pages: number;
    /** The exhibit's first page (1-based) in its volume's PDF. */
    startPage: number;
    redacted: boolean;
    volume?: number;
  }[];
  volumes?: { number: number; path: string; pages: number; exhibits: number[] }[];
  imageStep: number;
  warnings: string[];
};

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The cover letter the packet would carry, for the app to show and let the user edit. */
export async function draftPacketLetter(
  locker: Locker,
  caseId: string,
  options: { recipient?: Recipient; lang?: Lang; clock?: () => Date; citeRules?: boolean } = {},
): Promise<string> {
  const data = await readCase(locker, caseId);
  return draftLetter(
    data,
    options.recipient ?? 'bank',
    options.lang ?? 'zh-CN',
    (options.clock ?? locker.clock)(),
    { citeRules: options.citeRules ?? false },
  );
}

/** Writes the packet (and optionally the archive) for a case, and records the export in the custody log. */
export async function exportPacket(
  locker: Locker,
  caseId: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const recipient = options.recipient ?? 'bank';
  const lang = options.lang ?? 'zh-CN';
  if (!RECIPIENTS.includes(recipient))
    throw new LockerInputError('unknown-value', {
      what: coded('what.recipient'),
      value: String(recipient),
      list: RECIPIENTS.join(', '),
    });
  if (!LANGS.includes(lang))
    throw new LockerInputError('unknown-value', {
      what: coded('what.language'),
      value: String(lang),
      list: LANGS.join(', '),
    });
  if (options.maxBytes !== undefined && !(options.maxBytes >= 100_000)) {
    throw new LockerInputError('export.size-limit');
  }
  const exportedAt = new Date(Math.floor((options.clock ?? locker.clock)().getTime() / 1000) * 1000);
  const data = await readCase(locker, caseId);
  const warnings: string[] = [];

  // The user's choice of exhibits and their order (all, in the recipient's order, until they choose).
  const ordered = chosenExhibits(locker, data.case.id, data.evidence, recipient);
  const exhibits: Exhibit[] = [];
  for (const [i, e] of ordered.entries()) {
    const { body, weight } = await describeBody(
      locker,
      e,
      data.transactionsByEvidence.get(e.id),
      data.messagesByEvidence.get(e.id),
      data.redactions.get(e.id),
    );
    exhibits.push({ number: i + 1, evidence: e, body, weight });
  }
  const reference = packetReference(data, exhibits, recipient, lang, exportedAt);
  const archiveNames = new Map(exhibits.map((x) => [x.number, archiveName(x, hasBoxes(x))]));
  const outPath = path.resolve(options.out);
  await mkdir(path.dirname(outPath), { recursive: true });
  // What an export cut short (a crash, a kill) left beside these very targets goes first.
  await sweepStaleTemps(outPath);
  if (options.zip) await sweepStaleTemps(path.resolve(options.zip));
  const temps = new TempFiles(outPath);
  const images = new ImageFeed(locker, warnings);
  const input: RenderInput = {
    locker,
    data,
    lang,
    recipient,
    letter:
      options.letter ??
      draftLetter(data, recipient, lang, exportedAt, { citeRules: options.citeRules ?? false }),
    reference,
    exportedAt,
    exhibits,
    archiveNames,
    images,
  };

  try {
    // Size budget: recompress images step by step; when even the last step does not fit, split into volumes.
    // Only a budget needs every image weighed before it renders; otherwise each is prepared as it is placed.
    const max = options.maxBytes;
    if (max) await images.weigh(exhibits);
    let single = await renderTo(input, { volume: 1, volumes: 1, exhibits }, temps);
    while (max && single.bytes > max && images.step < IMAGE_STEPS.length - 1) {
      const imageBytes = imageWeight(exhibits);
      const fixed = single.bytes - imageBytes;
      images.step += 1;
      await images.weigh(exhibits);
      // Skip a render when the images alone show this step cannot fit.
      if (fixed + imageWeight(exhibits) > max && images.step < IMAGE_STEPS.length - 1) continue;
      single = await renderTo(input, { volume: 1, volumes: 1, exhibits }, temps);
    }

    let volumes: Awaited<ReturnType<typeof renderTo>>[];
    if (!max || single.bytes <= max) {
      volumes = [single];
    } else {
      volumes = await splitVolumes(input, exhibits, max, single.bytes, warnings, temps);
    }

    // Put the PDFs in place (rendered to temp files: fsync, rename), then write the archive.
    const files: WrittenFile[] = [];
    const outPaths: string[] = [];
    for (const v of volumes) {
      const target = volumes.length > 1 ? volumePath(outPath, v.plan.volume) : outPath;
      await temps.keep(v.file, target);
      const h = await hashFile(target);
      files.push({ path: target, sha256: h.sha256, bytes: h.size });
      outPaths.push(target);
    }
    if (options.zip) {
      const zipPath = path.resolve(options.zip);
      await mkdir(path.dirname(zipPath), { recursive: true });
      await writeArchive(locker, zipPath, input, files, exportedAt);
      const h = await hashFile(zipPath);
      files.push({ path: zipPath, sha256: h.sha256, bytes: h.size });
    }

    const volumeOf = new Map<number, number>();
    const pagesOf = new Map<number, { first: number; count: number }>();
    for (const v of volumes) {
      for (const x of v.plan.exhibits) volumeOf.set(x.number, v.plan.volume);
      for (const [n, c] of v.pagesOf) pagesOf.set(n, c);
    }
    const result: ExportResult = {
      reference,
      files,
      pages: volumes.reduce((n, v) => n + v.pages, 0),
      exhibits: exhibits.map((x) => ({
        number: x.number,
        evidenceId: x.evidence.id,
        title: x.evidence.title,
        sha256: x.evidence.sha256,
        pages: pagesOf.get(x.number)?.count ?? 0,
        startPage: (pagesOf.get(x.number)?.first ?? -1) + 1,
        redacted: hasBoxes(x),
        ...(volumes.length > 1 ? { volume: volumeOf.get(x.number) ?? 1 } : {}),
      })),
      ...(volumes.length > 1
        ? {
            volumes: volumes.map((v, i) => ({
              number: v.plan.volume,
              path: outPaths[i]!,
              pages: v.pages,
              exhibits: v.plan.exhibits.map((x) => x.number),
            })),
          }
        : {}),
      imageStep: images.step,
      warnings,
    };
    await temps.clear();
    if (options.record !== false) {
      await locker.logExport(data.case.id, {
        reference,
        recipient,
        lang,
        exportedAt: exportedAt.toISOString(),
        chainHead: data.head,
        files: files.map((f) => ({ name: path.basename(f.path), sha256: f.sha256, bytes: f.bytes })),
        exhibits: exhibits.map((x) => ({
          number: x.number,
          evidenceId: x.evidence.id,
          sha256: x.evidence.sha256,
        })),
        redacted: exhibits.filter(hasBoxes).map((x) => x.evidence.id),
      });
    }
    return result;
  } finally {
    await temps.clear();
  }
}

/**
 * Removes `TARGET.<pid>[.<n>].tmp` files beside `target` older than ten minutes: the temp files an export of the
 * same target left when it was cut short. Younger ones may belong to an export running right now.
 */
export async function sweepStaleTemps(target: string, now = Date.now()): Promise<number> {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(`${base}.`) || !/^\.\d+(\.\d+)?\.tmp$/.test(name.slice(base.length))) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && now - info.mtimeMs > 10 * 60_000) {
      await unlink(file).catch(() => undefined);
      removed += 1;
    }
  }
  return removed;
}

/** Rendered volumes wait in temp files beside the target until one is chosen; the rest are removed. */
class TempFiles {
  private readonly files = new Set<string>();
  private n = 0;
  constructor(private readonly target: string) {}

  next(): string {
    const f = `${this.target}.${process.pid}.${this.n++}.tmp`;
    this.files.add(f);
    return f;
  }

  async keep(file: string, target: string): Promise<void> {
    await fsyncFile(file);
    await rename(file, target);
    await fsyncDir(path.dirname(target));
    this.files.delete(file);
  }

  async clear(): Promise<void> {
    for (const f of this.files) await unlink(f).catch(() => undefined);
    this.files.clear();
  }
}

function hasBoxes(x: Exhibit): boolean {
  return x.body.type === 'image' && x.body.redactions.length > 0;
}

function imageWeight(exhibits: Exhibit[]): number {
  let n = 0;
  for (const x of exhibits) if (x.body.type === 'image') n += x.weight;
  return n;
}

/** A short reference printed on every page: the date and a digest of what the packet holds. */
function packetReference(
  data: CaseData,
  exhibits: Exhibit[],
  recipient: Recipient,
  lang: Lang,
  at: Date,
): string {
  const digest = sha256(
    [data.case.id, recipient, lang, data.head?.hash ?? '', ...exhibits.map((x) => x.evidence.sha256)].join(
      '\n',
    ),
  );
  const day = formatInstant({ utc: at.toISOString(), offset: 0 }).slice(0, 10).replace(/-/g, '');
  return `EL-${day}-${digest.slice(0, 8).toUpperCase()}`;
}

function volumePath(out: string, n: number): string {
  const abs = path.resolve(out);
  const ext = path.extname(abs) || '.pdf';
  return path.join(path.dirname(abs), `${path.basename(abs, path.extname(abs))}-vol${n}${ext}`);
}

async function renderTo(input: RenderInput, plan: VolumePlan, temps: TempFiles) {
  const file = temps.next();
  const r = await renderVolume(input, plan, file);
  return { plan, file, bytes: r.bytes, pages: r.pages, pagesOf: r.exhibitPages };
}

/**
 * Packs exhibits into volumes by their weight (images and merged PDFs dominate), each volume carrying the
 * index and the integrity page; tightens the packing when a rendered volume still comes out too big.
 */
async function splitVolumes(
  input: RenderInput,
  exhibits: Exhibit[],
  max: number,
  wholeBytes: number,
  warnings: string[],
  temps: TempFiles,
) {
  const fixed = Math.max(0, wholeBytes - exhibits.reduce((n, x) => n + x.weight, 0));
  let capacity = Math.max(max * 0.9 - Math.min(fixed, max * 0.5), max * 0.2);
  for (let attempt = 0; attempt < 5; attempt++) {
    const groups: Exhibit[][] = [[]];
    let load = 0;
    for (const x of exhibits) {
      const current = groups[groups.length - 1]!;
      if (current.length && load + x.weight > capacity) {
        groups.push([x]);
        load = x.weight;
      } else {
        current.push(x);
        load += x.weight;
      }
    }
    const exhibitVolumes = new Map<number, number>();
    groups.forEach((g, i) => g.forEach((x) => exhibitVolumes.set(x.number, i + 1)));
    const vInput = { ...input, exhibitVolumes };
    const out = [];
    let tooBig = false;
    for (const [i, g] of groups.entries()) {
      const v = await renderTo(vInput, { volume: i + 1, volumes: groups.length, exhibits: g }, temps);
      if (v.bytes > max && g.length > 1) tooBig = true;
      out.push(v);
    }
    if (!tooBig || attempt === 4) {
      for (const v of out) {
        if (v.bytes > max) {
          warnings.push(
            `volume ${v.plan.volume} is ${v.bytes} bytes, over the ${max}-byte limit: exhibit ${v.plan.exhibits[0]?.number} alone is larger than the limit`,
          );
        }
      }
      return out;
    }
    capacity *= 0.8;
  }
  throw new Error('unreachable');
}

async function writeArchive(
  locker: Locker,
  zipPath: string,
  input: RenderInput,
  packet: WrittenFile[],
  stamp: Date,
): Promise<void> {
  const entries: ArchiveEntry[] = [];
  const lines: string[] = [];
  const listed: Record<string, unknown>[] = [];
  for (const x of input.exhibits) {
    const name = `originals/${input.archiveNames.get(x.number)!}`;
    const e = x.evidence;
    const body = x.body;
    if (body.type === 'image' && body.redactions.length) {
      // A redacted exhibit travels redacted: the packet's promise to hide those pixels holds in the archive too.
      // Its copy is made when its turn comes and let go once written (never every redacted copy at once); its
      // digest is known by the time the manifest, written last, lists it.
      const row = { ...exhibitJson(x), archiveName: name, archiveSha256: '', redacted: true };
      const at = lines.push('') - 1;
      listed.push(row);
      entries.push({
        name,
        compress: false,
        make: async () => {
          const bytes = await sharp(await locker.objects.read(e.sha256))
            .rotate()
            .flatten({ background: '#ffffff' })
            .composite(
              body.redactions.map((b) => ({
                input: {
                  create: { width: b.width, height: b.height, channels: 3 as const, background: '#000000' },
                },
                left: b.x,
                top: b.y,
              })),
            )
            .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
            .toBuffer();
          row.archiveSha256 = sha256(bytes);
          lines[at] = `${row.archiveSha256}  ${name}`;
          return bytes;
        },
      });
    } else {
      entries.push({
        name,
        open: () => locker.objects.stream(e.sha256),
        compress: /^(text\/|application\/(json|xml))/.test(e.mime),
      });
      lines.push(`${e.sha256}  ${name}`);
      listed.push({ ...exhibitJson(x), archiveName: name, archiveSha256: e.sha256, redacted: false });
    }
  }
  const custody = Buffer.from(JSON.stringify(input.data.custody, null, 2) + '\n');
  entries.push({ name: 'custody-log.json', bytes: custody, compress: true });
  lines.push(`${sha256(custody)}  custody-log.json`);
  const manifest = () =>
    Buffer.from(
      JSON.stringify(
        {
          reference: input.reference,
          exportedAt: formatInstant({ utc: input.exportedAt.toISOString(), offset: 0 }),
          recipient: input.recipient,
          lang: input.lang,
          case: {
            id: input.data.case.id,
            title: input.data.case.title,
            counterparty: input.data.case.counterparty,
            timezone: input.data.case.timezone,
          },
          chainHead: input.data.head,
          packet: packet.map((f) => ({ name: path.basename(f.path), sha256: f.sha256, bytes: f.bytes })),
          exhibits: listed,
          disputed: input.data.summary.disputed,
          // What this recipient is asked for: for a bank, only the payments that moved through it.
          claim: {
            payments: input.data.claims[input.recipient].payments.length,
            totals: input.data.claims[input.recipient].totals,
            apart: input.data.claims[input.recipient].apart.length,
          },
        },
        null,
        2,
      ) + '\n',
    );
  // The manifest and the list of digests come last: every redacted copy's digest is known by then.
  entries.push({
    name: 'manifest.json',
    compress: true,
    make: () => {
      const bytes = manifest();
      lines.push(`${sha256(bytes)}  manifest.json`);
      return Promise.resolve(bytes);
    },
  });
  entries.push({
    name: 'manifest.sha256',
    compress: true,
    make: () => Promise.resolve(Buffer.from(lines.join('\n') + '\n')),
  });
  await writeZip(zipPath, entries, stamp);
}

function exhibitJson(x: Exhibit) {
  const e = x.evidence;
  return {
    number: x.number,
    evidenceId: e.id,
    title: e.title,
    kind: e.kind,
    occurredAt: formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset }),
    occurredSource: e.occurredSource,
    originalName: e.originalName,
    mime: e.mime,
    bytes: e.size,
    sha256: e.sha256,
  };
}
