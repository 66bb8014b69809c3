import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTransactions } from '../../db/queries/records.ts';
import { addPaths, type IntakeResult } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { FORMULA_PAYLOADS, goodFiles, hostileCorpus, type HostileInput } from '../helpers/hostile.ts';
import { makePdf, makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/**
 * One batch of well over a hundred hostile inputs, with ten ordinary files among them, filed into a real
 * locker: every input gets its own outcome, the good files are filed, what was in the locker before is
 * still there and verifies, nothing lands outside the locker, and memory stays bounded.
 */

const tempDir = useTempDirs();
const ROOT = path.resolve(import.meta.dirname, '../..');
const MEMORY_BOUND = 1.5 * 1024 ** 3;
// eslint-disable-next-line no-control-regex -- control characters are what must not reach a name.
const UNSAFE_INNER_NAME = /[\u0000-\u001f\u007f-\u009f/\\\u202a-\u202e\u2066-\u2069]|^\.\.?$/;

/** An error a person can act on: says what is wrong, not just that something failed. */
function isSpecific(message: string): boolean {
  return (
    message.length >= 20 &&
    !/^(failed|error|unknown error|internal error|something went wrong)\b/i.test(message) &&
    !/\[object \w+\]|\bundefined\b|^\s*at /.test(message)
  );
}

/** Every file under `dir`, as paths relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const evilIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => /evil/i.test(n)) : []);

type Check = { input: HostileInput; file: string };

/** What went wrong for one input, or null when its outcome is the one it must have. */
function judge({ input, file }: Check, r: IntakeResult): string | null {
  const errors = r.errors.filter((e) => e.path === file || e.path.startsWith(`${file} › `));
  const own = errors.filter((e) => e.path === file);
  const added = r.added.filter((a) => a.path === file);
  const vague = errors.filter((e) => !isSpecific(e.error));
  if (vague.length) return `vague error(s): ${vague.map((e) => JSON.stringify(e.error)).join(', ')}`;
  if (r.duplicates.some((d) => d.path === file))
    return 'reported as a duplicate: the corpus must not repeat itself';
  const expect = input.expect;
  if (expect.outcome === 'error') {
    if (added.length) return 'was filed, but must be refused';
    if (!own.some((e) => expect.match.test(e.error)))
      return `no error matching ${String(expect.match)} (errors: ${JSON.stringify(own.map((e) => e.error))})`;
    return null;
  }
  if (expect.outcome === 'filed') {
    if (added.length !== 1) return `not filed (errors: ${JSON.stringify(own.map((e) => e.error))})`;
    const item = added[0]!;
    const said = [...item.warnings, ...(item.problems ?? []).map((p) => p.error)];
    if (expect.problem && !said.some((s) => expect.problem!.test(s)))
      return `no warning or problem matching ${String(expect.problem)} (got ${JSON.stringify(said)})`;
    if (expect.innerError) {
      if (!errors.some((e) => expect.innerError!.test(e.error)))
        return `no error matching ${String(expect.innerError)} (got ${JSON.stringify(errors)})`;
    } else if (errors.length) {
      return `unexpected error(s): ${JSON.stringify(errors)}`;
    }
    return null;
  }
  if (added.length === 1 || own.length > 0) return null;
  return 'neither filed nor refused: it vanished';
}

describe('hostile-input corpus', () => {
  it('files one batch of hostile inputs and good files: each input its own outcome, nothing leaked or lost', async () => {
    // The parent holds only the locker and the inbox, so a file written anywhere else under it is a leak.
    const root = tempDir();
    const lockerDir = path.join(root, 'locker');
    const inbox = path.join(root, 'inbox');
    mkdirSync(inbox);
    const locker = await Locker.open(lockerDir, {
      clock: () => new Date('2025-09-01T00:00:00.000Z'),
      ids: sequentialIds(),
    });
    try {
      const caseId = (await locker.createCase({ title: '元保 auto-debit', counterparty: '元保' })).id;

      // What the locker already holds: it must come through the hostile batch untouched.
      const priorDir = path.join(root, 'prior');
      mkdirSync(priorDir);
      const prior = [
        ['before.png', await makePng(64, 128, 42)],
        ['before.pdf', makePdf('Policy 7731 renewal 39.90 CNY')],
      ] as const;
      for (const [name, bytes] of prior) writeFileSync(path.join(priorDir, name), bytes);
      const filedBefore = await addPaths(locker, caseId, [priorDir]);
      expect(filedBefore.added).toHaveLength(2);

      const corpus = await hostileCorpus();
      expect(corpus.length).toBeGreaterThanOrEqual(100);
      expect(new Set(corpus.map((h) => h.id)).size).toBe(corpus.length);
      const good = await goodFiles();
      expect(good).toHaveLength(10);

      // Each input in a folder of its own, so hostile names (`...`, `CON`) never collide with each other.
      const checks: Check[] = corpus.map((input) => {
        const dir = path.join(inbox, input.id);
        mkdirSync(dir);
        const file = path.join(dir, input.name);
        writeFileSync(file, input.bytes);
        return { input, file };
      });
      const goodPaths = good.map(({ name, bytes }) => {
        const dir = path.join(inbox, `good-${name}`);
        mkdirSync(dir);
        writeFileSync(path.join(dir, name), bytes);
        return path.join(dir, name);
      });
      // File names that are not UTF-8 at all (GBK, stray bytes), as a Chinese Windows archive unpacks on Linux.
      const byteNames = path.join(inbox, 'byte-names');
      mkdirSync(byteNames);
      for (const raw of [
        [0xd6, 0xa7, 0xb8, 0xb6],
        [0x61, 0xff, 0xfe],
      ]) {
        const name = Buffer.concat([Buffer.from(`${byteNames}/`), Buffer.from(raw), Buffer.from('.txt')]);
        writeFileSync(name, `named in bytes ${raw.join(' ')}\n`);
      }

      const inboxBefore = tree(inbox);
      const rootBefore = readdirSync(root).sort();
      const evilBefore = [...evilIn(os.tmpdir()), ...evilIn(process.cwd()), ...evilIn('/etc/cron.d')];

      // Good files spread through the batch, not all first or last.
      const paths = checks.map((c) => c.file);
      goodPaths.forEach((g, k) =>
        paths.splice(Math.floor(((k + 0.5) * paths.length) / goodPaths.length), 0, g),
      );
      paths.push(byteNames);

      const rssBefore = process.memoryUsage().rss;
      const maxRssBefore = process.resourceUsage().maxRSS * 1024;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
      let result: IntakeResult;
      try {
        result = await addPaths(locker, caseId, paths);
      } finally {
        clearInterval(sampler);
      }
      const maxRssAfter = process.resourceUsage().maxRSS * 1024;
      if (maxRssAfter > maxRssBefore) peak = Math.max(peak, maxRssAfter);
      const rssAfter = process.memoryUsage().rss;
      const mb = (n: number) => `${Math.round(n / 1024 ** 2)} MB`;
      console.info(
        `hostile corpus: ${corpus.length} hostile inputs + ${good.length} good files + 2 byte-named files; ` +
          `added ${result.added.length} items (inner files included), ${result.errors.length} errors, ` +
          `${result.duplicates.length} duplicates; RSS ${mb(rssBefore)} → ${mb(rssAfter)}, peak ${mb(peak)} ` +
          `(growth ${mb(peak - rssBefore)})`,
      );

      // The process stayed up (we are here) and its memory stayed bounded.
      expect(peak - rssBefore).toBeLessThan(MEMORY_BOUND);

      // Each hostile input: its own outcome, the one it must have.
      const failures = checks
        .map((c) => ({ id: c.input.id, problem: judge(c, result) }))
        .filter((f) => f.problem !== null);
      expect(failures).toEqual([]);
      const byCategory = new Map<string, number>();
      for (const c of checks) byCategory.set(c.input.category, (byCategory.get(c.input.category) ?? 0) + 1);
      console.info(`by category: ${[...byCategory].map(([k, n]) => `${k} ${n}`).join(', ')}`);
      const refused = checks.filter((c) =>
        result.errors.some((e) => e.path === c.file && !result.added.some((a) => a.path === c.file)),
      );
      console.info(
        `refused with their own error: ${refused.length}; filed safely: ${checks.length - refused.length}`,
      );

      // Names that are not UTF-8 are filed by their exact bytes, shown decoded (GBK 支付, else U+FFFD).
      expect(result.errors.filter((e) => e.path.startsWith(`${byteNames}${path.sep}`))).toEqual([]);
      const byteFiled = result.added
        .filter((a) => a.path.startsWith(`${byteNames}${path.sep}`))
        .map((a) => path.basename(a.path))
        .sort();
      expect(byteFiled).toEqual(['a\uFFFD\uFFFD.txt', '支付.txt']);

      // Every error in the whole result is specific, and names a path that was given or found inside one.
      for (const e of result.errors) {
        expect(isSpecific(e.error), e.error).toBe(true);
        expect(e.path.startsWith(inbox), e.path).toBe(true);
      }

      // The good files: filed, whole, byte for byte.
      for (const [i, file] of goodPaths.entries()) {
        const item = result.added.find((a) => a.path === file);
        expect(item, file).toBeDefined();
        expect(result.errors.filter((e) => e.path === file)).toEqual([]);
        expect((await locker.objects.read(item!.sha256)).equals(good[i]!.bytes)).toBe(true);
      }
      const formats = Object.fromEntries(
        goodPaths.map((f) => [path.basename(f), result.added.find((a) => a.path === f)?.format ?? null]),
      );
      expect(formats).toMatchObject({
        'alipay.csv': 'alipay-csv',
        'wechatpay.csv': 'wechatpay-csv',
        'WhatsApp Chat with Ana.txt': 'whatsapp-txt',
        'renewal.eml': 'email',
        'statement.ofx': 'ofx',
      });

      // What was there before is still there and intact; the whole locker verifies.
      for (const [name, bytes] of prior) {
        const item = filedBefore.added.find((a) => path.basename(a.path) === name)!;
        expect(locker.getEvidence(item.id).sha256).toBe(item.sha256);
        expect((await locker.objects.read(item.sha256)).equals(bytes)).toBe(true);
      }
      const report = await verifyLocker(locker);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(locker.listEvidence(caseId)).toHaveLength(filedBefore.added.length + result.added.length);

      // Nothing written outside the locker: not in the inbox, not beside it, not where a zip-slip aims.
      expect(tree(inbox)).toEqual(inboxBefore);
      expect(readdirSync(root).sort()).toEqual(rootBefore);
      expect([...evilIn(os.tmpdir()), ...evilIn(process.cwd()), ...evilIn('/etc/cron.d')]).toEqual(
        evilBefore,
      );
      for (const target of [
        '/tmp/evil-absolute.jpg',
        '/tmp/evil-deep.txt',
        '/etc/evil-bill-abs',
        '/etc/cron.d/evil',
      ])
        expect(existsSync(target), target).toBe(false);
      // Inside the locker, names are hashes and ids: no entry name from an archive became a path.
      const inLocker = tree(lockerDir);
      expect(inLocker.filter((p) => /evil|\.\.|passwd|cron/i.test(p))).toEqual([]);
      expect(readdirSync(locker.objects.tmpDir)).toEqual([]);
      expect(
        readdirSync(lockerDir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isSymbolicLink())
          .map((e) => e.name),
      ).toEqual([]);
      // A name found inside a file (a zip entry, an attachment) is kept as a base name, never as a path.
      const inner = result.added.filter((a) => a.path.includes(' › '));
      expect(inner.length).toBeGreaterThan(100);
      for (const a of inner) expect(locker.getEvidence(a.id).originalName).not.toMatch(UNSAFE_INNER_NAME);

      // Formula injection: the app writes no CSV or spreadsheet (asserted below), so the bills' text is kept
      // exactly as the bank wrote it — evidence is never rewritten — and shown as text.
      const formulaItems = new Set(
        checks
          .filter((c) => c.input.id.endsWith('-formulas'))
          .map((c) => result.added.find((a) => a.path === c.file)!.id),
      );
      expect(formulaItems.size).toBe(4);
      const rows = listTransactions(locker.db, caseId).filter((t) => formulaItems.has(t.evidenceId));
      expect(rows).toHaveLength(7);
      const stored = new Set(
        rows.flatMap((t) => [t.counterparty, t.description, t.note, ...Object.values(t.raw)]),
      );
      for (const payload of FORMULA_PAYLOADS) expect(stored, payload).toContain(payload.trim());
    } finally {
      locker.close();
    }
  });

  it('writes no CSV or spreadsheet anywhere, so there is no formula to neutralise on the way out', () => {
    // If this fails, the app has started writing CSV or XLSX: prefix cells starting with = + - @ (and tab or
    // CR) with ' there, and test it with FORMULA_PAYLOADS.
    const writers: string[] = [];
    const sources = ['electron', 'renderer', 'db', 'bin', 'scripts'].flatMap((dir) =>
      tree(path.join(ROOT, dir)).map((f) => path.join(dir, f)),
    );
    for (const file of sources.filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f))) {
      // Readers of bills live here; reading a formula is harmless, only writing one out is not.
      if (file.startsWith(path.join('electron', 'services', 'importers'))) continue;
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      if (
        /text\/csv['"]\s*[,}]|\.csv['"`]|writeBuffer\(|xlsx\.write|new ExcelJS|from 'exceljs'|toCsv|csvStringify|Papa\.unparse/.test(
          text,
        ) &&
        !/services\/(sniff|intake)\.ts$/.test(file)
      ) {
        writers.push(file);
      }
    }
    expect(writers).toEqual([]);
  });

  it('never hands stored text to the page as HTML', () => {
    // React escapes every string it renders; these are the ways around that.
    const found: string[] = [];
    for (const file of tree(path.join(ROOT, 'renderer')).filter((f) => /\.(ts|tsx|html)$/.test(f))) {
      const text = readFileSync(path.join(ROOT, 'renderer', file), 'utf8');
      for (const pattern of [
        /dangerouslySetInnerHTML/,
        /\.innerHTML\s*=/,
        /\.outerHTML\s*=/,
        /insertAdjacentHTML/,
        /document\.write\(/,
        /createContextualFragment/,
      ])
        if (pattern.test(text)) found.push(`${file}: ${String(pattern)}`);
    }
    expect(found).toEqual([]);
  });
});
