import type { Registry } from '../program.ts';
import { action, coded, padColumns, UsageError, withCalls } from '../runtime.ts';

const GROUP = 'Search and OCR';

/** `locker search` and `locker ocr`. */
export function registerSearch({ program, state, io }: Registry): void {
  program
    .command('search')
    .description('every word as a substring, in titles, notes, texts, bills, chats and OCR')
    .helpGroup(GROUP)
    .usage('[options] CASE QUERY... | --all QUERY...')
    .argument('[WORDS...]', 'the case (unless --all), then the words to find')
    .option('--all', 'search every case')
    .option('--limit <N>', 'at most N results')
    .action(
      action<{ all?: boolean; limit?: string }>(state, io, async (ctx, args, o) => {
        const [caseId, ...words] = o.all ? [null, ...args] : args;
        const limit = o.limit === undefined ? undefined : Number(o.limit);
        if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
          throw new UsageError(coded('usage.limit-above-zero', { option: '--limit' }));
        if (!words.length) throw new UsageError(coded('usage.search-needs-query'));
        const [{ searchCalls, MAX_SEARCH_RESULTS }, { searchHitJson }] = await Promise.all([
          import('../../services/calls/search.ts'),
          import('../json.ts'),
        ]);
        return withCalls(ctx, async (run, locker) => {
          // Every matching row on its own (a payment's bill and bank rows both), 50 unless --limit says.
          const hits = await run(searchCalls['search:query'], {
            caseId: caseId === null || caseId === undefined ? 'all' : locker.getCase(caseId).id,
            query: words.join(' '),
            limit: Math.min(limit ?? 50, MAX_SEARCH_RESULTS),
            grouped: false,
          });
          const results = hits.map(searchHitJson);
          ctx.emit(results, () =>
            results.length
              ? results
                  .map((r) => `${r.at}  ${r.kind.padEnd(11)} ${r.title}\n    ${r.snippet}  ${r.id}`)
                  .join('\n') + '\n'
              : ctx.say(coded('cli.nothing-found')) + '\n',
          );
          return 0;
        });
      }),
    );

  const ocr = program
    .command('ocr')
    .description('read the text of pending screenshots and scans now, and report it')
    .helpGroup(GROUP)
    .argument('[CASE]', 'only the items of this case')
    .action(
      action(state, io, async (ctx, [caseArg]) => {
        const [{ diskCalls }, { diskAccess, withDiskCalls }] = await Promise.all([
          import('../../services/calls/disk.ts'),
          import('../disk.ts'),
        ]);
        const showProgress = !ctx.json && ctx.io.isTTY;
        const access = diskAccess(
          ctx,
          showProgress
            ? {
                onProgress: (p) =>
                  ctx.io.err(`\r  ${ctx.say(coded('cli.ocr.progress', { done: p.done, total: p.total }))}`),
              }
            : {},
        );
        return withDiskCalls(ctx, access, async (run, locker) => {
          const report = await run(
            diskCalls['disk:ocr'],
            caseArg ? { caseId: locker.getCase(caseArg).id } : {},
          );
          if (showProgress) ctx.io.err('\n');
          ctx.emit(report, () =>
            !report.enabled
              ? ctx.say(coded('cli.ocr.is-off')) + '\n'
              : report.items
                  .map(
                    (i) =>
                      `${i.evidenceId}  ${padColumns(ctx.say(coded(`cli.ocr.status.${i.status}`)), 7)} ${i.title}` +
                      (i.code
                        ? `: ${ctx.say({ code: i.code, params: i.params ?? {} })}`
                        : i.error
                          ? `: ${i.error}`
                          : '') +
                      (i.text ? `\n    ${i.text.replace(/\s*\n\s*/g, ' | ').slice(0, 200)}` : ''),
                  )
                  .join('\n') +
                `${report.items.length ? '\n' : ''}${ctx.say(coded('cli.ocr.report', { read: report.items.length, pending: report.queue.pending, failed: report.queue.failed }))}\n`,
          );
          return 0;
        });
      }),
    );
  for (const onOff of ['on', 'off'] as const) {
    ocr
      .command(onOff)
      .description(`switch reading of images in the background ${onOff}`)
      .action(
        action(state, io, async (ctx) => {
          const { searchCalls } = await import('../../services/calls/search.ts');
          return withCalls(ctx, async (run) => {
            const status = await run(searchCalls['ocr:set'], { enabled: onOff === 'on' });
            ctx.emit(
              { enabled: status.enabled },
              () => ctx.say(coded(status.enabled ? 'cli.ocr.on' : 'cli.ocr.off')) + '\n',
            );
            return 0;
          });
        }),
      );
  }
}
