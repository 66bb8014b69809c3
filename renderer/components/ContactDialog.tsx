import { CalendarClock, Paperclip, Plus } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type {
  Agency,
  ContactAdded,
  ContactChannel,
  ContactParty,
  ImportSummary,
  TimelineRow,
} from '../../electron/ipc/contract.ts';
import { AGENCIES, CONTACT_CHANNELS, CONTACT_PARTIES } from '../../electron/ipc/words.ts';
import '../talk.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { invalidate, useTimeline } from '../lib/queries.ts';
import { showHidden } from '../lib/text.ts';
import { toLocalInput } from '../lib/time.ts';
import { useModalOnMount } from '../lib/dialog.ts';
import { KindIcon } from './KindIcon.tsx';

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
 * Logs a contact with the platform, the bank, a regulator…: it goes on the timeline with the evidence the user
 * ticks (or adds here), and the deadline it starts (from the shipped rule table) is shown with its length and
 * the rules it comes from.
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
  const [attached, setAttached] = useState<string[]>([]);
  const timeline = useTimeline(props.caseId);
  const titles = new Map(timeline?.rows.filter((r) => r.type === 'evidence').map((r) => [r.id, r.title]));

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
        ...(attached.length ? { evidenceIds: attached } : {}),
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
          {added.evidenceIds.length > 0 && (
            <p className="contact-attached small" data-testid="contact-attached">
              <Paperclip size={14} aria-hidden="true" />
              <span>
                {t.talk.attachedLine(added.evidenceIds.map((id) => showHidden(titles.get(id) ?? id)))}
              </span>
            </p>
          )}
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
          <Attachments
            caseId={props.caseId}
            timeZone={props.timeZone}
            value={attached}
            onChange={setAttached}
          />
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

/**
 * Evidence attached to a contact already logged (or detached): the same picker, its ticks starting from what
 * is attached; saving sends what was added and what was taken off (the items themselves are never touched).
 */
export function AttachDialog(props: {
  caseId: string;
  contactId: string;
  /** The contact's title on the timeline (`Chat with 元保`), as the dialog's heading. */
  title: string;
  timeZone: string;
  attached: string[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const ref = useModalOnMount();
  const [value, setValue] = useState<string[]>(props.attached);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const add = value.filter((id) => !props.attached.includes(id));
      const remove = props.attached.filter((id) => !value.includes(id));
      if (add.length || remove.length) {
        await api.invoke('contact:attach', { id: props.contactId, add, remove });
        await invalidate(client, 'events', props.caseId);
      }
      ref.current?.close();
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
      aria-labelledby="attach-title"
      data-testid="attach-dialog"
    >
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <h2 id="attach-title">{props.title}</h2>
        <Attachments caseId={props.caseId} timeZone={props.timeZone} value={value} onChange={setValue} />
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
            {t.talk.attachSave}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * The evidence of a contact: the case's items to tick (newest first, screenshots with their top as a
 * thumbnail), and a new file, filed into the case and ticked at once.
 */
function Attachments(props: {
  caseId: string;
  timeZone: string;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t, fmt, say } = useI18n();
  const w = t.talk;
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [isAdding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const items: TimelineRow[] = (useTimeline(props.caseId)?.rows ?? [])
    .filter((r) => r.type === 'evidence')
    .reverse();
  const chosen = new Set(props.value);
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.value, id] : props.value.filter((x) => x !== id));

  const filed = (summary: ImportSummary) => {
    // What the user chose to add, not what came out of it (the entries of a ZIP stay in the case unticked).
    const ids = summary.files.flatMap((f) =>
      (f.outcome === 'added' || f.outcome === 'duplicate') && !f.parentId ? [f.evidenceId] : [],
    );
    const failed = summary.files.find((f) => f.outcome === 'failed' || f.outcome === 'skipped');
    setProblem(failed ? `${failed.name}: ${say(failed)}` : null);
    props.onChange([...props.value, ...ids.filter((id) => !chosen.has(id))]);
    return invalidate(client, 'records', summary.caseId);
  };
  const add = async (files: File[] | null) => {
    setAdding(true);
    setProblem(null);
    try {
      const summary = files
        ? await api.importFiles(props.caseId, files)
        : await api.pickFiles?.(props.caseId);
      if (summary) await filed(summary);
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setAdding(false);
    }
  };

  return (
    <fieldset className="field" data-testid="contact-attach">
      <legend className="field-label">{w.attachTitle}</legend>
      <span className="field-hint">{items.length ? w.attachHint : w.attachNone}</span>
      {items.length > 0 && (
        <ul className="attach-list">
          {items.map((r) => (
            <li key={r.id} className="attach-item">
              <label>
                <input
                  type="checkbox"
                  checked={chosen.has(r.id)}
                  onChange={(e) => toggle(r.id, e.target.checked)}
                />
                {r.hasThumb ? (
                  <img className="attach-thumb" src={api.thumbUrl(r.id)} alt="" loading="lazy" />
                ) : (
                  <span className="attach-icon">
                    <KindIcon type="evidence" kind={r.kind} size={16} />
                  </span>
                )}
                <span className="attach-title">{showHidden(r.title)}</span>
                <span className="muted small tabular">{fmt.date(r.utc, props.timeZone)}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="attach-foot">
        <span className="muted small" role="status">
          {isAdding ? w.adding : w.attached(props.value.length)}
        </span>
        <button
          type="button"
          className="button small"
          disabled={isAdding}
          onClick={() => (api.pickFiles ? void add(null) : input.current?.click())}
        >
          <Plus size={14} aria-hidden="true" />
          {w.addFile}
        </button>
      </div>
      {problem && (
        <p className="form-error small" role="alert">
          {problem}
        </p>
      )}
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="contact-file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void add(files);
        }}
      />
    </fieldset>
  );
}
