import { Option } from 'commander';
import { CASE_STATUSES, type CaseStatus } from '../../../db/queries/cases.ts';
import type { Registry } from '../program.ts';
import { action, CASE_ARG, withLocker } from '../runtime.ts';

type CaseFields = {
  counterparty?: string;
  method?: string;
  account?: string;
  currency?: string;
  timezone?: string;
};

/** `locker case new|list|show|set`. */
export function registerCases({ program, state, io }: Registry): void {
  const cases = program.command('case').description('cases').helpGroup('Cases');
  const fields = (cmd: typeof cases) =>
    cmd
      .option('--counterparty <NAME>', 'who took the money')
      .option('--method <TEXT>', 'how it was paid')
      .option('--account <TEXT>', 'the account it was taken from')
      .option('--currency <CODE>', 'the currency of the case (default CNY)')
      .option('--timezone <ZONE>', 'the time zone times without an offset are read in');

  fields(cases.command('new').description("start a case; prints the new case's id"))
    .argument('<TITLE...>', 'what happened')
    .action(
      action<CaseFields>(state, io, (ctx, words, o) =>
        withLocker(ctx, async (locker) => {
          const c = await locker.createCase({
            title: words.join(' '),
            counterparty: o.counterparty,
            paymentMethod: o.method,
            account: o.account,
            currency: o.currency,
            timezone: o.timezone,
          });
          ctx.emit(c, () => `Created case ${c.id}: ${c.title}\n`);
          return 0;
        }),
      ),
    );

  cases
    .command('list')
    .description('cases (--all includes archived ones)')
    .option('--all', 'include archived cases')
    .action(
      action<{ all?: boolean }>(state, io, (ctx, _args, o) =>
        withLocker(ctx, (locker) => {
          const all = locker.listCases({ includeArchived: Boolean(o.all) });
          ctx.emit(all, () =>
            all.length
              ? all
                  .map(
                    (c) => `${c.id}  ${c.status.padEnd(19)} ${c.title}${c.archivedAt ? '  (archived)' : ''}`,
                  )
                  .join('\n') + '\n'
              : 'No cases yet. Start one with: locker case new "What happened"\n',
          );
          return 0;
        }),
      ),
    );

  cases
    .command('show')
    .description('a case, with how many items and events it holds')
    .argument('<CASE>', CASE_ARG)
    .action(
      action(state, io, (ctx, [id]) =>
        withLocker(ctx, (locker) => {
          const c = locker.getCase(id!);
          const items = locker.listEvidence(c.id);
          const events = locker.listEvents(c.id);
          ctx.emit(
            { ...c, evidenceCount: items.length, eventCount: events.length },
            () =>
              [
                `${c.title}  (${c.id})`,
                `  counterparty: ${c.counterparty || '—'}   status: ${c.status}   currency: ${c.currency}   time zone: ${c.timezone}`,
                `  ${items.length} evidence item(s), ${events.length} event(s)`,
                c.notes ? `  notes: ${c.notes}` : '',
              ]
                .filter(Boolean)
                .join('\n') + '\n',
          );
          return 0;
        }),
      ),
    );

  fields(cases.command('set').description("change a case's details, status or archiving"))
    .argument('<CASE>', CASE_ARG)
    .option('--title <T>', 'a new title')
    .option('--notes <T>', 'notes')
    .addOption(new Option('--status <S>', 'where the case stands').choices(CASE_STATUSES))
    .addOption(new Option('--archive', 'archive the case').conflicts('unarchive'))
    .option('--unarchive', 'bring it back from the archive')
    .action(
      action<
        CaseFields & {
          title?: string;
          notes?: string;
          status?: CaseStatus;
          archive?: boolean;
          unarchive?: boolean;
        }
      >(state, io, (ctx, [id], o) =>
        withLocker(ctx, async (locker) => {
          const c = await locker.updateCase(id!, {
            title: o.title,
            counterparty: o.counterparty,
            paymentMethod: o.method,
            account: o.account,
            currency: o.currency,
            timezone: o.timezone,
            notes: o.notes,
            status: o.status,
            archived: o.archive ? true : o.unarchive ? false : undefined,
          });
          ctx.emit(c, () => `Updated case ${c.id}: ${c.title} (${c.status})\n`);
          return 0;
        }),
      ),
    );
}
