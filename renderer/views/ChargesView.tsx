import { Repeat, Search } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TableVirtuoso, type TableComponents, type TableVirtuosoHandle } from 'react-virtuoso';
import type { Charges, SeriesDto, TransactionDto } from '../../electron/ipc/contract.ts';
import { EmptyImport } from '../components/EmptyImport.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { showHidden } from '../lib/text.ts';

type Props = {
  charges: Charges;
  onChanged: (charges: Charges) => void;
  onError: (e: unknown) => void;
  onImport: () => void;
  /** A row to scroll to and highlight (opened from a search result). */
  highlightId?: string | null;
};

// Defined once: a component made during render would remount every row on each render.
const TABLE_COMPONENTS: TableComponents<TransactionDto, { highlightId: string | null }> = {
  TableRow: ({ item, context, ...rest }) => {
    const names = [item.isDisputed ? 'is-disputed' : '', context?.highlightId === item.id ? 'is-found' : '']
      .filter(Boolean)
      .join(' ');
    return <tr {...rest} className={names || undefined} data-id={item.id} />;
  },
};

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

function matches(t: TransactionDto, q: string): boolean {
  return [t.counterparty, t.description, t.orderId, t.note, t.method, t.status, t.source.title].some((f) =>
    fold(f).includes(q),
  );
}

