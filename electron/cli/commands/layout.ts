import path from 'node:path';
import type * as ColumnMapService from '../../services/column-map.ts';
import type { LayoutJson, MapPreview } from '../../services/column-map.ts';
import type { Locker } from '../../services/locker.ts';
import type { Registry } from '../program.ts';
import { action, UsageError, withLocker, type Emit } from '../runtime.ts';

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
    throw new UsageError(`--header-line "${text}" is not a line number or none`);
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
    if (!m) throw new UsageError(`--confirm "${part}" is not LINE:out, LINE:in or LINE:neutral`);
    return { line: Number(m[1]), direction: m[2] as 'out' | 'in' | 'neutral' };
  });
}

function describePreview(p: MapPreview): string[] {
  const lines = [`reads ${p.total} row(s)`];
  for (const issue of p.issues) lines.push(`  not complete: ${issue}`);
  for (const r of p.rows.slice(0, 5)) {
    const sign = r.direction === 'out' ? '-' : r.direction === 'in' ? '+' : ' ';
    lines.push(
      `  line ${String(r.line).padEnd(5)} ${r.at}  ${sign}${r.amount} ${r.currency}  ${r.counterparty}  ${r.description}`.trimEnd(),
    );
  }
  if (p.problemCount)
    lines.push(
      `  ${p.problemCount} line(s) not readable (first: line ${p.problems[0]?.line}: ${p.problems[0]?.error})`,
    );
  if (p.signSamples.length) {
    lines.push('check the sign of these rows, then confirm them with --confirm:');
    for (const s of p.signSamples) {
      lines.push(
        `  line ${s.line}: ${s.amount} ${s.currency} ${s.counterparty || s.description} → ${s.direction}`,
      );
    }
    lines.push(`  --confirm ${p.signSamples.map((s) => `${s.line}:${s.direction}`).join(',')}`);
  }
  return lines;
}

function describeLayout(l: LayoutJson): string {
  const roles = l.map.columns
    .filter((c) => c.role !== 'ignore')
    .map((c) => `${c.name} → ${c.role}`)
    .join(', ');
  return `${l.name}  (${l.id})\n  columns: ${roles}\n  currency ${l.map.currency}, encoding ${l.map.encoding}${l.map.isFlipped ? ', in and out swapped' : ''}\n`;
}

type ColumnMap = typeof ColumnMapService;

