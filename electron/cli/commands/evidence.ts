import { Option } from 'commander';
import type { EvidenceRecord } from '../../../db/queries/evidence.ts';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../../db/queries/evidence.ts';
import { EVENT_KINDS, type EventKind, type EventRecord } from '../../../db/queries/events.ts';
import type { IntakeResult } from '../../services/intake.ts';
import type { Coded } from '../../messages/say.ts';
import type { Locker } from '../../services/locker.ts';
import { formatInstant } from '../../services/util/time.ts';
import type { Registry } from '../program.ts';
import { action, CASE_ARG, ITEM_ARG, withLocker, type Ctx } from '../runtime.ts';

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
      action<AddOptions>(state, io, (ctx, [caseId, ...paths], o) =>
        withLocker(ctx, (locker) => addFiles(ctx, locker, caseId!, paths, o)),
      ),
    );

  const evidence = program.command('evidence').description('filed items').helpGroup('Evidence');
  evidence
    .command('list')
    .description('items of a case (--trash: only those in the trash)')
    .argument('<CASE>', CASE_ARG)
    .option('--trash', 'only the items in the trash')
    .action(
      action<{ trash?: boolean }>(state, io, (ctx, [caseId], o) =>
        withLocker(ctx, (locker) => {
          const c = locker.getCase(caseId!);
          const items = locker
            .listEvidence(c.id, { includeDeleted: Boolean(o.trash) })
            .filter((e) => !o.trash || e.deletedAt);
          ctx.emit(
            items.map(evidenceJson),
            () =>
              items.map((e) => `${e.id}  ${at(e)}  ${e.kind.padEnd(10)} ${e.title}`).join('\n') +
              (items.length ? '\n' : 'Nothing here yet.\n'),
          );
          return 0;
        }),
      ),
    );

  evidence
    .command('show')
    .description('an item, its fingerprint and its history')
    .argument('<ITEM>', ITEM_ARG)
    .action(
      action(state, io, (ctx, [id]) =>
        withLocker(ctx, (locker) => {
          const e = locker.getEvidence(id!);
          ctx.emit({ ...evidenceJson(e), history: locker.custodyLog({ subjectId: e.id }) }, () =>
            describeEvidence(e),
          );
          return 0;
        }),
      ),
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
        (ctx, [id], o) =>
          withLocker(ctx, async (locker) => {
            const e = await locker.updateEvidence(id!, {
              title: o.title,
              notes: o.notes,
              tags: o.tags === undefined ? undefined : o.tags.split(','),
              kind: o.kind,
              occurredAt: o.at,
            });
            ctx.emit(evidenceJson(e), () => `Updated ${e.id}: ${e.title} (${at(e)})\n`);
            return 0;
          }),
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
        action(state, io, (ctx, [id]) =>
          withLocker(ctx, async (locker) => {
            const e = await locker.trashEvidence(id!, sub === 'trash');
            ctx.emit(evidenceJson(e), () =>
              sub === 'trash'
                ? `Moved ${e.id} to the trash. It no longer shows on the timeline or in packets; the original and its history are kept, and "locker evidence restore ${e.id}" brings it back.\n`
                : `Restored ${e.id}.\n`,
            );
            return 0;
          }),
        ),
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
        (ctx, [caseId], o) =>
          withLocker(ctx, async (locker) => {
            const ev = await locker.addEvent(caseId!, {
              kind: o.kind,
              occurredAt: o.at,
              title: o.title,
              notes: o.notes,
              reference: o.reference,
            });
            ctx.emit(
              eventJson(ev),
              () =>
                `Added ${ev.kind} ${ev.id} at ${formatInstant({ utc: ev.occurredUtc, offset: ev.occurredOffset })}: ${ev.title}\n`,
            );
            return 0;
          }),
      ),
    );
}

type AddOptions = { password?: string; passwordFile?: string; layout?: string };