export function ChargesView(props: Props) {
  const { t, fmt } = useI18n();
  const { charges } = props;
  const tz = charges.timezone;
  const [query, setQuery] = useState('');
  const [isDisputedOnly, setDisputedOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  // The tick shows at once; the locker's answer (with new totals) replaces it a moment later.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  // The page scrolls as one: summary, series and the table's rows, which stay virtualised inside it.
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const q = fold(query.trim());
  const rows = useMemo(
    () => charges.transactions.filter((tx) => (!isDisputedOnly || tx.isDisputed) && (!q || matches(tx, q))),
    [charges, q, isDisputedOnly],
  );

  const table = useRef<TableVirtuosoHandle>(null);
  const foundIndex = props.highlightId ? rows.findIndex((tx) => tx.id === props.highlightId) : -1;
  // Opened from a search result: the row is brought into view once the table has its scroller.
  useEffect(() => {
    if (foundIndex < 0 || !scroller) return;
    const frame = requestAnimationFrame(() =>
      table.current?.scrollToIndex({ index: foundIndex, align: 'center' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [foundIndex, scroller]);

  const dispute = useCallback(
    async (ids: string[], disputed: boolean) => {
      setBusy(true);
      setPending(new Map(ids.map((id) => [id, disputed])));
      try {
        props.onChanged(await api.disputeTransactions(charges.caseId, ids, disputed));
      } catch (e) {
        props.onError(e);
      } finally {
        setPending(new Map());
        setBusy(false);
      }
    },
    [charges.caseId, props],
  );

  if (charges.transactions.length === 0) {
    return (
      <div className="section-page">
        <EmptyImport message={t.emptyCharges} onImport={props.onImport} />
      </div>
    );
  }

  return (
    <div className="section-page" ref={setScroller} data-testid="charges">
      <p className="section-hint">{t.chargesHint}</p>
      <div className="charges-summary">
        <section className="card totals" aria-labelledby="totals-title" data-testid="totals">
          <h2 id="totals-title" className="card-title">
            {t.totalsTitle}
          </h2>
          {charges.disputed.totals.length === 0 ? (
            <p className="muted">{t.totalsNone}</p>
          ) : (
            charges.disputed.totals.map((tot) => (
              <dl key={tot.currency} className="totals-row">
                <div>
                  <dt>{t.totalCharged}</dt>
                  <dd className="tabular" data-testid={`charged-${tot.currency}`}>
                    {fmt.money(tot.charged, tot.currency)}
                  </dd>
                </div>
                <div>
                  <dt>{t.totalRefunded}</dt>
                  <dd className="tabular">{fmt.money(tot.refunded, tot.currency)}</dd>
                </div>
                <div>
                  <dt>{t.totalOutstanding}</dt>
                  <dd className="tabular strong" data-testid={`outstanding-${tot.currency}`}>
                    {fmt.money(tot.outstanding, tot.currency)}
                  </dd>
                </div>
              </dl>
            ))
          )}
          <p className="muted small">
            {charges.disputed.count > 0 && <>{t.disputedCount(charges.disputed.count)} · </>}
            {charges.charges
              .map((c) => t.allChargesTotal(c.count, fmt.money(c.total, c.currency)))
              .join(' · ')}
          </p>
        </section>
        {charges.series.length > 0 && (
          <section className="series-list" aria-labelledby="series-title">
            <h2 id="series-title" className="card-title">
              {t.seriesTitle}
            </h2>
            {charges.series.map((s) => (
              <SeriesCard
                key={s.id}
                series={s}
                timeZone={tz}
                busy={busy}
                onDispute={(disputed) => void dispute(s.transactionIds, disputed)}
              />
            ))}
          </section>
        )}
      </div>

      <div className="toolbar inline">
        <label className="search">
          <Search size={16} aria-hidden="true" />
          <span className="visually-hidden">{t.filterLabel}</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t.filterCharges}
            data-testid="charges-filter"
          />
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={isDisputedOnly}
            onChange={(e) => setDisputedOnly(e.target.checked)}
          />
          {t.disputedOnly}
        </label>
        <span className="muted small tabular" aria-live="polite">
          {t.rowsShown(rows.length, charges.transactions.length)}
        </span>
      </div>

      {rows.length === 0 ? (
        <p className="empty">{t.noChargeMatches}</p>
      ) : scroller ? (
        <TableVirtuoso
          ref={table}
          context={{ highlightId: props.highlightId ?? null }}
          className="charges-table"
          customScrollParent={scroller}
          data={rows}
          increaseViewportBy={400}
          computeItemKey={(_i, tx) => tx.id}
          fixedHeaderContent={() => (
            <tr>
              <th className="c-time">{t.col.time}</th>
              <th className="c-party">{t.col.counterparty}</th>
              <th className="c-desc">{t.col.description}</th>
              <th className="c-amount">{t.col.amount}</th>
              <th className="c-dir">{t.col.direction}</th>
              <th className="c-status">{t.col.status}</th>
              <th className="c-method">{t.col.method}</th>
              <th className="c-source">{t.col.source}</th>
              <th className="c-dispute">{t.col.dispute}</th>
            </tr>
          )}
          itemContent={(_i, tx) => (
            <>
              <td className="c-time tabular">
                {fmt.date(tx.utc, tz)}
                <br />
                <span className="muted">{fmt.time(tx.utc, tz)}</span>
              </td>
              <td className="c-party" title={tx.counterparty}>
                {tx.counterparty}
              </td>
              <td className="c-desc" title={tx.description}>
                {tx.description}
                {tx.refundOf && <span className="muted small"> · {t.refundOfCharge}</span>}
              </td>
              <td className="c-amount tabular">
                {fmt.money(tx.amount, tx.currency)}
                {tx.isDisputed && (
                  <>
                    <br />
                    <span className="badge disputed">{t.disputedBadge}</span>
                  </>
                )}
              </td>
              <td className="c-dir">{t.directions[tx.direction] ?? tx.direction}</td>
              <td className="c-status" title={tx.status}>
                {tx.status}
              </td>
              <td className="c-method" title={tx.method}>
                {tx.method}
              </td>
              <td
                className="c-source"
                title={t.lineOf(showHidden(tx.source.title), tx.source.line, tx.source.page)}
              >
                {t.lineOf(showHidden(tx.source.title), tx.source.line, tx.source.page)}
              </td>
              <td className="c-dispute">
                {tx.direction === 'out' && (
                  <input
                    type="checkbox"
                    checked={pending.get(tx.id) ?? tx.isDisputed}
                    disabled={busy}
                    aria-label={t.disputeRow(
                      `${tx.counterparty} ${fmt.money(tx.amount, tx.currency)} ${fmt.date(tx.utc, tz)}`,
                    )}
                    onChange={(e) => void dispute([tx.id], e.target.checked)}
                  />
                )}
              </td>
            </>
          )}
          components={TABLE_COMPONENTS}
        />
      ) : null}
    </div>
  );
}

function SeriesCard(props: {
  series: SeriesDto;
  timeZone: string;
  busy: boolean;
  onDispute: (disputed: boolean) => void;
}) {
  const { t, fmt } = useI18n();
  const s = props.series;
  const tz = props.timeZone;
  const isAllDisputed = s.disputed >= s.count;
  return (
    <article className="card series" data-testid="series">
      <div className="series-head">
        <Repeat size={16} aria-hidden="true" />
        <h3>{s.counterparty}</h3>
        {s.disputed > 0 && (
          <span className="badge disputed">
            {isAllDisputed ? t.disputedBadge : t.seriesDisputed(s.disputed, s.count)}
          </span>
        )}
      </div>
      <p className="series-facts">
        <span>{t.seriesCount(s.count, t.intervals[s.interval] ?? s.interval)}</span>
        <span className="tabular">{t.usually(fmt.money(s.amount, s.currency))}</span>
        <span className="tabular">{t.fromTo(fmt.date(s.first, tz), fmt.date(s.last, tz))}</span>
      </p>
      {s.agreement?.status === 'closed' ? (
        <p className="muted small" data-testid="series-stopped">
          {t.agreementClosedNoNext(s.agreement.closedAt ? fmt.date(s.agreement.closedAt, tz) : '')}
        </p>
      ) : s.disputed > 0 ? (
        // Disputed and still debiting: the next charge is a warning until the agreement behind it is closed.
        <p className="series-warning small" role="note" data-testid="series-next-warning">
          {t.nextExpectedWarning(fmt.date(s.nextExpected, tz))}
        </p>
      ) : (
        <p className="muted small">{t.nextExpected(fmt.date(s.nextExpected, tz))}</p>
      )}
      {s.saysAutomatic && <p className="muted small">{t.saysAutomatic}</p>}
      {s.priceChanges.length > 0 && (
        <ul className="price-changes small">
          {s.priceChanges.map((c) => (
            <li key={c.at}>
              {t.priceChange(fmt.money(c.from, s.currency), fmt.money(c.to, s.currency), fmt.date(c.at, tz))}
            </li>
          ))}
        </ul>
      )}
      <div className="series-actions">
        {isAllDisputed ? (
          <button
            type="button"
            className="button small"
            disabled={props.busy}
            onClick={() => props.onDispute(false)}
          >
            {t.undisputeSeries}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={props.busy}
            onClick={() => props.onDispute(true)}
          >
            {t.disputeSeries(s.count)}
          </button>
        )}
      </div>
    </article>
  );
}
