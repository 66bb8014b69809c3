import { Option } from 'commander';
import { CASE_STATUSES, type CaseStatus } from '../../../db/queries/cases.ts';
import type { Registry } from '../program.ts';
import { action, coded, CASE_ARG, withCalls } from '../runtime.ts';

/** The calls and the --json shapes, loaded only once a command runs. */
const load = () => Promise.all([import('../../services/calls/cases.ts'), import('../json.ts')]);

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
      action<CaseFields>(state, io, async (ctx, words, o) => {
        const [{ caseCalls }, { caseJson }] = await load();
        return withCalls(ctx, async (run) => {
          const c = await run(caseCalls['case:create'], {
            title: words.join(' '),
            counterparty: o.counterparty,
            paymentMethod: o.method,
            account: o.account,
            currency: o.currency,
            timezone: o.timezone,
          });
          ctx.emit(
            caseJson(c),
            () => ctx.say(coded('cli.case.created', { id: c.id, title: c.title })) + '\n',
          );
          return 0;
        });
      }),
    );

  cases
    .command('list')
    .description('cases (--all includes archived ones)')
    .option('--all', 'include archived cases')
    .action(
      action<{ all?: boolean }>(state, io, async (ctx, _args, o) => {
        const [{ caseCalls }, { caseJson }] = await load();
        return withCalls(ctx, async (run) => {
          const all = await run(caseCalls['case:list'], { includeArchived: Boolean(o.all) });
          const archived = ctx.say(coded('cli.case.archived'));
          ctx.emit(all.map(caseJson), () =>
            all.length
              ? all
                  .map(
                    (c) =>
                      `${c.id}  ${c.status.padEnd(19)} ${c.title}${c.archivedAt ? `  (${archived})` : ''}`,
                  )
                  .join('\n') + '\n'
              : ctx.say(coded('cli.case.none')) + '\n',
          );
          return 0;
        });
      }),
    );

  cases
    .command('show')
    .description('a case, with how many items and events it holds')
    .argument('<CASE>', CASE_ARG)
    .action(
      action(state, io, async (ctx, [arg]) => {
        const [{ caseCalls }, { caseJson }] = await load();
        return withCalls(ctx, async (run, locker) => {
          const o = await run(caseCalls['case:get'], { id: locker.getCase(arg!).id });
          const c = o.case;
          ctx.emit(
            { ...caseJson(c), evidenceCount: o.counts.evidence, eventCount: o.counts.events },
            () =>
              [
                `${c.title}  (${c.id})`,
                '  ' +
                  ctx.say(
                    coded('cli.case.details', {
                      counterparty: c.counterparty || '—',
                      status: c.status,
                      currency: c.currency,
                      timezone: c.timezone,
                    }),
                  ),
                '  ' +
                  ctx.say(coded('cli.case.counts', { items: o.counts.evidence, events: o.counts.events })),
                c.notes ? `  ${ctx.say(coded('cli.case.notes', { notes: c.notes }))}` : '',
              ]
                .filter(Boolean)
                .join('\n') + '\n',
          );
          return 0;
        });
      }),
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
      >(state, io, async (ctx, [arg], o) => {
        const [{ caseCalls }, { caseJson }] = await load();
        return withCalls(ctx, async (run, locker) => {
          const c = await run(caseCalls['case:update'], {
            id: locker.getCase(arg!).id,
            patch: {
              title: o.title,
              counterparty: o.counterparty,
              paymentMethod: o.method,
              account: o.account,
              currency: o.currency,
              timezone: o.timezone,
              notes: o.notes,
              status: o.status,
              archived: o.archive ? true : o.unarchive ? false : undefined,
            },
          });
          ctx.emit(
            caseJson(c),
            () => ctx.say(coded('cli.case.updated', { id: c.id, title: c.title, status: c.status })) + '\n',
          );
          return 0;
        });
      }),
    );
}
