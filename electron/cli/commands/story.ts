import { Option } from 'commander';
import { LANGS, RECIPIENTS, type Lang, type Recipient } from '../../services/export/i18n.ts';
import { DISPUTE_LANGS, type DisputeLang } from '../../services/dispute/words.ts';
import type { Coded } from '../../messages/say.ts';
import type { Registry } from '../program.ts';
import { action, coded, CASE_ARG, UsageError, withCalls } from '../runtime.ts';

const GROUP = 'The story and its proof';

/** `timeline`, `log`, `verify`, `export`, `ready`, `where`, `backup` and `restore`. */
export function registerStory({ program, state, io }: Registry): void {
  program
    .command('timeline')
    .description('every item, event, disputed charge and key message in time order')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .action(
      action(state, io, async (ctx, [caseArg]) => {
        const [{ caseCalls }, { timelineJson }] = await Promise.all([
          import('../../services/calls/cases.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          const { rows } = await run(caseCalls['timeline:get'], { caseId: locker.getCase(caseArg!).id });
          const entries = rows.map(timelineJson);
          ctx.emit(entries, () =>
            entries.length
              ? entries
                  .map(
                    (e) =>
                      `${e.at}  ${e.kind.padEnd(10)} ${e.title}${'reference' in e && e.reference ? `  [${e.reference}]` : ''}`,
                  )
                  .join('\n') + '\n'
              : ctx.say(coded('cli.timeline.none')) + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('log')
    .description('the custody log (every import, edit, deletion and export)')
    .helpGroup(GROUP)
    .argument('[CASE]', 'only the entries of this case')
    .action(
      action(state, io, async (ctx, [caseArg]) => {
        const { evidenceCalls } = await import('../../services/calls/evidence.ts');
        return withCalls(ctx, async (run, locker) => {
          const entries = await run(
            evidenceCalls['custody:list'],
            caseArg ? { caseId: locker.getCase(caseArg).id } : {},
          );
          ctx.emit(
            entries,
            () =>
              entries
                .map(
                  (e) =>
                    `#${e.seq}  ${e.at}  ${e.actor.padEnd(4)} ${e.action.padEnd(16)} ${e.subjectId ?? ''}`,
                )
                .join('\n') + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('verify')
    .description('re-hash every original and re-check the custody log')
    .helpGroup(GROUP)
    .action(
      action(state, io, async (ctx) => {
        const [{ lockerCalls }, { verifyJson }, { coded, say }] = await Promise.all([
          import('../../services/calls/locker.ts'),
          import('../json.ts'),
          import('../../messages/say.ts'),
        ]);
        // Findings are codes: worded in the command's locale; --json keeps each English `message` beside them.
        const line = (c: Coded) => ctx.say(c) + '\n';
        const damage = (problems: Coded[], backup: Coded) =>
          line(coded('verify.damage-found', { count: problems.length })) +
          problems.map((p) => `  - ${ctx.say(p)}\n`).join('') +
          line(backup);
        try {
          return await withCalls(ctx, async (run) => {
            const report = await run(lockerCalls['locker:verify'], {});
            const notes = report.noteCodes.map((n) => line(coded('verify.note', { note: n }))).join('');
            ctx.emit(verifyJson(report), () =>
              report.ok
                ? line(
                    coded('verify.intact', {
                      objects: report.objects,
                      bytes: report.bytes,
                      entries: report.logEntries,
                    }),
                  ) + notes
                : notes +
                  damage(
                    report.problems,
                    report.lastBackup
                      ? coded('verify.restore-last', {
                          path: report.lastBackup.path,
                          at: report.lastBackup.at,
                        })
                      : coded('verify.no-backup'),
                  ),
            );
            return report.ok ? 0 : 3;
          });
        } catch (error) {
          // A database too damaged to open is what verify is for: it is named as damage (exit 3), never a crash.
          if (!(await isDatabaseDamage(error))) throw error;
          const why = (error as { coded?: Coded }).coded ?? (error as Error).message;
          const c = coded('verify.db-cannot-open', { detail: why });
          const problem = { kind: 'database-damaged', message: say(c), code: c.code, params: c.params };
          ctx.emit({ ok: false, problems: [problem] }, () => damage([c], coded('verify.restore-any')));
          return 3;
        }
      }),
    );

  program
    .command('export')
    .description(
      'the packet for a bank or regulator, and the archive of originals; --draft-letter prints the cover letter to edit, then pass it back with --letter',
    )
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .option('--out <PACKET.pdf>', 'where to write the packet (required unless --draft-letter)')
    .addOption(new Option('--recipient <R>', 'who the packet is for').choices(RECIPIENTS))
    .addOption(new Option('--lang <L>', 'the language of the packet').choices(LANGS))
    .option('--max-size <SIZE>', 'split into volumes of at most SIZE (10MB, 500KB)')
    .option('--zip <ARCHIVE.zip>', 'also write the archive of originals')
    .option('--letter <LETTER.txt>', 'the cover letter as you edited it')
    .option('--draft-letter', 'print the cover letter to edit instead of writing the packet')
    .action(
      action<{
        out?: string;
        recipient?: Recipient;
        lang?: Lang;
        maxSize?: string;
        zip?: string;
        letter?: string;
        draftLetter?: boolean;
      }>(state, io, async (ctx, [caseArg], o) => {
        if (!o.draftLetter && !o.out)
          throw new UsageError(coded('usage.out-required', { option: '--out PACKET.pdf' }));
        const maxBytes = o.maxSize === undefined ? undefined : parseSize(o.maxSize);
        if (o.draftLetter) {
          // The same draft the export page shows (the recipient and language the packet defaults to).
          const { exportCalls } = await import('../../services/calls/export.ts');
          return withCalls(ctx, async (run, locker) => {
            const { letter } = await run(exportCalls['export:draft'], {
              caseId: locker.getCase(caseArg!).id,
              recipient: o.recipient ?? 'bank',
              lang: o.lang ?? 'zh-CN',
            });
            ctx.emit({ letter }, () => letter + '\n');
            return 0;
          });
        }
        const [{ diskCalls }, { diskAccess, withDiskCalls }, { packetJson }] = await Promise.all([
          import('../../services/calls/disk.ts'),
          import('../disk.ts'),
          import('../json.ts'),
        ]);
        return withDiskCalls(ctx, diskAccess(ctx), async (run, locker) => {
          const r = await run(diskCalls['disk:export'], {
            caseId: locker.getCase(caseArg!).id,
            out: o.out!,
            ...(o.zip === undefined ? {} : { zip: o.zip }),
            ...(o.recipient === undefined ? {} : { recipient: o.recipient }),
            ...(o.lang === undefined ? {} : { lang: o.lang }),
            ...(maxBytes === undefined ? {} : { maxBytes }),
            ...(o.letter === undefined ? {} : { letterFile: o.letter }),
          });
          for (const w of r.warningCodes) {
            ctx.io.err(`locker: ${ctx.say(coded('cli.intake.note', { note: w }))}\n`);
          }
          ctx.emit(
            packetJson(r),
            () =>
              r.files
                .map(
                  (f) =>
                    ctx.say(coded('cli.export.wrote', { path: f.path, bytes: f.bytes, sha256: f.sha256 })) +
                    '\n',
                )
                .join('') +
              ctx.say(
                coded('cli.export.summary', {
                  pages: r.pages,
                  exhibits: r.exhibits.length,
                  volumes: r.volumes?.length ?? 0,
                  reference: r.reference,
                }),
              ) +
              '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('ready')
    .description('what an officer would send the packet back for, and where to fix it')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .addOption(new Option('--recipient <R>', 'who the packet is for').choices(RECIPIENTS).default('bank'))
    .addOption(
      new Option('--lang <L>', 'the language of the answers').choices(DISPUTE_LANGS).default('zh-CN'),
    )
    .action(
      action<{ recipient: Recipient; lang: DisputeLang }>(state, io, async (ctx, [caseArg], o) => {
        const { disputeCalls } = await import('../../services/calls/dispute.ts');
        return withCalls(ctx, async (run, locker) => {
          const items = await run(disputeCalls['export:ready'], {
            caseId: locker.getCase(caseArg!).id,
            recipient: o.recipient,
            lang: o.lang,
          });
          ctx.emit(
            items,
            () =>
              items.map((x) => `${x.severity === 'block' ? '✗' : '·'} ${x.text}  (${x.screen})`).join('\n') +
              '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('where')
    .description('print the locker folder in use')
    .helpGroup(GROUP)
    .action(
      action(state, io, (ctx) => {
        ctx.emit({ store: ctx.storeDir }, () => ctx.storeDir + '\n');
        return 0;
      }),
    );

  program
    .command('backup')
    .description('the whole locker (or one case) in one file, checked after writing')
    .helpGroup(GROUP)
    .requiredOption('--out <FILE>', 'the backup file to write')
    .option('--case <CASE>', 'only this case: its records and originals')
    .action(
      action<{ out: string; case?: string }>(state, io, async (ctx, _args, o) => {
        const [{ diskCalls }, { diskAccess, withDiskCalls }] = await Promise.all([
          import('../../services/calls/disk.ts'),
          import('../disk.ts'),
        ]);
        return withDiskCalls(ctx, diskAccess(ctx), async (run, locker) => {
          const r = await run(diskCalls['disk:backup'], {
            out: o.out,
            ...(o.case === undefined ? {} : { caseId: locker.getCase(o.case).id }),
          });
          ctx.emit(
            r,
            () =>
              ctx.say(
                coded('cli.backup.wrote', {
                  path: r.path,
                  objects: r.objects,
                  bytes: r.bytes,
                  sha256: r.sha256,
                }),
              ) + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('restore')
    .description('restore a backup into a new, empty folder (--store DIR) and verify it')
    .helpGroup(GROUP)
    .argument('<FILE>')
    .action(
      action(state, io, async (ctx, [file]) => {
        const store = ctx.global.store;
        if (!store) throw new UsageError(coded('usage.restore-needs-store'));
        const [{ diskCalls }, { diskAccess, runOnFolder }] = await Promise.all([
          import('../../services/calls/disk.ts'),
          import('../disk.ts'),
        ]);
        // Restoring makes a new locker: the target folder is never opened (which would create one) beforehand.
        // A failure is worded like every command's (its locale, `code` and `params` with --json): a backup that
        // stays locked is exit 4 with `"locked":true`, as README promises for a locked locker; the rest exit 1.
        const report = await runOnFolder(diskAccess(ctx), diskCalls['disk:restore'], {
          file: file!,
          folder: store,
        });
        ctx.emit(report, () =>
          report.ok
            ? ctx.say(
                coded('verify.restored', {
                  dir: report.store,
                  objects: report.objects,
                  entries: report.logEntries,
                }),
              ) + '\n'
            : ctx.say(coded('verify.restored-damaged')) +
              '\n' +
              report.problems.map((p) => `  - ${ctx.say(p)}\n`).join(''),
        );
        return report.ok ? 0 : 3;
      }),
    );
}

async function isDatabaseDamage(error: unknown): Promise<boolean> {
  const { DatabaseUnreadableError } = await import('../../../db/connect.ts');
  if (error instanceof DatabaseUnreadableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|ERROR|FORMAT|RANGE|MISMATCH|SCHEMA)/.test(code);
}

/** `10MB`, `500KB`, `2.5 MB`, `800000` → bytes (1 MB = 1,000,000 bytes, as upload forms count them). */
function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(text);
  if (!m) throw new UsageError(coded('usage.not-a-size', { text }));
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const factor = unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : unit === 'g' ? 1e9 : 1;
  return Math.floor(Number(m[1]) * factor);
}
