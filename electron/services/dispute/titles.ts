import type { ContactRecord, DeadlineRecord } from '../../../db/queries/dispute.ts';
import { ruleByKey, type DeadlineRule } from './rules.ts';
import { contactTitle, DISPUTE_LANGS, type DisputeLang } from './words.ts';

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
    const inLang = (l: DisputeLang) =>
      contactTitle(l, contact.party, contact.channel, contact.direction, contact.agency);
    return DISPUTE_LANGS.some((l) => inLang(l) === event.title) ? inLang(lang) : event.title;
  }
  const deadline = context.deadlines.find((d) => d.eventId === event.id);
  if (deadline?.ruleKey && !deadline.isUserEdited) {
    const rule = ruleByKey(context.rules, deadline.ruleKey);
    if (rule && DISPUTE_LANGS.some((l) => rule.title[l] === event.title)) return rule.title[lang];
  }
  return event.title;
}
