import {
  countMatches,
  rebuildSearchDocs,
  recordDetail,
  searchDocs,
  trigramsStartingWith,
  type SearchHit,
  type SearchKind,
} from '../../db/queries/search.ts';
import type { Locker } from './locker.ts';
import { caseLedger, type Ledger } from './ledger/index.ts';
import type { PaymentKind } from './ledger/build.ts';
import type { Flow, SourceKind } from './ledger/sightings.ts';
import { formatAmount } from './util/money.ts';
import { LockerInputError } from './errors.ts';
import { buildLines, spanBoxes, unionBox, type Box, type OcrWord } from './ocr/text.ts';
import { formatInstant } from './util/time.ts';

export type { SearchKind } from '../../db/queries/search.ts';

/** Marks around each match inside a snippet: `…扣款 «元保» 保险…`. */
export const HIGHLIGHT_OPEN = '«';
export const HIGHLIGHT_CLOSE = '»';

export type SearchResult = {
  /** The item the match belongs to (for an event: the item it is linked to, if any). */
  evidenceId: string | null;
  kind: SearchKind;
  /** The exact record: the item, event, message, transaction or OCR page. */
  id: string;
  caseId: string;
  snippet: string;
  /** When it happened, ISO 8601 with the offset of its source. */
  at: string;
  title: string;
  /** Messages and transactions: the line of the original they were read from. */
  line?: number;
  /** OCR: the page, and the region of it where the first match was read. */
  page?: number;
  region?: Box;
};

export type SearchOptions = { limit?: number };

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
/** A 2-character term that starts more trigrams than this is scanned for instead. */
const MAX_EXPANSION = 64;
/** Matches ranked by relevance at most; beyond this many, newest first. */
const MAX_RANKED = 5000;
const SNIPPET_BEFORE = 24;
const SNIPPET_AFTER = 56;

type Plan = { match: string | null; likes: string[]; ranked: boolean; terms: string[] };

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
const escapeLike = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Terms of 3+ characters go to the trigram index as phrases. A 2-character term becomes the OR of the
 * indexed trigrams that start with it (every body ends with a newline, so each occurrence starts one);
 * 1-character terms, and 2-character ones too common to expand, are matched with LIKE over the same text.
 */
export function planSearch(locker: Locker, query: string): Plan | null {
  const terms = [
    ...new Set(
      query
        .normalize('NFKC')
        .split(/\s+/u)
        .map((t) => t.replace(/^"+|"+$/g, ''))
        .filter(Boolean),
    ),
  ];
  if (!terms.length) return null;
  const fts: string[] = [];
  const likes: string[] = [];
  let ranked = false;
  for (const term of terms) {
    const length = [...term].length;
    if (length >= 3) {
      fts.push(quote(term));
      ranked = true;
    } else if (length === 2) {
      const grams = trigramsStartingWith(locker.db, term.toLowerCase(), MAX_EXPANSION);
      if (grams.length === 0) return { match: null, likes: [], ranked: false, terms }; // cannot match
      if (grams.length > MAX_EXPANSION) likes.push(escapeLike(term));
      else fts.push(`(${grams.map(quote).join(' OR ')})`);
    } else {
      likes.push(escapeLike(term));
    }
  }
  return { match: fts.length ? fts.join(' AND ') : null, likes, ranked, terms };
}

/**
 * Searches one case (or every case, with `caseId` null) for all the words of `query`, as substrings, in
 * titles, notes, tags, document text, events, messages, transactions and OCR text. Items in the trash and
 * what was read from them are never returned.
 */
export function searchCase(
  locker: Locker,
  caseId: string | null,
  query: string,
  options: SearchOptions = {},
): SearchResult[] {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const scope = caseId === null ? null : locker.getCase(caseId).id;
  if (query.length > 1000) throw new LockerInputError('search.too-long');
  // Rows an import filed a moment ago may still wait for the index: they are indexed first, never missed.
  locker.indexPendingNow();
  const plan = planSearch(locker, query);
  if (!plan) return [];
  // A 2-character term with no trigram at all is in no text: nothing to look for.
  if (plan.match === null && plan.likes.length === 0) return [];
  // bm25 scores every match: over tens of thousands (a word in every chat line) that alone takes 20 ms+,
  // so a query that common lists the newest records first instead.
  const ranked =
    plan.ranked && plan.match !== null && countMatches(locker.db, plan.match, MAX_RANKED + 1) <= MAX_RANKED;
  const hits = searchDocs(locker.db, { caseId: scope, match: plan.match, likes: plan.likes, limit, ranked });
  const pattern = highlightPattern(plan.terms);
  return hits.map((hit) => toResult(locker, hit, pattern));
}

