import { CalendarPlus, Search, Upload } from 'lucide-react';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { GroupedVirtuosoHandle } from 'react-virtuoso';
import type { Timeline, TimelineRow } from '../../electron/ipc/contract.ts';
import { EmptyImport } from '../components/EmptyImport.tsx';
import { KindIcon } from '../components/KindIcon.tsx';
import { useI18n, type Formatters } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import { api } from '../lib/api.ts';
import { useFirstScreenDrawn } from '../lib/first-paint.ts';
import { useVirtualLists } from '../lib/virtual-lists.ts';
import { dayKey, formatOffset, zoneOffset } from '../lib/time.ts';
import { showHidden } from '../lib/text.ts';

type Props = {
  timeline: Timeline;
  selectedId: string | null;
  onSelect: (row: TimelineRow) => void;
  query: string;
  onQuery: (q: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  onImport: () => void;
  onAddEvent: () => void;
  /** Full-text results for the query, shown under the search box. */
  results?: ReactNode;
  /** Rows the full-text search found (by id) stay in the list even when their title does not match. */
  alsoShow?: ReadonlySet<string>;
};

type Group = { key: string; firstUtc: string; count: number };

/** A row's least height: its 32 px icon, 8 px padding and 1 px border above and below (styles.css `.row`). */
const ROW_MIN_HEIGHT = 50;

/**
 * Rows drawn before the list has measured its window: as many as the window could show were the list as tall
 * as the window and every row its least height (the list begins below the header, and a day's heading takes a
 * row's place, so the window is always filled). The rest are drawn as it scrolls.
 */
function firstRenderedRows(): number {
  return Math.max(1, Math.ceil(window.innerHeight / ROW_MIN_HEIGHT));
}

const KINDS = ['evidence', 'event', 'transaction', 'message'] as const;
type KindFilter = (typeof KINDS)[number] | 'all';

/** Where a row came from: the file it was read from (or is), or `manual` for what the user entered by hand. */
function sourceOf(row: TimelineRow): string {
  if (row.type === 'event') return 'manual';
  return row.sourceEvidenceId ?? row.id;
}

function matches(row: TimelineRow, q: string): boolean {
  return (
    row.title.toLowerCase().includes(q) ||
    row.notes.toLowerCase().includes(q) ||
    row.reference.toLowerCase().includes(q) ||
    row.tags.some((tag) => tag.toLowerCase().includes(q))
  );
}

type UtcDay = {
  /** The zone's offset all this UTC day, or null when the clocks change during it. */
  allDay: number | null;
  before: string;
  after: string;
};

/**
 * Day keys for thousands of rows without one Intl call or Date each: the zone's offset is asked for twice per
 * UTC day (by the quarter hour only on a day the clocks change), and a row's local day is its UTC day, the
 * one before or the one after, by the minute of the day it falls on.
 */
function groupByDay(rows: TimelineRow[], timeZone: string): Group[] {
  const days = new Map<string, UtcDay>();
  const groups: Group[] = [];
  let lastDay = '';
  let last: UtcDay | undefined;
  let group: Group | undefined;
  for (const row of rows) {
    const utc = row.utc;
    const day = utc.slice(0, 10);
    if (day !== lastDay) {
      lastDay = day;
      last = days.get(day);
      if (!last) {
        const start = zoneOffset(`${day}T00:00:00.000Z`, timeZone);
        const noon = Date.parse(`${day}T12:00:00.000Z`);
        last = {
          allDay: start === zoneOffset(`${day}T23:59:59.999Z`, timeZone) ? start : null,
          before: new Date(noon - 86_400_000).toISOString().slice(0, 10),
          after: new Date(noon + 86_400_000).toISOString().slice(0, 10),
        };
        days.set(day, last);
      }
    }
    const offset = last!.allDay ?? zoneOffset(utc, timeZone);
    // Canonical instants (`2025-08-27T16:05:00.000Z`) as the locker sends them; anything else the slow way.
    const minute =
      utc.length === 24 && utc[10] === 'T'
        ? Number(utc.slice(11, 13)) * 60 + Number(utc.slice(14, 16)) + offset
        : Number.NaN;
    const key = Number.isNaN(minute)
      ? new Date(Date.parse(utc) + offset * 60_000).toISOString().slice(0, 10)
      : minute < 0
        ? last!.before
        : minute >= 1440
          ? last!.after
          : day;
    if (group?.key === key) group.count += 1;
    else {
      group = { key, firstUtc: utc, count: 1 };
      groups.push(group);
    }
  }
  return groups;
}

function highlight(text: string, q: string): ReactNode {
  if (!q) return text;
  const i = text.toLowerCase().indexOf(q);
  if (i < 0) return text;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + q.length)}</mark>
      {text.slice(i + q.length)}
    </>
  );
}

