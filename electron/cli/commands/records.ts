import { Option } from 'commander';
import { LINK_KINDS, RAILS, type LinkKind, type Rail } from '../../ipc/ledger-kinds.ts';
import type { Charges, recordCalls } from '../../services/calls/records.ts';
import type { Registry } from '../program.ts';
import { action, coded, CASE_ARG, list, UsageError, withCalls, type Ctx, type RunCall } from '../runtime.ts';

type RecordCalls = typeof recordCalls;

const GROUP = 'Payment records and chats (read from filed bills, statements, chat exports and emails)';

/**
 * The rows read from bills and chats: `transactions`, `series`, `dispute`, `refund`, `messages`, `message`,
 * `summary`, `payments` and `payment …`.
 */
export function registerRecords({ program, state, io }: Registry): void {
  program
    .command('transactions')
    .description('every transaction in time order')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .option('--match <TEXT>', 'only those that mention TEXT')
    .option('--disputed', 'only the disputed ones')
    .action(
      action<{ match?: string; disputed?: boolean }>(state, io, async (ctx, [caseArg], o) => {
        const [{ recordCalls }, { transactionJson }] = await Promise.all([
          import('../../services/calls/records.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          const charges = await run(recordCalls['transaction:list'], {
            caseId: locker.getCase(caseArg!).id,
            ...(o.match ? { match: o.match } : {}),
          });
          const rows = o.disputed ? charges.transactions.filter((t) => t.isDisputed) : charges.transactions;
          const out = rows.map(transactionJson);
          const disputed = ctx.say(coded('cli.transactions.disputed'));
          ctx.emit(out, () =>
            out.length
              ? out
                  .map(
                    (t) =>
                      `${t.at}  ${t.direction === 'out' ? '-' : t.direction === 'in' ? '+' : ' '}${t.amount.padStart(10)} ${t.currency}  ${t.disputed ? `${disputed} ` : ''}${t.counterparty} · ${t.description}  [${t.status}]  ${t.id}`,
                  )
                  .join('\n') + '\n'
              : ctx.say(coded('cli.transactions.none')) + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('series')
    .description('charges that recur (same payee, regular interval), with the agreement behind each')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .action(
      action(state, io, async (ctx, [caseArg]) => {
        const [{ recordCalls }, { seriesJson }] = await Promise.all([
          import('../../services/calls/records.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          // Each series with the agreement behind it (null when none is recorded): closed means no next charge.
          const { series } = await run(recordCalls['transaction:list'], {
            caseId: locker.getCase(caseArg!).id,
          });
          const all = series.map(seriesJson);
          ctx.emit(all, () =>
            all.length
              ? all
                  .map(
                    (x) =>
                      ctx.say(
                        coded('cli.series.line', {
                          id: x.id,
                          counterparty: x.counterparty,
                          count: x.count,
                          interval: x.interval,
                          amount: x.amount,
                          currency: x.currency,
                          first: x.first.slice(0, 10),
                          last: x.last.slice(0, 10),
                          total: x.total,
                          next: x.nextExpected.slice(0, 10),
                        }),
                      ) +
                      (x.priceChanges.length
                        ? `  ${ctx.say(coded('cli.series.price-changed', { count: x.priceChanges.length }))}`
                        : '') +
                      (x.disputed
                        ? `  ${ctx.say(coded('cli.series.disputed', { count: x.disputed }))}`
                        : '') +
                      (x.agreement?.status === 'closed'
                        ? `  ${ctx.say(coded('cli.series.agreement-closed', { id: x.agreement.id }))}`
                        : ''),
                  )
                  .join('\n') + '\n'
              : ctx.say(coded('cli.series.none')) + '\n',
          );
          return 0;
        });
      }),
    );

  program
    .command('dispute')
    .description('mark matching charges disputed (or not); --series also links the refunds of its charges')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .option('--match <TEXT>', 'the charges that mention TEXT')
    .option('--id <TX,TX…>', 'these transactions')
    .option('--series <ID>', 'every charge of a series')
    .option('--undo', 'mark them not disputed')
    .action(
      action<{ match?: string; id?: string; series?: string; undo?: boolean }>(
        state,
        io,
        async (ctx, [caseArg], o) => {
          if (!o.match && !o.id && !o.series)
            throw new UsageError(
              coded('usage.give-one-of', { options: '--match TEXT, --id TX or --series ID' }),
            );
          const [{ recordCalls }, { transactionJson }] = await Promise.all([
            import('../../services/calls/records.ts'),
            import('../json.ts'),
          ]);
          const ids = list(o.id);
          return withCalls(ctx, async (run, locker) => {
            // A series is what the user disputes: all its charges are marked and their refunds linked.
            const r = await run(recordCalls['transaction:dispute'], {
              caseId: locker.getCase(caseArg!).id,
              ...(ids.length ? { ids } : {}),
              ...(o.match ? { match: o.match } : {}),
              ...(o.series ? { seriesId: o.series } : {}),
              disputed: !o.undo,
            });
            const rows = new Map(r.transactions.map((t) => [t.id, t]));
            const out = {
              matched: r.matched.map((id) => transactionJson(rows.get(id)!)),
              changed: r.changed,
              refundsLinked: r.refundsLinked,
            };
            ctx.emit(
              out,
              () =>
                ctx.say(
                  coded(o.undo ? 'cli.dispute.undisputed' : 'cli.dispute.disputed', {
                    count: out.matched.length,
                    changed: out.changed,
                  }),
                ) +
                '\n' +
                (out.refundsLinked.length
                  ? ctx.say(coded('cli.dispute.refunds-linked', { count: out.refundsLinked.length })) + '\n'
                  : ''),
            );
            return 0;
          });
        },
      ),
    );

  const refund = program.command('refund').description('link refunds to charges').helpGroup(GROUP);
  refund
    .command('link')
    .description('this refund gave back (part of) that charge')
    .argument('<REFUND_TX>')
    .argument('<CHARGE_TX>')
    .action(
      action(state, io, async (ctx, [refundId, chargeId]) => {
        const t = await linkRefundCli(ctx, refundId!, chargeId!);
        ctx.emit(t, () => ctx.say(coded('cli.refund.linked', { id: t.id, charge: chargeId! })) + '\n');
        return 0;
      }),
    );
  refund
    .command('unlink')
    .description('the refund belongs to no charge')
    .argument('<REFUND_TX>')
    .action(
      action(state, io, async (ctx, [refundId]) => {
        const t = await linkRefundCli(ctx, refundId!, null);
        ctx.emit(t, () => ctx.say(coded('cli.refund.unlinked', { id: t.id })) + '\n');
        return 0;
      }),
    );

  program
    .command('messages')
    .description('every message in time order')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .option('--match <TEXT>', 'only those whose sender or text has TEXT')
    .option('--key', 'only key messages')
    .action(
      action<{ match?: string; key?: boolean }>(state, io, async (ctx, [caseArg], o) => {
        const [{ recordCalls }, { messageJson }] = await Promise.all([
          import('../../services/calls/records.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          let rows = (await run(recordCalls['message:list'], { caseId: locker.getCase(caseArg!).id }))
            .messages;
          if (o.match) {
            const needle = o.match.toLowerCase();
            rows = rows.filter((m) => `${m.sender}\n${m.text}`.toLowerCase().includes(needle));
          }
          if (o.key) rows = rows.filter((m) => m.isKey);
          const out = rows.map(messageJson);
          ctx.emit(out, () =>
            out.length
              ? out
                  .map(
                    (m) =>
                      `${m.at}  ${m.isKey ? '★ ' : ''}${m.sender || `(${ctx.say(coded('cli.messages.system'))})`}: ${m.text}  ${m.id}`,
                  )
                  .join('\n') + '\n'
              : ctx.say(coded('cli.messages.none')) + '\n',
          );
          return 0;
        });
      }),
    );

  const message = program.command('message').description('key messages').helpGroup(GROUP);
  for (const sub of ['key', 'unkey'] as const) {
    message
      .command(sub)
      .description(
        sub === 'key' ? 'put a message on the timeline as a key event' : 'take it off the timeline again',
      )
      .argument('<MSG>')
      .action(
        action(state, io, async (ctx, [arg]) => {
          const [{ recordCalls }, { messageJson }] = await Promise.all([
            import('../../services/calls/records.ts'),
            import('../json.ts'),
          ]);
          return withCalls(ctx, async (run) => {
            const m = await run(recordCalls['message:mark'], {
              id: arg!,
              isKey: sub === 'key',
            });
            ctx.emit(
              messageJson(m),
              () =>
                ctx.say(coded(sub === 'key' ? 'cli.message.keyed' : 'cli.message.unkeyed', { id: m.id })) +
                '\n',
            );
            return 0;
          });
        }),
      );
  }

  program
    .command('payments')
    .description(
      "one line per payment, however many files show it (the bill's row and the bank's line), with how it moved and what is still owed",
    )
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .option('--disputed', 'only the disputed ones')
    .option('--match <TEXT>', 'only those one of whose rows mentions TEXT')
    .action(
      action<{ disputed?: boolean; match?: string }>(state, io, async (ctx, [caseArg], o) => {
        const [{ recordCalls }, { paymentJson }] = await Promise.all([
          import('../../services/calls/records.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          const { payments } = await run(recordCalls['transaction:list'], {
            caseId: locker.getCase(caseArg!).id,
            ...(o.match ? { match: o.match } : {}),
            pending: 'all',
            // The command prints payments only: the rows' DTOs, the series and the totals are not built.
            omit: ['transactions', 'series', 'totals'],
          });
          const out = (o.disputed ? payments.filter((p) => p.isDisputed) : payments).map(paymentJson);
          const disputed = ctx.say(coded('cli.transactions.disputed'));
          ctx.emit(out, () =>
            out.length
              ? out
                  .map((p) => {
                    const sign = p.direction === 'out' ? '-' : p.direction === 'in' ? '+' : ' ';
                    const sources = p.sightings.map((x) => x.source).join('+');
                    const waiting = p.pending.filter((x) => x.state === 'suggested').length;
                    const about =
                      ctx.say(coded('cli.payments.seen-in', { rail: p.rail, sources })) +
                      (p.kind === 'charge' && p.refunded !== '0.00'
                        ? ctx.say(coded('cli.payments.refunded', { amount: p.refunded }))
                        : '') +
                      (waiting ? ctx.say(coded('cli.payments.to-confirm', { count: waiting })) : '');
                    return `${p.at}  ${sign}${p.amount.padStart(10)} ${p.currency}  ${p.disputed ? `${disputed} ` : ''}${p.counterparty}  [${about}]  ${p.id}`;
                  })
                  .join('\n') + '\n'
              : ctx.say(coded('cli.payments.none')) + '\n',
          );
          return 0;
        });
      }),
    );

  const payment = program.command('payment').description('which rows are one payment').helpGroup(GROUP);
  payment
    .command('join')
    .description('two rows are one payment')
    .argument('<CASE>', CASE_ARG)
    .argument('<TX>')
    .argument('<TX2>')
    .action(
      action(state, io, async (ctx, [caseArg, a, b]) => {
        const p = await paymentAfter(ctx, caseArg!, a!, (run, recordCalls, caseId) =>
          run(recordCalls['payment:join'], { caseId, transactionIds: [a!, b!], pending: 'all' }),
        );
        ctx.emit(
          p,
          () => ctx.say(coded('cli.payment.joined', { id: p.id, count: p.sightings.length })) + '\n',
        );
        return 0;
      }),
    );
  payment
    .command('split')
    .description('take a row out of the payment it joined')
    .argument('<CASE>', CASE_ARG)
    .argument('<TX>')
    .action(
      action(state, io, async (ctx, [caseArg, tx]) => {
        const p = await paymentAfter(ctx, caseArg!, tx!, (run, recordCalls, caseId) =>
          run(recordCalls['payment:split'], { caseId, transactionId: tx!, pending: 'all' }),
        );
        ctx.emit(p, () => ctx.say(coded('cli.payment.split', { tx: tx!, id: p.id })) + '\n');
        return 0;
      }),
    );
  payment
    .command('confirm')
    .description('confirm every single-candidate match the matcher suggested')
    .argument('<CASE>', CASE_ARG)
    .action(
      action(state, io, async (ctx, [caseArg]) => {
        const { recordCalls } = await import('../../services/calls/records.ts');
        return withCalls(ctx, async (run, locker) => {
          const { confirmed: n } = await run(recordCalls['payment:confirm'], {
            caseId: locker.getCase(caseArg!).id,
          });
          ctx.emit({ confirmed: n }, () => ctx.say(coded('cli.payment.confirmed', { count: n })) + '\n');
          return 0;
        });
      }),
    );
  payment
    .command('reject')
    .description('turn a suggestion down; the matcher never proposes it again')
    .argument('<CASE>', CASE_ARG)
    .argument('<TX>')
    .argument('<TX2>')
    .addOption(
      new Option('--kind <KIND>', 'the kind of link to turn down').choices(LINK_KINDS).default('same'),
    )
    .action(
      action<{ kind: LinkKind }>(state, io, async (ctx, [caseArg, a, b], o) => {
        const { recordCalls } = await import('../../services/calls/records.ts');
        return withCalls(ctx, async (run, locker) => {
          await run(recordCalls['payment:reject'], {
            caseId: locker.getCase(caseArg!).id,
            transactionIds: [a!, b!],
            kind: o.kind,
          });
          ctx.emit(
            { rejected: [a, b], kind: o.kind },
            () => ctx.say(coded('cli.payment.rejected', { a: a!, b: b!, kind: o.kind })) + '\n',
          );
          return 0;
        });
      }),
    );
  payment
    .command('rail')
    .description('correct how a payment moved (auto: as its rows say)')
    .argument('<CASE>', CASE_ARG)
    .argument('<TX>')
    .argument('<RAIL>', `${RAILS.join('|')}|auto`)
    .action(
      action(state, io, async (ctx, [caseArg, tx, rail]) => {
        if (rail !== 'auto' && !RAILS.includes(rail as Rail))
          throw new UsageError(
            coded('usage.must-be-one-of', { option: 'rail', choices: `${RAILS.join(', ')}, auto` }),
          );
        const p = await paymentAfter(ctx, caseArg!, tx!, (run, recordCalls, caseId) =>
          run(recordCalls['payment:rail'], {
            caseId,
            transactionId: tx!,
            rail: rail === 'auto' ? null : (rail as Rail),
            pending: 'all',
          }),
        );
        ctx.emit(
          p,
          () => ctx.say(coded('cli.payment.rail', { id: p.id, rail: p.rail, source: p.railSource })) + '\n',
        );
        return 0;
      }),
    );

  program
    .command('summary')
    .description('counts, and the disputed total per currency net of refunds')
    .helpGroup(GROUP)
    .argument('<CASE>', CASE_ARG)
    .action(
      action(state, io, async (ctx, [caseArg]) => {
        const [{ caseCalls }, { summaryJson }] = await Promise.all([
          import('../../services/calls/cases.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          const s = summaryJson(await run(caseCalls['case:get'], { id: locker.getCase(caseArg!).id }));
          ctx.emit(
            s,
            () =>
              [
                ctx.say(
                  coded('cli.summary.counts', {
                    items: s.evidence,
                    events: s.events,
                    transactions: s.transactions,
                    messages: s.messages,
                    key: s.keyMessages,
                  }),
                ),
                ...s.charges.map((x) =>
                  ctx.say(
                    coded('cli.summary.all-charges', {
                      total: x.total,
                      currency: x.currency,
                      count: x.count,
                    }),
                  ),
                ),
                s.disputed.count
                  ? ctx.say(coded('cli.summary.disputed', { count: s.disputed.count }))
                  : ctx.say(coded('cli.summary.none-disputed')),
                ...s.disputed.totals.map(
                  (x) =>
                    '  ' +
                    ctx.say(
                      coded('cli.summary.totals', {
                        currency: x.currency,
                        charged: x.charged,
                        refunded: x.refunded,
                        outstanding: x.outstanding,
                      }),
                    ),
                ),
              ].join('\n') + '\n',
          );
          return 0;
        });
      }),
    );
}

/** Links a refund to a charge (or to none) on the calls; answers with the refund's row as `--json` prints it. */
async function linkRefundCli(ctx: Ctx, refundId: string, chargeId: string | null) {
  const [{ recordCalls }, { transactionJson }] = await Promise.all([
    import('../../services/calls/records.ts'),
    import('../json.ts'),
  ]);
  return withCalls(ctx, async (run) => {
    const { transactions } = await run(recordCalls['refund:link'], { refundId, chargeId });
    return transactionJson(transactions.find((t) => t.id === refundId)!);
  });
}

/**
 * Runs one change of the dispute ledger on the calls (the case resolved from what was typed), and answers with
 * the payment the row now belongs to, as `--json` prints it.
 */
async function paymentAfter(
  ctx: Ctx,
  caseArg: string,
  transactionId: string,
  change: (run: RunCall, calls: RecordCalls, caseId: string) => Promise<Charges>,
) {
  const [{ recordCalls }, { paymentJson }] = await Promise.all([
    import('../../services/calls/records.ts'),
    import('../json.ts'),
  ]);
  return withCalls(ctx, async (run, locker) => {
    const { payments } = await change(run, recordCalls, locker.getCase(caseArg).id);
    return paymentJson(payments.find((p) => p.sightings.some((x) => x.transactionId === transactionId))!);
  });
}
