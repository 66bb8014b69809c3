import { z } from 'zod';
import { listDeadlines } from '../../../db/queries/dispute.ts';
import {
  addDeadline,
  amendRuleOverride,
  deadlineJson,
  editDeadline,
  effectiveRules,
  setRuleOverride,
} from '../dispute/records.ts';
import { call, exactCase } from './define.ts';
import { caseId, isoTime, noInput, shortText } from './inputs.ts';

/*
 * The user's own deadlines and the deadline rules that a contact starts deadlines from (their days, how they
 * count, on or off), with the user's changes laid over the shipped ones. The same services as
 * `locker deadline add|done`, `locker rules` and `locker rule set|reset`.
 */

// Looked up by its whole id only (the locker names an id it does not know as not found).
const deadlineId = z.string().min(1).max(100);
// A rule's key is checked by the locker, which names the keys it knows when one is not among them.
const ruleKey = z.string().min(1).max(100);

export const deadlineCalls = {
  // The title is trimmed and required by the locker (a blank one is refused with its own code).
  'deadline:add': call(
    () => z.strictObject({ caseId, at: isoTime, title: shortText }),
    async ({ locker }, { caseId, at, title }) =>
      deadlineJson(await addDeadline(locker, exactCase(locker, caseId).id, { at, title })),
  ),

  /**
   * The deadlines of a case (in due order), or of every case, archived ones too, when none is named: what
   * `locker deadline done` finds the deadline a person typed the start of among.
   */
  'deadline:list': call(
    () => z.strictObject({ caseId: caseId.optional() }),
    async ({ locker }, { caseId }) =>
      Promise.resolve(
        (caseId === undefined
          ? locker.listCases({ includeArchived: true }).map((c) => c.id)
          : [exactCase(locker, caseId).id]
        ).flatMap((id) => listDeadlines(locker.db, id).map(deadlineJson)),
      ),
  ),

  /** Marks a deadline met or not, or moves or renames it (then it counts as the user's own). */
  'deadline:edit': call(
    () =>
      z.strictObject({
        id: deadlineId,
        isDone: z.boolean().optional(),
        at: isoTime.optional(),
        title: shortText.optional(),
      }),
    async ({ locker }, { id, isDone, at, title }) =>
      deadlineJson(
        await editDeadline(locker, id, {
          ...(isDone !== undefined ? { isDone } : {}),
          ...(at !== undefined ? { at } : {}),
          ...(title !== undefined ? { title } : {}),
        }),
      ),
  ),

  /** Every rule with the user's changes laid over it (`isEdited`), in the order they apply. */
  'rules:list': call(
    () => noInput,
    async ({ locker }) => Promise.resolve(effectiveRules(locker)),
  ),

  // Only the settings given change; the user's earlier changes to the others are kept. The locker checks the
  // values (whole days from 1 to 3650; calendar or china-working) and says which one it cannot keep.
  'rule:set': call(
    () =>
      z.strictObject({
        key: ruleKey,
        // NaN (what `--days abc` reads as) is the rule's own check to refuse, saying what days may be.
        days: z.union([z.number(), z.nan()]).optional(),
        count: z.string().max(40).optional(),
        enabled: z.boolean().optional(),
      }),
    async ({ locker }, { key, ...change }) => amendRuleOverride(locker, key, change),
  ),

  /** The shipped rule back. Deadlines already derived from it stay as they are. */
  'rule:reset': call(
    () => z.strictObject({ key: ruleKey }),
    async ({ locker }, { key }) => setRuleOverride(locker, key, null),
  ),
};
