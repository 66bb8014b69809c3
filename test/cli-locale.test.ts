import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './helpers/temp.ts';
import { lockerInLocale } from './helpers/cli.ts';

const tempDir = useTempDirs();

const locker = lockerInLocale();

const ZH = { LANG: 'zh_CN.UTF-8' };

describe('the locker command in its locale', () => {
  it('says why a broken file was not added in Chinese under LANG=zh_CN.UTF-8, and in English by default', async () => {
    const store = tempDir();
    const inbox = tempDir();
    const created = await locker(store, ZH, 'case', 'new', '元保扣款', '--json');
    const { id } = JSON.parse(created.stdout) as { id: string };
    // A "PDF" that is really a few words of text: refused, with the reason.
    const broken = path.join(inbox, '账单.pdf');
    writeFileSync(broken, 'this is not a PDF at all\n');
    const empty = path.join(inbox, 'empty.png');
    writeFileSync(empty, '');

    const zh = await locker(store, ZH, 'add', id, broken, empty);
    expect(zh.code).toBe(1);
    // The command's own labels too: no English word is left on the lines it printed.
    expect(zh.stdout).toMatch(/^未存入 {5}\S*账单.pdf: /m);
    expect(zh.stdout).toContain('存入 0 个，已存在 0 个，2 个无法读取。');
    expect(zh.stdout).not.toMatch(/NOT ADDED|added|could not/);
    expect(zh.stdout).toContain('账单.pdf: 文件名为“账单.pdf”，但内容不是PDF 文档（实际是文本）');
    expect(zh.stdout).toContain('empty.png: 文件是空的（0 字节）：里面没有可以保存的内容');

    const en = await locker(store, {}, 'add', id, broken);
    expect(en.stdout).toContain('named "账单.pdf" but its content is not a PDF document (it is plain text)');
    expect(en.stdout).not.toContain('文件名为');
  });

  it('prints a refused command in Chinese on stderr; --json keeps the English error and adds code and params', async () => {
    const store = tempDir();
    const zh = await locker(store, ZH, 'case', 'show', 'case_nothing');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toBe('locker: 找不到编号为“case_nothing”的案件。\n');

    const json = await locker(store, ZH, 'case', 'show', 'case_nothing', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      error: 'No case with the id "case_nothing".',
      code: 'not-found',
      params: { thing: { code: 'thing.case', params: {} }, id: 'case_nothing' },
    });
  });

  it('follows LC_ALL before LC_MESSAGES before LANG, and English for any other language', async () => {
    const store = tempDir();
    const show = (locale: Record<string, string>) => locker(store, locale, 'case', 'show', 'x');
    expect((await show({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).stderr).toMatch(
      /No case with the id/,
    );
    expect((await show({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_TW.UTF-8' })).stderr).toMatch(/找不到编号/);
    expect((await show({ LANG: 'de_DE.UTF-8' })).stderr).toMatch(/No case with the id/);
    expect((await show({})).stderr).toMatch(/No case with the id/);
  });

  it('prints its own labels and sentences in Chinese under LANG=zh_CN.UTF-8; --json stays the same', async () => {
    const store = tempDir();
    expect((await locker(store, ZH, 'case', 'list')).stdout).toBe(
      '还没有案件。新建一个：locker case new "发生了什么"\n',
    );
    const made = await locker(store, ZH, 'case', 'new', '元保扣款', '--counterparty', '元保');
    expect(made.stdout).toMatch(/^已创建案件 case_\w+：元保扣款\n$/);
    const id = /case_\w+/.exec(made.stdout)![0];
    const shown = await locker(store, ZH, 'case', 'show', id);
    expect(shown.stdout).toContain('对方：元保   状态：collecting   币种：CNY   时区：Asia/Shanghai');
    expect(shown.stdout).toContain('0 项证据，0 个事件');
    expect((await locker(store, {}, 'case', 'show', id)).stdout).toContain('0 evidence item(s), 0 event(s)');
    const summary = (await locker(store, ZH, 'summary', id)).stdout;
    expect(summary).toBe(
      '0 项证据，0 个事件，0 笔交易，0 条消息（0 条关键）\n还没有标为有争议的扣款（locker dispute CASE --match TEXT）\n',
    );
    expect((await locker(store, ZH, 'messages', id)).stdout).toMatch(/^还没有消息。/);
    const zhJson = JSON.parse((await locker(store, ZH, 'case', 'show', id, '--json')).stdout) as object;
    const enJson = JSON.parse((await locker(store, {}, 'case', 'show', id, '--json')).stdout) as object;
    expect(zhJson).toEqual(enJson);
  });

  it('names a refused input in Chinese with no English sentence in it', async () => {
    const store = tempDir();
    const r = await locker(store, ZH, 'case', 'new', 'x'.repeat(301));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('locker: 输入有误（title）：太长：最多 300 个字符\n');
    const json = JSON.parse(
      (await locker(store, ZH, 'case', 'new', 'x'.repeat(301), '--json')).stdout,
    ) as unknown;
    expect(json).toEqual({
      error: 'title: too long: at most 300 characters',
      code: 'bad-input',
      params: {
        where: 'title',
        problem: { code: 'input.too-big', params: { origin: 'string', limit: 300 } },
      },
    });
  });
});