type RowProps = {
  row: TimelineRow;
  index: number;
  timeZone: string;
  isSelected: boolean;
  query: string;
  t: Messages;
  fmt: Formatters;
  onSelect: (row: TimelineRow) => void;
};

const Row = memo(function Row({ row, index, timeZone, isSelected, query, t, fmt, onSelect }: RowProps) {
  const caseOffset = zoneOffset(row.utc, timeZone);
  const kindLabel =
    row.type === 'evidence'
      ? t.evidenceKinds[row.kind as keyof Messages['evidenceKinds']]
      : row.type === 'event'
        ? t.eventKinds[row.kind as keyof Messages['eventKinds']]
        : (t.chargeKinds[row.kind] ?? row.kind);
  return (
    <button
      type="button"
      className={`row row-${row.type}${isSelected ? ' selected' : ''}`}
      aria-pressed={isSelected}
      data-index={index}
      data-id={row.id}
      onClick={() => onSelect(row)}
    >
      <span className="row-time tabular">{fmt.time(row.utc, timeZone)}</span>
      <span className={`row-icon kind-${row.type}`} title={kindLabel}>
        <KindIcon type={row.type} kind={row.kind} />
      </span>
      {row.hasThumb ? (
        <img className="row-thumb" src={api.thumbUrl(row.id)} alt="" loading="lazy" decoding="async" />
      ) : null}
      <span className="row-main">
        <span className="row-title">
          {row.readBy === 'ocr'
            ? t.talk.said(row.side === 'me' ? t.talk.me : t.talk.them(row.sender ?? ''))
            : ''}
          {highlight(showHidden(row.title), query)}
        </span>
        <span className="row-meta">
          <span>{kindLabel}</span>
          {row.reference && <span>#{highlight(row.reference, query)}</span>}
          {row.offset !== caseOffset && (
            <span title={t.sourceClock(formatOffset(row.offset))}>{formatOffset(row.offset)}</span>
          )}
          {row.timeSource === 'file_mtime' && (
            <span className="badge warn" title={t.estimatedHint}>
              {t.estimated}
            </span>
          )}
          {row.isDisputed && <span className="badge disputed">{t.disputedBadge}</span>}
          {row.needsPassword && (
            <span className="badge warn" data-testid="row-waiting">
              {t.imports.waiting}
            </span>
          )}
          {row.seenIn && row.seenIn.length > 0 && (
            <span className="badge source" data-testid="seen-in">
              {row.seenIn.map((s) => t.ledger.sources[s] ?? s).join(' + ')}
            </span>
          )}
          {row.readBy === 'ocr' && (
            <span className="badge source" title={t.talk.readByOcrHint}>
              {t.talk.readByOcr}
            </span>
          )}
          {row.attachments && row.attachments.length > 0 && (
            <span className="row-attachments" data-testid="row-attachments">
              {t.talk.attachedLine(row.attachments.map((a) => showHidden(a.title)))}
            </span>
          )}
          {row.tags.map((tag) => (
            <span key={tag} className="tag">
              {highlight(tag, query)}
            </span>
          ))}
        </span>
      </span>
      {row.amount && row.currency && (
        <span className="row-amount tabular">
          {row.kind === 'refund' ? '+' : ''}
          {fmt.money(row.amount, row.currency)}
        </span>
      )}
    </button>
  );
});

/**
 * The window's first rows as the virtual list draws them in its first render (the same elements, classes and
 * styles, so the frame after looks the same), without setting the list up: that waits for the first frame
 * (useFirstScreenDrawn) and the list's code (useVirtualLists), then the list takes their place with the same
 * rows and measures the window.
 */
function FirstRows({
  groups,
  count,
  scrollerRef,
  children: { dayHeader, rowAt },
}: {
  groups: Group[];
  count: number;
  scrollerRef: RefObject<HTMLDivElement | null>;
  children: { dayHeader: (g: Group | undefined) => ReactNode; rowAt: (index: number) => ReactNode };
}) {
  const items: ReactNode[] = [];
  let flat = 0;
  let index = 0;
  for (let g = 0; g < groups.length && index < count; g++) {
    items.push(
      <div
        key={`g${g}`}
        data-index={flat}
        data-item-index={g}
        data-known-size={0}
        style={{ overflowAnchor: 'none', position: 'sticky', zIndex: 1 }}
      >
        {dayHeader(groups[g])}
      </div>,
    );
    flat += 1;
    for (let i = 0; i < groups[g]!.count && index < count; i++) {
      items.push(
        <div
          key={index}
          data-index={flat}
          data-item-group-index={g}
          data-item-index={index}
          data-known-size={0}
          style={{ overflowAnchor: 'none' }}
        >
          {rowAt(index)}
        </div>,
      );
      flat += 1;
      index += 1;
    }
  }
  return (
    <div
      ref={scrollerRef}
      data-testid="virtuoso-scroller"
      data-virtuoso-scroller="true"
      tabIndex={0}
      style={{ height: '100%', outline: 'none', overflowY: 'auto', position: 'relative' }}
    >
      <div
        data-viewport-type="element"
        style={{ height: '100%', position: 'absolute', top: 0, width: '100%' }}
      >
        <div
          data-testid="virtuoso-item-list"
          style={{ boxSizing: 'border-box', marginTop: 0, paddingBottom: 0, paddingTop: 0 }}
        >
          {items}
        </div>
      </div>
    </div>
  );
}

export function TimelineView(props: Props) {
  const { t, fmt } = useI18n();
  const { timeline, selectedId, onSelect, searchRef, query, onQuery, onImport, onAddEvent, results } = props;
  const tz = timeline.timezone;
  const q = query.trim().toLowerCase();
  const isSearching = q !== '' && results !== undefined;
  const [kind, setKind] = useState<KindFilter>('all');
  const [isDisputedOnly, setDisputedOnly] = useState(false);
  const [tag, setTag] = useState<string | null>(null);
  const [source, setSource] = useState('all');
  // Days as the case's zone shows them (`2025-08-27`), the same days the list is grouped by.
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const isFiltered =
    kind !== 'all' || isDisputedOnly || tag !== null || source !== 'all' || !!fromDay || !!toDay;
  const rows = useMemo(
    () =>
      q || isFiltered
        ? timeline.rows.filter((r) => {
            if (kind !== 'all' && r.type !== kind) return false;
            if (isDisputedOnly && !r.isDisputed) return false;
            if (tag !== null && !r.tags.includes(tag)) return false;
            if (source !== 'all' && sourceOf(r) !== source) return false;
            if (fromDay || toDay) {
              const day = dayKey(r.utc, tz);
              if ((fromDay && day < fromDay) || (toDay && day > toDay)) return false;
            }
            return !q || matches(r, q) || props.alsoShow?.has(r.id) === true;
          })
        : timeline.rows,
    [timeline, q, isFiltered, kind, isDisputedOnly, tag, source, fromDay, toDay, tz, props.alsoShow],
  );
  // What the whole timeline holds (its answer says, even while only the first rows have arrived).
  const { facets } = timeline;
  const tags = facets.tags;
  // The files rows were read from, by title, and whether anything was entered by hand.
  const sources = useMemo(
    () =>
      facets.sources
        .map((x) => ({ id: x.id, label: x.id === 'manual' ? t.sourceManual : (x.title ?? x.id) }))
        .sort((a, b) => (a.id === 'manual' ? -1 : b.id === 'manual' ? 1 : a.label.localeCompare(b.label))),
    [facets, t],
  );
  const clearFilters = () => {
    setKind('all');
    setDisputedOnly(false);
    setTag(null);
    setSource('all');
    setFromDay('');
    setToDay('');
  };
  const presentKinds = useMemo(() => new Set(facets.types), [facets]);
  const hasDisputed = facets.hasDisputed;
  // Only the first rows so far: the last day they reach may go on in the rest, so it waits for the rest
  // rather than show a day header with too few items.
  const isPartial = timeline.rows.length < timeline.total;
  const groups = useMemo(() => {
    const all = groupByDay(rows, tz);
    return isPartial && all.length > 1 ? all.slice(0, -1) : all;
  }, [rows, tz, isPartial]);
  const groupCounts = useMemo(() => groups.map((g) => g.count), [groups]);
  const virtuoso = useRef<GroupedVirtuosoHandle>(null);
  // The virtual list takes the first rows' place once the first frame is drawn and its code is here (see
  // lib/virtual-lists.ts), before the next paint and where they were scrolled to (null until then).
  const isDrawn = useFirstScreenDrawn();
  const GroupedVirtuoso = useVirtualLists()?.GroupedVirtuoso;
  const isListReady = isDrawn && GroupedVirtuoso !== undefined;
  const firstScroller = useRef<HTMLDivElement>(null);
  const [listAt, setListAt] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (isListReady && listAt === null) setListAt(firstScroller.current?.scrollTop ?? 0);
  }, [isListReady, listAt]);
  const listRef = useRef<HTMLDivElement>(null);
  const selectedIndex = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1;

  // Keep the selection in view when it changes from outside (an edit moved the item to another day).
  useEffect(() => {
    if (selectedIndex >= 0) virtuoso.current?.scrollIntoView({ index: selectedIndex });
  }, [selectedIndex]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      if ((event.target as HTMLElement).closest('input, textarea, select')) return;
      event.preventDefault();
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      const next = Math.min(
        rows.length - 1,
        Math.max(0, (selectedIndex < 0 ? -delta : selectedIndex) + delta),
      );
      const row = rows[next];
      if (!row) return;
      onSelect(row);
      virtuoso.current?.scrollIntoView({ index: next });
      requestAnimationFrame(() =>
        listRef.current?.querySelector<HTMLButtonElement>(`[data-index="${next}"]`)?.focus(),
      );
    },
    [rows, selectedIndex, onSelect],
  );

  const dayHeader = (g: Group | undefined) =>
    g ? (
      <div className="day-header">
        <span>{fmt.day(g.firstUtc, tz)}</span>
        <span className="muted">{t.itemsInDay(g.count)}</span>
      </div>
    ) : null;
  const rowAt = (index: number) => {
    const row = rows[index];
    if (!row) return null;
    return (
      <Row
        row={row}
        index={index}
        timeZone={tz}
        isSelected={row.id === selectedId}
        query={q}
        t={t}
        fmt={fmt}
        onSelect={onSelect}
      />
    );
  };

  return (
    <div className={`timeline${isSearching ? ' is-searching' : ''}`}>
      <div className="toolbar">
        <label className="search">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">{t.searchLabel}</span>
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => onQuery(e.target.value)}
            placeholder={t.search}
            data-testid="search"
          />
        </label>
        {!isSearching && (
          <span className="muted small tabular" aria-live="polite">
            {isPartial ? null : t.shownCount(rows.length, timeline.total)}
          </span>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className="button" onClick={onAddEvent}>
          <CalendarPlus size={16} aria-hidden="true" />
          {t.addEvent}
        </button>
        <button type="button" className="button primary" onClick={onImport}>
          <Upload size={16} aria-hidden="true" />
          {t.addFiles}
        </button>
      </div>
      {results}
      {/* While searching, the results are the one list: the timeline is not filtered beneath them. */}
      {isSearching ? null : presentKinds.size > 1 || hasDisputed ? (
        <div className="chips" role="group" aria-label={t.filterLabel} data-testid="timeline-chips">
          {(['all', ...KINDS] as const)
            .filter((k) => k === 'all' || presentKinds.has(k))
            .map((k) => (
              <button
                key={k}
                type="button"
                className="chip"
                aria-pressed={kind === k}
                onClick={() => setKind(k)}
              >
                {k === 'all' ? t.filterAll : t.kindFilter[k]}
              </button>
            ))}
          {hasDisputed && (
            <button
              type="button"
              className="chip"
              aria-pressed={isDisputedOnly}
              onClick={() => setDisputedOnly((v) => !v)}
            >
              {t.disputedOnly}
            </button>
          )}
          {tags.map((x) => (
            <button
              key={`tag-${x}`}
              type="button"
              className="chip"
              aria-pressed={tag === x}
              onClick={() => setTag((v) => (v === x ? null : x))}
            >
              {t.filterTag(x)}
            </button>
          ))}
        </div>
      ) : null}
      {!isSearching && timeline.total > 0 && (
        <div className="filters-more" data-testid="timeline-filters">
          {sources.length > 1 && (
            <label>
              <span>{t.filterSource}</span>
              <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="filter-source">
                <option value="all">{t.sourceAll}</option>
                {sources.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span>{t.filterFrom}</span>
            <input
              type="date"
              value={fromDay}
              max={toDay || undefined}
              onChange={(e) => setFromDay(e.target.value)}
              data-testid="filter-from"
            />
          </label>
          <label>
            <span>{t.filterTo}</span>
            <input
              type="date"
              value={toDay}
              min={fromDay || undefined}
              onChange={(e) => setToDay(e.target.value)}
              data-testid="filter-to"
            />
          </label>
          {isFiltered && (
            <button type="button" className="button subtle" onClick={clearFilters}>
              {t.clearFilters}
            </button>
          )}
        </div>
      )}
      {isSearching ? null : timeline.total === 0 ? (
        <EmptyImport message={t.emptyTimeline} onImport={onImport} />
      ) : rows.length === 0 ? (
        <div className="empty">
          <p>{q ? t.noMatches(query) : t.noFilterMatches}</p>
        </div>
      ) : (
        <div className="timeline-list" ref={listRef} onKeyDown={onKeyDown} data-testid="timeline">
          {GroupedVirtuoso && listAt !== null ? (
            <GroupedVirtuoso
              ref={virtuoso}
              groupCounts={groupCounts}
              increaseViewportBy={400}
              // The first rows are in its first render, not one frame later once the list has measured its
              // height: about a screenful (the rows the window first showed), the rest as it scrolls.
              initialItemCount={Math.min(firstRenderedRows(), rows.length)}
              // Scrolled before it took the first rows' place, it opens where they were.
              initialScrollTop={listAt || undefined}
              groupContent={(i) => dayHeader(groups[i])}
              itemContent={(index) => rowAt(index)}
            />
          ) : (
            <FirstRows
              groups={groups}
              count={Math.min(firstRenderedRows(), rows.length)}
              scrollerRef={firstScroller}
            >
              {{ dayHeader, rowAt }}
            </FirstRows>
          )}
        </div>
      )}
    </div>
  );
}
