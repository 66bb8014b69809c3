import type { ContactChannel } from '../../../db/queries/dispute.ts';
import type { ContactParty } from './rules.ts';

export const DISPUTE_LANGS = ['zh-CN', 'en'] as const;
export type DisputeLang = (typeof DISPUTE_LANGS)[number];

export const PARTY_WORDS: Record<DisputeLang, Record<ContactParty, string>> = {
  'zh-CN': {
    platform: '平台',
    bank: '银行',
    regulator: '监管部门',
    'consumer-association': '消费者协会',
    other: '其他方',
  },
  en: {
    platform: 'the platform',
    bank: 'the bank',
    regulator: 'the regulator',
    'consumer-association': 'the consumer association',
    other: 'another party',
  },
};

export const CHANNEL_WORDS: Record<DisputeLang, Record<ContactChannel, string>> = {
  'zh-CN': {
    phone: '电话',
    chat: '在线客服',
    email: '电子邮件',
    form: '网上表单',
    letter: '信函',
    'in-person': '当面',
  },
  en: {
    phone: 'phone call',
    chat: 'chat',
    email: 'email',
    form: 'online form',
    letter: 'letter',
    'in-person': 'in person',
  },
};

/** Whom a contact was with, as its title and the texts about it say: the name, else `监管部门 12315`, `平台`. */
export function contactWho(lang: DisputeLang, party: ContactParty, agency: string, name = ''): string {
  return name || (agency ? `${PARTY_WORDS[lang][party]} ${agency}` : PARTY_WORDS[lang][party]);
}

/**
 * `电话联系平台` / `Phone call with the platform`; a reply reads `银行回复（电子邮件）` / `Reply from the bank (email)`.
 * With the party's name where the locker knows it (the case's merchant, the bank): `与元保在线沟通` /
 * `Chat with 元保`, `电话联系招商银行` / `Phone call with 招商银行`.
 */
export function contactTitle(
  lang: DisputeLang,
  party: ContactParty,
  channel: ContactChannel,
  direction: 'out' | 'in',
  agency: string,
  name = '',
): string {
  const who = contactWho(lang, party, agency, name);
  const how = CHANNEL_WORDS[lang][channel];
  if (lang === 'zh-CN') {
    if (direction === 'in') return `${who}回复（${how}）`;
    return name && channel === 'chat' ? `与${who}在线沟通` : `${how}联系${who}`;
  }
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return direction === 'in' ? `Reply from ${who} (${how})` : `${cap(how)} with ${who}`;
}

/**
 * The name a contact's title gives its party (`与元保在线沟通` → 元保), in any language; '' for a title without a
 * name (`在线客服联系平台`), null for a title that is not the contact's (the user's own).
 */
export function nameInContactTitle(
  title: string,
  party: ContactParty,
  channel: ContactChannel,
  direction: 'out' | 'in',
  agency: string,
): string | null {
  for (const l of DISPUTE_LANGS) {
    if (contactTitle(l, party, channel, direction, agency) === title) return '';
    const [before = '', after = ''] = contactTitle(l, party, channel, direction, agency, '\u0000').split(
      '\u0000',
    );
    if (title.length > before.length + after.length && title.startsWith(before) && title.endsWith(after))
      return title.slice(before.length, title.length - after.length);
  }
  return null;
}
