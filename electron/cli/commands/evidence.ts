import { Option } from 'commander';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../../db/queries/evidence.ts';
import { EVENT_KINDS, type EventKind } from '../../../db/queries/events.ts';
import type { EvidenceDetail } from '../../services/calls/evidence.ts';
import type { IntakeResult } from '../../services/intake.ts';
import { formatInstant } from '../../services/util/time.ts';
import type { Registry } from '../program.ts';
import { action, coded, CASE_ARG, ITEM_ARG, list, padColumns, withCalls, type Ctx } from '../runtime.ts';

/** `locker add`, `locker evidence list|show|edit|trash|restore` and `locker event add`. */
export function registerEvidence({ program, state, io }: Registry): void {
  program
    .command('add')
    .description(
      'file originals (files or whole folders) into a case; a password for protected ZIPs and PDFs comes ' +
        'from --password-file, or $LOCKER_BILL_PASSWORD, or is asked for on the terminal when one is needed ' +
        '(never stored)',
    )
    .helpGroup('Evidence')
    .argument('<CASE>', CASE_ARG)
    .argument('<PATH...>', 'files and folders')
    .option('--password-file <F>', 'the password of protected bills and archives, read from F')
    .option('--password <PW>', 'the password itself (shows in the process list: prefer --password-file)')
    .option('--layout <NAME>', 'read the files with this kept column map (see: locker layout --help)')
    .action(
      action<AddOptions>(state, io, (ctx, [caseArg, ...paths], o) => addFiles(ctx, caseArg!, paths, o)),
    );

  const evidence = program.command('evidence').description('filed items').helpGroup('Evidence');
  evidence
    .command('list')
    .description('items of a case (--trash: only those in the trash)')
    .argument('<CASE>', CASE_ARG)
    .option('--trash', 'only the items in the trash')
    .action(
      action<{ trash?: boolean }>(state, io, async (ctx, [caseArg], o) => {
        const [{ evidenceCalls }, { evidenceJson }] = await load();
        return withCalls(ctx, async (run, locker) => {
          const items = await run(evidenceCalls['evidence:list'], {
            caseId: locker.getCase(caseArg!).id,
            trash: Boolean(o.trash),
          });
          ctx.emit(
            items.map(evidenceJson),
            () =>
              items.map((e) => `${e.id}  ${at(e)}  ${e.kind.padEnd(10)} ${e.title}`).join('\n') +
              (items.length ? '\n' : ctx.say(coded('cli.evidence.none')) + '\n'),
          );
          return 0;
        });
      }),
    );

  evidence
    .command('show')
    .description('an item, its fingerprint and its history')
    .argument('<ITEM>', ITEM_ARG)
    .action(
      action(state, io, async (ctx, [arg]) => {
        const [{ evidenceCalls }, { evidenceJson }] = await load();
        return withCalls(ctx, async (run, locker) => {
          const id = locker.getEvidence(arg!).id;
          const e = await run(evidenceCalls['evidence:get'], { id });
          // The custody log's own entries (hashes and all), as this command always printed them.
          const history = await run(evidenceCalls['custody:list'], { subjectId: id });
          ctx.emit({ ...evidenceJson(e), history }, () => describeEvidence(ctx, e));
          return 0;
        });
      }),
    );

  evidence
    .command('edit')
    .description("change an item's title, notes, tags, kind or time")
    .argument('<ITEM>', ITEM_ARG)
    .option('--title <T>', 'a new title')
    .option('--notes <T>', 'notes')
    .option('--tags <a,b>', 'tags, comma-separated')
    .addOption(new Option('--kind <K>', 'what the item is').choices(EVIDENCE_KINDS))
    .option('--at <TIME>', 'when it happened')
    .action(
      action<{ title?: string; notes?: string; tags?: string; kind?: EvidenceKind; at?: string }>(
        state,
        io,
        async (ctx, [arg], o) => {
          const [{ evidenceCalls }, { evidenceJson }] = await load();
          return withCalls(ctx, async (run, locker) => {
            const e = await run(evidenceCalls['evidence:update'], {
              id: locker.getEvidence(arg!).id,
              patch: {
                title: o.title,
                notes: o.notes,
                tags: o.tags === undefined ? undefined : list(o.tags),
                kind: o.kind,
                occurredAt: o.at,
              },
            });
            ctx.emit(
              evidenceJson(e),
              () => ctx.say(coded('cli.evidence.updated', { id: e.id, title: e.title, at: at(e) })) + '\n',
            );
            return 0;
          });
        },
      ),
    );

  for (const sub of ['trash', 'restore'] as const) {
    evidence
      .command(sub)
      .description(
        sub === 'trash'
          ? 'move an item to the trash (the original and its history are kept)'
          : 'bring an item back from the trash',
      )
      .argument('<ITEM>', ITEM_ARG)
      .action(
        action(state, io, async (ctx, [arg]) => {
          const [{ evidenceCalls }, { evidenceJson }] = await load();
          return withCalls(ctx, async (run, locker) => {
            const e = await run(evidenceCalls['evidence:trash'], {
              id: locker.getEvidence(arg!).id,
              trashed: sub === 'trash',
            });
            ctx.emit(
              evidenceJson(e),
              () =>
                ctx.say(
                  coded(sub === 'trash' ? 'cli.evidence.trashed' : 'cli.evidence.restored', { id: e.id }),
                ) + '\n',
            );
            return 0;
          });
        }),
      );
  }

  program
    .command('event')
    .description('events without a file')
    .helpGroup('Events without a file')
    .command('add')
    .description('something that happened without a file to show it (a call, a visit, a letter…)')
    .argument('<CASE>', CASE_ARG)
    .addOption(new Option('--kind <K>', 'what happened').choices(EVENT_KINDS).makeOptionMandatory())
    .requiredOption('--at <TIME>', 'when')
    .requiredOption('--title <T>', 'a title')
    .option('--reference <REF>', 'a ticket or reference number')
    .option('--notes <T>', 'notes')
    .action(
      action<{ kind: EventKind; at: string; title: string; reference?: string; notes?: string }>(
        state,
        io,
        async (ctx, [caseArg], o) => {
          const [{ caseCalls }, { eventJson }] = await Promise.all([
            import('../../services/calls/cases.ts'),
            import('../json.ts'),
          ]);
          return withCalls(ctx, async (run, locker) => {
            const ev = await run(caseCalls['event:add'], {
              caseId: locker.getCase(caseArg!).id,
              kind: o.kind,
              occurredAt: o.at,
              title: o.title,
              notes: o.notes,
              reference: o.reference,
            });
            const when = formatInstant({ utc: ev.occurredUtc, offset: ev.occurredOffset });
            ctx.emit(
              eventJson(ev),
              () =>
                ctx.say(coded('cli.event.added', { kind: ev.kind, id: ev.id, at: when, title: ev.title })) +
                '\n',
            );
            return 0;
          });
        },
      ),
    );
}

