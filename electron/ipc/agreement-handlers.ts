import { NotFoundError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import type { FactSource } from '../services/ocr/suggest.ts';
import { addAgreementFromEvidence, readAgreementPage } from '../services/dispute/agreement-from-ocr.ts';
import { agreementJson } from '../services/dispute/records.ts';
import type { AgreementReadingDto, FactSourceDto } from './contract.ts';
import type { Handler } from './handlers.ts';

/*
 * The agreement behind the charges, read from a screenshot of its page (Alipay 免密支付/自动扣款, WeChat Pay
 * 自动续费): what was read, for the user to check, and the record made from what they confirmed.
 */

export type AgreementChannel = 'agreement:read' | 'agreement:add';
export type AgreementHandlers = { [C in AgreementChannel]: Handler<C> };

const sourceDto = (s: FactSource): FactSourceDto => ({
  page: s.page,
  line: s.line,
  boxes: s.boxes,
  confidence: s.confidence,
});

export function createAgreementHandlers(locker: Locker): AgreementHandlers {
  /** Exact ids only: the Locker also accepts an id's start (handy in a terminal, wrong for an API). */
  const itemOf = (id: string) => {
    const e = locker.getEvidence(id);
    if (e.id !== id) throw new NotFoundError('evidence item', id);
    return e;
  };
  return {
    'agreement:read': async ({ evidenceId }) => {
      const r = readAgreementPage(locker, itemOf(evidenceId).id);
      const s = r.suggestion;
      const dto: AgreementReadingDto = {
        evidenceId: r.evidenceId,
        isAgreementPage: s?.isAgreementPage ?? false,
        platform: s?.platform ?? null,
        found: s?.found ?? [],
        series: r.series,
        agreementIds: r.agreementIds,
      };
      if (s?.isAgreementPage) {
        for (const key of ['merchant', 'service', 'number', 'method'] as const) {
          const f = s[key];
          if (f) dto[key] = { value: f.value, source: sourceDto(f.source) };
        }
        for (const key of ['signedAt', 'closedAt'] as const) {
          const f = s[key];
          if (f) dto[key] = { local: f.local, at: f.at, source: sourceDto(f.source) };
        }
        if (s.status)
          dto.status = {
            value: s.status.value,
            isInferred: s.status.isInferred,
            source: sourceDto(s.status.source),
          };
      }
      return Promise.resolve(dto);
    },

    'agreement:add': async ({ evidenceId, ...fields }) => {
      const item = itemOf(evidenceId);
      // What the user confirmed on the screen is what is recorded: each field given replaces what was read.
      const { agreement } = await addAgreementFromEvidence(locker, item.caseId, item.id, {
        merchant: fields.merchant,
        ...(fields.service !== undefined ? { service: fields.service } : {}),
        ...(fields.number !== undefined ? { number: fields.number } : {}),
        ...(fields.signedAt !== undefined ? { signedAt: fields.signedAt } : {}),
        ...(fields.closedAt !== undefined ? { closedAt: fields.closedAt } : {}),
        ...(fields.paymentMethod !== undefined ? { paymentMethod: fields.paymentMethod } : {}),
        ...(fields.status !== undefined ? { status: fields.status } : {}),
      });
      return agreementJson(agreement);
    },
  };
}
