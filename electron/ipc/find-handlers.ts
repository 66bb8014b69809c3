import { getOcrJob } from '../../db/queries/ocr.ts';
import { NotFoundError } from '../services/errors.ts';
import type { Locker } from '../services/locker.ts';
import { ocrPages, setOcrEnabled } from '../services/ocr/runner.ts';
import { suggestFacts, type FactSource } from '../services/ocr/suggest.ts';
import { searchCase } from '../services/search.ts';
import type { FactSourceDto, FactSuggestionsDto, OcrReadingDto } from './contract.ts';
import type { Handler } from './handlers.ts';
import { ocrStatusOf, type BackgroundOcr } from './ocr-background.ts';

/*
 * Search and OCR for the page (issue 6): the same query as `locker search`, the background reader's state,
 * and what was read from one item with the facts it suggests. Spread into the shared handlers.
 */

export type FindChannel = 'search:query' | 'ocr:status' | 'ocr:set' | 'ocr:get';
export type FindHandlers = { [C in FindChannel]: Handler<C> };

function sourceDto(s: FactSource): FactSourceDto {
  return { page: s.page, line: s.line, boxes: s.boxes, confidence: s.confidence };
}

export function createFindHandlers(locker: Locker, ocr?: BackgroundOcr): FindHandlers {
  /** Exact ids only: the Locker also accepts an id's start (handy in a terminal, wrong for an API). */
  const caseOf = (id: string) => {
    const c = locker.getCase(id);
    if (c.id !== id) throw new NotFoundError('case', id);
    return c;
  };
  const statusOf = (caseId: string | null) => (ocr ? ocr.status(caseId) : ocrStatusOf(locker, caseId));

  return {
    'search:query': async ({ caseId, query, limit }) => {
      const scope = caseId === 'all' ? null : caseOf(caseId).id;
      const hits = searchCase(locker, scope, query, { limit: limit ?? 30 });
      return Promise.resolve(
        hits.map((h) => ({
          kind: h.kind,
          id: h.id,
          evidenceId: h.evidenceId,
          caseId: h.caseId,
          snippet: h.snippet,
          at: h.at,
          title: h.title,
          line: h.line ?? null,
          page: h.page ?? null,
          region: h.region ?? null,
        })),
      );
    },

    'ocr:status': async ({ caseId }) => {
      const status = statusOf(caseId === undefined ? null : caseOf(caseId).id);
      // The page asks every few seconds: work that arrived some other way (the CLI) is picked up too.
      if (ocr && status.enabled && status.pending > 0 && !status.isRunning) ocr.kick();
      return Promise.resolve(status);
    },

    'ocr:set': async ({ enabled }) => {
      if (ocr) ocr.setEnabled(enabled);
      else setOcrEnabled(locker, enabled);
      return Promise.resolve(statusOf(null));
    },

    'ocr:get': async ({ evidenceId }) => {
      const item = locker.getEvidence(evidenceId);
      if (item.id !== evidenceId) throw new NotFoundError('evidence item', evidenceId);
      const job = getOcrJob(locker.db, item.id);
      const pages = ocrPages(locker, item.id);
      const first = pages[0];
      const suggestions: FactSuggestionsDto = {};
      if (first) {
        const found = suggestFacts(first, { timeZone: locker.getCase(item.caseId).timezone });
        if (found.amount) {
          const { value, currency, sign, source } = found.amount;
          suggestions.amount = { value, currency, sign, source: sourceDto(source) };
        }
        if (found.time) {
          const { local, at, source } = found.time;
          suggestions.time = { local, at, source: sourceDto(source) };
        }
        if (found.counterparty) {
          suggestions.counterparty = {
            value: found.counterparty.value,
            source: sourceDto(found.counterparty.source),
          };
        }
        if (found.orderId) {
          suggestions.orderId = { value: found.orderId.value, source: sourceDto(found.orderId.source) };
        }
      }
      const reading: OcrReadingDto = {
        evidenceId: item.id,
        status: job?.status ?? null,
        error: job?.error ?? null,
        pages: pages.map(({ page, width, height, text, confidence }) => ({
          page,
          width,
          height,
          text,
          confidence,
        })),
        suggestions,
      };
      return Promise.resolve(reading);
    },
  };
}
