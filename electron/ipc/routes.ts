import { z } from 'zod';
import { exportInput, type ExportSummary } from '../services/calls/export.ts';
import type { ImportSummary } from '../services/calls/imports.ts';
import { caseId, noInput, randomId } from '../services/calls/inputs.ts';
import type { BackupJob } from '../services/calls/locker.ts';
import type { BridgeChannel, ElectronChannel } from './channels.ts';

/*
 * The routes only one transport answers, with their inputs: Electron's main owns the dialogs and the paths
 * the preload resolves; the bridge takes uploads and hands out downloads. They run the same use cases
 * (importPaths, runExport, backups) as the declared calls, with a destination only the transport knows.
 */

/** Absolute paths the preload resolved from dropped or picked files; only Electron's main accepts them. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'no NUL bytes')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'absolute path');

export const routeSchemas = {
  'import:pick': z.strictObject({ caseId }),
  'import:paths': z.strictObject({ caseId, paths: z.array(absolutePath).min(1).max(10_000) }),
  'import:bytes': z.strictObject({
    caseId,
    files: z
      .array(
        z.strictObject({
          name: z.string().max(1000),
          lastModified: z.number().int().nonnegative().optional(),
          // Pasted screenshots travel as bytes; 64 MiB each is far above any phone screenshot.
          bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= 64 * 1024 * 1024, 'too large'),
        }),
      )
      .min(1)
      .max(50),
  }),
  'export:save': exportInput,
  'export:reveal': z.strictObject({ downloadId: randomId }),
  'backup:save': noInput,
  'backup:restore': noInput,
  'backup:open': z.strictObject({ jobId: randomId }),
  'import:begin': z.strictObject({ caseId }),
  'import:commit': z.strictObject({ batchId: randomId }),
  'export:run': exportInput,
  'backup:run': noInput,
} satisfies Record<ElectronChannel | BridgeChannel, z.ZodType>;

export type RouteName = keyof typeof routeSchemas;

export type RouteOutputs = {
  /** Null when the user closed the dialog. */
  'import:pick': ImportSummary | null;
  'import:paths': ImportSummary;
  'import:bytes': ImportSummary;
  /** Null when the user closed the save dialog. */
  'export:save': ExportSummary | null;
  'export:reveal': null;
  /** Null when the user closed the save dialog. */
  'backup:save': BackupJob | null;
  /** Null when the user closed a dialog. */
  'backup:restore': BackupJob | null;
  'backup:open': null;
  'import:begin': { batchId: string };
  'import:commit': ImportSummary;
  'export:run': ExportSummary;
  'backup:run': BackupJob;
};
