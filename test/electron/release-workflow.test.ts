import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The release workflow runs only on GitHub's runners, where a renamed or missing npm script would show up as
 * a failed release. This checks its commands against package.json here, where they are written.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const workflow = readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8');
type Manifest = {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

/** The shell lines the workflow runs (`run: x` and the lines of `run: |` blocks), comments left out. */
function runLines(text: string): string[] {
  const lines: string[] = [];
  let block: number | null = null;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (block !== null) {
      if (line.trim() === '' || indent > block) {
        if (line.trim() && !line.trim().startsWith('#')) lines.push(line.trim());
        continue;
      }
      block = null;
    }
    const m = /^(\s*)(?:- )?run:\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[2] === '|') block = m[1]!.length;
    else lines.push(m[2]!);
  }
  return lines;
}

const lines = runLines(workflow);

describe('the release workflow', () => {
  it('runs only npm scripts that package.json has', () => {
    const used = lines.flatMap((l) => [...l.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1]!));
    expect(used).toEqual(expect.arrayContaining(['native:electron', 'build', 'test:smoke', 'dist']));
    for (const name of used) expect(pkg.scripts, `npm run ${name}`).toHaveProperty(name);
    // The smoke test script runs the folder the smoke test is in.
    expect(pkg.scripts['test:smoke']).toBe('vitest run test/smoke');
    expect(existsSync(path.join(root, 'test', 'smoke', 'electron-app.test.ts'))).toBe(true);
  });

  it('runs npx only for commands a dependency of the project provides', () => {
    const bins = new Set<string>();
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const file = path.join(root, 'node_modules', dep, 'package.json');
      if (!existsSync(file)) continue;
      const { name, bin } = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        bin?: string | Record<string, string>;
      };
      if (typeof bin === 'string') bins.add(name.split('/').pop()!);
      else for (const b of Object.keys(bin ?? {})) bins.add(b);
    }
    const used = lines.flatMap((l) => [...l.matchAll(/\bnpx ([\w@/.-]+)/g)].map((m) => m[1]!));
    expect(used).toContain('install-electron');
    for (const name of used) expect(bins, `npx ${name}`).toContain(name);
  });

  it('uses only the npm commands npm has (ci, run), and builds on Windows, macOS and Linux', () => {
    const npm = lines.flatMap((l) => [...l.matchAll(/\bnpm (\w[\w-]*)/g)].map((m) => m[1]!));
    expect(new Set(npm)).toEqual(new Set(['ci', 'run']));
    expect(workflow).toMatch(/os: \[ubuntu-[\d.]+, windows-\d+, macos-\d+\]/);
    expect(workflow).toContain('LOCKER_SMOKE_REQUIRED');
    expect(workflow).toContain('LOCKER_REQUIRE_ELECTRON_NATIVE');
  });
});
