import { NotFoundError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import {
  addAgreement,
  agreementJson,
  caseAgreements,
  updateAgreement,
  type AgreementInput,
} from '../services/dispute/records.ts';
import type { Handler } from './handlers.ts';

/*
 * The agreements of a case as the user keeps them by hand (the page of agreements, issue 4): listed, typed
 * in, changed, and closed on the day the user closed them. The same service as `locker agreement`.
 */

export type AgreementBookChannel = 'agreement:list' | 'agreement:create' | 'agreement:update';
export type AgreementBookHandlers = { [C in AgreementBookChannel]: Handler<C> };

/** Only the fields the user gave: an absent field keeps what is recorded. */
function inputOf(fields: Record<string, unknown>): AgreementInput {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function createAgreementBookHandlers(locker: Locker): AgreementBookHandlers {
  /** Exact ids only: the Locker also accepts an id's start (handy in a terminal, wrong for an API). */
  const caseOf = (id: string) => {
    const c = locker.getCase(id);
    if (c.id !== id) throw new NotFoundError('case', id);
    return c;
  };
  return {
    'agreement:list': async ({ caseId }) =>
      Promise.resolve(caseAgreements(locker, caseOf(caseId).id).map(agreementJson)),

    'agreement:create': async ({ caseId, ...fields }) =>
      agreementJson(
        await addAgreement(locker, caseOf(caseId).id, {
          ...inputOf(fields),
          merchant: fields.merchant,
        }),
      ),

    'agreement:update': async ({ id, patch }) =>
      agreementJson(await updateAgreement(locker, id, inputOf(patch))),
  };
}
