import path from 'node:path';
import { z } from 'zod';
import type { Coded } from '../../messages/say.ts';
import type { BackupResult } from '../backup.ts';
import type { LayoutFile, MapPreview } from '../column-map.ts';
import type { Unlock } from '../crypto/keys.ts';
import { LockerInputError } from '../errors.ts';
import { LANGS, RECIPIENTS } from '../export/i18n.ts';
import type { WrittenFile } from '../export/index.ts';
import { firstProblem } from '../input-problems.ts';
import type { IntakeResult } from '../intake.ts';
import type { OcrRunReport } from '../ocr/runner.ts';
import type { Locker } from '../locker.ts';
import type { VerifyReport } from '../verify.ts';
import { exactCase } from './define.ts';
import { caseId } from './inputs.ts';

/*
 * Calls that name paths on this machine: file these files, write the packet or the backup there, restore this
 * backup into that folder, encrypt the locker in this folder. Only the `locker` command makes them: its user
 * typed the paths in their own shell. The page never names a path (main's dialogs choose them and call
 * host:* after; the bridge takes uploads and hands out downloads by id), so these are refused to the page by
 * construction, twice over:
 *  - they are not in `calls` (index.ts), the one table IPC, the locker's process and the bridge route by
 *    name: `isCallName('disk:add')` is false, and no transport imports this module;
 *  - each runs only with a DiskContext, which carries `disk` (the person at the terminal: their prompts, their
 *    progress line). The context IPC and the bridge build has none, so a disk call that was ever listed in
 *    `calls` by mistake would still refuse to run there (test/electron/disk-calls.test.ts).
 * The use cases are the same ones main runs after its dialogs (addPaths, exportPacket, backupLocker,
 * restoreLocker, encryptLocker); the command resolves id prefixes, asks what it must ask, and formats.
 */

/** The person at the terminal, as the `locker` command lets a call reach them. */
export type DiskAccess = {
  /** Who the custody log names (`cli`). */
  actor: string;
  /** What unlocks an encrypted locker or backup: asked for only once one turns out to be encrypted. */
  unlock: () => Promise<Unlock>;
  /** A new passphrase (from a file, the environment, or typed twice). */
  newPassphrase: () => Promise<string>;
  /** The password of protected files, asked once some turn out to need one; absent: nobody to ask. */
  askPassword?: ((count: number) => Promise<string | null>) | undefined;
  /** Files filed (or pictures read) so far, for a progress line. */
  onProgress?: ((p: { done: number; total: number }) => void) | undefined;
};

/** A disk call's context: `disk` always; the opened locker for the calls that work in one. */
export type DiskContext = { disk: DiskAccess; locker?: Locker | undefined };

export type DiskCall<S extends z.ZodType, R> = {
  readonly input: S;
  readonly run: (ctx: DiskContext, input: z.output<S>) => Promise<R>;
};

/** Declares a disk call: it refuses any context without `disk` (IPC's, the bridge's) before doing anything. */
function diskCall<S extends z.ZodType, R>(
  input: S,
  run: (ctx: DiskContext, input: z.output<S>) => Promise<R>,
): DiskCall<S, R> {
  return {
    input,
    run: (ctx, parsed) => {
      const disk = (ctx as Partial<DiskContext> | null | undefined)?.disk;
      if (!disk || typeof disk.unlock !== 'function') {
        return Promise.reject(new LockerInputError('not-from-app'));
      }
      return run(ctx, parsed);
    },
  };
}

/** Parses `input` with the declaration's schema, as runDeclared does for the shared calls, and runs it. */
export async function runDisk<S extends z.ZodType, R>(
  ctx: DiskContext,
  declared: DiskCall<S, R>,
  input: z.input<S>,
): Promise<R> {
  const parsed = declared.input.safeParse(input);
  if (!parsed.success) throw new LockerInputError('bad-input', firstProblem(parsed.error, input));
  return declared.run(ctx, parsed.data);
}

