import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../electron/messages/catalogue.ts';
import { coded, isMessageCode, localeOfEnv, say, TEXT_CODE } from '../../electron/messages/say.ts';
import { LockerInputError, NotFoundError } from '../../electron/services/errors.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CJK = /[\u3400-\u9fff]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Every message code the code base uses, read from its source: the first argument of each `coded(…)`, each
 * error built with a code, each thing a NotFoundError names, and the codes a ternary picks for one.
 */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const calls =
    /\b(?:coded|codedAs|LockerInputError|UploadTooLargeError|LockerLockedError|RedactionMissingError|super)\(\s*'([a-z][\w.-]*)'/g;
  const notFound = /\bNotFoundError\(\s*'([a-z][\w-]*)'/g;
  const picked = /\?\s*'((?:intake|crypto|locker)\.[\w.-]+)'\s*:\s*'((?:intake|crypto|locker)\.[\w.-]+)'/g;
  for (const file of [...sourceFiles('electron'), ...sourceFiles('db'), ...sourceFiles('renderer')]) {
    const text = readFileSync(file, 'utf8');
    const where = path.relative(ROOT, file);
    for (const m of text.matchAll(calls)) found.set(m[1]!, where);
    for (const m of text.matchAll(notFound)) found.set(`thing.${m[1]!}`, where);
    for (const m of text.matchAll(picked)) {
      found.set(m[1]!, where);
      found.set(m[2]!, where);
    }
  }
  return found;
}

/** Sample parameters for any message: each name a word, numbers where the words count. */
const sample = new Proxy(
  {},
  {
    get: (_t, name) =>
      typeof name === 'string' && /count|max|min|line|page|depth|more|seq|limit/.test(name) ? 2 : 'X',
  },
);

describe('the message catalogue', () => {
  it('has English and Chinese words for every code the services, the CLI and the app use', () => {
    const used = codesInSource();
    // The scan must see the throw sites, or this test would pass on nothing.
    expect(used.size).toBeGreaterThan(120);
    const missing: string[] = [];
    for (const [code, where] of used) {
      if (!isMessageCode(code)) {
        missing.push(`${code} (${where}): no entry`);
        continue;
      }
      const entry = MESSAGES[code] as Record<string, unknown>;
      for (const locale of ['en', 'zh-CN']) {
        if (typeof entry[locale] !== 'function') missing.push(`${code} (${where}): no ${locale} words`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('words each code in both languages, the Chinese in Chinese and the English without it', () => {
    const untranslated: string[] = [];
    // Words made only of their parameters (a zod problem, an OS message, a kind's English phrase, a problem
    // in a named page of an export).
    const onlyParams = new Set([TEXT_CODE, 'bad-input', 'fs.other', 'kind', 'problem.in-file']);
    for (const [code, entry] of Object.entries(MESSAGES)) {
      if (onlyParams.has(code)) continue;
      const en = (entry.en as (p: unknown) => string)(sample);
      const zh = (entry['zh-CN'] as (p: unknown) => string)(sample);
      // English words may quote Chinese (`e.g. 元保`), but they are English, and not the Chinese ones.
      if (!/[A-Za-z]{2}/.test(en) || en === zh) untranslated.push(`${code} en: ${en}`);
      if (!CJK.test(zh)) untranslated.push(`${code} zh-CN: ${zh}`);
    }
    expect(untranslated).toEqual([]);
  });

  it('keeps the English words of an error for logs and words its code in the language asked for', () => {
    const error = new NotFoundError('case', 'case_1');
    expect(error).toBeInstanceOf(LockerInputError);
    expect(error.message).toBe('No case with the id "case_1".');
    expect(say(error.coded, 'zh-CN')).toBe('找不到编号为“case_1”的案件。');
    const bomb = coded('image.too-many-pixels', { width: 40000, height: 40000, limit: 150 });
    expect(say(bomb, 'zh-CN')).toBe(
      '图片声称有 40000×40000 像素，超过 150 百万像素的安全上限（解压炸弹或损坏的文件）',
    );
    // A code from a newer version shows its text, or the code itself, rather than nothing.
    expect(say({ code: 'from.the-future', params: { text: 'later words' } }, 'zh-CN')).toBe('later words');
    expect(say({ code: 'from.the-future', params: {} }, 'en')).toBe('from.the-future');
  });

  it('picks the command line’s language from LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(localeOfEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(localeOfEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(localeOfEnv({ LANG: 'C', LC_MESSAGES: 'zh_SG' })).toBe('zh-CN');
    expect(localeOfEnv({})).toBe('en');
  });
});
