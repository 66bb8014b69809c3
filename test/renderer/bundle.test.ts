import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * The page imports types only from the locker's code: the calls, their zod schemas and the services stay in
 * main (or the bridge). Checked on what the bundler actually put in the bundle, module by module.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Plain lists with no imports, which the page builds its menus from, and the message catalogue (plain data,
 * importing only itself) with the function that words the locker's errors and warnings from it.
 */
const ALLOWED = [
  'electron/ipc/words.ts',
  'electron/ipc/ledger-kinds.ts',
  'electron/messages/word.ts',
  'electron/messages/catalogue.ts',
  'electron/messages/file-types.ts',
];

/** Modules of the bundle that must never be there: zod, or any of the locker's own code but the plain lists. */
function forbiddenIn(ids: string[]): string[] {
  return ids.filter((id) => {
    const file = path.relative(ROOT, id.replace(/^\0/, '').split('?')[0]!).split(path.sep).join('/');
    if (/(^|\/)node_modules\/zod\//.test(file)) return true;
    return /^(electron|db)\//.test(file) && !ALLOWED.includes(file);
  });
}

function modulesOf(result: Awaited<ReturnType<typeof build>>): string[] {
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs.flatMap((o) => o.output.flatMap((c) => (c.type === 'chunk' ? Object.keys(c.modules) : [])));
}

describe('the renderer bundle', () => {
  const tempDir = useTempDirs();

  it('holds no zod, no schema and none of the locker’s code but its plain word lists', async () => {
    const result = await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: tempDir() },
    });
    const ids = modulesOf(result);
    expect(ids.some((id) => id.includes('/renderer/lib/api.ts'))).toBe(true);
    expect(forbiddenIn(ids)).toEqual([]);
  });

  it('keeps the message catalogue and the virtual lists out of the window’s first scripts, and React’s DOM renderer in one of its own', async () => {
    const result = await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: tempDir() },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    const chunks = outputs.flatMap((o) => o.output.filter((c) => c.type === 'chunk'));
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const entry = chunks.find((c) => c.isEntry)!;
    // What the window loads before it can draw: the entry and what it imports statically, all the way down.
    const first = new Set<string>();
    const visit = (file: string) => {
      if (first.has(file)) return;
      first.add(file);
      for (const imported of byFile.get(file)!.imports) visit(imported);
    };
    visit(entry.fileName);
    const holding = (suffix: string) =>
      chunks.filter((c) => Object.keys(c.modules).some((id) => id.endsWith(suffix))).map((c) => c.fileName);
    const catalogue = holding('electron/messages/catalogue.ts');
    expect(catalogue).toHaveLength(1);
    expect(first.has(catalogue[0]!)).toBe(false);
    expect(entry.dynamicImports).toContain(catalogue[0]);
    // The virtual lists load after the first frame (renderer/lib/virtual-lists.ts), in a chunk of their own.
    const lists = holding('node_modules/react-virtuoso/dist/index.mjs');
    expect(lists).toHaveLength(1);
    expect(first.has(lists[0]!)).toBe(false);
    expect(entry.dynamicImports).toContain(lists[0]);
    const reactDom = holding('node_modules/react-dom/client.js');
    expect(reactDom).toHaveLength(1);
    expect(reactDom[0]).not.toBe(entry.fileName);
    expect(first.has(reactDom[0]!)).toBe(true);
  });

  it('would name a schema module that reached it (the check itself can fail)', async () => {
    const dir = tempDir();
    const probe = path.join(dir, 'probe.ts');
    // What PlanPanel.tsx once did: a value import from the calls' side pulls zod and the schemas in.
    writeFileSync(
      probe,
      `import { caseId } from ${JSON.stringify(path.join(ROOT, 'electron/services/calls/inputs.ts'))};\n` +
        'console.log(caseId.safeParse("case_0001").success);\n',
    );
    const result = await build({
      configFile: false,
      root: dir,
      logLevel: 'error',
      build: { outDir: path.join(dir, 'out'), lib: { entry: probe, formats: ['es'], fileName: 'probe' } },
    });
    const found = forbiddenIn(modulesOf(result));
    expect(found.some((id) => id.includes('/node_modules/zod/'))).toBe(true);
    expect(found.some((id) => id.endsWith('electron/services/calls/inputs.ts'))).toBe(true);
  });
});
