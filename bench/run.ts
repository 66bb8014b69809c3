// npm run bench — each benchmark in its own process, so peak memory figures do not leak between them.
// `npm run bench -- cli-startup search` runs only the benchmarks whose file names contain one of the words.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const all: [string, string[]][] = [
  ['cli-startup.ts', []],
  ['intake-screenshots.ts', []],
  ['encryption.ts', []],
  ['intake-exports.ts', ['alipay']],
  ['intake-exports.ts', ['xls']],
  ['intake-exports.ts', ['whatsapp']],
  ['intake-whatsapp-media.ts', []],
  ['search.ts', []],
  ['importers-parse.ts', []],
  ['series.ts', []],
  ['export-packet.ts', ['50']],
  ['export-packet.ts', ['200']],
  ['bridge-export.ts', []],
  ['ui-timeline.ts', []],
  ['ui-charges.ts', []],
];

const only = process.argv.slice(2);
const runs = only.length ? all.filter(([script]) => only.some((word) => script.includes(word))) : all;

console.log(
  `Evidence Locker benchmarks — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`,
);
for (const [script, args] of runs) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of out.trim().split('\n')) {
    const { name, ...figures } = JSON.parse(line) as Record<string, string>;
    console.log(`\n${name}`);
    for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(44)} ${v}`);
  }
}
