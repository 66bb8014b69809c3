import { z } from 'zod';
import {
  declineChatOffer,
  fileChatAsContact,
  openChatOffers,
  readChatOffer,
} from '../dispute/chat-contact.ts';
import { attachToContact, contactJson } from '../dispute/records.ts';
import { call, exactCase, exactEvidence } from './define.ts';
import { lang } from './dispute.ts';
import { caseId, evidenceId, shortText } from './inputs.ts';

/*
 * A chat screenshot offered as the conversation with the platform: read (nothing stored), filed as the
 * contact with its bubbles as messages read by OCR, or turned down (and then not offered again).
 */

export const contactCalls = {
  /** What OCR read from a screenshot as a chat, and whether it is filed or was turned down. */
  'chat:read': call(
    () => z.strictObject({ evidenceId }),
    async ({ locker }, { evidenceId }) =>
      Promise.resolve(readChatOffer(locker, exactEvidence(locker, evidenceId).id)),
  ),

  /** The case's screenshots still offered as a chat with the platform, newest first. */
  'chat:offers': call(
    () => z.strictObject({ caseId }),
    async ({ locker }, { caseId }) => Promise.resolve(openChatOffers(locker, exactCase(locker, caseId).id)),
  ),

  /** The user's "yes": the contact with the platform, the screenshot attached, its bubbles as messages. */
  'chat:file': call(
    () => z.strictObject({ evidenceId, lang }),
    async ({ locker }, { evidenceId, lang }) => {
      const item = exactEvidence(locker, evidenceId);
      const filed = await fileChatAsContact(locker, item.id, { lang });
      return { ...filed, offer: readChatOffer(locker, item.id) };
    },
  ),

  /** The user's "no": kept, so the offer stays quiet for this item. */
  'chat:decline': call(
    () => z.strictObject({ evidenceId }),
    async ({ locker }, { evidenceId }) => {
      const item = exactEvidence(locker, evidenceId);
      await declineChatOffer(locker, item.id);
      return readChatOffer(locker, item.id);
    },
  ),

  /**
   * Evidence attached to a contact already logged (the chat's screenshot, the recording), or detached: the
   * items are never touched; the change is logged as `contact.attach`.
   */
  'contact:attach': call(
    () =>
      z.strictObject({
        id: shortText,
        add: z.array(evidenceId).max(100).optional(),
        remove: z.array(evidenceId).max(100).optional(),
      }),
    async ({ locker }, { id, add, remove }) =>
      contactJson(
        await attachToContact(locker, id, { ...(add ? { add } : {}), ...(remove ? { remove } : {}) }),
      ),
  ),
};
