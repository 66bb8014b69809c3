import { Fingerprint, LockKeyhole, RotateCcw, Trash2, TriangleAlert, X, ZoomIn, ZoomOut } from 'lucide-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { Locale, Messages } from '../i18n/messages.ts';
import { PanelResizer } from '../components/PanelResizer.tsx';
import { When } from '../components/When.tsx';
import type { EvidenceDetail, HistoryEntry, Input, PixelBox } from '../../electron/ipc/contract.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { PdfView } from '../components/PdfView.tsx';
import { RedactionEditor } from '../components/RedactionEditor.tsx';
import { ChatOffer } from '../components/ChatOffer.tsx';
import { Suggestions } from '../components/Suggestions.tsx';
import '../imports.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import type { LockedFile } from '../lib/import-results.ts';
import { keys } from '../lib/queries.ts';
import { toLocalInput } from '../lib/time.ts';
import { showHidden } from '../lib/text.ts';
import { ItemRecords } from '../components/ItemRecords.tsx';
import { ColumnMapCard } from '../components/ColumnMapDialog.tsx';

type Props = {
  id: string;
  timeZone: string;
  onChanged: (detail: EvidenceDetail) => void;
  onClose: () => void;
  /** Asks for the password of an item filed without it. */
  onPassword?: (file: LockedFile) => void;
  /** Where a search match was read in the picture: outlined over it. */
  found?: { box: PixelBox; label: string } | null;
};

type Draft = { title: string; when: string; tags: string; notes: string };

function draftOf(d: EvidenceDetail, tz: string): Draft {
  return { title: d.title, when: toLocalInput(d.occurredUtc, tz), tags: d.tags.join(', '), notes: d.notes };
}

function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The file's type in the interface's words: the catalogue's for known types; otherwise the sniffer's label in
 * English, and in Chinese its short code ("TIFF 文件"), never an English phrase.
 */
function fileTypeWords(t: Messages, mime: string, label: string, locale: Locale): string {
  const known = t.fileTypes[mime];
  if (known) return known;
  if (locale === 'en') return label;
  const code = /^[A-Z0-9]{2,5}\b/.exec(label)?.[0] ?? mime.split('/')[1]?.toUpperCase() ?? '';
  return t.fileTypeOther(code);
}

/** The services' title suggestion in the interface's words. */
function suggestedTitle(t: Messages, s: EvidenceDetail['titleSuggestion']): string | null {
  if (!s) return null;
  const w = t.titleSuggestion;
  if (s.kind === 'chat-screenshot') return w.chat(s.with);
  const source = s.source === 'bank' && s.bank ? s.bank : (w.sources[s.source] ?? '');
  return w.bill(source, s.from, s.to);
}

