import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameEmoji } from '../../electron/services/export/emoji.ts';
import { exportPacket } from '../../electron/services/export/index.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

describe('emoji in a chat exhibit', () => {
  it('names each emoji in the packet language, skin tones and joiners included, and keeps plain symbols', () => {
    expect(nameEmoji('谢谢🙏🏻 好的👌', 'zh-CN')).toBe('谢谢[表情：双手合十] 好的[表情：好的]');
    expect(nameEmoji('ok 👍️ ❤️ 👨‍👩‍👧 © 🦀', 'en')).toBe(
      'ok [emoji: thumbs up] [emoji: red heart] [emoji: U+1F468] © [emoji: U+1F980]',
    );
    expect(nameEmoji('no emoji here 元保 39.90', 'en')).toBe('no emoji here 元保 39.90');
  });

  it('prints the names in the packet instead of empty boxes', async () => {
    const locker = await Locker.open(tempDir(), { clock: () => new Date('2025-09-10T02:00:00Z') });
    try {
      const c = await locker.createCase({ title: 'Chat', counterparty: '元保' });
      const chat = path.join(tempDir(), 'WhatsApp Chat with Anna.txt');
      // WhatsApp's Android export layout: `DD/MM/YYYY, HH:MM - Sender: text`.
      writeFileSync(
        chat,
        '12/01/2025, 10:00 - Anna: Hey 😀 did it go through? 🙏\n12/01/2025, 10:01 - Me: 👍\n',
      );
      await addPaths(locker, c.id, [chat]);
      const out = path.join(tempDir(), 'packet.pdf');
      await exportPacket(locker, c.id, { out, recipient: 'plain', lang: 'en', record: false });
      const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
      expect(text).toContain('Hey [emoji: grinning face] did it go through? [emoji: folded hands]');
      expect(text).toContain('[emoji: thumbs up]');
      expect(text).not.toMatch(/[\u{1F300}-\u{1FAFF}]/u);
    } finally {
      locker.close();
    }
  });
});
