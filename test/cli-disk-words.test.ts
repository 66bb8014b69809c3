import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from './helpers/images.ts';
import { useTempDirs } from './helpers/temp.ts';
import { lockerInLocale } from './helpers/cli.ts';

/*
 * `locker export`, `backup`, `encrypt` and `passphrase` on the disk calls: what they print to a person is
 * worded from the catalogue in the command's locale (Chinese under LANG=zh_CN.UTF-8, the old English words by
 * default), and --json is the same in both.
 */

const tempDir = useTempDirs();
const ZH = { LANG: 'zh_CN.UTF-8' };

const locker = lockerInLocale(['LOCKER_PASSPHRASE']);

describe('the disk commands in the command’s language', () => {
  it('words the packet, the backup, encryption and a new passphrase in Chinese, and in the old English by default', async () => {
    const store = tempDir();
    const out = tempDir();
    const { id } = JSON.parse((await locker(store, {}, 'case', 'new', '元保扣款', '--json')).stdout) as {
      id: string;
    };
    const shot = path.join(tempDir(), 'Screenshot_20250827-080112.png');
    writeFileSync(shot, await makePng(60, 120, 4));
    expect((await locker(store, {}, 'add', id.slice(0, 10), shot)).code).toBe(0);

    const zhPacket = await locker(store, ZH, 'export', id, '--out', path.join(out, 'zh.pdf'), '--lang', 'en');
    expect(zhPacket.code).toBe(0);
    expect(zhPacket.stdout).toMatch(/^已写入 .*zh\.pdf（\d+ 字节，SHA-256 [0-9a-f]{64}）$/m);
    expect(zhPacket.stdout).toMatch(/^共 \d+ 页，1 份证据；编号 EL-\d{8}-[0-9A-F]{8}$/m);
    expect(zhPacket.stdout).not.toMatch(/wrote|page\(s\)|reference/);
    const enPacket = await locker(store, {}, 'export', id, '--out', path.join(out, 'en.pdf'), '--lang', 'en');
    expect(readFileSync(path.join(out, 'en.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(enPacket.stdout).toMatch(/^wrote .*en\.pdf {2}\(\d+ bytes, SHA-256 [0-9a-f]{64}\)$/m);
    expect(enPacket.stdout).toMatch(/^\d+ page\(s\), 1 exhibit\(s\); reference EL-/m);

    const zhBackup = await locker(store, ZH, 'backup', '--out', path.join(out, 'a.backup'));
    expect(zhBackup.stdout).toMatch(
      /^已写入 .*a\.backup：1 个原件，\d+ 字节，SHA-256 [0-9a-f]{64}；每一项都已读回核对。\n$/,
    );
    const enBackup = await locker(store, {}, 'backup', '--out', path.join(out, 'b.backup'));
    expect(enBackup.stdout).toMatch(
      /^Wrote .*b\.backup: 1 original\(s\), \d+ bytes, SHA-256 [0-9a-f]{64}; every entry read back and checked\.\n$/,
    );

    const secret = path.join(tempDir(), 'pass');
    writeFileSync(secret, 'correct horse battery staple\n');
    const encrypted = await locker(store, ZH, 'encrypt', '--passphrase-file', secret);
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).toMatch(/^保管箱现已加密：它的数据库、1 个原件和 1 张缩略图。$/m);
    const key = /恢复密钥：(\S+)/.exec(encrypted.stdout)![1]!;
    expect(key).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    expect(encrypted.stdout).not.toMatch(/Recovery key|Write the recovery key/);

    const next = path.join(tempDir(), 'next');
    writeFileSync(next, 'another horse, another battery\n');
    const changed = await locker(
      store,
      ZH,
      'passphrase',
      '--passphrase-file',
      secret,
      '--new-passphrase-file',
      next,
    );
    expect(changed).toMatchObject({ code: 0, stdout: '密码短语已更改。恢复密钥保持不变。\n' });
    // The new passphrase opens it; the recovery key printed above still does too.
    expect((await locker(store, {}, 'case', 'list', '--passphrase-file', next)).code).toBe(0);
    const keyFile = path.join(tempDir(), 'key');
    writeFileSync(keyFile, key + '\n');
    const back = await locker(
      store,
      {},
      'passphrase',
      '--recovery-key-file',
      keyFile,
      '--new-passphrase-file',
      secret,
    );
    expect(back).toMatchObject({
      code: 0,
      stdout: 'The passphrase is changed. The recovery key stays the same.\n',
    });
    expect((await locker(store, {}, 'case', 'list', '--passphrase-file', next)).code).toBe(4);
  });
});
