import { declineOffer, isOfferDeclined, type ContactRecord } from '../../../db/queries/dispute.ts';
import { getOcrJob } from '../../../db/queries/ocr.ts';
import {
  countRecordsOf,
  insertMessages,
  recordsDigest,
  type MessageRecord,
} from '../../../db/queries/records.ts';
import { LockerInputError } from '../errors.ts';
import { rowIds } from '../import-rows.ts';
import type { Locker } from '../locker.ts';
import { localTimeOf, looksLikeChat, readChatPage, type ChatBubble } from '../ocr/chat.ts';
import { ocrPages } from '../ocr/runner.ts';
import { formatInstant, instantFromZoned, type Instant } from '../util/time.ts';
import { localDate } from './deadlines.ts';
import { addContact, caseContacts, type DeadlineJson, deadlineJson } from './records.ts';
import type { DisputeLang } from './words.ts';

/**
 * A screenshot whose text reads as a chat is offered as a conversation with the platform — never filed as one
 * alone. Accepted, it becomes the contact with the platform (plan step 2) holding the screenshot, and the
 * bubbles read from it become the item's messages, marked as read by OCR and as key (so they stand on the
 * timeline): the user's "yes" is what confirms them. Declined, the offer stays quiet for that item.
 */

export type ChatOfferMessage = {
  side: 'me' | 'them' | 'middle';
  text: string;
  /** The instant the bubble is from: the time shown above it on the picture's day, else the picture's. */
  at: string;
};

export type ChatOffer = {
  evidenceId: string;
  /** The OCR job's state: null when the item is not something OCR reads. */
  ocrStatus: 'pending' | 'done' | 'failed' | 'skipped' | null;
  isChat: boolean;
  /** Whom the chat is with: the case's counterparty (the platform), else the window's title. */
  with: string;
  /** The window's title as read (`元保在线客服`). */
  title: string;
  messages: ChatOfferMessage[];
  /** The contact with the platform that holds this screenshot, once filed (or logged by hand with it). */
  contactId: string | null;
  isDeclined: boolean;
};

function bubblesOf(
  locker: Locker,
  evidenceId: string,
): { title: string; bubbles: ChatBubble[]; formRows: number; text: string } {
  let title = '';
  let formRows = 0;
  const bubbles: ChatBubble[] = [];
  const text: string[] = [];
  for (const page of ocrPages(locker, evidenceId)) {
    const r = readChatPage(page);
    if (!title) title = r.title;
    bubbles.push(...r.bubbles);
    formRows += r.formRows;
    text.push(page.text);
  }
  return { title, bubbles, formRows, text: text.join('\n') };
}

/** A bubble's instant: its shown time on the picture's day, in the case's zone; else the picture's own. */
function instantOf(b: ChatBubble, picture: Instant, zone: string): Instant {
  const local = b.shownAt ? localTimeOf(b.shownAt, localDate(picture, zone)) : null;
  return local ? instantFromZoned(local, zone) : picture;
}

function platformContactWith(locker: Locker, caseId: string, evidenceId: string): ContactRecord | null {
  return (
    caseContacts(locker, caseId).find((c) => c.party === 'platform' && c.evidenceIds.includes(evidenceId)) ??
    null
  );
}

/** What OCR read from an item, read as a chat: for the user to look at. Nothing is stored. */
export function readChatOffer(locker: Locker, evidenceId: string): ChatOffer {
  const item = locker.getEvidence(evidenceId);
  const c = locker.getCase(item.caseId);
  const job = getOcrJob(locker.db, item.id);
  const contact = platformContactWith(locker, c.id, item.id);
  const base = {
    evidenceId: item.id,
    ocrStatus: job?.status ?? null,
    contactId: contact?.id ?? null,
    isDeclined: isOfferDeclined(locker.db, item.id, 'chat-contact'),
  };
  if (!item.mime.startsWith('image/') || job?.status !== 'done') {
    return { ...base, isChat: false, with: c.counterparty, title: '', messages: [] };
  }
  const { title, bubbles, formRows, text } = bubblesOf(locker, item.id);
  const picture = { utc: item.occurredUtc, offset: item.occurredOffset };
  return {
    ...base,
    isChat: looksLikeChat({ title, bubbles, formRows }, text),
    with: c.counterparty || title,
    title,
    messages: bubbles.map((b) => ({
      side: b.side,
      text: b.text,
      at: formatInstant(instantOf(b, picture, c.timezone)),
    })),
  };
}

