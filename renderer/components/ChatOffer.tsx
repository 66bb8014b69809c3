import { Check, MessagesSquare } from 'lucide-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EvidenceDetail } from '../../electron/ipc/contract.ts';
import '../talk.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { invalidate, keys } from '../lib/queries.ts';

/** Bubbles shown in the offer before "and N more": enough to recognise the chat, never a wall of text. */
const SHOWN = 4;

/**
 * A screenshot whose text reads as a chat, offered (never filed alone) as the contact with the platform:
 * one sentence, the messages as read, "File as a contact" and "No, thanks". Filed, it says so quietly; turned
 * down, it is not shown again. A failure is shown by the app's toast (the mutation cache reports it).
 */
export function ChatOffer(props: { detail: EvidenceDetail; timeZone: string }) {
  const { t, fmt, locale } = useI18n();
  const w = t.talk;
  const { detail } = props;
  const client = useQueryClient();
  const ocrDone = useQuery({
    queryKey: ['ocr:get', { evidenceId: detail.id }],
    queryFn: () => api.getOcr(detail.id),
    enabled: false,
  }).data;
  const offer = useQuery({
    queryKey: keys.chat(detail.id),
    queryFn: () => api.invoke('chat:read', { evidenceId: detail.id }),
    // Asked once the text is read (Suggestions polls the OCR state; its answer lands in the same cache).
    enabled: detail.mime.startsWith('image/') && ocrDone?.status === 'done',
    meta: { isQuiet: true },
  }).data;
  const file = useMutation({
    mutationFn: () => api.invoke('chat:file', { evidenceId: detail.id, lang: locale }),
    onSuccess: (filed) => {
      client.setQueryData(keys.chat(detail.id), filed.offer);
      void invalidate(client, 'chat', detail.caseId, keys.chat(detail.id));
    },
  });
  const decline = useMutation({
    mutationFn: () => api.invoke('chat:decline', { evidenceId: detail.id }),
    onSuccess: (answer) => {
      client.setQueryData(keys.chat(detail.id), answer);
      void client.invalidateQueries({ queryKey: keys.evidence(detail.id) });
      void client.invalidateQueries({ queryKey: keys.chatOffers(detail.caseId) });
    },
  });

  if (!offer || !offer.isChat || offer.isDeclined) return null;
  if (offer.contactId) {
    const first = offer.messages.find((m) => m.side !== 'middle') ?? offer.messages[0];
    return (
      <p className="chat-filed small" role="status" data-testid="chat-filed">
        <Check size={14} aria-hidden="true" />
        {w.filed(offer.with, first ? fmt.date(first.at, props.timeZone) : '')}
      </p>
    );
  }
  const spoken = offer.messages.filter((m) => m.side !== 'middle');
  const shown = spoken.slice(0, SHOWN);
  return (
    <section className="chat-offer" aria-labelledby="chat-offer-title" data-testid="chat-offer">
      <h3 id="chat-offer-title" className="chat-offer-title">
        <MessagesSquare size={16} aria-hidden="true" />
        <span>{w.offer(offer.with)}</span>
      </h3>
      <p className="muted small">{w.offerHint}</p>
      <ol className="chat-bubbles" aria-label={w.readByOcr}>
        {shown.map((m, i) => (
          <li key={i} className={`bubble ${m.side}`}>
            <span className="bubble-who small muted">
              {m.side === 'me' ? w.me : w.them(offer.with)} · {fmt.time(m.at, props.timeZone)}
            </span>
            <span className="bubble-text">{m.text}</span>
          </li>
        ))}
      </ol>
      {spoken.length > shown.length && (
        <p className="muted small">{w.shownMore(spoken.length - shown.length)}</p>
      )}
      <div className="chat-offer-actions">
        <button
          type="button"
          className="button primary"
          disabled={file.isPending || decline.isPending}
          onClick={() => file.mutate()}
        >
          {file.isPending ? w.filing : w.accept}
        </button>
        <button
          type="button"
          className="button subtle"
          disabled={file.isPending || decline.isPending}
          onClick={() => decline.mutate()}
        >
          {w.decline}
        </button>
      </div>
    </section>
  );
}