/** The calls and the --json shapes, loaded only once a command runs. */
const load = () => Promise.all([import('../../services/calls/evidence.ts'), import('../json.ts')]);

type AddOptions = { password?: string; passwordFile?: string; layout?: string };

async function addFiles(ctx: Ctx, caseArg: string, paths: string[], o: AddOptions): Promise<number> {
  const [{ diskCalls }, { diskAccess, withDiskCalls }] = await Promise.all([
    import('../../services/calls/disk.ts'),
    import('../disk.ts'),
  ]);
  const showProgress = !ctx.json && ctx.io.isTTY;
  const password = await billPassword(ctx, o);
  const prompt = ctx.io.prompt;
  // The progress line is ended once filing stops: before a question, else once the result is in.
  let progressLine = showProgress;
  const endProgress = () => {
    if (progressLine) ctx.io.err('\n');
    progressLine = false;
  };
  const access = diskAccess(ctx, {
    onProgress: showProgress
      ? (p) => ctx.io.err(`\r  ${ctx.say(coded('cli.intake.progress', { done: p.done, total: p.total }))}`)
      : undefined,
    // Asked only once it is needed, and only on a terminal: typed without echo, like a passphrase.
    askPassword:
      password === null && prompt
        ? (count) => {
            endProgress();
            return prompt(ctx.say(coded('cli.intake.ask-password', { count })) + ' ');
          }
        : undefined,
  });
  return withDiskCalls(ctx, access, async (run, locker) => {
    const result = await run(diskCalls['disk:add'], {
      caseId: locker.getCase(caseArg).id,
      paths,
      ...(password ? { password } : {}),
      ...(o.layout ? { layout: o.layout } : {}),
    });
    endProgress();
    ctx.emit(result, () => describeIntake(ctx, result));
    return result.added.length === 0 && result.errors.length > 0 ? 1 : 0;
  });
}

