import { ChevronDown, ChevronRight, Repeat, Search } from 'lucide-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TableVirtuoso, type TableComponents, type TableVirtuosoHandle } from 'react-virtuoso';
import type { Charges, PaymentDto, SeriesDto } from '../../electron/ipc/contract.ts';
import type { Rail } from '../../electron/ipc/ledger-kinds.ts';
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

type Line = { type: 'payment' | 'detail'; p: PaymentDto };

/** A payment row's height in px: `.charges-table tbody tr:not(.is-detail) > td` in styles.css. */
const ROW_HEIGHT = 41;

// Defined once: a component made during render would remount every row on each render.
const TABLE_COMPONENTS: TableComponents<Line, { highlightId: string | null }> = {
  TableRow: ({ item, context, ...rest }) => {
    const found =
      context?.highlightId &&
      (item.p.id === context.highlightId ||
        item.p.sightings.some((x) => x.transactionId === context.highlightId));
    const names = [
      item.type === 'detail' ? 'is-detail' : '',
      item.p.isDisputed ? 'is-disputed' : '',
      item.p.kind === 'refund' ? 'is-refund' : '',
      found && item.type === 'payment' ? 'is-found' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return <tr {...rest} className={names || undefined} data-id={item.p.id} />;
  },
};

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

function matches(p: PaymentDto, q: string): boolean {
  return [p.counterparty, p.description, ...p.orderIds, ...p.sightings.map((x) => x.title)].some((f) =>
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
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [hasOpened, setHasOpened] = useState(false);
  const rows = useMemo(
    () => charges.payments.filter((p) => (!isDisputedOnly || p.isDisputed) && (!q || matches(p, q))),
    [charges, q, isDisputedOnly],
  );
  const lines = useMemo(
    () =>
      rows.flatMap((p): Line[] =>
        open.has(p.id)
          ? [
              { type: 'payment', p },
              { type: 'detail', p },
            ]
          : [{ type: 'payment', p }],
      ),
    [rows, open],
  );
  const byId = useMemo(() => new Map(charges.payments.map((p) => [p.id, p])), [charges]);
  const toggle = useCallback((id: string) => {
    setHasOpened(true);
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const table = useRef<TableVirtuosoHandle>(null);
  const foundIndex = props.highlightId
    ? lines.findIndex(
        (l) =>
          l.p.id === props.highlightId || l.p.sightings.some((x) => x.transactionId === props.highlightId),
      )
    : -1;
  // Opened from a search result: the row is brought into view once the table has its scroller.
  useEffect(() => {
    if (foundIndex < 0 || !scroller) return;
    const frame = requestAnimationFrame(() =>
      table.current?.scrollToIndex({ index: foundIndex, align: 'center' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [foundIndex, scroller]);

  // The latest callbacks, for handlers that stay the same from one render to the next (the rows are memoised).
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const caseId = charges.caseId;
  const dispute = useCallback(
    async (ids: string[], disputed: boolean) => {
      setBusy(true);
      try {
        latest.current.onChanged(await api.disputeTransactions(caseId, ids, disputed));
      } catch (e) {
        latest.current.onError(e);
      } finally {
        setPending(new Map());
        setBusy(false);
      }
    },
    [caseId],
  );
  const disputeRow = useCallback(
    (p: PaymentDto, disputed: boolean) => {
      setPending(new Map([[p.id, disputed]]));
      void dispute([p.sightings[0]!.transactionId], disputed);
    },
    [dispute],
  );

  const change = useCallback(async (run: () => Promise<Charges>) => {
    setBusy(true);
    try {
      latest.current.onChanged(await run());
    } catch (e) {
      latest.current.onError(e);
    } finally {
      setBusy(false);
    }
  }, []);

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

      {charges.toConfirm > 0 && (
        <div className="ledger-confirm" role="status" data-testid="to-confirm">
          <span>{t.ledger.toConfirm(charges.toConfirm)}</span>
          <button
            type="button"
            className="button small"
            disabled={busy}
            onClick={() => void change(() => api.confirmMatches(charges.caseId))}
          >
            {t.ledger.confirmAll}
          </button>
        </div>
      )}

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
          {t.ledger.rowsShown(rows.length, charges.payments.length)}
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
          data={lines}
          increaseViewportBy={400}
          // Rows of one fixed height (styles.css) are laid out without being measured; once a row's detail
          // has been opened (of its own height), every row is measured from then on.
          fixedItemHeight={hasOpened ? undefined : ROW_HEIGHT}
          computeItemKey={(_i, l) => `${l.type}:${l.p.id}`}
          fixedHeaderContent={() => (
            <tr>
              <th className="c-dispute">{t.ledger.col.dispute}</th>
              <th className="c-time">{t.ledger.col.time}</th>
              <th className="c-party">{t.ledger.col.payee}</th>
              <th className="c-amount">{t.ledger.col.amount}</th>
              <th className="c-rail">{t.ledger.col.rail}</th>
              <th className="c-source">{t.ledger.col.seen}</th>
            </tr>
          )}
          itemContent={(_i, l) =>
            l.type === 'detail' ? (
              <td colSpan={6} className="c-detail">
                <PaymentDetail
                  payment={l.p}
                  byId={byId}
                  timeZone={tz}
                  busy={busy}
                  onChange={(run) => void change(run)}
                  caseId={charges.caseId}
                />
              </td>
            ) : (
              <PaymentCells
                p={l.p}
                timeZone={tz}
                isOpen={open.has(l.p.id)}
                onToggle={toggle}
                checked={pending.get(l.p.id)}
                busy={busy}
                onDispute={disputeRow}
              />
            )
          }
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

const SOURCE_ORDER = ['alipay', 'wechat', 'platform', 'bank'];

/** `支付宝 + 中国银行`: where a payment is seen, as short badges; the full references are in the row's detail. */
function SourceBadges(props: { p: PaymentDto }) {
  const { t } = useI18n();
  const seen = [...new Set(props.p.sightings.map((x) => x.source))].sort(
    (a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b),
  );
  const full = props.p.sightings.map((x) => t.ledger.rowIn(showHidden(x.title), x.line, x.page)).join('\n');
  return (
    <span className="source-badges" title={full}>
      {seen.map((s, i) => (
        <span key={s}>
          {i > 0 && <span className="muted"> + </span>}
          <span className="badge source">
            {s === 'bank' && props.p.bank?.name ? props.p.bank.name : (t.ledger.sources[s] ?? s)}
          </span>
        </span>
      ))}
    </span>
  );
}

/**
 * One payment's cells. Memoised, with handlers that take the payment: scrolling renders only the rows that
 * come into view, and each row formats its date, time and amount once.
 */
const PaymentCells = memo(function PaymentCells(props: {
  p: PaymentDto;
  timeZone: string;
  isOpen: boolean;
  onToggle: (id: string) => void;
  checked: boolean | undefined;
  busy: boolean;
  onDispute: (p: PaymentDto, disputed: boolean) => void;
}) {
  const { t, fmt } = useI18n();
  const { p } = props;
  const tz = props.timeZone;
  // Signed amounts: a charge is money out, a refund money back (shown positive, in green).
  const sign = p.direction === 'out' ? '−' : p.direction === 'in' ? '+' : '';
  const waiting = p.pending.length;
  const date = fmt.date(p.utc, tz);
  const time = fmt.time(p.utc, tz);
  const money = fmt.money(p.amount, p.currency);
  return (
    <>
      <td className="c-dispute">
        {p.kind === 'charge' && (
          <input
            type="checkbox"
            checked={props.checked ?? p.isDisputed}
            disabled={props.busy}
            aria-label={t.disputeRow(`${p.counterparty} ${money} ${date}`)}
            onChange={(e) => props.onDispute(p, e.target.checked)}
          />
        )}
      </td>
      <td className="c-time tabular" title={`${date} ${time}`}>
        {date} {p.hasTime && <span className="muted">{time}</span>}
      </td>
      <td className="c-party">
        <button
          type="button"
          className="row-toggle"
          aria-expanded={props.isOpen}
          onClick={() => props.onToggle(p.id)}
          title={props.isOpen ? t.ledger.hideRows : t.ledger.showRows(p.sightings.length)}
        >
          {props.isOpen ? (
            <ChevronDown size={14} aria-hidden="true" />
          ) : (
            <ChevronRight size={14} aria-hidden="true" />
          )}
          <span className="party-name">{p.counterparty}</span>
          {p.description && <span className="muted"> · {p.description}</span>}
        </button>
        {p.kind === 'refund' && <span className="badge refund">{t.ledger.refundBadge}</span>}
        {waiting > 0 && <span className="badge waiting">{t.ledger.kinds[p.pending[0]!.kind]}</span>}
      </td>
      <td className={`c-amount tabular ${p.direction === 'in' ? 'is-in' : ''}`}>
        {sign}
        {money}
        {p.kind === 'charge' && p.refunded !== '0.00' && (
          <span className="muted small"> · {t.ledger.refunded(fmt.money(p.refunded, p.currency))}</span>
        )}
      </td>
      <td className="c-rail" title={t.ledger.railHelp[p.rail]}>
        {t.ledger.rails[p.rail]}
      </td>
      <td className="c-source">
        <SourceBadges p={p} />
      </td>
    </>
  );
});

function PaymentDetail(props: {
  caseId: string;
  payment: PaymentDto;
  byId: Map<string, PaymentDto>;
  timeZone: string;
  busy: boolean;
  onChange: (run: () => Promise<Charges>) => void;
}) {
  const { t, fmt } = useI18n();
  const { payment: p, caseId } = props;
  const tz = props.timeZone;
  return (
    <div className="payment-detail" data-testid="payment-detail">
      <ul className="sightings">
        {p.sightings.map((x) => (
          <li key={x.transactionId}>
            <span className="badge source">{t.ledger.sources[x.source] ?? x.source}</span>{' '}
            <span>{t.ledger.rowIn(showHidden(x.title), x.line, x.page)}</span>
            {p.sightings.length > 1 && (
              <button
                type="button"
                className="link-button"
                disabled={props.busy}
                title={t.ledger.splitHelp}
                onClick={() =>
                  props.onChange(() => api.splitPayment({ caseId, transactionId: x.transactionId }))
                }
              >
                {t.ledger.split}
              </button>
            )}
          </li>
        ))}
      </ul>
      {p.orderIds.length > 0 && <p className="muted small">{p.orderIds.join(' · ')}</p>}
      {p.pending.map((x) => {
        const other = props.byId.get(x.paymentId);
        if (!other) return null;
        const intro =
          x.kind === 'same'
            ? t.ledger.sameAs
            : x.kind === 'duplicate'
              ? t.ledger.duplicateOf
              : x.kind === 'retry'
                ? t.ledger.retryOf
                : t.ledger.refundFor;
        return (
          <div key={`${x.kind}:${x.paymentId}`} className="suggestion" data-testid="ledger-suggestion">
            <p>
              {intro}{' '}
              {x.kind !== 'duplicate' && (
                <strong>
                  {other.counterparty} {fmt.money(other.amount, other.currency)} · {fmt.date(other.utc, tz)}{' '}
                  {fmt.time(other.utc, tz)}
                </strong>
              )}
            </p>
            <p className="muted small">{x.reasons.map((r) => t.ledger.reason(r)).join(' · ')}</p>
            <div className="suggestion-actions">
              {x.kind === 'same' && (
                <button
                  type="button"
                  className="button small"
                  disabled={props.busy}
                  onClick={() =>
                    props.onChange(() => api.joinPayment({ caseId, transactionIds: x.transactionIds }))
                  }
                >
                  {t.ledger.confirm}
                </button>
              )}
              <button
                type="button"
                className="button small subtle"
                disabled={props.busy}
                onClick={() =>
                  props.onChange(() =>
                    api.rejectLink({ caseId, transactionIds: x.transactionIds, kind: x.kind }),
                  )
                }
              >
                {x.kind === 'duplicate' ? t.ledger.notDuplicate : t.ledger.reject}
              </button>
            </div>
          </div>
        );
      })}
      <JoinPicker
        caseId={caseId}
        payment={p}
        byId={props.byId}
        timeZone={tz}
        busy={props.busy}
        onChange={props.onChange}
      />
      <label className="rail-select small">
        {t.ledger.railLabel}{' '}
        <select
          value={p.railSource === 'user' ? p.rail : ''}
          disabled={props.busy}
          onChange={(e) =>
            props.onChange(() =>
              api.setRail({
                caseId,
                transactionId: p.sightings[0]!.transactionId,
                rail: e.target.value ? (e.target.value as Rail) : null,
              }),
            )
          }
        >
          <option value="">{t.ledger.railAuto(t.ledger.rails[p.rail])}</option>
          {(Object.keys(t.ledger.rails) as Rail[]).map((r) => (
            <option key={r} value={r}>
              {t.ledger.rails[r]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/**
 * Join a row the matcher missed: the same payment seen in another file. Only rows that could be the same payment
 * are offered (same amount, currency and direction, another file), nearest in time first.
 */
function JoinPicker(props: {
  caseId: string;
  payment: PaymentDto;
  byId: Map<string, PaymentDto>;
  timeZone: string;
  busy: boolean;
  onChange: (run: () => Promise<Charges>) => void;
}) {
  const { t, fmt } = useI18n();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState('');
  const { payment: p, timeZone: tz } = props;
  const files = new Set(p.sightings.map((x) => x.evidenceId));
  const at = Date.parse(p.utc);
  const candidates = open
    ? [...props.byId.values()]
        .filter(
          (o) =>
            o.id !== p.id &&
            o.kind === p.kind &&
            o.direction === p.direction &&
            o.amount === p.amount &&
            o.currency === p.currency &&
            !o.sightings.some((x) => files.has(x.evidenceId)),
        )
        .sort((a, b) => Math.abs(Date.parse(a.utc) - at) - Math.abs(Date.parse(b.utc) - at))
        .slice(0, 50)
    : [];
  if (!open)
    return (
      <button type="button" className="link-button small" disabled={props.busy} onClick={() => setOpen(true)}>
        {t.ledger.joinOpen}
      </button>
    );
  const other = candidates.find((o) => o.id === choice);
  return (
    <div className="join-picker" data-testid="join-picker">
      {candidates.length === 0 ? (
        <p className="muted small">{t.ledger.joinNone}</p>
      ) : (
        <>
          <label className="small">
            {t.ledger.joinLabel}{' '}
            <select value={choice} disabled={props.busy} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t.ledger.joinPick}</option>
              {candidates.map((o) => (
                <option key={o.id} value={o.id}>
                  {fmt.date(o.utc, tz)} {o.hasTime ? fmt.time(o.utc, tz) : ''} · {o.counterparty} ·{' '}
                  {fmt.money(o.amount, o.currency)} ·{' '}
                  {o.sightings.map((x) => t.ledger.rowIn(showHidden(x.title), x.line, x.page)).join('; ')}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small">{t.ledger.joinHelp}</p>
          <button
            type="button"
            className="button small"
            disabled={props.busy || !other}
            onClick={() => {
              if (!other) return;
              setOpen(false);
              props.onChange(() =>
                api.joinPayment({
                  caseId: props.caseId,
                  transactionIds: [p.sightings[0]!.transactionId, other.sightings[0]!.transactionId],
                }),
              );
            }}
          >
            {t.ledger.joinDo}
          </button>
        </>
      )}
    </div>
  );
}
