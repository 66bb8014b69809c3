import path from 'node:path';
import { z } from 'zod';
import type { EvidenceKind } from '../../../db/queries/evidence.ts';
import { draftPacketLetter, exportPacket, readRedactions, type ExportResult } from '../export/index.ts';
import { chosenExhibits, exhibitChoices, setExhibitChoices } from '../export/selection.ts';
import type { Coded } from '../../messages/say.ts';
import { codeOfSentence } from '../legacy-warnings.ts';
import type { Locker } from '../locker.ts';
import { call, exactCase } from './define.ts';
import { lang, recipient } from './dispute.ts';
import { caseId, evidenceId } from './inputs.ts';

/* The evidence packet: the draft the export page edits, and writing it (each transport says where to). */

export type ExhibitDto = {
  number: number;
  evidenceId: string;
  title: string;
  kind: EvidenceKind;
  occurredUtc: string;
  sha256: string;
  isRedacted: boolean;
};

export type ExportSummary = {
  reference: string;
  pages: number;
  files: {
    /**
     * The id the written file is known by: the bridge serves it at `/files/export/ID`; Electron's main shows
     * it in its folder (`export:reveal`). Never a path.
     */
    downloadId: string | null;
    name: string;
    kind: 'packet' | 'archive';
    sha256: string;
    bytes: number;
  }[];
  exhibits: {
    number: number;
    title: string;
    sha256: string;
    pages: number;
    isRedacted: boolean;
    volume: number | null;
  }[];
  /** In English; `warningCodes` are the same notes as codes, which the page words in its language. */
  warnings: string[];
  warningCodes: Coded[];
};

/** What to export; where to is the transport's (main's save dialog, the bridge's download folder). */
export const exportInput = z.strictObject({
  caseId,
  recipient,
  lang,
  // The cover letter as the user edited it; a letter is a page or two, 50,000 characters is generous.
  letter: z.string().max(50_000).optional(),
  // The service refuses under 100 KB; 2 GiB is more than any upload form takes.
  maxBytes: z
    .number()
    .int()
    .min(100_000)
    .max(2 * 1024 ** 3)
    .optional(),
  withArchive: z.boolean().optional(),
});

/**
 * Writes a packet to `out` (and the archive of originals beside it when asked) and words the result for
 * the page: file names, never paths. `downloadIdOf` registers each written file where the transport serves it.
 */
export async function runExport(
  locker: Locker,
  input: z.output<typeof exportInput>,
  out: string,
  downloadIdOf: (file: string, name: string) => string | null = () => null,
  /** What writes the packet: here, or in a process of its own (the bridge, see export/child.ts). */
  exporter: typeof exportPacket = exportPacket,
): Promise<ExportSummary> {
  const c = exactCase(locker, input.caseId);
  const zip = input.withArchive ? out.replace(/\.pdf$/i, '') + '.zip' : undefined;
  const result: ExportResult = await exporter(locker, c.id, {
    out,
    recipient: input.recipient,
    lang: input.lang,
    ...(input.letter !== undefined ? { letter: input.letter } : {}),
    ...(input.maxBytes !== undefined ? { maxBytes: input.maxBytes } : {}),
    ...(zip ? { zip } : {}),
  });
  return {
    reference: result.reference,
    pages: result.pages,
    files: result.files.map((f) => {
      const name = path.basename(f.path);
      return {
        downloadId: downloadIdOf(f.path, name),
        name,
        kind: f.path === zip ? ('archive' as const) : ('packet' as const),
        sha256: f.sha256,
        bytes: f.bytes,
      };
    }),
    exhibits: result.exhibits.map((x) => ({
      number: x.number,
      title: x.title,
      sha256: x.sha256,
      pages: x.pages,
      isRedacted: x.redacted,
      volume: x.volume ?? null,
    })),
    warnings: result.warnings,
    warningCodes: result.warnings.map(codeOfSentence),
  };
}

export const exportCalls = {
  /** The cover letter to edit and the exhibits in packet order, before anything is written. */
  'export:draft': call(
    () =>
      z.strictObject({
        caseId,
        recipient,
        lang,
        /** Cite the rules that fit how the money moved (PBOC 2015 No. 43 …), off unless the user asks. */
        citeRules: z.boolean().optional(),
      }),
    async ({ locker }, { caseId, recipient, lang, citeRules }) => {
      const c = exactCase(locker, caseId);
      const letter = await draftPacketLetter(locker, c.id, {
        recipient,
        lang,
        citeRules: citeRules ?? false,
      });
      const exhibits: ExhibitDto[] = [];
      for (const [i, e] of chosenExhibits(locker, c.id, locker.listEvidence(c.id), recipient).entries()) {
        const boxes = e.mime.startsWith('image/') ? await readRedactions(locker, e.id) : [];
        exhibits.push({
          number: i + 1,
          evidenceId: e.id,
          title: e.title,
          kind: e.kind,
          occurredUtc: e.occurredUtc,
          sha256: e.sha256,
          isRedacted: boxes.length > 0,
        });
      }
      return { letter, exhibits };
    },
  ),

  /** Every item of the case in the packet's order for one recipient, each in or left out. */
  'exhibits:get': call(
    () => z.strictObject({ caseId, recipient }),
    async ({ locker }, input) =>
      Promise.resolve(exhibitChoices(locker, exactCase(locker, input.caseId).id, input.recipient)),
  ),
  /** Keeps the user's order (null: the suggested one) and the items left out, without trashing any. */
  'exhibits:set': call(
    () =>
      z.strictObject({
        caseId,
        recipient,
        order: z.array(evidenceId).max(100_000).nullable(),
        excluded: z.array(evidenceId).max(100_000),
      }),
    async ({ locker }, { caseId, recipient, order, excluded }) =>
      setExhibitChoices(locker, exactCase(locker, caseId).id, recipient, { order, excluded }),
  ),
};