export function EvidencePanel(props: Props) {
  const { t, fmt, say, locale } = useI18n();
  const tz = props.timeZone;
  const client = useQueryClient();
  const query = useQuery({ queryKey: keys.evidence(props.id), queryFn: () => api.getEvidence(props.id) });
  const detail = query.data ?? null;
  // The user's edits, made on one answer: a newer answer (the item changed) starts from what it says.
  const [edit, setEdit] = useState<{ base: EvidenceDetail; draft: Draft } | null>(null);
  const draft = detail ? (edit?.base === detail ? edit.draft : draftOf(detail, tz)) : null;
  const setDraft = (next: Draft) => {
    if (detail) setEdit({ base: detail, draft: next });
  };
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (query.error ? query.error.message : null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [isZoomed, setZoomed] = useState(false);
  const trashDialog = useRef<HTMLDialogElement>(null);
  const [pointedAt, setPointedAt] = useState<{ box: PixelBox; label: string }[] | null>(null);

  if (error && !detail) {
    return (
      <aside className="panel" aria-label={t.detail}>
        <PanelResizer />
        <p className="form-error">{error}</p>
      </aside>
    );
  }
  if (!detail || !draft) {
    return (
      <aside className="panel" aria-label={t.detail} aria-busy="true">
        <PanelResizer />
        <p className="muted">{t.loading}</p>
      </aside>
    );
  }

  const original = draftOf(detail, tz);
  const patch: Input<'evidence:update'>['patch'] = {};
  if (draft.title.trim() !== original.title) patch.title = draft.title.trim();
  if (draft.when !== original.when && draft.when) patch.occurredAt = draft.when;
  if (JSON.stringify(parseTags(draft.tags)) !== JSON.stringify(detail.tags))
    patch.tags = parseTags(draft.tags);
  if (draft.notes !== original.notes) patch.notes = draft.notes;
  const isDirty = Object.keys(patch).length > 0;
  const suggestion = suggestedTitle(t, detail.titleSuggestion);

  const apply = (d: EvidenceDetail) => {
    client.setQueryData(keys.evidence(d.id), d);
    setEdit(null);
    props.onChanged(d);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!isDirty) return;
    setStatus('saving');
    setError(null);
    try {
      apply(await api.updateEvidence(detail.id, patch));
      setStatus('saved');
    } catch (e) {
      setError((e as Error).message);
      setStatus('idle');
    }
  };

  const setTrashed = async (trashed: boolean) => {
    trashDialog.current?.close();
    try {
      apply(await api.trashEvidence(detail.id, trashed));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const imageUrl = detail.isViewable
    ? api.originalUrl(detail.id)
    : detail.hasThumb
      ? api.thumbUrl(detail.id)
      : null;

  return (
    <aside className="panel" aria-label={t.detail} data-testid="evidence-panel">
      <PanelResizer />
      <div className="panel-header">
        <span className="panel-kind">
          <KindIcon type="evidence" kind={detail.kind} size={16} />
          {t.evidenceKinds[detail.kind]}
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

      {detail.deletedAt && (
        <div className="banner">
          <span>{t.inTrashBanner}</span>
          <button type="button" className="button small" onClick={() => void setTrashed(false)}>
            <RotateCcw size={14} aria-hidden="true" />
            {t.restore}
          </button>
        </div>
      )}

      {detail.needsPassword && (
        <div className="banner waiting" data-testid="item-waiting">
          <span className="waiting-line">
            <LockKeyhole size={14} aria-hidden="true" />
            <span className="waiting-badge">{t.imports.waiting}</span>
          </span>
          {props.onPassword && (
            <button
              type="button"
              className="button small primary"
              onClick={() => props.onPassword?.({ name: detail.originalName, lockedId: detail.id })}
            >
              {t.imports.enterPassword}
            </button>
          )}
        </div>
      )}

      {!detail.deletedAt && detail.mime.startsWith('image/') && (
        <ChatOffer key={`chat-${detail.id}`} detail={detail} timeZone={tz} />
      )}

      {detail.isViewable && detail.mime.startsWith('image/') ? (
        <RedactionEditor
          key={detail.id}
          evidenceId={detail.id}
          imageUrl={api.originalUrl(detail.id)}
          alt={detail.title}
          marks={pointedAt ?? (props.found ? [props.found] : undefined)}
          onSaved={() => void client.invalidateQueries({ queryKey: keys.evidence(detail.id) })}
        />
      ) : detail.pdf ? (
        <PdfView key={detail.id} detail={detail} pdf={detail.pdf} />
      ) : imageUrl ? (
        <div className={`viewer${isZoomed ? ' zoomed' : ''}`}>
          <img src={imageUrl} alt={detail.title} />
          <button
            type="button"
            className="icon-button viewer-zoom"
            onClick={() => setZoomed((z) => !z)}
            aria-label={isZoomed ? t.zoomOut : t.zoomIn}
            title={isZoomed ? t.zoomOut : t.zoomIn}
          >
            {isZoomed ? <ZoomOut size={16} aria-hidden="true" /> : <ZoomIn size={16} aria-hidden="true" />}
          </button>
        </div>
      ) : detail.headers.length > 0 ? (
        <div className="mail-view" data-testid="mail-view">
          <dl className="mail-headers">
            {detail.headers.map((h) => (
              <div key={h.name}>
                <dt>{t.mailHeaders[h.name]}</dt>
                <dd>{h.value}</dd>
              </div>
            ))}
          </dl>
          {detail.text && <div className="text-view">{detail.text}</div>}
          {detail.isTextCut && <p className="muted small">{t.textCut}</p>}
        </div>
      ) : detail.records.transactions > 0 || detail.records.messages > 0 ? (
        <ItemRecords key={detail.id} detail={detail} timeZone={tz} />
      ) : detail.text && detail.kind !== 'statement' && detail.kind !== 'chat' ? (
        <section className="text-panel" data-testid="text-view" aria-label={t.textInFile}>
          <h3 className="small muted">{t.textInFile}</h3>
          <div className="text-view">{detail.text}</div>
          {detail.isTextCut && <p className="muted small">{t.textCut}</p>}
        </section>
      ) : (
        <p className="viewer-empty muted">{t.noPreview}</p>
      )}

      {props.found && detail.mime.startsWith('image/') && (
        <p className="found-caption small" data-testid="found-caption">
          {t.find.foundHere(props.found.label)}
        </p>
      )}

      <dl className="facts">
        <dt>{t.when}</dt>
        <dd>
          <When utc={detail.occurredUtc} timeZone={tz} />
          <br />
          <span className="muted small">{t.timeSources[detail.occurredSource]}</span>
        </dd>
        {detail.typeLabel && (
          <>
            <dt>{t.fileType}</dt>
            <dd>{fileTypeWords(t, detail.mime, detail.typeLabel, locale)}</dd>
          </>
        )}
        <dt>{t.size}</dt>
        <dd className="tabular">{fmt.bytes(detail.size)}</dd>
        {detail.width && detail.height ? (
          <>
            <dt>{t.dimensions}</dt>
            <dd className="tabular">
              {detail.width} × {detail.height}
            </dd>
          </>
        ) : null}
      </dl>

      {detail.invoice && (
        <dl className="facts" data-testid="invoice-facts">
          {(['number', 'date', 'seller', 'buyer', 'total', 'tax'] as const).flatMap((field) => {
            const value = detail.invoice?.[field];
            if (!value) return [];
            const isMoney = field === 'total' || field === 'tax';
            return [
              <dt key={`${field}-label`}>{t.invoiceFields[field]}</dt>,
              <dd key={field} className={isMoney ? 'tabular' : undefined}>
                {isMoney ? `${value} ${detail.invoice?.currency ?? ''}` : value}
              </dd>,
            ];
          })}
        </dl>
      )}

      {detail.warnings.length > 0 && (
        <div className="warnings">
          <TriangleAlert size={16} aria-hidden="true" />
          <div>
            <strong>{t.warnings}</strong>
            <ul>
              {detail.warningCodes.map((w, i) => (
                <li key={i}>{say(w)}</li>
              ))}
            </ul>
          </div>
        </div>
      )}

      {!detail.deletedAt && (
        <ColumnMapCard
          key={`column-map-${detail.id}`}
          detail={detail}
          onChanged={() =>
            void api.getEvidence(detail.id).then(apply, (e: unknown) => setError((e as Error).message))
          }
        />
      )}

      {!detail.deletedAt && (
        <Suggestions detail={detail} timeZone={tz} onApplied={apply} onShowBoxes={setPointedAt} />
      )}

      <form className="form compact" onSubmit={(e) => void save(e)}>
        <label className="field">
          <span className="field-label">{t.titleLabel}</span>
          <input
            name="title"
            value={draft.title}
            maxLength={300}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
        </label>
        {suggestion && suggestion !== detail.title && (
          <p className="title-suggestion small" data-testid="title-suggestion">
            <span className="muted">{t.titleSuggestion.label}</span>
            <strong>{suggestion}</strong>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setError(null);
                api
                  .updateEvidence(detail.id, { title: suggestion })
                  .then(apply, (e: unknown) => setError((e as Error).message));
              }}
            >
              {t.titleSuggestion.use}
            </button>
          </p>
        )}
        <label className="field">
          <span className="field-label">{t.whenLabel}</span>
          <input
            name="when"
            type="datetime-local"
            step={1}
            value={draft.when}
            onChange={(e) => setDraft({ ...draft, when: e.target.value })}
          />
          <span className="field-hint">{t.whenHint(fmt.zoneName(tz))}</span>
        </label>
        <label className="field">
          <span className="field-label">{t.tagsLabel}</span>
          <input
            name="tags"
            value={draft.tags}
            onChange={(e) => setDraft({ ...draft, tags: e.target.value })}
          />
          <span className="field-hint">{t.tagsHint}</span>
        </label>
        <label className="field">
          <span className="field-label">{t.notesLabel}</span>
          <textarea
            name="notes"
            rows={3}
            value={draft.notes}
            placeholder={t.notesPlaceholder}
            onChange={(e) => setDraft({ ...draft, notes: e.target.value })}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <span className="muted small" role="status">
            {status === 'saved' && !isDirty ? t.saved : ''}
          </span>
          <button type="button" className="button" disabled={!isDirty} onClick={() => setDraft(original)}>
            {t.cancel}
          </button>
          <button type="submit" className="button primary" disabled={!isDirty || status === 'saving'}>
            {status === 'saving' ? t.saving : t.save}
          </button>
        </div>
      </form>

      <details className="proof" data-testid="proof-details">
        <summary>
          <Fingerprint size={16} aria-hidden="true" />
          {t.proofDetails}
        </summary>
        <div className="proof-body">
          <p className="muted small">{t.proofIntro}</p>
          <dl className="facts stacked">
            <dt>{t.fingerprint}</dt>
            <dd className="mono">{detail.sha256}</dd>
            <dt>{t.originalName}</dt>
            <dd className="break">{showHidden(detail.originalName)}</dd>
            <dt>{t.filedAt}</dt>
            <dd>
              <When utc={detail.acquiredAt} timeZone={tz} />
            </dd>
            <dt>{t.filedBy}</dt>
            <dd>{t.methodsOfFiling[detail.acquisitionMethod] ?? detail.acquisitionMethod}</dd>
          </dl>
          <h3 className="card-title">{t.history}</h3>
          <ol className="history" data-testid="history">
            {detail.history.map((h) => (
              <HistoryItem key={h.seq} entry={h} timeZone={tz} />
            ))}
          </ol>
        </div>
      </details>

      {!detail.deletedAt && (
        <div className="panel-footer">
          <button type="button" className="button subtle" onClick={() => trashDialog.current?.showModal()}>
            <Trash2 size={16} aria-hidden="true" />
            {t.trash}
          </button>
        </div>
      )}

      <dialog ref={trashDialog} className="dialog" aria-labelledby="trash-title">
        <h2 id="trash-title">{t.trash}</h2>
        <p>{t.trashExplain}</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => trashDialog.current?.close()} autoFocus>
            {t.cancel}
          </button>
          <button type="button" className="button primary" onClick={() => void setTrashed(true)}>
            {t.trashConfirm}
          </button>
        </div>
      </dialog>
    </aside>
  );
}

