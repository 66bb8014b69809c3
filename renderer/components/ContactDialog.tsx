import { CalendarClock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { Agency, ContactAdded, ContactChannel, ContactParty } from '../../electron/ipc/contract.ts';
import { AGENCIES, CONTACT_CHANNELS, CONTACT_PARTIES } from '../../electron/ipc/words.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { toLocalInput } from '../lib/time.ts';
import { useModalOnMount } from '../lib/dialog.ts';

type Props = {
  caseId: string;
  timeZone: string;
  initialParty: ContactParty;
  /** Called once the contact is saved, so the case (timeline, plan, deadlines) is read again. */
  onSaved: (added: ContactAdded) => void;
  onClose: () => void;
};

/** `银行业保险业消费投诉处理管理办法（中国银保监会令2020年第3号）` → the name of the rules, without the order number. */
function shortSource(source: string): string {
  return source.replace(/[（(][^）)]*[）)]\s*$/, '').trim();
}

/**
 * Logs a contact with the platform, the bank, a regulator…: it goes on the timeline, and the deadline it
 * starts (from the shipped rule table) is shown with its length and the rules it comes from.
 */
export function ContactDialog(props: Props) {
  const { t, locale } = useI18n();
  const d = t.dispute;
  const ref = useModalOnMount();
  const [party, setParty] = useState<ContactParty>(props.initialParty);
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [agency, setAgency] = useState<Agency | ''>('');
  const [when, setWhen] = useState(() => toLocalInput(new Date().toISOString(), props.timeZone).slice(0, 16));
  const [ticket, setTicket] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [added, setAdded] = useState<ContactAdded | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.addContact({
        caseId: props.caseId,
        party,
        channel,
        at: when,
        ...(party === 'regulator' && agency ? { agency } : {}),
        ...(ticket.trim() ? { ticket: ticket.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        lang: locale,
      });
      setAdded(result);
      props.onSaved(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog wide"
      onClose={props.onClose}
      aria-labelledby="contact-title"
      data-testid="contact-dialog"
    >
      {added ? (
        <div className="form">
          <h2 id="contact-title">{d.contactTitle}</h2>
          <p role="status">{d.contactSaved}</p>
          {added.deadlines.length === 0 ? (
            <p className="muted">{d.noDeadlineStarted}</p>
          ) : (
            <ul className="deadline-list" data-testid="contact-deadlines">
              {added.deadlines.map((x) => (
                <li key={x.id} className="deadline-item">
                  <CalendarClock size={16} aria-hidden="true" />
                  <span>
                    {d.deadlineStarted(
                      x.title,
                      x.at.slice(0, 10),
                      x.days,
                      x.isWorkingDays,
                      shortSource(x.source),
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <button type="button" className="button primary" onClick={() => ref.current?.close()} autoFocus>
              {d.done}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <h2 id="contact-title">{d.contactTitle}</h2>
          <div className="field-row">
            <label className="field">
              <span className="field-label">{d.contactWith}</span>
              <select value={party} onChange={(e) => setParty(e.target.value as ContactParty)} autoFocus>
                {CONTACT_PARTIES.map((p) => (
                  <option key={p} value={p}>
                    {d.parties[p]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{d.contactChannel}</span>
              <select value={channel} onChange={(e) => setChannel(e.target.value as ContactChannel)}>
                {CONTACT_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {d.channels[c]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="field-row">
            {party === 'regulator' && (
              <label className="field">
                <span className="field-label">{d.agencyLabel}</span>
                <select value={agency} onChange={(e) => setAgency(e.target.value as Agency | '')}>
                  <option value="">{d.agencyUnknown}</option>
                  {AGENCIES.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="field">
              <span className="field-label">{d.contactWhen}</span>
              <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
            </label>
            <label className="field">
              <span className="field-label">{d.contactTicket}</span>
              <input
                value={ticket}
                onChange={(e) => setTicket(e.target.value)}
                placeholder={d.contactTicketPlaceholder}
                maxLength={300}
              />
            </label>
          </div>
          <label className="field">
            <span className="field-label">{d.contactNote}</span>
            <textarea
              rows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={d.contactNotePlaceholder}
              maxLength={20_000}
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button" onClick={() => ref.current?.close()}>
              {t.cancel}
            </button>
            <button type="submit" className="button primary" disabled={isBusy}>
              {d.contactSubmit}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
