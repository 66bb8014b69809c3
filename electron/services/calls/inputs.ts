import { z } from 'zod';

/*
 * The pieces every input schema is made of. Strict and bounded: one message cannot make the locker allocate
 * without limit, and an unknown key is refused rather than ignored.
 */

// Ids are ours (`case_…`, `ev_…`): a strict shape keeps prefixes, wildcards and paths out of every lookup.
export const caseId = z.string().regex(/^case_[0-9a-z]{4,40}$/);
export const evidenceId = z.string().regex(/^ev_[0-9a-z]{4,40}$/);
export const eventId = z.string().regex(/^evt_[0-9a-z]{4,40}$/);
export const transactionId = z.string().regex(/^tx_[0-9a-z]{4,40}$/);
export const messageId = z.string().regex(/^msg_[0-9a-z]{4,40}$/);
export const agreementId = z.string().regex(/^agr_[0-9a-z]{4,40}$/);
export const layoutId = z.string().regex(/^lay_[0-9a-z]{4,40}$/);
/** A job, a batch, a kept file, a download: random ids, never a path or a name. */
export const randomId = z.string().regex(/^[0-9a-f]{32}$/);

// A NUL cannot be stored faithfully (SQLite and C strings stop at it) and no person types one: refused here.
const NO_NUL = { message: 'must not contain a NUL character (U+0000)', params: { code: 'input.has-nul' } };
const hasNoNul = (s: string) => !s.includes('\u0000');
export const title = z.string().trim().min(1).max(300).refine(hasNoNul, NO_NUL);
export const shortText = z.string().max(300).refine(hasNoNul, NO_NUL);
export const longText = z.string().max(20_000).refine(hasNoNul, NO_NUL);
// Only bounded here: the Locker reads the time and says what a time looks like when it cannot ("soon").
export const isoTime = z.string().min(1).max(40);
export const tags = z.array(z.string().trim().min(1).max(60).refine(hasNoNul, NO_NUL)).max(50);
export const noInput = z.strictObject({});