/**
 * The password of protected bills and archives, read like a passphrase: --password-file, then
 * $LOCKER_BILL_PASSWORD; --password still works, with a warning (any user can read a process's arguments).
 * Null when none was given (the terminal is asked once a file needs one).
 */
async function billPassword(ctx: Ctx, o: AddOptions): Promise<string | null> {
  if (o.passwordFile !== undefined) {
    const { readFile } = await import('node:fs/promises');
    const { coded, fsReason, LockerInputError } = await import('../../services/errors.ts');
    let text: string;
    try {
      text = await readFile(o.passwordFile, 'utf8');
    } catch (error) {
      throw new LockerInputError('file.cannot-read-what', {
        what: coded('what.password-file'),
        file: o.passwordFile,
        reason: fsReason(error),
      });
    }
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = ctx.io.env.LOCKER_BILL_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (o.password !== undefined) {
    ctx.io.err(`locker: ${ctx.say(coded('cli.intake.password-visible'))}\n`);
    return o.password;
  }
  return null;
}

function at(e: { occurredUtc: string; occurredOffset: number }): string {
  return formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset });
}

/** `say` words a file's reason or note (a code with parameters) in the command's locale. */
function describeIntake(ctx: Ctx, r: IntakeResult): string {
  const say = ctx.say;
  const pad = (label: string) => padColumns(label, 10);
  const added = pad(say(coded('cli.intake.added')));
  const blank = ' '.repeat(11);
  const lines: string[] = [];
  for (const a of r.added) {
    lines.push(
      `${added} ${a.path}  → ${a.id} (${say(coded('cli.intake.when', { kind: a.kind, at: a.occurredAt, source: a.occurredSource }))})`,
    );
    if (a.format) {
      lines.push(
        blank +
          say(
            coded('cli.intake.read-as', {
              format: a.formatLabel ?? a.format,
              transactions: a.transactions ?? 0,
              messages: a.messages ?? 0,
              problemCount: a.problemCount ?? 0,
            }),
          ),
      );
    }
    if (a.columnMap) lines.push(blank + say(coded('cli.intake.read-with-map', { name: a.columnMap.name })));
    for (const w of a.warningCodes) lines.push(blank + say(coded('cli.intake.note', { note: w })));
    if (a.canMap) lines.push(blank + say(coded('cli.intake.can-map', { path: a.path })));
  }
  for (const d of r.duplicates)
    lines.push(
      `${pad(say(coded('cli.intake.already-in')))} ${d.path}  = ${d.existingId}${d.inTrash ? ` (${say(coded('cli.intake.in-trash'))})` : ''}`,
    );
  for (const e of r.errors)
    lines.push(
      `${pad(say(coded(e.needsPassword ? 'cli.intake.locked' : 'cli.intake.not-added')))} ${e.path}: ${say(e)}`,
    );
  for (const s of r.skipped) lines.push(`${pad(say(coded('cli.intake.skipped')))} ${s.path}: ${say(s)}`);
  lines.push(
    say(
      coded('cli.intake.summary', {
        added: r.added.length,
        duplicates: r.duplicates.length,
        errors: r.errors.length,
      }),
    ),
  );
  return lines.join('\n') + '\n';
}

function describeEvidence(ctx: Ctx, e: EvidenceDetail): string {
  const say = ctx.say;
  return (
    [
      `${e.title}  (${e.id})`,
      '  ' + say(coded('cli.evidence.kind-when', { kind: e.kind, at: at(e), source: e.occurredSource })),
      '  ' + say(coded('cli.evidence.original', { name: e.originalName, size: e.size, mime: e.mime })),
      `  SHA-256: ${e.sha256}`,
      '  ' +
        say(coded('cli.evidence.filed', { at: e.acquiredAt, method: e.acquisitionMethod })) +
        (e.deletedAt ? `   ${say(coded('cli.evidence.in-trash-since', { at: e.deletedAt }))}` : ''),
      e.tags.length ? '  ' + say(coded('cli.evidence.tags', { tags: e.tags.join(', ') })) : '',
      e.notes ? '  ' + say(coded('cli.case.notes', { notes: e.notes })) : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n'
  );
}
