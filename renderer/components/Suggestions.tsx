import { Check, ChevronRight, FileSignature, LoaderCircle, ScanText } from 'lucide-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type {
  AgreementFieldKey,
  AgreementReadingDto,
  AgreementStatus,
  EvidenceDetail,
  PixelBox,
} from '../../electron/ipc/contract.ts';
import '../find.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

type Props = {
  detail: EvidenceDetail;
  timeZone: string;
  /** The locker's answer after a suggestion was used: the panel shows it and the timeline follows. */
  onApplied: (detail: EvidenceDetail) => void;
  /** Boxes to outline on the picture while a suggestion is pointed at (null: none). */
  onShowBoxes: (marks: { box: PixelBox; label: string }[] | null) => void;
};

type FactKey = 'amount' | 'time' | 'counterparty' | 'orderId';

const POLL_MS = 1500;
/** Space around a crop, in image pixels, so the words are seen with a little of what surrounds them. */
const PAD = 10;
const CROP_W = 260;
const CROP_H = 44;

function unionOf(boxes: readonly PixelBox[]): PixelBox | null {
  if (!boxes.length) return null;
  return boxes.reduce((a, b) => ({
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  }));
}

/** A crop of the original showing where a fact was read: the picture itself, moved and scaled by CSS. */
function Crop(props: { url: string; box: PixelBox; page: { width: number; height: number }; alt: string }) {
  const x0 = Math.max(0, props.box.x0 - PAD);
  const y0 = Math.max(0, props.box.y0 - PAD);
  const x1 = Math.min(props.page.width, props.box.x1 + PAD);
  const y1 = Math.min(props.page.height, props.box.y1 + PAD);
  const k = Math.min(CROP_W / Math.max(1, x1 - x0), CROP_H / Math.max(1, y1 - y0), 1);
  return (
    <span className="crop" style={{ width: (x1 - x0) * k, height: (y1 - y0) * k }}>
      <img
        src={props.url}
        alt={props.alt}
        draggable={false}
        style={{ left: -x0 * k, top: -y0 * k, width: props.page.width * k, height: props.page.height * k }}
      />
    </span>
  );
}

/**
 * The facts OCR found on a payment screenshot, each beside a crop of where it was read, each applied only
 * when the user presses "Use this"; then the recognised text, folded away.
 */
