import type { Lang } from './i18n.ts';

/**
 * Emoji have no glyph in the packet's face (Noto Sans SC) and would print as empty boxes ("Hey ☐"). In a chat
 * exhibit each is named instead, so the reader sees what was sent: `[表情：双手合十]`, `[emoji: folded hands]`.
 * Variation selectors and zero-width joiners belong to the emoji they follow and go with it.
 */
const NAMES: Record<string, [zh: string, en: string]> = {
  '😀': ['笑脸', 'grinning face'],
  '😁': ['露齿笑', 'beaming face'],
  '😂': ['笑哭', 'face with tears of joy'],
  '🤣': ['笑得打滚', 'rolling on the floor laughing'],
  '😊': ['微笑', 'smiling face'],
  '🙂': ['微微一笑', 'slightly smiling face'],
  '😅': ['苦笑', 'grinning face with sweat'],
  '😓': ['汗', 'downcast face with sweat'],
  '😭': ['大哭', 'loudly crying face'],
  '😢': ['哭', 'crying face'],
  '😞': ['失望', 'disappointed face'],
  '😡': ['生气', 'enraged face'],
  '😠': ['生气', 'angry face'],
  '😤': ['气愤', 'face with steam from nose'],
  '🤔': ['思考', 'thinking face'],
  '😮': ['惊讶', 'face with open mouth'],
  '🙏': ['双手合十', 'folded hands'],
  '👍': ['点赞', 'thumbs up'],
  '👎': ['踩', 'thumbs down'],
  '👌': ['好的', 'OK hand'],
  '🤝': ['握手', 'handshake'],
  '👏': ['鼓掌', 'clapping hands'],
  '❤': ['爱心', 'red heart'],
  '💔': ['心碎', 'broken heart'],
  '🎉': ['庆祝', 'party popper'],
  '💰': ['钱袋', 'money bag'],
  '✅': ['对勾', 'check mark'],
  '❌': ['叉号', 'cross mark'],
  '⚠': ['警告', 'warning'],
  '☺': ['微笑', 'smiling face'],
};

const EMOJI_RE =
  /(\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\u{FE0F}|\u{200D}\p{Extended_Pictographic})*)|\u{FE0F}|\p{Emoji_Modifier}/gu;

export function nameEmoji(text: string, lang: Lang): string {
  if (!/[\p{Extended_Pictographic}\u{FE0F}]/u.test(text)) return text;
  const zh = lang === 'zh-CN';
  return text.replace(EMOJI_RE, (all: string, emoji: string | undefined) => {
    if (!emoji) return '';
    // Plain symbols the face draws (©, ®, ™, ↔ …) stay as they are.
    if (/^[\u00A9\u00AE\u2122\u2194-\u2199\u21A9\u21AA]$/u.test(emoji)) return emoji;
    const base = emoji.replace(/[\u{FE0F}\p{Emoji_Modifier}]/gu, '');
    const first = String.fromCodePoint(base.codePointAt(0)!);
    const name = NAMES[base]?.[zh ? 0 : 1] ?? NAMES[first]?.[zh ? 0 : 1];
    const code = `U+${base.codePointAt(0)!.toString(16).toUpperCase()}`;
    return zh ? `[表情：${name ?? code}]` : `[emoji: ${name ?? code}]`;
  });
}
