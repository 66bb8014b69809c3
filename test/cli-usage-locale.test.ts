import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makePng } from './helpers/images.ts';
import { useTempDirs } from './helpers/temp.ts';
import { LOCKER_BIN, lockerInLocale } from './helpers/cli.ts';

/*
 * Bad usage of the built `locker` command (its own checks and commander's) and its passphrase prompt, worded
 * in its locale: Chinese under LANG=zh_CN.UTF-8, the same English lines as ever by default; exit 2 either way.
 */

const tempDir = useTempDirs();

const locker = lockerInLocale();

const ZH = { LANG: 'zh_CN.UTF-8' };

describe('bad usage of the locker command in its locale', () => {
  it('words its own usage check in Chinese, the same English line by default, and --json adds the code', async () => {
    const store = tempDir();
    const zh = await locker(store, ZH, 'search', '--all', 'x', '--limit', '0');
    expect(zh).toEqual({
      code: 2,
      stdout: '',
      stderr: 'locker: --limit 必须是大于 0 的整数\n用法请看 "locker search --help"。\n',
    });
    const en = await locker(store, {}, 'search', '--all', 'x', '--limit', '0');
    expect(en).toEqual({
      code: 2,
      stdout: '',
      stderr: 'locker: --limit must be a whole number above 0\nRun "locker search --help" for usage.\n',
    });
    const json = await locker(store, ZH, 'search', '--all', 'x', '--limit', '0', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: '--limit must be a whole number above 0',
      code: 'usage.limit-above-zero',
      params: { option: '--limit' },
    });
    expect(json.stderr).toMatch(/^locker: --limit 必须是大于 0 的整数\n/);
  });

  it("words commander's complaints in Chinese: an unknown option (with its suggestion) and a missing argument", async () => {
    const store = tempDir();
    const zh = await locker(store, ZH, 'case', 'list', '--jsn');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(
      'locker: 未知的选项“--jsn”\n（是不是想用 --json？）\n用法请看 "locker case list --help"。\n',
    );
    const en = await locker(store, {}, 'case', 'list', '--jsn');
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(
      'locker: unknown option \'--jsn\'\n(Did you mean --json?)\nRun "locker case list --help" for usage.\n',
    );

    const missingZh = await locker(store, ZH, 'add');
    expect(missingZh.code).toBe(2);
    expect(missingZh.stderr).toBe(
      'locker: 缺少参数 CASE：add [options] <CASE> <PATH...>\n用法请看 "locker add --help"。\n',
    );
    const missingEn = await locker(store, {}, 'add');
    expect(missingEn.stderr).toBe(
      'locker: missing argument CASE: add [options] <CASE> <PATH...>\nRun "locker add --help" for usage.\n',
    );
  });

  it('words an unknown command, too many arguments, a value outside the choices and a missing option', async () => {
    const store = tempDir();
    const cases: [args: string[], zh: string, en: string][] = [
      [['frobnicate'], '未知的命令“frobnicate”', "unknown command 'frobnicate'"],
      [
        ['case', 'list', 'extra'],
        '“list”的参数太多：应为 0 个，收到 1 个。',
        "too many arguments for 'list'. Expected 0 arguments but got 1.",
      ],
      [
        ['case', 'set', 'case_x', '--status', 'asleep'],
        '选项“--status <S>”的取值“asleep”无效。可用的有：collecting, ',
        "option '--status <S>' argument 'asleep' is invalid. Allowed choices are collecting, ",
      ],
      [
        ['event', 'add', 'case_x', '--at', '2025-08-28 10:30', '--title', 'call'],
        '缺少必需的选项“--kind <K>”',
        "required option '--kind <K>' not specified",
      ],
      [
        ['case', 'set', 'case_x', '--archive', '--unarchive'],
        '选项“--archive”不能与选项“--unarchive”一起使用',
        "option '--archive' cannot be used with option '--unarchive'",
      ],
    ];
    for (const [args, zhWords, enWords] of cases) {
      const zh = await locker(store, ZH, ...args);
      expect(zh.code, args.join(' ')).toBe(2);
      expect(zh.stderr).toContain(`locker: ${zhWords}`);
      expect(zh.stderr).toMatch(/\n用法请看 "locker[^"]*--help"。\n$/);
      const en = await locker(store, {}, ...args);
      expect(en.code, args.join(' ')).toBe(2);
      expect(en.stderr).toContain(`locker: ${enWords}`);
      expect(en.stderr).toMatch(/\nRun "locker[^"]*--help" for usage\.\n$/);
    }
  });

  // `script` gives the command a terminal to ask on (util-linux; the prompt is only shown on a terminal).
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)(
    'asks for the passphrase of an encrypted locker in Chinese on a terminal',
    async () => {
      const store = tempDir();
      const file = path.join(tempDir(), 'pass.txt');
      writeFileSync(file, 'correct horse battery staple\n');
      expect((await locker(store, {}, 'case', 'new', '元保扣款')).code).toBe(0);
      expect((await locker(store, {}, '--passphrase-file', file, 'encrypt')).code).toBe(0);

      const onTerminal = (locale: Record<string, string>) => {
        const env: NodeJS.ProcessEnv = { ...process.env, LOCKER_STORE: store, ...locale };
        for (const name of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'LOCKER_PASSPHRASE'] as const)
          if (!(name in locale)) delete env[name];
        // The passphrase is typed once the prompt is up; the terminal echoes nothing of it.
        return spawnSync(
          '/bin/sh',
          [
            '-c',
            `(sleep 1; printf 'correct horse battery staple\\r') | script -qec '"${process.execPath}" "${LOCKER_BIN}" case list' /dev/null`,
          ],
          { env, encoding: 'utf8', timeout: 20_000 },
        );
      };
      const zh = onTerminal(ZH);
      expect(zh.status).toBe(0);
      expect(zh.stdout).toMatch(/^这个保管箱的密码短语： \r?\n/);
      expect(zh.stdout).toContain('元保扣款');
      expect(zh.stdout).not.toContain('correct horse');
      const en = onTerminal({});
      expect(en.status).toBe(0);
      expect(en.stdout).toMatch(/^Passphrase of this locker: \r?\n/);
      expect(en.stdout).toContain('元保扣款');

      // Without a terminal nothing is asked: the locker stays locked (exit 4), said in Chinese.
      const piped = await locker(store, ZH, 'case', 'list');
      expect(piped.code).toBe(4);
      expect(piped.stderr).toMatch(/^locker: 这个保管箱已加密。/);
    },
  );
});

