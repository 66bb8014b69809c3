import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  applyColumnMap,
  applySavedLayout,
  exportLayout,
  findLayout,
  guessLayoutFile,
  importLayout,
  layoutList,
  parseLayoutFile,
  previewColumnMap,
  removeLayout,
  undoColumnMap,
  type LayoutJson,
  type MapPreview,
} from './services/column-map.ts';
import { describeFsError, LockerInputError } from './services/errors.ts';
import type { Locker } from './services/locker.ts';
import { writeFileAtomic } from './services/object-store.ts';

/*
 * `locker layout …`: the column map from a terminal or another program (issue 14). Guess a map for a table,
 * keep it (from the JSON file `guess` and `export` write), read a filed item's rows with it, undo that, and
 * list, show, export and delete the kept maps. `locker add … --layout NAME` reads new files with one.
 */

export const LAYOUT_HELP = `Column maps (bills and statements in a layout no importer knows)
  layout guess FILE [--case CASE] [--encoding E] [--currency CNY] [--header-line N|none] [--out MAP.json]
                                         propose a map: the header row (found by its content), a role per
                                         column, the rows it reads and the two rows whose sign to check;
                                         --out writes it as a map file to check or edit
  layout import MAP.json [--name NAME]   keep a map from a file (written by guess, export or another program);
                                         the next file with the same header is then read by itself
  layout apply ITEM --layout NAME        read a filed item's rows with a kept map
  layout apply ITEM --map MAP.json --confirm LINE:out,LINE:in [--name NAME] [--header-line N|none]
                                         read them with a map file, once the sign of the two rows guess showed
                                         is confirmed; the map is kept under its name
  layout undo ITEM                       remove the rows a column map read from ITEM (the file stays, logged)
  layout list | layout show NAME | layout delete NAME
  layout export NAME [--out MAP.json]    the map as a small JSON file (stdout without --out)
  add CASE PATH... --layout NAME         read the files with that kept map instead of recognising them
                                         roles: date time amount debit credit direction counterparty
                                         description orderId status ignore; encodings: auto utf-8 gb18030
                                         big5 utf-16le utf-16be shift_jis windows-1252`;

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
  'header-line'?: string;
};

/** `--header-line 4` → 4, `none` → null (no header row), absent → undefined (found by content). */
function headerLineOf(v: LayoutOptions): number | null | undefined {
  const text = v['header-line'];
  if (text === undefined) return undefined;
  if (text === 'none') return null;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new LayoutUsageError(`--header-line "${text}" is not a line number or none`);
  return Number(text);
}

type Emit = (value: unknown, human: () => string) => void;

export class LayoutUsageError extends Error {}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new LockerInputError(`Cannot read the ${what} "${file}": ${describeFsError(error)}.`);
  }
}