async function addFiles(
  ctx: Ctx,
  locker: Locker,
  caseId: string,
  paths: string[],
  o: AddOptions,
): Promise<number> {
  const { addPaths, resolveArgPath } = await import('../../services/intake.ts');
  const showProgress = !ctx.json && ctx.io.isTTY;
  const resolved = await Promise.all(paths.map((p) => resolveArgPath(p)));
  const password = await billPassword(ctx, o);
  const onProgress = showProgress
    ? (p: { done: number; total: number }) => ctx.io.err(`\r  ${p.done}/${p.total} filed…`)
    : undefined;
  let result = await addPaths(locker, caseId, resolved, {
    method: 'cli',
    ...(password ? { password } : {}),
    ...(o.layout ? { layout: o.layout } : {}),
    onProgress,
  });
  if (showProgress) ctx.io.err('\n');
  // Asked only once it is needed, and only on a terminal: typed without echo, like a passphrase.
  const labelOf = (p: string | Buffer, i: number) => (typeof p === 'string' ? p : paths[i]!);
  const isLocked = (label: string) => result.errors.some((e) => e.needsPassword && e.path === label);
  const locked = resolved.filter((p, i) => isLocked(labelOf(p, i)));
  if (password === null && locked.length && ctx.io.prompt) {
    const typed = await ctx.io.prompt(
      `Password of the protected file(s) (${locked.length}; Enter to skip): `,
    );
    if (typed) {
      // Filed again with the password: what is inside is filed under the items already there.
      const again = await addPaths(locker, caseId, locked, { method: 'cli', password: typed });
      const retried = new Set(resolved.map(labelOf).filter(isLocked));
      result = {
        ...result,
        added: [...result.added, ...again.added],
        errors: [...result.errors.filter((e) => !retried.has(e.path)), ...again.errors],
      };
    }
  }
  const { cliLocale, sayReason } = await import('../../cli-errors.ts');
  const locale = cliLocale(ctx.io.env);
  ctx.emit(result, () => describeIntake(result, (reason) => sayReason(reason, locale)));
  return result.added.length === 0 && result.errors.length > 0 ? 1 : 0;
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
    ctx.io.err(
      'locker: warning: --password shows in the process list to every user of this machine; use --password-file FILE or LOCKER_BILL_PASSWORD instead.\n',
    );
    return o.password;
  }
  return null;
}

function at(e: EvidenceRecord): string {
  return formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset });
}

function evidenceJson(e: EvidenceRecord) {
  const { occurredUtc, occurredOffset, contentText, ...rest } = e;
  return {
    ...rest,
    occurredAt: formatInstant({ utc: occurredUtc, offset: occurredOffset }),
    hasText: Boolean(contentText),
  };
}

function eventJson(e: EventRecord) {
  const { occurredUtc, occurredOffset, ...rest } = e;
  return { ...rest, occurredAt: formatInstant({ utc: occurredUtc, offset: occurredOffset }) };
}

/** `say` words a file's reason or note (a code with parameters) in the command's locale. */
function describeIntake(r: IntakeResult, say: (reason: Coded) => string): string {
  const lines: string[] = [];
  for (const a of r.added) {
    lines.push(`added      ${a.path}  → ${a.id} (${a.kind}, ${a.occurredAt} from ${a.occurredSource})`);
    if (a.format) {
      lines.push(
        `           read as ${a.formatLabel}: ${a.transactions} transaction(s), ${a.messages} message(s)` +
          (a.problemCount ? `, ${a.problemCount} line(s) not readable` : ''),
      );
    }
    if (a.columnMap) lines.push(`           read with the column map "${a.columnMap.name}"`);
    for (const w of a.warningCodes) lines.push(`           note: ${say(w)}`);
    if (a.canMap) lines.push(`           map its columns: locker layout guess ${a.path}`);
  }
  for (const d of r.duplicates)
    lines.push(`already in ${d.path}  = ${d.existingId}${d.inTrash ? ' (in the trash)' : ''}`);
  for (const e of r.errors)
    lines.push(`${e.needsPassword ? 'LOCKED    ' : 'NOT ADDED '} ${e.path}: ${say(e)}`);
  for (const s of r.skipped) lines.push(`skipped    ${s.path}: ${say(s)}`);
  lines.push(
    `${r.added.length} added, ${r.duplicates.length} already there, ${r.errors.length} could not be read.`,
  );
  return lines.join('\n') + '\n';
}

function describeEvidence(e: EvidenceRecord): string {
  return (
    [
      `${e.title}  (${e.id})`,
      `  kind: ${e.kind}   when: ${at(e)} (from ${e.occurredSource})`,
      `  original: ${e.originalName}, ${e.size} bytes, ${e.mime}`,
      `  SHA-256: ${e.sha256}`,
      `  filed: ${e.acquiredAt} by ${e.acquisitionMethod}${e.deletedAt ? `   IN TRASH since ${e.deletedAt}` : ''}`,
      e.tags.length ? `  tags: ${e.tags.join(', ')}` : '',
      e.notes ? `  notes: ${e.notes}` : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n'
  );
}
