import { Paperclip, Search, Star } from 'lucide-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { GroupedVirtuoso, type GroupedVirtuosoHandle } from 'react-virtuoso';
import type { MessageDto, MessageList } from '../../electron/ipc/contract.ts';
import { EmptyImport } from '../components/EmptyImport.tsx';
import { useI18n, type Formatters } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import { api } from '../lib/api.ts';
import { dayKey } from '../lib/time.ts';

type Props = {
  list: MessageList;
  onChanged: (message: MessageDto) => void;
  onError: (e: unknown) => void;
  onImport: () => void;
  /** A message to scroll to and highlight (opened from a search result). */
  highlightId?: string | null;
};

type Group = { key: string; firstUtc: string; count: number };

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

function groupByDay(rows: MessageDto[], timeZone: string): Group[] {
  const groups: Group[] = [];
  for (const m of rows) {
    const key = dayKey(m.utc, timeZone);
    const last = groups.at(-1);
    if (last?.key === key) last.count += 1;
    else groups.push({ key, firstUtc: m.utc, count: 1 });
  }
  return groups;
}

type RowProps = {
  m: MessageDto;
  timeZone: string;
  t: Messages;
  fmt: Formatters;
  onStar: (m: MessageDto) => void;
  isFound?: boolean;
};

const MessageRow = memo(function MessageRow({ m, timeZone, t, fmt, onStar, isFound }: RowProps) {
  if (m.isSystem) {
    return (
      <div className={`message system${isFound ? ' is-found' : ''}`} data-id={m.id}>
        <span className="tabular">{fmt.time(m.utc, timeZone)}</span> · {m.text}
      </div>
    );
  }
  return (
    <div className={`message${m.isKey ? ' is-key' : ''}${isFound ? ' is-found' : ''}`} data-id={m.id}>
      <button
        type="button"
        className={`icon-button star${m.isKey ? ' on' : ''}`}
        aria-pressed={m.isKey}
        aria-label={m.isKey ? t.unmarkKey : t.markKey}
        title={m.isKey ? t.unmarkKey : t.markKey}
        onClick={() => onStar(m)}
      >
        <Star size={16} aria-hidden="true" fill={m.isKey ? 'currentColor' : 'none'} />
      </button>
      <div className="message-body">
        <div className="message-head">
          <strong>{m.side === 'me' ? t.talk.me : m.sender}</strong>
          <span className="muted small tabular" title={t.lineOf(m.source.title, m.source.line)}>
            {fmt.time(m.utc, timeZone)}
          </span>
          {m.readBy === 'ocr' && (
            <span className="badge source" title={t.talk.readByOcrHint}>
              {t.talk.readByOcr}
            </span>
          )}
        </div>
        {m.text && <p className="message-text">{m.text}</p>}
        {m.attachments.map((a) => (
          <p key={a} className="attachment small">
            <Paperclip size={14} aria-hidden="true" />
            <span className="visually-hidden">{t.attachment}: </span>
            {a}
          </p>
        ))}
      </div>
    </div>
  );
});

export function MessagesView(props: Props) {
  const { t, fmt } = useI18n();
  const { list } = props;
  const tz = list.timezone;
  const [query, setQuery] = useState('');
  const [isKeyOnly, setKeyOnly] = useState(false);
  const q = fold(query.trim());
  const rows = useMemo(
    () =>
      list.messages.filter(
        (m) =>
          (!isKeyOnly || m.isKey) &&
          (!q ||
            fold(m.text).includes(q) ||
            fold(m.sender).includes(q) ||
            m.attachments.some((a) => fold(a).includes(q))),
      ),
    [list, q, isKeyOnly],
  );
  const groups = useMemo(() => groupByDay(rows, tz), [rows, tz]);
  const groupCounts = useMemo(() => groups.map((g) => g.count), [groups]);
  const virtuoso = useRef<GroupedVirtuosoHandle>(null);
  const foundIndex = props.highlightId ? rows.findIndex((m) => m.id === props.highlightId) : -1;
  // Opened from a search result: the message is brought into view, in the middle of the list.
  useEffect(() => {
    if (foundIndex < 0) return;
    const frame = requestAnimationFrame(() =>
      virtuoso.current?.scrollToIndex({ index: foundIndex, align: 'center' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [foundIndex]);

  const { onChanged, onError } = props;
  const star = useCallback(
    (m: MessageDto) => {
      api.markMessage(m.id, !m.isKey).then(onChanged, onError);
    },
    [onChanged, onError],
  );

  if (list.messages.length === 0) {
    return (
      <div className="section-page">
        <EmptyImport message={t.emptyMessages} onImport={props.onImport} />
      </div>
    );
  }

  return (
    <div className="timeline" data-testid="messages">
      <p className="section-hint padded">{t.messagesHint}</p>
      <div className="toolbar">
        <label className="search">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">{t.filterLabel}</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t.filterMessages}
            data-testid="messages-filter"
          />
        </label>
        <label className="toggle">
          <input type="checkbox" checked={isKeyOnly} onChange={(e) => setKeyOnly(e.target.checked)} />
          {t.keyOnly}
        </label>
        <span className="muted small tabular" aria-live="polite">
          {t.messagesShown(rows.length, list.messages.length)}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{t.noMessageMatches}</p>
      ) : (
        <div className="timeline-list">
          <GroupedVirtuoso
            ref={virtuoso}
            initialTopMostItemIndex={foundIndex >= 0 ? foundIndex : 0}
            groupCounts={groupCounts}
            increaseViewportBy={400}
            groupContent={(i) => {
              const g = groups[i];
              if (!g) return null;
              return (
                <div className="day-header">
                  <span>{fmt.day(g.firstUtc, tz)}</span>
                  <span className="muted">{t.messagesInDay(g.count)}</span>
                </div>
              );
            }}
            itemContent={(index) => {
              const m = rows[index];
              if (!m) return null;
              return (
                <MessageRow
                  m={m}
                  timeZone={tz}
                  t={t}
                  fmt={fmt}
                  onStar={star}
                  isFound={m.id === props.highlightId}
                />
              );
            }}
          />
        </div>
      )}
    </div>
  );
}
