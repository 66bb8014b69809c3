import type { LinkKind, LinkReason, LinkState } from '../../../db/queries/ledger.ts';
import { idsOf, nameKey, namesRelated, type Sighting } from './sightings.ts';

export type ProposedLink = {
  aKey: string;
  bKey: string;
  kind: LinkKind;
  state: LinkState;
  score: number;
  reasons: LinkReason[];
};

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Two timed sightings of one payment: the platform's clock and the bank's posting differ by seconds to minutes. */
const TIMED_WINDOW = 10 * MINUTE;
/** More candidates than this for one row and none is suggested (see below). */
const MAX_CANDIDATES = 4;
const FAILED_RE = /失败|关闭|撤销|取消|failed|declined|cancel|void/i;

const time = (s: Sighting) => Date.parse(s.tx.occurredUtc);
const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);
const localDay = (s: Sighting) =>
  Math.floor((Date.parse(s.tx.occurredUtc) + s.tx.occurredOffset * MINUTE) / DAY);

/**
 * What the matcher would decide for a case's rows, from scratch. The caller keeps only what was never decided
 * before (a stored decision, the user's above all, always wins), so this may be re-run at any time.
 *
 * - `same`, linked: a shared order id or bank reference; or the same amount, the same card or account digits and
 *   times within minutes, with exactly one candidate on each side. Anything weaker (a date-only line, several
 *   candidates, no digits to compare) is a suggestion the user confirms.
 * - `refund`, suggested: money back with a refund word, from the same payee, no more than one earlier charge.
 *   (Refunds that name their charge's order are linked at import, on the row itself.)
 * - `duplicate`, suggested: two identical charges from one payee on one day in one file — the user's best proof
 *   of a double charge, shown, never merged.
 * - `retry`, suggested: a failed attempt followed by a paid one for the same amount within the hour.
 */
