import path from 'node:path';
import type { columnCalls as columnCallsType } from '../../services/calls/columns.ts';
import type { LayoutJson, MapPreview } from '../../services/column-map.ts';
import type { Locker } from '../../services/locker.ts';
import type { Registry } from '../program.ts';
import { action, coded, UsageError, withCalls, type Ctx, type RunCall } from '../runtime.ts';

/*
 * `locker layout …`: the column map from a terminal or another program (issue 14). Guess a map for a table,
 * keep it (from the JSON file `guess` and `export` write), read a filed item's rows with it, undo that, and
 * list, show, export and delete the kept maps. `locker add … --layout NAME` reads new files with one.
 */

const GROUP = 'Column maps (bills and statements in a layout no importer knows)';

const ROLES_AND_ENCODINGS =
  'roles: date time amount debit credit direction counterparty description orderId status ignore; ' +
  'encodings: auto utf-8 gb18030 big5 utf-16le utf-16be shift_jis windows-1252';

export type LayoutOptions = {
  encoding?: string;
  currency?: string;
  out?: string;
  name?: string;
  layout?: string;
  map?: string;
  confirm?: string;
  /** The case whose time zone and currency `guess` reads in (default: the first case). */
  case?: string;
  /** The header row's line, or `none`, over the one found by content. */
  headerLine?: string;
};

/** `--header-line 4` → 4, `none` → null (no header row), absent → undefined (found by content). */
function headerLineOf(v: LayoutOptions): number | null | undefined {
  const text = v.headerLine;
  if (text === undefined) return undefined;
  if (text === 'none') return null;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(coded('usage.not-a-header-line', { text }));
  return Number(text);
}

async function readText(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { coded, fsReason, LockerInputError } = await import('../../services/errors.ts');
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new LockerInputError('file.cannot-read-what', {
      what: coded('what.layout-file'),
      file,
      reason: fsReason(error),
    });
  }
}

/** `6:out,7:in` → the lines and directions the user confirmed. */
function parseConfirm(text: string): { line: number; direction: 'out' | 'in' | 'neutral' }[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*(out|in|neutral)\s*$/.exec(part);
    if (!m) throw new UsageError(coded('usage.not-a-confirm', { text: part }));
    return { line: Number(m[1]), direction: m[2] as 'out' | 'in' | 'neutral' };
  });
}

/** The proposal's preview in lines: what it reads, what is missing, the first rows, the rows whose sign to check. */
function describePreview(say: Ctx['say'], p: MapPreview): string[] {
  const lines = [say(coded('cli.layout.reads', { count: p.total }))];
  for (const issue of p.issues) lines.push(`  ${say(coded('cli.layout.not-complete', { issue }))}`);
  for (const r of p.rows.slice(0, 5)) {
    const sign = r.direction === 'out' ? '-' : r.direction === 'in' ? '+' : ' ';
    const row = coded('cli.layout.row', {
      line: r.line,
      at: r.at,
      amount: `${sign}${r.amount}`,
      currency: r.currency,
      counterparty: r.counterparty,
      description: r.description,
    });
    lines.push(`  ${say(row)}`.trimEnd());
  }
  if (p.problemCount) {
    const first = p.problems[0];
    const unreadable = coded('cli.layout.unreadable', {
      count: p.problemCount,
      line: String(first?.line),
      error: String(first?.error),
    });
    lines.push(`  ${say(unreadable)}`);
  }
  if (p.signSamples.length) {
    lines.push(say(coded('cli.layout.check-sign')));
    for (const s of p.signSamples) {
      const sample = coded('cli.layout.sign-sample', {
        line: s.line,
        amount: s.amount,
        currency: s.currency,
        what: s.counterparty || s.description,
        direction: s.direction,
      });
      lines.push(`  ${say(sample)}`);
    }
    lines.push(`  --confirm ${p.signSamples.map((s) => `${s.line}:${s.direction}`).join(',')}`);
  }
  return lines;
}

function describeLayout(say: Ctx['say'], l: LayoutJson): string {
  const roles = l.map.columns
    .filter((c) => c.role !== 'ignore')
    .map((c) => `${c.name} → ${c.role}`)
    .join(', ');
  const format = { currency: l.map.currency, encoding: l.map.encoding };
  return (
    `${l.name}  (${l.id})\n` +
    `  ${say(coded('cli.layout.roles', { roles }))}\n` +
    `  ${say(coded(l.map.isFlipped ? 'cli.layout.format-swapped' : 'cli.layout.format', format))}\n`
  );
}

type ColumnCalls = typeof columnCallsType;