/** A path as the user typed it (relative to where they typed it): bounded, and no NUL. */
const localPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\u0000'), {
    message: 'must not contain a NUL character (U+0000)',
    params: { code: 'input.has-nul' },
  });

function lockerOf(ctx: DiskContext): Locker {
  if (!ctx.locker) throw new LockerInputError('crypto.open-first');
  return ctx.locker;
}

/** What `disk:export` wrote: the files by path (the user named them), the exhibits, the notes as codes. */
export type PacketWritten = {
  files: WrittenFile[];
  pages: number;
  exhibits: {
    number: number;
    evidenceId: string;
    title: string;
    sha256: string;
    pages: number;
    redacted: boolean;
    volume?: number;
  }[];
  volumes?: { number: number; path: string; pages: number; exhibits: number[] }[];
  reference: string;
  /** In English; `warningCodes` the same notes as codes, one for one. */
  warnings: string[];
  warningCodes: Coded[];
};

/** What `disk:guess` proposes: the map as a map file, its preview, the header row, the kept map that fits. */
export type LayoutGuess = {
  file: LayoutFile;
  preview: MapPreview;
  header: string[];
  layout: { id: string; name: string } | null;
};

export type EncryptedLocker = {
  encrypted: true;
  store: string;
  recoveryKey: string;
  objects: number;
  thumbnails: number;
  bytes: number;
  keychain: string | null;
};

