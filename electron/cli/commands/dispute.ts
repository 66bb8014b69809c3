import { Option } from 'commander';
import {
  CONTACT_CHANNELS,
  PLAN_STEPS,
  STEP_STATUSES,
  type ContactChannel,
  type PlanStepKey,
  type StepStatus,
} from '../../../db/queries/dispute.ts';
import { AGENCIES, COMPLAINT_TARGETS, CONTACT_PARTIES } from '../../ipc/words.ts';
import type { ComplaintTarget } from '../../services/dispute/complaint.ts';
import type { Agency, ContactParty } from '../../services/dispute/rules.ts';
import { DISPUTE_LANGS, type DisputeLang } from '../../services/dispute/words.ts';
import type { Registry } from '../program.ts';
import { action, coded, CASE_ARG, list, padColumns, UsageError, withCalls, type Ctx } from '../runtime.ts';

const GROUP = 'The dispute, step by step';

/** The deadline and rule calls and the --json shapes, loaded only once a command runs. */
const loadDeadlines = () =>
  Promise.all([import('../../services/calls/deadlines.ts'), import('../json.ts')] as const);

const langOption = () =>
  new Option('--lang <L>', 'the language of the texts').choices(DISPUTE_LANGS).default('zh-CN');

/** The dispute commands: contacts, agreements, the plan, complaint fields, the claimant, deadlines, rules. */
export function registerDispute({ program, state, io }: Registry): void {
  program
    .command('contact')
    .description('record a contact (on the timeline, with any deadline it starts)')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .addOption(new Option('--with <WHO>', 'who you contacted').choices(CONTACT_PARTIES).makeOptionMandatory())
    .requiredOption('--at <TIME>', 'when')
    .addOption(new Option('--channel <C>', 'how').choices(CONTACT_CHANNELS))
    .option('--ticket <NO>', 'the ticket or reference number you were given')
    .option('--note <TEXT>', 'what was said')
    .addOption(new Option('--agency <A>', 'the regulator or hotline').choices(AGENCIES))
    .option('--reply', 'they contacted you (a reply), not the other way round')
    .option('--evidence <ITEM,ITEM…>', 'the items that show it')
    .addOption(langOption())
    .action(
      action<{
        with: ContactParty;
        at: string;
        channel?: ContactChannel;
        ticket?: string;
        note?: string;
        agency?: Agency;
        reply?: boolean;
        evidence?: string;
        lang: DisputeLang;
      }>(state, io, async (ctx, [caseId], o) => {
        const [{ disputeCalls }, { contactAddedJson }] = await Promise.all([
          import('../../services/calls/dispute.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          const c = await run(disputeCalls['contact:add'], {
            caseId: locker.getCase(caseId!).id,
            party: o.with,
            at: o.at,
            channel: o.channel,
            agency: o.agency,
            direction: o.reply ? 'in' : 'out',
            ticket: o.ticket,
            note: o.note,
            evidenceIds: list(o.evidence).map((id) => locker.getEvidence(id).id),
            lang: o.lang,
          });
          const shown = contactAddedJson(c);
          ctx.emit(
            shown,
            () =>
              ctx.say(coded('cli.contact.recorded', { id: c.id, party: c.party })) +
              '\n' +
              shown.deadlines
                .map(
                  (d) =>
                    '  ' +
                    ctx.say(coded('cli.deadline.line', { at: d.at, title: d.title, rule: d.rule ?? '' })) +
                    '\n',
                )
                .join(''),
          );
          return 0;
        });
      }),
    );

  program
    .command('agreement')
    .description(
      "the auto-debit agreement behind the charges: without options, the case's agreements; --merchant " +
        'records one; --id AGREEMENT changes one (e.g. --closed-at when you closed it); --from ITEM records it ' +
        'from a screenshot of the agreement page (read by OCR; the options given override what was read)',
    )
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .option('--merchant <NAME>', 'who the agreement is with')
    .option('--service <T>', 'the service it pays for')
    .option('--number <NO>', "the agreement's number")
    .option('--signed-at <TIME>', 'when it was signed')
    .option('--closed-at <TIME>', 'when you closed it')
    .option('--method <T>', 'how it pays')
    .option('--series <ID>', 'the series of charges it is behind')
    .option('--evidence <ITEM,ITEM…>', 'the items that show it')
    .option('--id <AGREEMENT>', 'change this agreement')
    .option('--from <ITEM>', 'read it from a screenshot of the agreement page')
    .action(
      action<{
        merchant?: string;
        service?: string;
        number?: string;
        signedAt?: string;
        closedAt?: string;
        method?: string;
        series?: string;
        evidence?: string;
        id?: string;
        from?: string;
      }>(state, io, async (ctx, [caseArg], o) => {
        const [{ agreementCalls }, { agreementJson }, { LockerInputError, NotFoundError }] =
          await Promise.all([
            import('../../services/calls/agreements.ts'),
            import('../json.ts'),
            import('../../services/errors.ts'),
          ]);
        return withCalls(ctx, async (run, locker) => {
          const caseId = locker.getCase(caseArg!).id;
          const input = {
            merchant: o.merchant,
            service: o.service,
            number: o.number,
            signedAt: o.signedAt,
            closedAt: o.closedAt,
            paymentMethod: o.method,
            seriesId: o.series,
            evidenceIds:
              o.evidence === undefined ? undefined : list(o.evidence).map((id) => locker.getEvidence(id).id),
          };
          // `--id` names one of this case's agreements, by its whole id.
          const known =
            o.id === undefined
              ? undefined
              : (await run(agreementCalls['agreement:list'], { caseId })).some((a) => a.id === o.id);
          if (o.from !== undefined) {
            if (known === false) throw new NotFoundError('agreement-in-case', o.id!);
            // The fields read from a screenshot of the agreement page; those given on the command line win.
            const r = await run(agreementCalls['agreement:add'], {
              ...input,
              evidenceId: locker.getEvidence(o.from).id,
              caseId,
              id: o.id,
            });
            const a = agreementJson(r);
            ctx.emit(
              { ...a, found: r.found },
              () =>
                ctx.say(
                  coded(r.isNew ? 'cli.agreement.recorded-from' : 'cli.agreement.updated-from', {
                    id: a.id,
                    merchant: a.merchant,
                    status: a.status,
                    from: o.from!,
                    read: r.found.join(', '),
                    series: a.seriesId ?? '',
                  }),
                ) + '\n',
            );
            return 0;
          }
          if (!o.id && o.merchant === undefined) {
            const rows = (await run(agreementCalls['agreement:list'], { caseId })).map(agreementJson);
            ctx.emit(rows, () =>
              rows.length
                ? rows
                    .map(
                      (a) =>
                        `${a.id}  ${a.merchant}${a.number ? ` #${a.number}` : ''}  ${a.status}${a.closedAt ? ` (${ctx.say(coded('cli.agreement.closed', { at: a.closedAt }))})` : ''}`,
                    )
                    .join('\n') + '\n'
                : ctx.say(coded('cli.agreement.none')) + '\n',
            );
            return 0;
          }
          if (o.id && !known) throw new LockerInputError('agreement.not-found-cli', { id: o.id });
          const a = agreementJson(
            o.id
              ? await run(agreementCalls['agreement:update'], { id: o.id, patch: input })
              : await run(agreementCalls['agreement:create'], {
                  ...input,
                  caseId,
                  merchant: o.merchant ?? '',
                }),
          );
          ctx.emit(
            a,
            () =>
              ctx.say(
                coded(o.id ? 'cli.agreement.updated' : 'cli.agreement.recorded', {
                  id: a.id,
                  merchant: a.merchant,
                  status: a.status,
                }),
              ) + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('plan')
    .description(
      "the six steps, what each still needs, and every deadline; --step KEY --status S sets a step's status " +
        'yourself (auto: follow the evidence again)',
    )
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .addOption(langOption())
    .addOption(new Option('--step <KEY>', 'the step to set').choices(PLAN_STEPS))
    .addOption(new Option('--status <S>', "the step's status").choices([...STEP_STATUSES, 'auto']))
    .action(
      action<{ lang: DisputeLang; step?: PlanStepKey; status?: StepStatus | 'auto' }>(
        state,
        io,
        async (ctx, [caseArg], o) => {
          if (o.step !== undefined || o.status !== undefined) {
            if (!o.step)
              throw new UsageError(
                coded('usage.must-be-one-of', { option: '--step', choices: PLAN_STEPS.join(', ') }),
              );
            if (!o.status)
              throw new UsageError(
                coded('usage.must-be-one-of', {
                  option: '--status',
                  choices: `${STEP_STATUSES.join(', ')}, auto`,
                }),
              );
          }
          const [{ disputeCalls }, { planJson }] = await Promise.all([
            import('../../services/calls/dispute.ts'),
            import('../json.ts'),
          ]);
          return withCalls(ctx, async (run, locker) => {
            const caseId = locker.getCase(caseArg!).id;
            const plan =
              o.step && o.status
                ? await run(disputeCalls['plan:set'], {
                    caseId,
                    lang: o.lang,
                    step: o.step,
                    status: o.status === 'auto' ? null : o.status,
                  })
                : await run(disputeCalls['plan:get'], { caseId, lang: o.lang });
            ctx.emit(
              planJson(plan),
              () =>
                plan.steps
                  .map(
                    (s, i) =>
                      `${i + 1}. [${s.status}] ${s.title}${s.isOverridden ? ` (${ctx.say(coded('cli.plan.set-by-you'))})` : ''}` +
                      s.missing.map((m) => `\n     - ${m}`).join(''),
                  )
                  .join('\n') +
                '\n' +
                (plan.deadlines.length
                  ? `\n${ctx.say(coded('cli.plan.deadlines'))}\n` +
                    plan.deadlines
                      .map((d) => {
                        const label = d.isOverdue ? 'cli.plan.overdue' : d.isDone ? 'cli.plan.met' : null;
                        const flag = label ? padColumns(ctx.say(coded(label)), 7) + ' ' : '';
                        return `  ${d.at}  ${flag}${d.title}`;
                      })
                      .join('\n') +
                    '\n'
                  : '') +
                `\n${plan.disclaimer}\n`,
            );
            return 0;
          });
        },
      ),
    );

  program
    .command('complaint')
    .description('the text of each field of that complaint form')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .addOption(
      new Option('--to <CHANNEL>', 'the platform, bank or body complained to')
        .choices(COMPLAINT_TARGETS)
        .makeOptionMandatory(),
    )
    .addOption(langOption())
    .action(
      action<{ to: ComplaintTarget; lang: DisputeLang }>(state, io, async (ctx, [caseArg], o) => {
        const { disputeCalls } = await import('../../services/calls/dispute.ts');
        return withCalls(ctx, async (run, locker) => {
          const r = await run(disputeCalls['complaint:get'], {
            caseId: locker.getCase(caseArg!).id,
            to: o.to,
            lang: o.lang,
          });
          ctx.emit({ to: r.to, lang: r.lang, fields: r.fields }, () =>
            r.fields.map((f) => `── ${f.label} ──\n${f.value}\n`).join('\n'),
          );
          return 0;
        });
      }),
    );

  program
    .command('claimant')
    .description('your details for complaint forms (kept in the locker, never logged)')
    .helpGroup(GROUP)
    .argument('[CASE]', 'for this case only (else for every case)')
    .option('--name <N>', 'your name')
    .option('--id-number <NO>', 'your ID number')
    .option('--phone <P>', 'your phone number')
    .action(
      action<{ name?: string; idNumber?: string; phone?: string }>(state, io, async (ctx, [caseArg], o) => {
        const [{ disputeCalls }, { claimantJson }] = await Promise.all([
          import('../../services/calls/dispute.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          const caseId = caseArg === undefined ? undefined : locker.getCase(caseArg).id;
          const r = await run(disputeCalls['claimant:set'], {
            caseId,
            forCase: caseId,
            name: o.name,
            idNumber: o.idNumber,
            phone: o.phone,
          });
          // The values are shown masked: the terminal's scrollback and CI logs are logs too.
          ctx.emit(claimantJson(r, caseId !== undefined), () =>
            r.changed.length
              ? ctx.say(
                  coded('cli.claimant.saved', {
                    fields: r.changed.join(', '),
                    scope: r.scope === 'locker' ? coded('cli.claimant.every-case') : r.scope,
                  }),
                ) + '\n'
              : ctx.say(coded('cli.nothing-changed')) + '\n',
          );
          return 0;
        });
      }),
    );

  const deadline = program.command('deadline').description('deadlines of your own').helpGroup(GROUP);
  deadline
    .command('add')
    .description('a deadline of your own')
    .argument('<CASE>', CASE_ARG)
    .requiredOption('--at <TIME>', 'when it falls due')
    .requiredOption('--title <T>', 'what is due')
    .action(
      action<{ at: string; title: string }>(state, io, async (ctx, [caseArg], o) => {
        const [{ deadlineCalls }, { deadlineJson }] = await loadDeadlines();
        return withCalls(ctx, async (run, locker) => {
          const d = deadlineJson(
            await run(deadlineCalls['deadline:add'], {
              caseId: locker.getCase(caseArg!).id,
              at: o.at,
              title: o.title,
            }),
          );
          ctx.emit(
            d,
            () => ctx.say(coded('cli.deadline.added', { id: d.id, at: d.at, title: d.title })) + '\n',
          );
          return 0;
        });
      }),
    );
  deadline
    .command('done')
    .description('mark a deadline as met (--undo: not met)')
    .argument('<DEADLINE>', 'the deadline: its id or the unambiguous start of it')
    .option('--undo', 'mark it not met')
    .action(
      action<{ undo?: boolean }>(state, io, async (ctx, [id], o) => {
        const [[{ deadlineCalls }, { deadlineJson }], { LockerInputError, NotFoundError }] =
          await Promise.all([loadDeadlines(), import('../../services/errors.ts')]);
        return withCalls(ctx, async (run) => {
          // The whole id, or an unambiguous start of one (at least 4 characters), as for a case or an item.
          const all = (await run(deadlineCalls['deadline:list'], {})).map((x) => x.id);
          const found = all.includes(id!)
            ? [id!]
            : id!.length >= 4
              ? all.filter((x) => x.startsWith(id!))
              : [];
          if (found.length > 1)
            throw new LockerInputError('ambiguous-id', { thing: coded('thing.deadline'), id: id! });
          if (!found.length) throw new NotFoundError('deadline', id!);
          const d = deadlineJson(
            await run(deadlineCalls['deadline:edit'], { id: found[0]!, isDone: !o.undo }),
          );
          ctx.emit(
            d,
            () => ctx.say(coded(d.isDone ? 'cli.deadline.met' : 'cli.deadline.not-met', { id: d.id })) + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('rules')
    .description('the deadline rules, their sources and your changes')
    .helpGroup(GROUP)
    .action(
      action(state, io, async (ctx) => {
        const [{ deadlineCalls }] = await loadDeadlines();
        return withCalls(ctx, async (run) => {
          const rules = await run(deadlineCalls['rules:list'], {});
          ctx.emit(
            rules,
            () =>
              rules
                .map(
                  (r) =>
                    ctx.say(
                      coded('cli.rule.summary', {
                        key: r.key,
                        days: r.days,
                        off: r.enabled ? '' : 'yes',
                        edited: r.isEdited ? 'yes' : '',
                        working: r.count === 'calendar' ? '' : 'yes',
                      }),
                    ) + `\n  ${r.title[ctx.locale]}\n  ${r.source.title} ${r.source.reference}`,
                )
                .join('\n') + '\n',
          );
          return 0;
        });
      }),
    );

  const rule = program.command('rule').description('change a deadline rule').helpGroup(GROUP);
  rule
    .command('set')
    .description("change a rule's days, how they count, or switch it on or off")
    .argument('<KEY>')
    .option('--days <N>', 'how many days')
    .option('--count <HOW>', 'calendar|china-working')
    .addOption(new Option('--enable', 'switch the rule on').conflicts('disable'))
    .option('--disable', 'switch the rule off')
    .action(
      action<{ days?: string; count?: string; enable?: boolean; disable?: boolean }>(
        state,
        io,
        async (ctx, [key], o) => {
          const change: { days?: number; count?: string; enabled?: boolean } = {};
          if (o.days !== undefined) change.days = Number(o.days);
          if (o.count !== undefined) change.count = o.count;
          if (o.enable || o.disable) change.enabled = Boolean(o.enable);
          if (!Object.keys(change).length)
            throw new UsageError(
              coded('usage.give-one-of', { options: '--days, --count, --enable or --disable' }),
            );
          const [{ deadlineCalls }] = await loadDeadlines();
          return withCalls(ctx, async (run) => {
            const r = await run(deadlineCalls['rule:set'], { key: key!, ...change });
            ctx.emit(r, () => ruleLine(ctx, r));
            return 0;
          });
        },
      ),
    );
  rule
    .command('reset')
    .description('undo your changes to a rule')
    .argument('<KEY>')
    .action(
      action(state, io, async (ctx, [key]) => {
        const [{ deadlineCalls }] = await loadDeadlines();
        return withCalls(ctx, async (run) => {
          const r = await run(deadlineCalls['rule:reset'], { key: key! });
          ctx.emit(r, () => ruleLine(ctx, r));
          return 0;
        });
      }),
    );
}

/** A rule as `rule set|reset` leave it: its days, how they count, and whether it is off. */
function ruleLine(ctx: Ctx, r: { key: string; days: number; count: string; enabled: boolean }): string {
  return (
    ctx.say(
      coded('cli.rule.changed', { key: r.key, days: r.days, count: r.count, off: r.enabled ? '' : 'yes' }),
    ) + '\n'
  );
}