/** A layout subcommand's body: the column-map service, the opened locker, its argument and options. */
type Body = (
  cm: ColumnMap,
  locker: Locker,
  arg: string,
  v: LayoutOptions,
  emit: Emit,
) => Promise<number> | number;

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
        const cm = await import('../../services/column-map.ts');
        return withLocker(ctx, (locker) => body(cm, locker, arg ?? '', v, ctx.emit));
      }),
    );
    return cmd;
  };

  sub(
    'guess',
    '<FILE>',
    'propose a map: the header row (found by its content), a role per column, the rows it reads and the two ' +
      'rows whose sign to check; --out writes it as a map file to check or edit',
    async (cm, locker, file, v, emit) => {
      const { readFile } = await import('node:fs/promises');
      const { fsReason, LockerInputError } = await import('../../services/errors.ts');
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new LockerInputError('file.cannot-read', { file, reason: fsReason(error) });
      });
      const c = v.case ? locker.getCase(v.case) : (locker.listCases()[0] ?? null);
      const guessed = await cm.guessLayoutFile(bytes, path.basename(file), {
        timeZone: c?.timezone ?? 'Asia/Shanghai',
        currency: v.currency?.toUpperCase() ?? c?.currency ?? 'CNY',
        ...(v.encoding ? { encoding: v.encoding } : {}),
        ...(headerLineOf(v) !== undefined ? { headerLine: headerLineOf(v) } : {}),
        saved: cm.layoutList(locker),
      });
      if (v.name) guessed.file.name = v.name;
      if (v.out) await writeJson(v.out, guessed.file);
      emit(
        { ...guessed, ...(v.out ? { out: path.resolve(v.out) } : {}) },
        () =>
          [
            `header: ${guessed.header.join(' | ')}`,
            guessed.layout ? `a kept map fits this header: ${guessed.layout.name}` : '',
            'columns:',
            ...guessed.file.map.columns.map(
              (col) => `  ${String(col.index + 1).padStart(2)}. ${col.name} → ${col.role}`,
            ),
            ...Object.entries(guessed.file.map.directions).map(([k, d]) => `  "${k}" means ${d}`),
            ...describePreview(guessed.preview),
            v.out
              ? `map written to ${v.out}`
              : 'write it to a file with --out MAP.json, check it, then: locker layout import MAP.json',
          ]
            .filter(Boolean)
            .join('\n') + '\n',
      );
      return 0;
    },
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
    async (cm, locker, file, v, emit) => {
      const kept = await cm.importLayout(locker, await readText(file), v.name);
      emit(kept, () => `Kept the column map ${describeLayout(kept)}`);
      return 0;
    },
  ).option('--name <NAME>', 'keep it under this name');

  sub(
    'apply',
    '<ITEM>',
    "read a filed item's rows with a kept map (--layout NAME), or with a map file (--map MAP.json) once the " +
      'sign of the two rows guess showed is confirmed (--confirm LINE:out,LINE:in); the map is kept under its name',
    async (cm, locker, itemId, v, emit) => {
      const item = locker.getEvidence(itemId);
      let applied;
      if (v.map) {
        if (!v.confirm) {
          const file = cm.parseLayoutFile(await readText(v.map));
          const preview = await cm.previewColumnMap(locker, item.id, file.map, headerLineOf(v));
          throw new UsageError(
            `confirm the sign of the rows first: ${describePreview(preview).slice(-1)[0]!.trim()}`,
          );
        }
        const file = cm.parseLayoutFile(await readText(v.map));
        const headerLine = headerLineOf(v);
        applied = await cm.applyColumnMap(locker, item.id, {
          map: file.map,
          ...(headerLine !== undefined ? { headerLine } : {}),
          name: v.name ?? file.name,
          confirmed: parseConfirm(v.confirm),
        });
      } else if (v.layout) {
        applied = await cm.applySavedLayout(locker, item.id, v.layout);
      } else throw new UsageError('layout apply ITEM needs --layout NAME, or --map MAP.json --confirm …');
      emit(
        applied,
        () =>
          `Read ${applied.transactions} row(s) from ${item.title} with the column map "${applied.layout.name}"` +
          (applied.problemCount ? `; ${applied.problemCount} line(s) not readable` : '') +
          '.\n',
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
    async (cm, locker, itemId, _v, emit) => {
      const item = locker.getEvidence(itemId);
      const r = await cm.undoColumnMap(locker, item.id);
      emit(
        r,
        () => `Removed ${r.removed} row(s) read from ${item.title}; the file itself is kept as it was.\n`,
      );
      return 0;
    },
  );

  sub('list', null, 'the kept maps', (cm, locker, _arg, _v, emit) => {
    const all = cm.layoutList(locker);
    emit(all, () =>
      all.length
        ? all.map(describeLayout).join('')
        : 'No column maps yet. Map a table with: locker layout guess FILE\n',
    );
    return 0;
  });

  sub('show', '<NAME>', 'one kept map', (cm, locker, name, _v, emit) => {
    const found = cm.findLayout(locker, name);
    emit(found, () => describeLayout(found));
    return 0;
  });

  sub(
    'export',
    '<NAME>',
    'the map as a small JSON file (stdout without --out)',
    async (cm, locker, name, v, emit) => {
      const file = cm.exportLayout(locker, name);
      if (v.out) {
        await writeJson(v.out, file);
        emit(
          { out: path.resolve(v.out), name: file.name },
          () => `Wrote the column map "${file.name}" to ${v.out}\n`,
        );
      } else emit(file, () => JSON.stringify(file, null, 2) + '\n');
      return 0;
    },
  ).option('--out <MAP.json>', 'write it to this file');

  sub(
    'delete',
    '<NAME>',
    'forget a kept map (rows it read stay until you undo them)',
    async (cm, locker, name, _v, emit) => {
      const removed = await cm.removeLayout(locker, name);
      emit(
        removed,
        () => `Deleted the column map "${removed.name}". Rows it read stay until you undo them.\n`,
      );
      return 0;
    },
  );
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const { writeFileAtomic } = await import('../../services/object-store.ts');
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}