export const diskCalls = {
  /**
   * Files these files and folders into a case. A protected one is asked for its password once (when there
   * is someone to ask and no password was given), and filed again with it under the items already there.
   */
  'disk:add': diskCall(
    z.strictObject({
      caseId,
      paths: z.array(localPath).min(1).max(100_000),
      password: z.string().min(1).max(1024).optional(),
      layout: z.string().min(1).max(300).optional(),
    }),
    async (ctx, input): Promise<IntakeResult> => {
      const locker = lockerOf(ctx);
      const c = exactCase(locker, input.caseId);
      const { addPaths, resolveArgPath } = await import('../intake.ts');
      const resolved = await Promise.all(input.paths.map((p) => resolveArgPath(p)));
      let result = await addPaths(locker, c.id, resolved, {
        method: ctx.disk.actor,
        ...(input.password ? { password: input.password } : {}),
        ...(input.layout ? { layout: input.layout } : {}),
        onProgress: ctx.disk.onProgress,
      });
      // A name that is not UTF-8 is filed by its bytes and reported by the path as typed.
      const labelOf = (p: string | Buffer, i: number) => (typeof p === 'string' ? p : input.paths[i]!);
      const isLocked = (label: string) => result.errors.some((e) => e.needsPassword && e.path === label);
      const locked = resolved.filter((p, i) => isLocked(labelOf(p, i)));
      if (input.password === undefined && locked.length && ctx.disk.askPassword) {
        const typed = await ctx.disk.askPassword(locked.length);
        if (typed) {
          const again = await addPaths(locker, c.id, locked, { method: ctx.disk.actor, password: typed });
          const retried = new Set(resolved.map(labelOf).filter(isLocked));
          result = {
            ...result,
            added: [...result.added, ...again.added],
            errors: [...result.errors.filter((e) => !retried.has(e.path)), ...again.errors],
          };
        }
      }
      return result;
    },
  ),

  /** Writes the packet to `out` (and the archive of originals to `zip`); the cover letter from a file. */
  'disk:export': diskCall(
    z.strictObject({
      caseId,
      out: localPath,
      zip: localPath.optional(),
      recipient: z.enum(RECIPIENTS).optional(),
      lang: z.enum(LANGS).optional(),
      // The service says what is too small; any whole number of bytes is a size here.
      maxBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      letterFile: localPath.optional(),
    }),
    async (ctx, input): Promise<PacketWritten> => {
      const locker = lockerOf(ctx);
      const c = exactCase(locker, input.caseId);
      const [{ exportPacket }, { codeOfSentence }] = await Promise.all([
        import('../export/index.ts'),
        import('../legacy-warnings.ts'),
      ]);
      const letter = input.letterFile === undefined ? undefined : await readLetter(input.letterFile);
      const r = await exportPacket(locker, c.id, {
        out: input.out,
        recipient: input.recipient,
        lang: input.lang,
        zip: input.zip,
        maxBytes: input.maxBytes,
        ...(letter === undefined ? {} : { letter }),
      });
      return {
        files: r.files,
        pages: r.pages,
        exhibits: r.exhibits.map(({ number, evidenceId, title, sha256, pages, redacted, volume }) => ({
          number,
          evidenceId,
          title,
          sha256,
          pages,
          redacted,
          ...(volume ? { volume } : {}),
        })),
        ...(r.volumes ? { volumes: r.volumes } : {}),
        reference: r.reference,
        warnings: r.warnings,
        warningCodes: r.warnings.map(codeOfSentence),
      };
    },
  ),

  /** The whole locker (or one case) in one file at `out`, every entry read back and checked. */
  'disk:backup': diskCall(
    z.strictObject({ out: localPath, caseId: caseId.optional() }),
    async (ctx, input): Promise<BackupResult> => {
      const locker = lockerOf(ctx);
      const { backupLocker } = await import('../backup.ts');
      const c = input.caseId === undefined ? undefined : exactCase(locker, input.caseId);
      return backupLocker(locker, input.out, c ? { caseId: c.id } : {});
    },
  ),

  /**
   * Restores a backup into a new, empty folder and verifies it item by item. No locker is open: the folder is
   * never opened (which would make one) before the restore fills it. A backup that stays locked throws.
   */
  'disk:restore': diskCall(
    z.strictObject({ file: localPath, folder: localPath }),
    async (ctx, input): Promise<{ store: string } & VerifyReport> => {
      const { restoreLocker } = await import('../backup.ts');
      const report = await restoreLocker(input.file, input.folder, ctx.disk.unlock);
      return { store: path.resolve(input.folder), ...report };
    },
  ),

  /** Encrypts the (closed) locker in `folder` under a new passphrase; the recovery key is given once, here. */
  'disk:encrypt': diskCall(
    z.strictObject({ folder: localPath }),
    async (ctx, input): Promise<EncryptedLocker> => {
      const [{ readKeyFile, checkPassphrase }, { Locker }, { encryptLocker }] = await Promise.all([
        import('../crypto/keys.ts'),
        import('../locker.ts'),
        import('../crypto/convert.ts'),
      ]);
      const root = path.resolve(input.folder);
      if (await readKeyFile(root)) throw new LockerInputError('crypto.already-encrypted-cli');
      // Opening once brings the schema up to date and sweeps old leftovers before anything is copied.
      (await Locker.open(root, { actor: ctx.disk.actor })).close();
      const passphrase = await ctx.disk.newPassphrase();
      checkPassphrase(passphrase);
      const r = await encryptLocker(root, passphrase, { actor: ctx.disk.actor });
      return {
        encrypted: true,
        store: root,
        recoveryKey: r.recoveryKey,
        objects: r.objects,
        thumbnails: r.thumbnails,
        bytes: r.bytes,
        keychain: r.keychain,
      };
    },
  ),

  /** Changes the passphrase of the locker in `folder`, unlocked with the old one or the recovery key. */
  'disk:passphrase': diskCall(
    z.strictObject({ folder: localPath }),
    async (ctx, input): Promise<{ changed: true }> => {
      const [keys, { Locker }, { writeFileAtomic }] = await Promise.all([
        import('../crypto/keys.ts'),
        import('../locker.ts'),
        import('../object-store.ts'),
      ]);
      const root = path.resolve(input.folder);
      const keyFile = await keys.readKeyFile(root);
      if (!keyFile) throw new LockerInputError('crypto.not-encrypted');
      const unlock = await ctx.disk.unlock();
      const master = await keys.unlockMaster(keyFile, unlock);
      const passphrase = await ctx.disk.newPassphrase();
      keys.checkPassphrase(passphrase);
      await writeFileAtomic(
        path.join(root, keys.KEY_FILE),
        JSON.stringify(await keys.rewrapPassphrase(keyFile, master, passphrase), null, 2) + '\n',
      );
      const locker = await Locker.open(root, { actor: ctx.disk.actor, unlock: { passphrase } });
      try {
        locker.write((log) =>
          log({
            action: 'locker.passphrase',
            details: { unlockedWith: unlock.recoveryKey !== undefined ? 'recovery-key' : 'passphrase' },
          }),
        );
        await locker.saveChainHead();
      } finally {
        locker.close();
      }
      return { changed: true };
    },
  ),

  /**
   * Reads every pending image and scanned PDF (of one case, or all) now, until the queue is empty, and reports
   * each item read with its text and the queue after (`locker ocr`). Nothing is read while reading is off.
   * A command's call: the app reads in the background (its reader answers `ocr:status`), and a second reader
   * started from the page would only compete with it.
   */
  'disk:ocr': diskCall(
    z.strictObject({ caseId: caseId.optional() }),
    async (ctx, { caseId }): Promise<OcrRunReport> => {
      const locker = lockerOf(ctx);
      const { runOcr } = await import('../ocr/runner.ts');
      const onProgress = ctx.disk.onProgress;
      return runOcr(locker, {
        caseId: caseId === undefined ? null : exactCase(locker, caseId).id,
        ...(onProgress ? { onProgress: ({ done, total }) => onProgress({ done, total }) } : {}),
      });
    },
  ),

  /**
   * Proposes a column map for a table on this machine that no importer knows, without filing it: the header
   * row (found by its content, or the line given; null: none), a role per column, the rows it reads and the two
   * whose sign to check, read in the case's time zone and currency (default: the first case), and the kept map
   * whose header it has (`locker layout guess`).
   */
  'disk:guess': diskCall(
    z.strictObject({
      path: localPath,
      caseId: caseId.optional(),
      currency: z.string().min(1).max(16).optional(),
      // An encoding the reader does not know is read as `auto`, as the column map's reader does.
      encoding: z.string().min(1).max(40).optional(),
      headerLine: z.number().int().min(1).max(100_000_000).nullable().optional(),
      name: z.string().trim().min(1).max(100).optional(),
    }),
    async (ctx, input): Promise<LayoutGuess> => {
      const locker = lockerOf(ctx);
      const [{ readFile }, { fsReason }, { guessLayoutFile, layoutList }] = await Promise.all([
        import('node:fs/promises'),
        import('../errors.ts'),
        import('../column-map.ts'),
      ]);
      const bytes = await readFile(input.path).catch((error: unknown) => {
        throw new LockerInputError('file.cannot-read', { file: input.path, reason: fsReason(error) });
      });
      const c = input.caseId ? exactCase(locker, input.caseId) : (locker.listCases()[0] ?? null);
      const guessed = await guessLayoutFile(bytes, path.basename(input.path), {
        timeZone: c?.timezone ?? 'Asia/Shanghai',
        currency: input.currency?.toUpperCase() ?? c?.currency ?? 'CNY',
        ...(input.encoding ? { encoding: input.encoding } : {}),
        ...(input.headerLine !== undefined ? { headerLine: input.headerLine } : {}),
        saved: layoutList(locker),
      });
      if (input.name) guessed.file.name = input.name;
      return guessed;
    },
  ),
};

export type DiskCalls = typeof diskCalls;

/** The cover letter as the user edited it: UTF-8 text, not empty, of a size a letter has. */
async function readLetter(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { coded, fsReason } = await import('../errors.ts');
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new LockerInputError('file.cannot-read-what', {
      what: coded('what.letter'),
      file,
      reason: fsReason(error),
    });
  }
  if (!text.trim()) throw new LockerInputError('letter.empty', { file });
  if (text.length > 100_000) throw new LockerInputError('letter.too-long', { file });
  return text;
}
