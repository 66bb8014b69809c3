import type { ContactRecord, DeadlineRecord } from '../../../db/queries/dispute.ts';
import { ruleAct, ruleByKey, type DeadlineRule } from './rules.ts';
import { contactTitle, DISPUTE_LANGS, nameInContactTitle, PARTY_WORDS, type DisputeLang } from './words.ts';

/**
 * The title of a timeline event in the language a reader asked for. The app writes a contact's and a rule
 * deadline's title in the language the user had when logging it (`在线客服联系平台`); a packet in English must not
 * carry that. A title the app wrote is written again in `lang`; a title the user typed or edited is theirs and
 * is kept as typed.
 */
export function eventTitleIn(
  lang: DisputeLang,
  event: { id: string; title: string },
  context: {
    contacts: readonly ContactRecord[];
    deadlines: readonly DeadlineRecord[];
    rules: readonly DeadlineRule[];
  },
): string {
  const contact = context.contacts.find((c) => c.eventId === event.id);
  if (contact) {
    const { party, channel, direction, agency } = contact;
    const name = nameInContactTitle(event.title, party, channel, direction, agency);
    return name === null ? event.title : contactTitle(lang, party, channel, direction, agency, name);
  }
  const deadline = context.deadlines.find((d) => d.eventId === event.id);
  if (deadline?.ruleKey && !deadline.isUserEdited) {
    const rule = ruleByKey(context.rules, deadline.ruleKey);
    if (rule && DISPUTE_LANGS.some((l) => rule.title[l] === event.title)) return rule.title[lang];
    if (rule) {
      const party = partyIn(rule, event.title);
      if (party !== null) return ruleAct(rule, party.name ?? party.word(lang), lang);
    }
  }
  return event.title;
}

/**
 * The party a rule deadline's title names (`元保应答复你的投诉` → 元保): a name stays as it is in every language;
 * a word for a party (银行, the bank) is said again in the asked language. Null when the title is not the rule's.
 */
function partyIn(
  rule: DeadlineRule,
  title: string,
): { name: string | null; word: (lang: DisputeLang) => string } | null {
  for (const l of DISPUTE_LANGS) {
    const [before = '', after = ''] = rule.act[l].split('{party}');
    const head = title.slice(0, before.length);
    if (title.length <= before.length + after.length) continue;
    if (head.toLowerCase() !== before.toLowerCase() || !title.endsWith(after)) continue;
    const said = title.slice(before.length, title.length - after.length);
    const fallback = said.toLowerCase() === rule.partyFallback[l].toLowerCase();
    const party = Object.entries(PARTY_WORDS[l]).find(([, w]) => w.toLowerCase() === said.toLowerCase())?.[0];
    if (fallback) return { name: null, word: (to) => rule.partyFallback[to] };
    if (party)
      return { name: null, word: (to) => PARTY_WORDS[to][party as keyof (typeof PARTY_WORDS)['en']] };
    return { name: said, word: () => said };
  }
  return null;
}