/** `6:out,7:in` → the lines and directions the user confirmed. */
function parseConfirm(text: string): { line: number; direction: 'out' | 'in' | 'neutral' }[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*(out|in|neutral)\s*$/.exec(part);
    if (!m) throw new LayoutUsageError(`--confirm "${part}" is not LINE:out, LINE:in or LINE:neutral`);
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

export async function runLayout(
  locker: Locker,
  args: string[],
  v: LayoutOptions,
  emit: Emit,
): Promise<number> {
  const [sub, ...a] = args;
  const need = (n: number, usage: string) => {
    if (a.length < n) throw new LayoutUsageError(`missing argument: ${usage}`);
    return a;
  };
  switch (sub) {
    case 'guess': {
      const file = need(1, 'layout guess FILE')[0]!;
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new LockerInputError(`Cannot read "${file}": ${describeFsError(error)}.`);
      });
      const c = v.case ? locker.getCase(v.case) : (locker.listCases()[0] ?? null);
      const guessed = await guessLayoutFile(bytes, path.basename(file), {
        timeZone: c?.timezone ?? 'Asia/Shanghai',
        currency: v.currency?.toUpperCase() ?? c?.currency ?? 'CNY',
        ...(v.encoding ? { encoding: v.encoding } : {}),
        ...(headerLineOf(v) !== undefined ? { headerLine: headerLineOf(v) } : {}),
        saved: layoutList(locker),
      });
      if (v.name) guessed.file.name = v.name;
      if (v.out) await writeFileAtomic(v.out, JSON.stringify(guessed.file, null, 2) + '\n');
      emit(
        { ...guessed, ...(v.out ? { out: path.resolve(v.out) } : {}) },
        () =>
          [
            `header: ${guessed.header.join(' | ')}`,
            guessed.layout ? `a kept map fits this header: ${guessed.layout.name}` : '',
            'columns:',
            ...guessed.file.map.columns.map(
              (c) => `  ${String(c.index + 1).padStart(2)}. ${c.name} → ${c.role}`,
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
    }
    case 'import': {
      const file = need(1, 'layout import MAP.json')[0]!;
      const layout = await importLayout(locker, await readText(file, 'map file'), v.name);
      emit(layout, () => `Kept the column map ${describeLayout(layout)}`);
      return 0;
    }
    case 'list': {
      const all = layoutList(locker);
      emit(all, () =>
        all.length
          ? all.map(describeLayout).join('')
          : 'No column maps yet. Map a table with: locker layout guess FILE\n',
      );
      return 0;
    }
    case 'show': {
      const layout = findLayout(locker, need(1, 'layout show NAME')[0]!);
      emit(layout, () => describeLayout(layout));
      return 0;
    }
    case 'export': {
      const file = exportLayout(locker, need(1, 'layout export NAME')[0]!);
      if (v.out) {
        await writeFileAtomic(v.out, JSON.stringify(file, null, 2) + '\n');
        emit(
          { out: path.resolve(v.out), name: file.name },
          () => `Wrote the column map "${file.name}" to ${v.out}\n`,
        );
      } else emit(file, () => JSON.stringify(file, null, 2) + '\n');
      return 0;
    }
    case 'delete': {
      const layout = await removeLayout(locker, need(1, 'layout delete NAME')[0]!);
      emit(layout, () => `Deleted the column map "${layout.name}". Rows it read stay until you undo them.\n`);
      return 0;
    }
    case 'apply': {
      const item = locker.getEvidence(need(1, 'layout apply ITEM --layout NAME')[0]!);
      let applied;
      if (v.map) {
        if (!v.confirm) {
          const file = parseLayoutFile(await readText(v.map, 'map file'));
          const preview = await previewColumnMap(locker, item.id, file.map, headerLineOf(v));
          throw new LayoutUsageError(
            `confirm the sign of the rows first: ${describePreview(preview).slice(-1)[0]!.trim()}`,
          );
        }
        const file = parseLayoutFile(await readText(v.map, 'map file'));
        const headerLine = headerLineOf(v);
        applied = await applyColumnMap(locker, item.id, {
          map: file.map,
          ...(headerLine !== undefined ? { headerLine } : {}),
          name: v.name ?? file.name,
          confirmed: parseConfirm(v.confirm),
        });
      } else if (v.layout) {
        applied = await applySavedLayout(locker, item.id, v.layout);
      } else
        throw new LayoutUsageError('layout apply ITEM needs --layout NAME, or --map MAP.json --confirm …');
      emit(
        applied,
        () =>
          `Read ${applied.transactions} row(s) from ${item.title} with the column map "${applied.layout.name}"` +
          (applied.problemCount ? `; ${applied.problemCount} line(s) not readable` : '') +
          '.\n',
      );
      return 0;
    }
    case 'undo': {
      const item = locker.getEvidence(need(1, 'layout undo ITEM')[0]!);
      const r = await undoColumnMap(locker, item.id);
      emit(
        r,
        () => `Removed ${r.removed} row(s) read from ${item.title}; the file itself is kept as it was.\n`,
      );
      return 0;
    }
    default:
      throw new LayoutUsageError(`unknown command "layout ${sub ?? ''}"`);
  }
}
