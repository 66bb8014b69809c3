import { z } from 'zod';
import { getOcrJob, requeueOcrJobs } from '../../../db/queries/ocr.ts';
import type { SearchKind } from '../../../db/queries/search.ts';
import type { Params } from '../../messages/say.ts';
import { ocrStatusOf } from '../../ipc/ocr-background.ts';
import { ocrPages, setOcrEnabled } from '../ocr/runner.ts';
import { suggestFacts } from '../ocr/suggest.ts';
import { groupByPayment, searchCase, type GroupedResult, type PaymentHit } from '../search.ts';
import { sourceDto, type FactSourceDto } from './agreements.ts';
import { call, exactCase, exactEvidence, type CallContext } from './define.ts';
import { caseId, evidenceId } from './inputs.ts';

/*
 * Search and OCR (issue 6): the same ranked query as `locker search`, the background reader's state, and what
 * was read from one item with the facts it suggests (never applied until the user says so).
 */

/** A box in the pixels of the original image: left, top, right, bottom. */
export type PixelBox = { x0: number; y0: number; x1: number; y1: number };

/** One ranked match: the record it is in, and a snippet with each match marked `«…»`. */
export type SearchHitDto = {
  kind: SearchKind;
  /** The exact record: the item, event, message, transaction or OCR page. */
  id: string;
  /** The item it belongs to (an event: the item it is linked to, if any). */
  evidenceId: string | null;
  caseId: string;
  snippet: string;
  /** ISO 8601 with the offset of its source. */
  at: string;
  title: string;
  line: number | null;
  page: number | null;
  region: PixelBox | null;
  /** A transaction hit: the payment it belongs to (one result per payment, however many of its rows matched). */
  payment: PaymentHit | null;
};

export type FactSuggestionsDto = {
  amount?: { value: string; currency: string; sign: '-' | '+' | null; source: FactSourceDto };
  time?: { local: string; at: string; source: FactSourceDto };
  counterparty?: { value: string; source: FactSourceDto };
  orderId?: { value: string; source: FactSourceDto };
};

/** What OCR read from one item: its job's state, the text page by page, and the facts it suggests. */
export type OcrReadingDto = {
  evidenceId: string;
  status: 'pending' | 'done' | 'failed' | 'skipped' | null;
  /** Why it was not read, in English; `code` and `params` say the same as a message of the catalogue. */
  error: string | null;
  code?: string;
  params?: Params;
  pages: { page: number; width: number; height: number; text: string; confidence: number }[];
  suggestions: FactSuggestionsDto;
};

/** The longest query the service reads (it refuses a longer one with its own code), and the most results. */
const MAX_QUERY = 1000;
export const MAX_SEARCH_RESULTS = 1000;

/** A run of the reader: whether reading is on, each item it read (with its text), and the queue after. */

const statusOf = ({ locker, ocr }: CallContext, caseId: string | null) =>
  ocr ? ocr.status(caseId) : ocrStatusOf(locker, caseId);

export const searchCalls = {
  // What the user typed in a search box; the service quotes every term, so FTS syntax in it is just text.
  // `grouped: false` (the `locker search` command): every matching row on its own, as the index ranks them,
  // not one result per payment; `limit` up to what the service reads at most (1,000; 30 when absent).
  'search:query': call(
    () =>
      z.strictObject({
        caseId: z.union([caseId, z.literal('all')]),
        query: z.string().max(MAX_QUERY),
        limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional(),
        grouped: z.boolean().optional(),
      }),
    async ({ locker }, { caseId, query, limit, grouped }) => {
      const scope = caseId === 'all' ? null : exactCase(locker, caseId).id;
      const found = searchCase(locker, scope, query, { limit: limit ?? 30 });
      const hits: GroupedResult[] = grouped === false ? found : groupByPayment(locker, found);
      return Promise.resolve(
        hits.map((h): SearchHitDto => ({
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
          payment: h.payment ?? null,
        })),
      );
    },
  ),

  'ocr:status': call(
    () => z.strictObject({ caseId: caseId.optional() }),
    async (ctx, { caseId }) => {
      const status = statusOf(ctx, caseId === undefined ? null : exactCase(ctx.locker, caseId).id);
      // The page asks every few seconds: work that arrived some other way (the CLI) is picked up too.
      if (ctx.ocr && status.enabled && status.pending > 0 && !status.isRunning) ctx.ocr.kick();
      return Promise.resolve(status);
    },
  ),

  'ocr:set': call(
    () => z.strictObject({ enabled: z.boolean() }),
    async (ctx, { enabled }) => {
      if (ctx.ocr) ctx.ocr.setEnabled(enabled);
      else setOcrEnabled(ctx.locker, enabled);
      return Promise.resolve(statusOf(ctx, null));
    },
  ),

  /** Reads again the pictures whose reading failed (a retry after a crash or a time limit). */
  'ocr:retry': call(
    () => z.strictObject({ caseId: caseId.optional() }),
    async (ctx, { caseId }) => {
      const id = caseId === undefined ? null : exactCase(ctx.locker, caseId).id;
      requeueOcrJobs(ctx.locker.db, id, ['failed'], ctx.locker.now());
      const status = statusOf(ctx, id);
      if (ctx.ocr && status.enabled && status.pending > 0) ctx.ocr.kick();
      return Promise.resolve(status);
    },
  ),

  'ocr:get': call(
    () => z.strictObject({ evidenceId }),
    async ({ locker }, { evidenceId }) => {
      const item = exactEvidence(locker, evidenceId);
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
        ...(job?.problem ? { code: job.problem.code, params: job.problem.params } : {}),
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
  ),
};
