import { z } from 'zod';

/*
 * The pieces every input schema is made of. Strict and bounded: one message cannot make the locker allocate
 * without limit, and an unknown key is refused rather than ignored. Each is a z.lazy: built the first time a
 * schema made of it parses, not as the module loads (a `locker` command parses one input; building all of
 * these up front was a third of zod's share of its start-up).
 */

// Ids are ours (`case_…`, `ev_…`): a strict shape keeps prefixes, wildcards and paths out of every lookup.
export const caseId = z.lazy(() => z.string().regex(/^case_[0-9a-z]{4,40}$/));
export const evidenceId = z.lazy(() => z.string().regex(/^ev_[0-9a-z]{4,40}$/));
export const eventId = z.lazy(() => z.string().regex(/^evt_[0-9a-z]{4,40}$/));
export const transactionId = z.lazy(() => z.string().regex(/^tx_[0-9a-z]{4,40}$/));
export const messageId = z.lazy(() => z.string().regex(/^msg_[0-9a-z]{4,40}$/));
export const agreementId = z.lazy(() => z.string().regex(/^agr_[0-9a-z]{4,40}$/));
export const layoutId = z.lazy(() => z.string().regex(/^lay_[0-9a-z]{4,40}$/));
/** A job, a batch, a kept file, a download: random ids, never a path or a name. */
export const randomId = z.lazy(() => z.string().regex(/^[0-9a-f]{32}$/));

// A NUL cannot be stored faithfully (SQLite and C strings stop at it) and no person types one: refused here.
const NO_NUL = { message: 'must not contain a NUL character (U+0000)', params: { code: 'input.has-nul' } };
const hasNoNul = (s: string) => !s.includes('\u0000');
export const title = z.lazy(() => z.string().trim().min(1).max(300).refine(hasNoNul, NO_NUL));
export const shortText = z.lazy(() => z.string().max(300).refine(hasNoNul, NO_NUL));
export const longText = z.lazy(() => z.string().max(20_000).refine(hasNoNul, NO_NUL));
// Only bounded here: the Locker reads the time and says what a time looks like when it cannot ("soon").
export const isoTime = z.lazy(() => z.string().min(1).max(40));
export const tags = z.lazy(() => z.array(z.string().trim().min(1).max(60).refine(hasNoNul, NO_NUL)).max(50));
export const noInput = z.strictObject({});