function toResult(locker: Locker, hit: SearchHit, pattern: RegExp): SearchResult {
  const detail = recordDetail(locker.db, hit.kind, hit.refId);
  const result: SearchResult = {
    evidenceId: hit.kind === 'event' ? detail.evidenceId : hit.evidenceId,
    kind: hit.kind,
    id: hit.refId,
    caseId: hit.caseId,
    snippet: makeSnippet(hit.body, pattern),
    at: formatInstant({ utc: hit.atUtc, offset: hit.atOffset }),
    title: detail.title ?? hit.evidenceTitle ?? '',
  };
  if (detail.line !== null) result.line = detail.line;
  if (hit.kind === 'message' && detail.sender) result.title = `${detail.sender} · ${hit.evidenceTitle ?? ''}`;
  if (hit.kind === 'ocr' && detail.page !== null) {
    result.page = detail.page;
    const region = detail.words ? regionOf(JSON.parse(detail.words) as OcrWord[], pattern) : null;
    if (region) result.region = region;
  }
  return result;
}

function highlightPattern(terms: string[]): RegExp {
  const escaped = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('|'), 'giu');
}

/** A window of the text around the first match, every match in it marked, whitespace folded. */
export function makeSnippet(body: string, pattern: RegExp): string {
  const text = body.replace(/\s+/gu, ' ').trim();
  pattern.lastIndex = 0;
  const first = pattern.exec(text);
  const start = first ? Math.max(0, first.index - SNIPPET_BEFORE) : 0;
  const end = Math.min(text.length, (first ? first.index + first[0].length : 0) + SNIPPET_AFTER);
  // Never cut a surrogate pair in half.
  const from = start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '') ? start - 1 : start;
  const to = end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? '') ? end + 1 : end;
  const window = text.slice(from, to);
  pattern.lastIndex = 0;
  const marked = window.replace(pattern, (m) => `${HIGHLIGHT_OPEN}${m}${HIGHLIGHT_CLOSE}`);
  return `${from > 0 ? '…' : ''}${marked}${to < text.length ? '…' : ''}`;
}

/** The box around the words of the first line where a term was read. */
function regionOf(words: OcrWord[], pattern: RegExp): Box | null {
  for (const line of buildLines(words)) {
    pattern.lastIndex = 0;
    const m = pattern.exec(line.text);
    if (m) return unionBox(spanBoxes(line, m.index, m.index + m[0].length));
  }
  return null;
}

/** Regenerates the whole index from the records; returns how many records it holds. */
export function rebuildSearchIndex(locker: Locker): number {
  return rebuildSearchDocs(locker.db);
}

/** The payment a transaction hit belongs to, as the ledger sees it: one movement of money, however many rows show it. */
export type PaymentHit = {
  id: string;
  kind: PaymentKind;
  flow: Flow;
  /** Decimal string (`"39.90"`) and ISO 4217 code. */
  amount: string;
  currency: string;
  counterparty: string;
  description: string;
  /** When it happened, from its most precise row, ISO 8601 with its source's offset. */
  at: string;
  /** The files that show it (支付宝 + 中国银行). */
  sources: SourceKind[];
  /** How many of its rows matched the search. */
  matchedRows: number;
  isDisputed: boolean;
};

export type GroupedResult = SearchResult & { payment?: PaymentHit };

/** `39.90 CNY\n元保…` → the row's words without its raw amount line (the payment says the amount in words). */
// The snippet may start inside that line: `…CNY 支付宝…` (the digits cut off) is the same raw amount line.
const RAW_AMOUNT = /^(?:…(?:[«»\d.]+ )?|[«»\d.]+ )«?[A-Z]{3}»?(?=\s|$) ?/u;

/**
 * One result per payment (issue 13): the rows of one payment that a search matches (its Alipay line and its bank
 * line) become one result that carries the payment, at the place of the best-ranked row. Other results pass as
 * they are, in their order.
 */
export function groupByPayment(locker: Locker, results: SearchResult[]): GroupedResult[] {
  const ledgers = new Map<string, Ledger>();
  const ledgerOf = (caseId: string) => {
    let l = ledgers.get(caseId);
    if (!l) {
      l = caseLedger(locker, caseId);
      ledgers.set(caseId, l);
    }
    return l;
  };
  const out: GroupedResult[] = [];
  const byPayment = new Map<string, GroupedResult & { payment: PaymentHit }>();
  for (const r of results) {
    if (r.kind !== 'transaction') {
      out.push(r);
      continue;
    }
    const p = ledgerOf(r.caseId).byTransaction.get(r.id);
    if (!p) {
      out.push(r);
      continue;
    }
    const seen = byPayment.get(p.id);
    if (seen) {
      seen.payment.matchedRows += 1;
      continue;
    }
    const anchor = p.anchor.tx;
    const hit = {
      ...r,
      snippet: r.snippet.replace(RAW_AMOUNT, (m) => (m.startsWith('…') ? '…' : '')),
      payment: {
        id: p.id,
        kind: p.kind,
        flow: p.flow,
        amount: formatAmount(p.amountMinor, p.currency),
        currency: p.currency,
        counterparty: p.counterparty,
        description: p.description,
        at: formatInstant({ utc: anchor.occurredUtc, offset: anchor.occurredOffset }),
        sources: [...new Set(p.sightings.map((x) => x.source))],
        matchedRows: 1,
        isDisputed: p.disputed,
      },
    };
    byPayment.set(p.id, hit);
    out.push(hit);
  }
  return out;
}