export function proposeLinks(sightings: Sighting[]): ProposedLink[] {
  const out: ProposedLink[] = [];
  const linkedSame = new Set<string>();

  // 1. Shared ids across files.
  const byId = new Map<string, Sighting[]>();
  for (const s of sightings) {
    if (s.flow === 'none') continue;
    for (const id of idsOf(s.tx)) {
      const list = byId.get(id);
      if (list) list.push(s);
      else byId.set(id, [s]);
    }
  }
  for (const [id, list] of byId) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.tx.evidenceId === b.tx.evidenceId || a.flow !== b.flow) continue;
        if (a.tx.amountMinor !== b.tx.amountMinor || a.tx.currency !== b.tx.currency) continue;
        const [x, y] = ordered(a.key, b.key);
        if (linkedSame.has(`${x}|${y}`)) continue;
        linkedSame.add(`${x}|${y}`);
        const code = a.source === 'bank' && b.source === 'bank' ? 'same-reference' : 'same-order-id';
        out.push({ aKey: x, bKey: y, kind: 'same', state: 'linked', score: 1, reasons: [{ code, id }] });
      }
    }
  }
  const hasSame = new Set<string>();
  for (const k of linkedSame) for (const part of k.split('|')) hasSame.add(part);

  // 2. Same amount, currency and flow in another file, within a day.
  const groups = new Map<string, Sighting[]>();
  for (const s of sightings) {
    if (s.flow === 'none' || s.tx.amountMinor === 0) continue;
    const key = `${s.flow}|${s.tx.currency}|${s.tx.amountMinor}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  for (const rows of groups.values()) {
    if (rows.length < 2) continue;
    rows.sort((a, b) => time(a) - time(b));
    const candidates = new Map<string, Sighting[]>();
    const add = (a: Sighting, b: Sighting) => {
      const list = candidates.get(a.key);
      if (list) list.push(b);
      else candidates.set(a.key, [b]);
    };
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]!;
      for (let j = i + 1; j < rows.length; j++) {
        const b = rows[j]!;
        if (time(b) - time(a) > DAY) break;
        if (a.tx.evidenceId === b.tx.evidenceId) continue;
        // Two rows that each carry an order id from the same kind of source are two payments.
        const ia = idsOf(a.tx);
        const ib = idsOf(b.tx);
        if (a.source === b.source && ia.length && ib.length && !ia.some((x) => ib.includes(x))) continue;
        if (a.digits && b.digits && a.digits !== b.digits) continue;
        if (!namesRelated(a.tx, b.tx)) continue;
        add(a, b);
        add(b, a);
      }
    }
    const seen = new Set<string>();
    for (const a of rows) {
      const mine = candidates.get(a.key) ?? [];
      // A common amount with many rows on the same day says nothing about which is which: leave them alone.
      if (mine.length > MAX_CANDIDATES) continue;
      for (const b of mine) {
        if ((candidates.get(b.key)?.length ?? 0) > MAX_CANDIDATES) continue;
        const [x, y] = ordered(a.key, b.key);
        if (seen.has(`${x}|${y}`) || linkedSame.has(`${x}|${y}`)) continue;
        seen.add(`${x}|${y}`);
        // Another file's row per side: a second statement of the same account is another candidate.
        const na = (candidates.get(a.key) ?? []).filter((c) => c.tx.evidenceId === b.tx.evidenceId).length;
        const nb = (candidates.get(b.key) ?? []).filter((c) => c.tx.evidenceId === a.tx.evidenceId).length;
        const minutes = Math.round(Math.abs(time(b) - time(a)) / MINUTE);
        const names = namesRelated(a.tx, b.tx);
        const reasons: LinkReason[] = [];
        if (a.digits && a.digits === b.digits) reasons.push({ code: 'same-account', digits: a.digits });
        const timed = a.hasTime && b.hasTime;
        reasons.push(timed ? { code: 'minutes-apart', minutes } : { code: 'same-day' });
        if (names === 'agree') {
          const [ka, kb] = [nameKey(a.tx), nameKey(b.tx)];
          reasons.push({ code: 'names-agree', name: ka && (!kb || ka.length <= kb.length) ? ka : kb });
        } else reasons.push({ code: 'platform-line' });
        const unique = na === 1 && nb === 1;
        if (!unique) reasons.push({ code: 'several-candidates', count: Math.max(na, nb) });
        const sure =
          unique &&
          timed &&
          Math.abs(time(b) - time(a)) <= TIMED_WINDOW &&
          a.digits !== '' &&
          a.digits === b.digits &&
          !hasSame.has(a.key) &&
          !hasSame.has(b.key);
        const score = sure ? 0.95 : timed && unique ? 0.75 : unique ? 0.6 : 0.4;
        out.push({ aKey: x, bKey: y, kind: 'same', state: sure ? 'linked' : 'suggested', score, reasons });
      }
    }
  }

  // 3. Possible duplicate charges and retries inside one file: same payee, amount and currency. Each row is
  // paired with the one before it only, so a file of many identical rows gives a chain, not every pair.
  const clusters = new Map<string, Sighting[]>();
  for (const s of sightings) {
    if (s.flow !== 'out' || s.tx.amountMinor === 0) continue;
    const name = nameKey(s.tx);
    if (!name) continue;
    const key = `${s.tx.evidenceId}|${s.tx.currency}|${s.tx.amountMinor}|${name}`;
    const list = clusters.get(key);
    if (list) list.push(s);
    else clusters.set(key, [s]);
  }
  for (const rows of clusters.values()) {
    if (rows.length < 2) continue;
    rows.sort((a, b) => time(a) - time(b));
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      const [x, y] = ordered(a.key, b.key);
      const minutes = Math.round((time(b) - time(a)) / MINUTE);
      const failedA = FAILED_RE.test(a.tx.status);
      const failedB = FAILED_RE.test(b.tx.status);
      if (failedA !== failedB && minutes <= 60) {
        out.push({
          aKey: x,
          bKey: y,
          kind: 'retry',
          state: 'suggested',
          score: 0.7,
          reasons: [{ code: 'failed-then-paid', minutes }],
        });
      } else if (!failedA && !failedB && localDay(a) === localDay(b)) {
        out.push({
          aKey: x,
          bKey: y,
          kind: 'duplicate',
          state: 'suggested',
          score: 0.6,
          reasons: [{ code: 'same-source-same-day' }],
        });
      }
    }
  }
  return out;
}

/**
 * Refunds with no charge yet: the latest earlier charge payment from the same payee for at least as much,
 * offered for the user to confirm. `charges` and `refunds` are one sighting per payment (its anchor).
 */
export function proposeRefunds(
  refunds: { anchor: Sighting; refundOf: string | null }[],
  charges: Sighting[],
): ProposedLink[] {
  const out: ProposedLink[] = [];
  const sorted = [...charges].sort((a, b) => time(a) - time(b));
  for (const { anchor: r, refundOf } of refunds) {
    if (refundOf || r.flow !== 'back') continue;
    const fits = sorted.filter(
      (c) =>
        c.tx.currency === r.tx.currency &&
        c.tx.amountMinor >= r.tx.amountMinor &&
        time(c) <= time(r) &&
        namesRelated(c.tx, r.tx) === 'agree',
    );
    const pick = fits.at(-1);
    if (!pick) continue;
    out.push({
      aKey: pick.key,
      bKey: r.key,
      kind: 'refund',
      state: 'suggested',
      score: fits.length === 1 ? 0.7 : 0.5,
      reasons: [{ code: 'refund-same-payee', name: nameKey(pick.tx) }],
    });
  }
  return out;
}
