import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const OUT = path.resolve('dist/node');

/** The modules `file` loads before any code runs: its static imports, followed through the built chunks. */
function staticImports(file: string, seen = new Set<string>(), packages = new Set<string>()) {
  if (seen.has(file)) return { seen, packages };
  seen.add(file);
  const text = readFileSync(path.join(OUT, file), 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"|^import\s+"([^"]+)"/gms)) {
    const spec = (m[1] ?? m[2])!;
    if (spec.startsWith('./')) staticImports(spec.slice(2), seen, packages);
    else packages.add(spec);
  }
  return { seen, packages };
}

describe('the built locker command (dist/node, made by test/global-setup.ts)', () => {
  it('loads only the command library before a command runs: every service is imported by its action', () => {
    const { packages, seen } = staticImports('locker.js');
    // commander is bundled in (node:module gives its `require`): no package is loaded before a command runs.
    expect([...packages].sort()).toEqual(['node:module', 'node:path']);
    const sources = [...seen].flatMap((f) =>
      [...readFileSync(path.join(OUT, f), 'utf8').matchAll(/^\/\/ (\S+\.ts)$/gm)].map((m) => m[1]!),
    );
    expect(sources).toContain('electron/cli/commands/records.ts');
    // The lists behind the choices in the help are plain data; no service module with work in it is there.
    for (const heavy of [
      'locker.ts',
      'intake.ts',
      'export/index.ts',
      'ledger/index.ts',
      'records.ts',
      'search.ts',
    ])
      expect(sources, heavy).not.toContain(`electron/services/${heavy}`);
  });

  it('lists transactions, series and payments without loading the OCR engine or the image library', () => {
    // The module the records commands import (its calls), followed through the built chunks it loads.
    const entries = readdirSync(OUT).filter(
      (f) =>
        f !== 'bridge.js' &&
        /^\/\/ electron\/services\/calls\/records\.ts$/m.test(readFileSync(path.join(OUT, f), 'utf8')),
    );
    expect(entries).toHaveLength(1);
    const { packages, seen } = staticImports(entries[0]!);
    const sources = [...seen].flatMap((f) =>
      [...readFileSync(path.join(OUT, f), 'utf8').matchAll(/^\/\/ (\S+\.ts)$/gm)].map((m) => m[1]!),
    );
    expect(sources).toContain('electron/services/ledger/index.ts');
    expect(sources).not.toContain('electron/services/ocr/runner.ts');
    for (const heavy of ['sharp', 'tesseract.js']) expect([...packages], heavy).not.toContain(heavy);
  });

  it("starts `locker --help` without Node's process spawning, which commander loads for a feature unused", () => {
    // Node's own modules the process loaded, printed as it exits.
    const probe =
      'data:text/javascript,process.on("exit",()=>process.stderr.write(JSON.stringify(process.moduleLoadList)))';
    const r = spawnSync(process.execPath, ['--import', probe, path.join(OUT, 'locker.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: locker/);
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded).toContain('NativeModule path');
    expect(loaded).not.toContain('NativeModule child_process');
  });

  it('builds the bridge that npm start serves the interface with, exporting runBridge', async () => {
    const bridge = (await import(path.join(OUT, 'bridge.js'))) as { runBridge?: unknown };
    expect(typeof bridge.runBridge).toBe('function');
  });

  it('stops quietly when the reader of its output goes away (`locker --help | head -1`)', () => {
    // A shell pipe into `head -1`: head reads one line and closes, and the rest of the help meets EPIPE.
    const r = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${path.join(OUT, 'locker.js')}" --help | head -1`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toMatch(/^Usage: locker/);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
  });
});
