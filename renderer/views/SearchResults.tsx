import {
  Banknote,
  CalendarClock,
  FileText,
  MessageSquare,
  ScanText,
  Undo2,
  type LucideIcon,
} from 'lucide-react';
import { useQuery } from '@tanstack/react-query';
import {
  useEffect,
  useEffectEvent,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { PixelBox, SearchHitDto, SearchKind } from '../../electron/ipc/contract.ts';
import '../find.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { showHidden } from '../lib/text.ts';

type Props = {
  caseId: string;
  query: string;
  timeZone: string;
  /** The search box: ↓ in it moves into the results. */
  inputRef: RefObject<HTMLInputElement | null>;
  onOpen: (hit: SearchHitDto) => void;
  /** Every answer, [] when the box is emptied: the timeline keeps the rows found in its list. */
  onHits?: (hits: SearchHitDto[]) => void;
};

/** Where a result was opened: the record, its item, and the region of the picture where it was read. */
export type SearchJump = { id: string; evidenceId: string | null; box: PixelBox | null; label: string };

const LIMIT = 30;
/** Typing pauses this long before the locker is asked: one query per word, not per key. */
const DEBOUNCE_MS = 180;
const NO_HITS: SearchHitDto[] = [];

const KIND_ICONS: Record<SearchKind, LucideIcon> = {
  evidence: FileText,
  event: CalendarClock,
  message: MessageSquare,
  transaction: Banknote,
  ocr: ScanText,
};

/**
 * The service marks matches as `«…»`. They become <mark> elements here, and everything else stays text:
 * the snippet is data from the user's files and is never parsed as HTML.
 */
export function snippetParts(snippet: string): ReactNode[] {
  const parts: ReactNode[] = [];
  const pattern = /«([^«»]*)»/gu;
  let at = 0;
  for (let m = pattern.exec(snippet); m; m = pattern.exec(snippet)) {
    if (m.index > at) parts.push(snippet.slice(at, m.index));
    parts.push(<mark key={m.index}>{m[1]}</mark>);
    at = m.index + m[0].length;
  }
  if (at < snippet.length) parts.push(snippet.slice(at));
  return parts;
}

/** Full-text results under the case's search box: the same ranked query as `locker search`. */
export function SearchResults(props: Props) {
  const { t, fmt } = useI18n();
  const list = useRef<HTMLDivElement>(null);
  const query = props.query.trim();
  const { caseId, inputRef } = props;
  // Typing settles before the locker is asked; an emptied box lets go at once.
  const [settled, setSettled] = useState(query);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(query), query ? DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [query]);
  const search = useQuery({
    queryKey: ['search:query', { caseId, query: settled, limit: LIMIT }],
    queryFn: () => api.search({ caseId, query: settled, limit: LIMIT }),
    enabled: settled !== '',
    meta: { isQuiet: true },
  });
  const hits = query && settled ? (search.data ?? null) : null;
  const isSearching = query !== settled || search.isFetching;
  const error = query && search.error ? search.error.message : null;
  const reportHits = useEffectEvent((found: SearchHitDto[]) => props.onHits?.(found));
  useEffect(() => reportHits(hits ?? NO_HITS), [hits]);

  const focusAt = (index: number) => {
    const options = list.current?.querySelectorAll<HTMLButtonElement>('[role="option"]');
    if (!options?.length) return;
    options[Math.min(Math.max(index, 0), options.length - 1)]?.focus();
  };

  // ↓ in the search box goes to the first result; the box stays the place to type.
  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'ArrowDown' || !list.current?.querySelector('[role="option"]')) return;
      e.preventDefault();
      focusAt(0);
    };
    input.addEventListener('keydown', onKey);
    return () => input.removeEventListener('keydown', onKey);
  }, [inputRef, hits]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const options = [...(list.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
    const i = options.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusAt(i + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (i <= 0) inputRef.current?.focus();
      else focusAt(i - 1);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusAt(e.key === 'Home' ? 0 : options.length - 1);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      inputRef.current?.focus();
    }
  };

  if (!query) return null;

  /** A payment, said as the Charges page says it: kind, signed amount, date, the files that show it. */
  const paymentHit = (hit: SearchHitDto, p: NonNullable<SearchHitDto['payment']>) => {
    const isIn = p.flow === 'in' || p.flow === 'back';
    const Icon = p.kind === 'refund' ? Undo2 : Banknote;
    const sources = p.sources.map((x) => t.ledger.sources[x] ?? x).join(' + ');
    return (
      <button
        key={`payment:${p.id}`}
        type="button"
        role="option"
        aria-selected={false}
        className={`search-hit is-payment is-${p.kind}`}
        data-kind="payment"
        data-testid="payment-hit"
        onClick={() => props.onOpen(hit)}
      >
        <span className={`search-hit-icon kind-${p.kind}`} title={t.find.paymentKinds[p.kind]}>
          <Icon size={16} strokeWidth={1.75} aria-hidden="true" />
        </span>
        <span className="search-hit-main">
          <span className="search-hit-title">
            {[p.counterparty, p.description].filter(Boolean).map(showHidden).join(' · ')}
          </span>
          <span className="search-hit-payment small">
            <span>{t.find.paymentKinds[p.kind]}</span>
            <span className="nowrap">{fmt.date(p.at, props.timeZone)}</span>
            {sources && <span className="source-badges">{sources}</span>}
            {p.isDisputed && <span className="badge disputed">{t.find.disputed}</span>}
          </span>
          {hit.snippet && <span className="search-hit-snippet">{snippetParts(hit.snippet)}</span>}
          <span className="search-hit-meta muted small">{t.find.rowsMatched(p.matchedRows)}</span>
        </span>
        <span className={`search-hit-amount tabular${isIn ? ' is-in' : ''}`} data-testid="payment-amount">
          {isIn ? '+' : p.flow === 'out' ? '−' : ''}
          {fmt.money(p.amount, p.currency)}
        </span>
      </button>
    );
  };

  return (
    <section className="search-results" aria-label={t.find.resultsLabel} data-testid="search-results">
      <p className="search-results-head small" aria-live="polite">
        {error ? (
          <span className="form-error">{error}</span>
        ) : hits === null || (isSearching && hits.length === 0) ? (
          <span className="muted">{t.find.searching}</span>
        ) : hits.length === 0 ? (
          <span className="muted">{t.find.noResults(query)}</span>
        ) : (
          <>
            <strong>{t.find.resultsCount(hits.length)}</strong>
            <span className="muted"> · {hits.length >= LIMIT ? t.find.resultsMore : t.find.keysHint}</span>
          </>
        )}
      </p>
      {hits && hits.length > 0 && (
        <div
          ref={list}
          className="search-hits"
          role="listbox"
          aria-label={t.find.resultsLabel}
          onKeyDown={onKeyDown}
        >
          {hits.map((hit) => {
            if (hit.payment) return paymentHit(hit, hit.payment);
            const Icon = KIND_ICONS[hit.kind];
            const where = [
              t.find.kinds[hit.kind] ?? hit.kind,
              hit.line !== null ? t.find.line(hit.line) : null,
              hit.page !== null && hit.kind === 'ocr' ? t.find.page(hit.page) : null,
            ].filter(Boolean);
            return (
              <button
                key={`${hit.kind}:${hit.id}`}
                type="button"
                role="option"
                aria-selected={false}
                className="search-hit"
                data-kind={hit.kind}
                onClick={() => props.onOpen(hit)}
              >
                <span className={`search-hit-icon kind-${hit.kind}`} title={t.find.kinds[hit.kind]}>
                  <Icon size={16} strokeWidth={1.75} aria-hidden="true" />
                </span>
                <span className="search-hit-main">
                  <span className="search-hit-title">{showHidden(hit.title)}</span>
                  <span className="search-hit-snippet">{snippetParts(hit.snippet)}</span>
                  <span className="search-hit-meta muted small">{where.join(' · ')}</span>
                </span>
                <span className="search-hit-time muted small tabular">
                  {fmt.dateTime(hit.at, props.timeZone)}
                </span>
              </button>
            );
          })}
        </div>
      )}
    </section>
  );
}
