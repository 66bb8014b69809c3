import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Charges, EvidenceDetail, MessageDto, TransactionDto } from '../../electron/ipc/contract.ts';
import { When } from './When.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { invalidate, keys, useCharges, useMessages } from '../lib/queries.ts';

/** The panel shows the first rows; all of them are on the Charges and Messages pages. */
const SHOWN = 300;

/**
 * What was read from a bill or a chat export, in its own panel: the bill's rows with a dispute box on each
 * charge, or the chat as a transcript. The file itself stays as filed; these are the facts read from it.
 */
export function ItemRecords(props: { detail: EvidenceDetail; timeZone: string }) {
  const { detail } = props;
  if (detail.records.transactions > 0) return <ItemTransactions {...props} />;
  if (detail.records.messages > 0) return <ItemTranscript {...props} />;
  return null;
}

function ItemTransactions(props: { detail: EvidenceDetail; timeZone: string }) {
  const { t, fmt } = useI18n();
  const r = t.itemRecords;
  const client = useQueryClient();
  const { id, caseId } = props.detail;
  const query = useCharges(caseId, id);
  const rows = query.data?.transactions ?? null;
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (query.error ? query.error.message : null);

  const toggle = (tx: TransactionDto, disputed: boolean) => {
    setBusy(tx.id);
    setError(null);
    // Shown at once; the answer from the locker then replaces it (or the error puts it back).
    client.setQueryData<Charges>(keys.charges(caseId, id), (c) =>
      c
        ? {
            ...c,
            transactions: c.transactions.map((r) => (r.id === tx.id ? { ...r, isDisputed: disputed } : r)),
          }
        : c,
    );
    api
      .disputeTransactions(caseId, [tx.id], disputed)
      .catch((e: Error) => setError(e.message))
      .finally(() => {
        setBusy(null);
        void invalidate(client, 'ledger', caseId);
      });
  };

  if (!rows) return error ? <p className="form-error small">{error}</p> : null;
  const total = props.detail.records.transactions;
  return (
    <section className="item-records" data-testid="item-transactions" aria-label={r.rowsTitle(total)}>
      <h3 className="small muted">{r.rowsTitle(total)}</h3>
      <table className="item-table">
        <thead>
          <tr>
            <th>{r.when}</th>
            <th>{r.who}</th>
            <th className="num">{r.amount}</th>
            <th>{r.disputed}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((tx) => (
            <tr key={tx.id} className={tx.isDisputed ? 'is-disputed' : undefined}>
              <td>
                <When utc={tx.utc} timeZone={props.timeZone} />
              </td>
              <td>
                {tx.counterparty}
                {tx.description && <span className="muted small"> · {tx.description}</span>}
              </td>
              <td className="num tabular">
                {tx.direction === 'out' ? '−' : tx.direction === 'in' ? '+' : ''}
                {fmt.money(tx.amount, tx.currency)}
              </td>
              <td>
                {tx.direction === 'out' && (
                  <input
                    type="checkbox"
                    checked={tx.isDisputed}
                    disabled={busy === tx.id}
                    aria-label={r.disputeRow(tx.counterparty, fmt.money(tx.amount, tx.currency))}
                    onChange={(e) => toggle(tx, e.target.checked)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > SHOWN && <p className="muted small">{r.more(SHOWN, total)}</p>}
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function ItemTranscript(props: { detail: EvidenceDetail; timeZone: string }) {
  const { t } = useI18n();
  const r = t.itemRecords;
  const { id, caseId } = props.detail;
  const query = useMessages(caseId, id);
  const messages: MessageDto[] | null = query.data?.messages ?? null;
  const error = query.error ? query.error.message : null;

  if (!messages) return error ? <p className="form-error small">{error}</p> : null;
  const total = props.detail.records.messages;
  return (
    <section className="item-records" data-testid="item-transcript" aria-label={r.transcriptTitle(total)}>
      <h3 className="small muted">{r.transcriptTitle(total)}</h3>
      <ol className="transcript">
        {messages.slice(0, SHOWN).map((m) => (
          <li key={m.id} className={m.isSystem ? 'is-system' : undefined}>
            <span className="muted small">
              <When utc={m.utc} timeZone={props.timeZone} />
            </span>
            {!m.isSystem && <strong>{m.sender}</strong>}
            <span className="transcript-text">{m.text}</span>
          </li>
        ))}
      </ol>
      {total > SHOWN && <p className="muted small">{r.moreMessages(SHOWN, total)}</p>}
    </section>
  );
}