function HistoryItem({ entry, timeZone }: { entry: HistoryEntry; timeZone: string }) {
  const { t, fmt } = useI18n();
  const show = (field: string, value: unknown): string => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) {
      return t.emptyValue;
    }
    if (field === 'occurredAt' && typeof value === 'string') return fmt.dateTime(value, timeZone);
    if (field === 'occurredSource' && typeof value === 'string' && value in t.timeSources) {
      return t.timeSources[value as keyof typeof t.timeSources];
    }
    if (Array.isArray(value))
      return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
    if (field === 'kind' && typeof value === 'string' && value in t.evidenceKinds) {
      return t.evidenceKinds[value as keyof typeof t.evidenceKinds];
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  return (
    <li>
      <div className="history-head">
        <strong>{t.historyActions[entry.action] ?? entry.action}</strong>
        <span className="muted small tabular">
          {fmt.dateTime(entry.at, timeZone)} · {t.by(entry.actor)}
        </span>
      </div>
      {entry.changes.length > 0 && (
        <ul className="changes">
          {entry.changes.map((c) => (
            <li key={c.field}>
              <span className="muted">{t.fields[c.field] ?? c.field}:</span>{' '}
              <del>{show(c.field, c.before)}</del> → <ins>{show(c.field, c.after)}</ins>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
