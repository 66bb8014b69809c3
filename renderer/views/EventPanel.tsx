import { PanelResizer } from '../components/PanelResizer.tsx';
import { When } from '../components/When.tsx';
import { Paperclip, Trash2, X } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import type { TimelineRow } from '../../electron/ipc/contract.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import { api } from '../lib/api.ts';
import { showHidden } from '../lib/text.ts';
import '../talk.css';

// The contact dialog's chunk, loaded when the user attaches (as App loads it when the user logs a contact).
const AttachDialog = lazy(() =>
  import('../components/ContactDialog.tsx').then((m) => ({ default: m.AttachDialog })),
);

export function EventPanel(props: {
  caseId: string;
  row: TimelineRow;
  timeZone: string;
  onDelete: () => void;
  onClose: () => void;
  /** Opens one of a contact's attachments. */
  onOpen: (evidenceId: string) => void;
}) {
  const { t } = useI18n();
  const { row } = props;
  const [isAttaching, setAttaching] = useState(false);
  return (
    <aside className="panel" aria-label={t.detail}>
      <PanelResizer />
      <div className="panel-header">
        <span className="panel-kind">
          <KindIcon type="event" kind={row.kind} size={16} />
          {t.eventKinds[row.kind as keyof Messages['eventKinds']]}
        </span>
        <button
          type="button"
          className="icon-button"
          onClick={props.onClose}
          aria-label={t.close}
          title={t.close}
        >
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <h2 className="panel-title">{row.title}</h2>
      <dl className="facts">
        <dt>{t.when}</dt>
        <dd>
          <When utc={row.utc} timeZone={props.timeZone} />
        </dd>
        {row.reference && (
          <>
            <dt>{t.reference}</dt>
            <dd>{row.reference}</dd>
          </>
        )}
        {row.notes && (
          <>
            <dt>{t.notesLabel}</dt>
            <dd className="pre">{row.notes}</dd>
          </>
        )}
      </dl>
      {(row.contactId || (row.attachments && row.attachments.length > 0)) && (
        <section aria-labelledby="contact-attachments-title" data-testid="contact-attachments">
          <h3 id="contact-attachments-title" className="card-title">
            {t.talk.attachments}
          </h3>
          <ul className="contact-attachments">
            {(row.attachments ?? []).map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="button subtle"
                  aria-label={t.talk.open(a.title)}
                  onClick={() => props.onOpen(a.id)}
                >
                  {a.hasThumb ? (
                    <img className="attach-thumb" src={api.thumbUrl(a.id)} alt="" loading="lazy" />
                  ) : (
                    <span className="attach-icon">
                      <KindIcon type="evidence" kind={a.kind} size={16} />
                    </span>
                  )}
                  <span className="attach-title">{showHidden(a.title)}</span>
                  <span className="muted small">{t.evidenceKinds[a.kind]}</span>
                </button>
              </li>
            ))}
          </ul>
          {row.contactId && (
            <button type="button" className="button small" onClick={() => setAttaching(true)}>
              <Paperclip size={14} aria-hidden="true" />
              {t.talk.attachLater}
            </button>
          )}
        </section>
      )}
      {isAttaching && row.contactId && (
        <Suspense fallback={null}>
          <AttachDialog
            caseId={props.caseId}
            contactId={row.contactId}
            title={row.title}
            timeZone={props.timeZone}
            attached={(row.attachments ?? []).map((a) => a.id)}
            onClose={() => setAttaching(false)}
          />
        </Suspense>
      )}
      <div className="panel-footer">
        <button type="button" className="button subtle" onClick={props.onDelete}>
          <Trash2 size={16} aria-hidden="true" />
          {t.deleteEvent}
        </button>
      </div>
    </aside>
  );
}