export function Suggestions(props: Props) {
  const { t, fmt } = useI18n();
  const { detail } = props;
  const [busy, setBusy] = useState<FactKey | null>(null);
  const [actionError, setError] = useState<string | null>(null);
  // Read in the background: asked again until it is done.
  const ocr = useQuery({
    queryKey: ['ocr:get', { evidenceId: detail.id }],
    queryFn: () => api.getOcr(detail.id),
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? POLL_MS : false),
    meta: { isQuiet: true },
  });
  const reading = ocr.data ?? null;
  // Once read, the same text is also read as an agreement page (Alipay 自动扣款, WeChat 自动续费).
  const agreementQuery = useQuery({
    queryKey: ['agreement:read', { evidenceId: detail.id }],
    queryFn: () => api.readAgreement(detail.id),
    enabled: reading?.status === 'done',
    meta: { isQuiet: true },
  });
  const [createdIds, setCreatedIds] = useState<string[]>([]);
  const agreement: AgreementReadingDto | null = agreementQuery.data
    ? { ...agreementQuery.data, agreementIds: [...agreementQuery.data.agreementIds, ...createdIds] }
    : null;
  const error = actionError ?? (ocr.error ? ocr.error.message : null);

  if (!reading || reading.status === null || reading.status === 'skipped') return null;
  if (reading.status === 'pending') {
    return (
      <p className="ocr-reading muted small" data-testid="ocr-reading">
        <LoaderCircle size={14} className="spin" aria-hidden="true" />
        {t.find.readingThis}
      </p>
    );
  }
  if (reading.status === 'failed') {
    return <p className="muted small">{t.find.couldNotRead}</p>;
  }

  const page = reading.pages[0];
  const s = reading.suggestions;
  const url = api.originalUrl(detail.id);

  const appendNote = (line: string) => (detail.notes.trim() ? `${detail.notes.trimEnd()}\n${line}` : line);
  const applyFact = async (key: FactKey, patch: Parameters<typeof api.updateEvidence>[1]) => {
    setBusy(key);
    setError(null);
    try {
      props.onApplied(await api.updateEvidence(detail.id, patch));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  type Row = {
    key: FactKey;
    label: string;
    value: string;
    boxes: PixelBox[];
    hint: string;
    isUsed: boolean;
    apply: () => void;
  };
  const rows: Row[] = [];
  if (s.amount) {
    const shown = `${s.amount.sign === '-' ? '−' : s.amount.sign === '+' ? '+' : ''}${fmt.money(s.amount.value, s.amount.currency)}`;
    const line = t.find.noteLine.amount(shown);
    rows.push({
      key: 'amount',
      label: t.find.factAmount,
      value: shown,
      boxes: s.amount.source.boxes,
      hint: t.find.notesHint,
      isUsed: detail.notes.includes(shown),
      apply: () => void applyFact('amount', { notes: appendNote(line) }),
    });
  }
  if (s.time) {
    const at = s.time.at;
    const isSame = new Date(at).getTime() === new Date(detail.occurredUtc).getTime();
    rows.push({
      key: 'time',
      label: t.find.factTime,
      value: fmt.dateTime(at, props.timeZone),
      boxes: s.time.source.boxes,
      hint: isSame ? t.find.timeSame : t.find.timeHint,
      isUsed: isSame,
      apply: () => void applyFact('time', { occurredAt: at }),
    });
  }
  if (s.counterparty) {
    const value = s.counterparty.value;
    rows.push({
      key: 'counterparty',
      label: t.find.factCounterparty,
      value,
      boxes: s.counterparty.source.boxes,
      hint: t.find.notesHint,
      isUsed: detail.notes.includes(value),
      apply: () => void applyFact('counterparty', { notes: appendNote(t.find.noteLine.counterparty(value)) }),
    });
  }
  if (s.orderId) {
    const value = s.orderId.value;
    rows.push({
      key: 'orderId',
      label: t.find.factOrderId,
      value,
      boxes: s.orderId.source.boxes,
      hint: t.find.notesHint,
      isUsed: detail.notes.includes(value),
      apply: () => void applyFact('orderId', { notes: appendNote(t.find.noteLine.orderId(value)) }),
    });
  }

  const text = reading.pages.map((p) => p.text).join('\n\n');
  // An agreement page is not a payment: its signing time is not when anything was paid.
  const isAgreementPage = agreement?.isAgreementPage ?? false;
  if (isAgreementPage) rows.length = 0;

  return (
    <section className="suggestions" aria-labelledby="suggestions-title" data-testid="suggestions">
      <h3 id="suggestions-title" className="card-title">
        <ScanText size={16} aria-hidden="true" />
        {t.find.suggestionsTitle}
      </h3>
      {agreement && isAgreementPage && (
        <AgreementCard
          reading={agreement}
          url={url}
          page={page ?? null}
          onShowBoxes={props.onShowBoxes}
          onCreated={(a) => setCreatedIds((ids) => [...ids, a.id])}
        />
      )}
      {isAgreementPage ? null : rows.length === 0 ? (
        <p className="muted small">{t.find.noSuggestions}</p>
      ) : (
        <>
          <p className="muted small">{t.find.suggestionsIntro}</p>
          <ul className="fact-list">
            {rows.map((row) => {
              const box = unionOf(row.boxes);
              const marks = row.boxes.map((b) => ({ box: b, label: row.label }));
              return (
                <li
                  key={row.key}
                  className="fact"
                  data-fact={row.key}
                  onMouseEnter={() => props.onShowBoxes(marks)}
                  onMouseLeave={() => props.onShowBoxes(null)}
                  onFocus={() => props.onShowBoxes(marks)}
                  onBlur={() => props.onShowBoxes(null)}
                >
                  {box && page ? (
                    <Crop url={url} box={box} page={page} alt={t.find.whereRead(row.label)} />
                  ) : null}
                  <span className="fact-main">
                    <span className="fact-label muted small">{row.label}</span>
                    <span className="fact-value tabular">{row.value}</span>
                    <span className="fact-hint muted small">{row.hint}</span>
                  </span>
                  {row.isUsed ? (
                    <span className="fact-used small">
                      <Check size={14} aria-hidden="true" />
                      {t.find.used}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button small"
                      disabled={busy !== null}
                      aria-label={`${t.find.useThis}: ${row.label} ${row.value}`}
                      onClick={row.apply}
                    >
                      {t.find.useThis}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {text.trim() && (
        <details className="ocr-text" data-testid="ocr-text">
          <summary>
            <ChevronRight size={14} className="disclosure" aria-hidden="true" />
            {t.find.textTitle}
          </summary>
          <p className="muted small">{t.find.textHint}</p>
          <pre>{text}</pre>
        </details>
      )}
    </section>
  );
}

type AgreementDraft = {
  merchant: string;
  service: string;
  number: string;
  signedAt: string;
  method: string;
  status: AgreementStatus;
  closedAt: string;
};

const AGREEMENT_KEYS: AgreementFieldKey[] = [
  'merchant',
  'service',
  'number',
  'signedAt',
  'method',
  'status',
  'closedAt',
];

/**
 * An auto-debit agreement read from its page: each field beside a crop of where it was read, editable, and
 * recorded only when the user presses the button — with this screenshot as its proof, linked to the
 * recurring charges of the same merchant.
 */
function AgreementCard(props: {
  reading: AgreementReadingDto;
  url: string;
  page: { width: number; height: number } | null;
  onShowBoxes: Props['onShowBoxes'];
  onCreated: (agreement: { id: string }) => void;
}) {
  const { t } = useI18n();
  const a = t.agreementScan;
  const r = props.reading;
  const [draft, setDraft] = useState<AgreementDraft>(() => ({
    merchant: r.merchant?.value ?? '',
    service: r.service?.value ?? '',
    number: r.number?.value ?? '',
    signedAt: r.signedAt?.local ?? '',
    method: r.method?.value ?? '',
    status: r.status?.value ?? (r.closedAt ? 'closed' : 'unknown'),
    closedAt: r.closedAt?.local ?? '',
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isDone, setDone] = useState(false);
  const isRecorded = r.agreementIds.length > 0;

  const boxesOf = (key: AgreementFieldKey): PixelBox[] => r[key]?.source.boxes ?? [];
  const set = (key: keyof AgreementDraft, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const create = async () => {
    if (!draft.merchant.trim()) {
      setError(a.needMerchant);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api.addAgreement({
        evidenceId: r.evidenceId,
        merchant: draft.merchant.trim(),
        service: draft.service.trim(),
        number: draft.number.trim(),
        signedAt: draft.signedAt.trim() || null,
        closedAt: draft.closedAt.trim() || null,
        paymentMethod: draft.method.trim(),
        status: draft.status,
      });
      setDone(true);
      props.onCreated(created);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="agreement-scan" data-testid="agreement-suggestion">
      <h4 className="card-title">
        <FileSignature size={16} aria-hidden="true" />
        {a.title}
      </h4>
      <p className="muted small">
        {r.platform ? `${a.platforms[r.platform]} · ` : ''}
        {a.intro}
      </p>
      <ul className="fact-list">
        {AGREEMENT_KEYS.map((key) => {
          const boxes = boxesOf(key);
          const box = unionOf(boxes);
          const label = a.fields[key];
          const marks = boxes.map((b) => ({ box: b, label }));
          const inputId = `agreement-${key}`;
          return (
            <li
              key={key}
              className="fact"
              data-fact={key}
              data-found={r.found.includes(key) ? 'yes' : 'no'}
              onMouseEnter={() => props.onShowBoxes(marks.length ? marks : null)}
              onMouseLeave={() => props.onShowBoxes(null)}
            >
              {box && props.page ? (
                <Crop url={props.url} box={box} page={props.page} alt={t.find.whereRead(label)} />
              ) : null}
              <span className="fact-main">
                <label className="fact-label muted small" htmlFor={inputId}>
                  {label}
                  {key === 'status' && r.status?.isInferred ? ` (${a.inferred})` : ''}
                </label>
                {key === 'status' ? (
                  <select
                    id={inputId}
                    value={draft.status}
                    disabled={isRecorded || isDone}
                    onChange={(e) => set('status', e.target.value)}
                  >
                    {(['active', 'closed', 'unknown'] as const).map((v) => (
                      <option key={v} value={v}>
                        {a.statuses[v]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={inputId}
                    type="text"
                    value={draft[key]}
                    placeholder={
                      key === 'signedAt' || key === 'closedAt'
                        ? a.timeHint
                        : r.found.includes(key)
                          ? ''
                          : a.notRead
                    }
                    disabled={isRecorded || isDone}
                    onFocus={() => props.onShowBoxes(marks.length ? marks : null)}
                    onBlur={() => props.onShowBoxes(null)}
                    onChange={(e) => set(key, e.target.value)}
                  />
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {r.series ? <p className="muted small">{a.series(r.series.counterparty)}</p> : null}
      {isRecorded || isDone ? (
        <p className="fact-used small" role="status">
          <Check size={14} aria-hidden="true" />
          {isDone ? a.created : a.already}
        </p>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => void create()}>
          {busy ? a.creating : a.create}
        </button>
      )}
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
