import type { ContactChannel, ContactRecord } from '../../../db/queries/dispute.ts';
import type { ContactParty } from './rules.ts';
import { formatInstant } from '../util/time.ts';

/*
 * A logged contact as `contact.add` records it in the custody log and `locker contact --json` prints it. Its own
 * small module: verify holds each contact row against its log entry in these very fields, without loading
 * the dispute services.
 */

export type ContactJson = {
  id: string;
  caseId: string;
  eventId: string | null;
  with: ContactParty;
  agency: string;
  channel: ContactChannel;
  direction: 'out' | 'in';
  at: string;
  ticket: string;
  note: string;
  evidenceIds: string[];
};

export function contactJson(c: ContactRecord): ContactJson {
  return {
    id: c.id,
    caseId: c.caseId,
    eventId: c.eventId,
    with: c.party,
    agency: c.agency,
    channel: c.channel,
    direction: c.direction,
    at: formatInstant({ utc: c.occurredUtc, offset: c.occurredOffset }),
    ticket: c.ticket,
    note: c.note,
    evidenceIds: c.evidenceIds,
  };
}