describe('why a picture was not read, in the locale of `locker ocr`', () => {
  it('words the reason stored for the item in Chinese, and in the English it always had by default', async () => {
    const store = tempDir();
    const inbox = tempDir();
    const { id } = JSON.parse((await locker(store, {}, 'case', 'new', '截图', '--json')).stdout) as {
      id: string;
    };
    const png = path.join(inbox, 'shot.png');
    writeFileSync(png, await makePng(60, 120, 1));
    expect((await locker(store, {}, 'add', id, png)).code).toBe(0);
    // Three runs already died while reading it: the next one gives it up without starting the reader.
    const giveUp = () => {
      const db = new Database(path.join(store, 'locker.db'));
      db.prepare(`UPDATE ocr_queue SET status = 'pending', attempts = 3`).run();
      db.close();
    };
    giveUp();
    const zh = await locker(store, ZH, 'ocr', id);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/ 失败 {4}shot\.png: 识别在完成前中断了 3 次，已放弃\n/);
    expect(zh.stdout).toContain('已读取 1 个；仍在等待：0 个，失败：1 个。');
    giveUp();
    expect((await locker(store, {}, 'ocr', id)).stdout).toMatch(
      / failed {2}shot\.png: reading stopped 3 times before it finished; given up\n/,
    );
    giveUp();
    const en = await locker(store, {}, 'ocr', id, '--json');
    const report = JSON.parse(en.stdout) as { items: Record<string, unknown>[] };
    expect(report.items[0]).toMatchObject({
      status: 'failed',
      error: 'reading stopped 3 times before it finished; given up',
      code: 'ocr.given-up',
      params: { count: 3 },
    });
  });
});