/**
 * Files a chat screenshot as the contact with the platform: a chat, at the time of its first bubble, holding
 * the screenshot; its bubbles become the item's messages (read by OCR, key), in the contact's transaction,
 * logged with the fingerprint of the rows now read from the item (what `verify` holds them to).
 */
export async function fileChatAsContact(
  locker: Locker,
  evidenceId: string,
  options: { lang?: DisputeLang } = {},
): Promise<{ contactId: string; eventId: string | null; deadlines: DeadlineJson[]; messages: number }> {
  const item = locker.getEvidence(evidenceId);
  const offer = readChatOffer(locker, item.id);
  if (offer.contactId) throw new LockerInputError('chat.already-filed', { id: item.id });
  if (!offer.isChat) throw new LockerInputError('chat.not-a-chat', { id: item.id });
  const c = locker.getCase(item.caseId);
  const { bubbles } = bubblesOf(locker, item.id);
  const picture = { utc: item.occurredUtc, offset: item.occurredOffset };
  // Rows already read from the item (none for a screenshot) keep their lines; the bubbles follow them.
  const before = countRecordsOf(locker.db, item.id).messages;
  const idOf = rowIds(locker, 'msg', bubbles.length);
  const messages: MessageRecord[] = bubbles.map((b, i) => {
    const at = instantOf(b, picture, c.timezone);
    return {
      id: idOf(i),
      caseId: c.id,
      evidenceId: item.id,
      line: before + i + 1,
      occurredUtc: at.utc,
      occurredOffset: at.offset,
      sender: b.side === 'them' ? offer.with : '',
      text: b.text,
      attachments: [],
      isSystem: b.side === 'middle',
      chat: offer.title,
      isKey: b.side !== 'middle',
      readBy: 'ocr',
      ...(b.side === 'middle' ? {} : { side: b.side }),
    };
  });
  const first = messages.find((m) => !m.isSystem) ?? messages[0];
  const at = first ? { utc: first.occurredUtc, offset: first.occurredOffset } : picture;
  const { contact, deadlines } = await addContact(
    locker,
    c.id,
    {
      party: 'platform',
      channel: 'chat',
      at: formatInstant(at),
      evidenceIds: [item.id],
      lang: options.lang ?? 'zh-CN',
    },
    (contact, log) => {
      insertMessages(locker.db, messages);
      log({
        action: 'chat.read',
        caseId: c.id,
        subjectId: item.id,
        details: {
          contactId: contact.id,
          readBy: 'ocr',
          messages: messages.length,
          records: recordsDigest(locker.db, item.id),
        },
      });
    },
  );
  return {
    contactId: contact.id,
    eventId: contact.eventId,
    deadlines: deadlines.map(deadlineJson),
    messages: messages.length,
  };
}

/** The user's "this is not a chat with the platform": kept, logged, and the offer stays quiet. */
export async function declineChatOffer(locker: Locker, evidenceId: string): Promise<void> {
  const item = locker.getEvidence(evidenceId);
  if (isOfferDeclined(locker.db, item.id, 'chat-contact')) return;
  locker.write((log) => {
    declineOffer(locker.db, item.id, 'chat-contact', locker.now());
    log({
      action: 'offer.decline',
      caseId: item.caseId,
      subjectId: item.id,
      details: { offer: 'chat-contact' },
    });
  });
  await locker.saveChainHead();
}

/**
 * The case's screenshots still offered as a chat with the platform (read, not filed, not turned down), newest
 * first: what the overview's next step points at while the platform is not yet contacted.
 */
export function openChatOffers(locker: Locker, caseId: string): { evidenceId: string; title: string }[] {
  const c = locker.getCase(caseId);
  const filed = new Set(
    caseContacts(locker, c.id)
      .filter((x) => x.party === 'platform')
      .flatMap((x) => x.evidenceIds),
  );
  return locker
    .listEvidence(c.id)
    .filter(
      (e) =>
        e.mime.startsWith('image/') &&
        !filed.has(e.id) &&
        getOcrJob(locker.db, e.id)?.status === 'done' &&
        !isOfferDeclined(locker.db, e.id, 'chat-contact'),
    )
    .filter((e) => {
      const { title, bubbles, formRows, text } = bubblesOf(locker, e.id);
      return looksLikeChat({ title, bubbles, formRows }, text);
    })
    .reverse()
    .map((e) => ({ evidenceId: e.id, title: e.title }));
}