/** A layout subcommand's body: the calls, the transport over them, the opened locker, its argument and options. */
type Body = (
  columnCalls: ColumnCalls,
  run: RunCall,
  locker: Locker,
  arg: string,
  v: LayoutOptions,
  ctx: Ctx,
) => Promise<number>;

/**
 * A kept map by what a person types: its id, or its name in any case (as the column-map service finds it).
 * Resolved on the list `layout:list` answers, so the calls get the exact id.
 */
async function layoutOf(columnCalls: ColumnCalls, run: RunCall, nameOrId: string): Promise<LayoutJson> {
  const all = await run(columnCalls['layout:list'], {});
  const name = nameOrId.trim().toLowerCase();
  const found = all.find((l) => l.id === nameOrId) ?? all.find((l) => l.name.toLowerCase() === name);
  if (found) return found;
  const { NotFoundError } = await import('../../services/errors.ts');
  throw new NotFoundError('column-map', nameOrId);
}

export function registerLayout({ program, state, io }: Registry): void {
  const layout = program
    .command('layout')
    .description('column maps: read a table no importer knows')
    .helpGroup(GROUP)
    .addHelpText('after', `\n${ROLES_AND_ENCODINGS}`);
  const sub = (name: string, argument: string | null, description: string, body: Body) => {
    const cmd = layout.command(name).description(description);
    if (argument) cmd.argument(argument);
    cmd.action(
      action<LayoutOptions>(state, io, async (ctx, [arg], v) => {
        // The column map's calls, loaded only once a command runs.
        const { columnCalls } = await import('../../services/calls/columns.ts');
        return withCalls(ctx, (run, locker) => body(columnCalls, run, locker, arg ?? '', v, ctx));
      }),
    );
    return cmd;
  };

  layout
    .command('guess')
    .description(
      'propose a map: the header row (found by its content), a role per column, the rows it reads and the two ' +
        'rows whose sign to check; --out writes it as a map file to check or edit',
    )
    .argument('<FILE>')
    .action(
      action<LayoutOptions>(state, io, async (ctx, [file], v) => {
        const headerLine = headerLineOf(v);
        // The file is on this machine and is not filed: a disk call, which only this command makes, reads it.
        const [{ diskCalls }, { diskAccess, withDiskCalls }] = await Promise.all([
          import('../../services/calls/disk.ts'),
          import('../disk.ts'),
        ]);
        return withDiskCalls(ctx, diskAccess(ctx), async (runDisk, locker) => {
          const guessed = await runDisk(diskCalls['disk:guess'], {
            path: file!,
            ...(v.case ? { caseId: locker.getCase(v.case).id } : {}),
            ...(v.currency ? { currency: v.currency } : {}),
            ...(v.encoding ? { encoding: v.encoding } : {}),
            ...(headerLine !== undefined ? { headerLine } : {}),
            ...(v.name ? { name: v.name } : {}),
          });
          if (v.out) await writeJson(v.out, guessed.file);
          ctx.emit(
            { ...guessed, ...(v.out ? { out: path.resolve(v.out) } : {}) },
            () =>
              [
                ctx.say(coded('cli.layout.header', { header: guessed.header.join(' | ') })),
                guessed.layout ? ctx.say(coded('cli.layout.fits', { name: guessed.layout.name })) : '',
                ctx.say(coded('cli.layout.columns')),
                ...guessed.file.map.columns.map(
                  (col) => `  ${String(col.index + 1).padStart(2)}. ${col.name} → ${col.role}`,
                ),
                ...Object.entries(guessed.file.map.directions).map(
                  ([value, direction]) =>
                    `  ${ctx.say(coded('cli.layout.value-means', { value, direction }))}`,
                ),
                ...describePreview(ctx.say, guessed.preview),
                ctx.say(
                  v.out ? coded('cli.layout.written', { file: v.out }) : coded('cli.layout.write-hint'),
                ),
              ]
                .filter(Boolean)
                .join('\n') + '\n',
          );
          return 0;
        });
      }),
    )
    .option(
      '--case <CASE>',
      "read times and amounts in this case's time zone and currency (default: the first case)",
    )
    .option('--encoding <E>', 'the text encoding (default: detected)')
    .option('--currency <CODE>', 'the currency of the amounts')
    .option('--header-line <N|none>', 'the header row, over the one found by content')
    .option('--out <MAP.json>', 'write the map to this file')
    .option('--name <NAME>', 'the name of the map');

  sub(
    'import',
    '<MAP.json>',
    'keep a map from a file (written by guess, export or another program); the next file with the same header is then read by itself',
    async (c, run, _locker, file, v, ctx) => {
      const text = await readText(file);
      const kept = await run(c['layout:import'], { text, ...(v.name ? { name: v.name } : {}) });
      ctx.emit(kept, () => `${ctx.say(coded('cli.layout.kept'))} ${describeLayout(ctx.say, kept)}`);
      return 0;
    },
  ).option('--name <NAME>', 'keep it under this name');

  sub(
    'apply',
    '<ITEM>',
    "read a filed item's rows with a kept map (--layout NAME), or with a map file (--map MAP.json) once the " +
      'sign of the two rows guess showed is confirmed (--confirm LINE:out,LINE:in); the map is kept under its name',
    async (c, run, locker, itemArg, v, ctx) => {
      const item = locker.getEvidence(itemArg);
      let applied;
      if (v.map) {
        const file = await run(c['layout:read'], { text: await readText(v.map) });
        const headerLine = headerLineOf(v);
        if (!v.confirm) {
          const preview = await run(c['columns:preview'], {
            evidenceId: item.id,
            map: file.map,
            ...(headerLine !== undefined ? { headerLine } : {}),
          });
          throw new UsageError(
            coded('usage.confirm-signs-first', {
              next: describePreview(ctx.say, preview).slice(-1)[0]!.trim(),
            }),
          );
        }
        applied = await run(c['columns:apply'], {
          evidenceId: item.id,
          map: file.map,
          ...(headerLine !== undefined ? { headerLine } : {}),
          name: v.name ?? file.name,
          confirmed: parseConfirm(v.confirm),
        });
      } else if (v.layout) {
        const kept = await layoutOf(c, run, v.layout);
        applied = await run(c['layout:apply'], { evidenceId: item.id, id: kept.id });
      } else throw new UsageError(coded('usage.layout-apply-needs'));
      const done = applied;
      ctx.emit(
        done,
        () =>
          ctx.say(
            coded('cli.layout.applied', {
              count: done.transactions,
              title: item.title,
              name: done.layout.name,
              problemCount: done.problemCount,
            }),
          ) + '\n',
      );
      return 0;
    },
  )
    .option('--layout <NAME>', 'the kept map to read it with')
    .option('--map <MAP.json>', 'the map file to read it with')
    .option('--confirm <LINE:out,LINE:in>', 'the sign of the rows guess showed, confirmed')
    .option('--name <NAME>', 'keep the map under this name')
    .option('--header-line <N|none>', 'the header row, over the one found by content');

  sub(
    'undo',
    '<ITEM>',
    'remove the rows a column map read from ITEM (the file stays, logged)',
    async (c, run, locker, itemArg, _v, ctx) => {
      const item = locker.getEvidence(itemArg);
      const r = await run(c['columns:undo'], { evidenceId: item.id });
      ctx.emit(r, () => ctx.say(coded('cli.layout.undone', { count: r.removed, title: item.title })) + '\n');
      return 0;
    },
  );

  sub('list', null, 'the kept maps', async (c, run, _locker, _arg, _v, ctx) => {
    const all = await run(c['layout:list'], {});
    ctx.emit(all, () =>
      all.length
        ? all.map((l) => describeLayout(ctx.say, l)).join('')
        : ctx.say(coded('cli.layout.none')) + '\n',
    );
    return 0;
  });

  sub('show', '<NAME>', 'one kept map', async (c, run, _locker, name, _v, ctx) => {
    const found = await layoutOf(c, run, name);
    ctx.emit(found, () => describeLayout(ctx.say, found));
    return 0;
  });

  sub(
    'export',
    '<NAME>',
    'the map as a small JSON file (stdout without --out)',
    async (c, run, _locker, name, v, ctx) => {
      const file = await run(c['layout:export'], { id: (await layoutOf(c, run, name)).id });
      if (v.out) {
        await writeJson(v.out, file);
        ctx.emit(
          { out: path.resolve(v.out), name: file.name },
          () => ctx.say(coded('cli.layout.exported', { name: file.name, file: v.out! })) + '\n',
        );
      } else ctx.emit(file, () => JSON.stringify(file, null, 2) + '\n');
      return 0;
    },
  ).option('--out <MAP.json>', 'write it to this file');

  sub(
    'delete',
    '<NAME>',
    'forget a kept map (rows it read stay until you undo them)',
    async (c, run, _locker, name, _v, ctx) => {
      const removed = await run(c['layout:delete'], { id: (await layoutOf(c, run, name)).id });
      ctx.emit(removed, () => ctx.say(coded('cli.layout.deleted', { name: removed.name })) + '\n');
      return 0;
    },
  );
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const { writeFileAtomic } = await import('../../services/object-store.ts');
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}
