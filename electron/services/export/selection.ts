import type { EvidenceKind, EvidenceRecord } from '../../../db/queries/evidence.ts';
import { getSetting, setSetting } from '../../../db/queries/ocr.ts';
import { coded, LockerInputError } from '../errors.ts';
import type { Locker } from '../locker.ts';
import { RECIPIENTS, type Recipient } from './i18n.ts';
import { orderExhibits } from './model.ts';

/**
 * Which of a case's items go into the packet for one recipient, and in what order. The user picks and orders
 * exhibits without trashing evidence: the choice is kept in the locker (per case and recipient, logged as
 * `export.exhibits`) and every door exports by it. Items filed after the choice join it at the end.
 */
export type ExhibitChoice = {
  evidenceId: string;
  title: string;
  kind: EvidenceKind;
  occurredUtc: string;
  included: boolean;
  /** The exhibit number this item gets in the next packet; null when left out. */
  number: number | null;
};

type Stored = { order: string[]; excluded: string[] };

const keyOf = (caseId: string, recipient: Recipient) => `packet.exhibits.${caseId}.${recipient}`;

function storedChoice(locker: Locker, caseId: string, recipient: Recipient): Stored | null {
  const raw = getSetting(locker.db, keyOf(caseId, recipient));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Stored>;
    return {
      order: Array.isArray(v.order) ? v.order.filter((x) => typeof x === 'string') : [],
      excluded: Array.isArray(v.excluded) ? v.excluded.filter((x) => typeof x === 'string') : [],
    };
  } catch {
    return null;
  }
}

/** Every item of the case in packet order (the user's order, else the recipient's default), each marked in or out. */
function arrange(
  evidence: readonly EvidenceRecord[],
  recipient: Recipient,
  stored: Stored | null,
): { item: EvidenceRecord; included: boolean }[] {
  const byDefault = orderExhibits([...evidence], recipient);
  if (!stored) return byDefault.map((item) => ({ item, included: true }));
  const byId = new Map(byDefault.map((e) => [e.id, e]));
  const placed = stored.order.map((id) => byId.get(id)).filter((e): e is EvidenceRecord => e !== undefined);
  const seen = new Set(placed.map((e) => e.id));
  const excluded = new Set(stored.excluded);
  return [...placed, ...byDefault.filter((e) => !seen.has(e.id))].map((item) => ({
    item,
    included: !excluded.has(item.id),
  }));
}

/** The items that go into the packet, in order. */
export function chosenExhibits(
  locker: Locker,
  caseId: string,
  evidence: readonly EvidenceRecord[],
  recipient: Recipient,
): EvidenceRecord[] {
  return arrange(evidence, recipient, storedChoice(locker, caseId, recipient))
    .filter((x) => x.included)
    .map((x) => x.item);
}

export function exhibitChoices(locker: Locker, caseId: string, recipient: Recipient): ExhibitChoice[] {
  const c = locker.getCase(caseId);
  let n = 0;
  return arrange(locker.listEvidence(c.id), recipient, storedChoice(locker, c.id, recipient)).map(
    ({ item, included }) => ({
      evidenceId: item.id,
      title: item.title,
      kind: item.kind,
      occurredUtc: item.occurredUtc,
      included,
      number: included ? ++n : null,
    }),
  );
}

/** Keeps the user's order and the items left out; `order` null goes back to the recipient's default order. */
export async function setExhibitChoices(
  locker: Locker,
  caseId: string,
  recipient: Recipient,
  input: { order: string[] | null; excluded: string[] },
): Promise<ExhibitChoice[]> {
  const c = locker.getCase(caseId);
  if (!RECIPIENTS.includes(recipient))
    throw new LockerInputError('unknown-value', {
      what: coded('what.recipient'),
      value: String(recipient),
      list: RECIPIENTS.join(', '),
    });
  const ids = new Set(locker.listEvidence(c.id).map((e) => e.id));
  const unknown = [...(input.order ?? []), ...input.excluded].filter((id) => !ids.has(id));
  if (unknown.length) throw new LockerInputError('export.no-such-exhibit', { id: String(unknown[0]) });
  const order = input.order ? [...new Set(input.order)] : [];
  const excluded = [...new Set(input.excluded)];
  if (ids.size > 0 && excluded.length >= ids.size) throw new LockerInputError('export.needs-exhibit');
  locker.write((log) => {
    setSetting(locker.db, keyOf(c.id, recipient), JSON.stringify({ order, excluded }));
    log({
      action: 'export.exhibits',
      caseId: c.id,
      subjectId: c.id,
      details: { recipient, order, excluded },
    });
  });
  await locker.saveChainHead();
  return exhibitChoices(locker, c.id, recipient);
}
