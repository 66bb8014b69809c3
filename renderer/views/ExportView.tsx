import {
  ArrowDown,
  ArrowUp,
  Download,
  FileOutput,
  Fingerprint,
  FolderOpen,
  RotateCcw,
  ShieldCheck,
  TriangleAlert,
} from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type {
  CaseDto,
  ExhibitChoiceDto,
  ExportDraft,
  ExportSummary,
  PacketLang,
  Recipient,
} from '../../electron/ipc/contract.ts';
import { PACKET_LANGS, RECIPIENTS } from '../../electron/ipc/words.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { invalidate, keys, useExhibitChoices, useExportDraft, useReadiness } from '../lib/queries.ts';

const SIZE_LIMITS = [0, 5, 10, 20] as const;

function defaultRecipient(c: CaseDto): Recipient {
  if (c.status === 'regulator_complaint') return 'regulator';
  if (c.status === 'collecting') return 'platform';
  return 'bank';
}

export function ExportView(props: { case: CaseDto; onImport: () => void }) {
  const { t, fmt, locale, say } = useI18n();
  const c = props.case;
  const client = useQueryClient();
  const [recipient, setRecipient] = useState<Recipient>(() => defaultRecipient(c));
  const [lang, setLang] = useState<PacketLang>(locale === 'zh-CN' ? 'zh-CN' : 'en');
  const [citeRules, setCiteRules] = useState(false);
  // The letter follows the recipient and language until the user edits it; an edit is never thrown away.
  const [editedLetter, setEditedLetter] = useState<string | null>(null);
  const [sizeMb, setSizeMb] = useState<number>(0);
  const [withArchive, setWithArchive] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'running'>('idle');
  const [result, setResult] = useState<ExportSummary | null>(null);
  const [savedElsewhere, setSavedElsewhere] = useState(false);
  const [actionError, setError] = useState<string | null>(null);
  const resultRef = useRef<HTMLElement>(null);

  // Read through the shared queries: a file filed (or retitled) while this page is open invalidates them,
  // so the exhibit list, the draft and the readiness follow at once.
  const draftQuery = useExportDraft(c.id, recipient, lang, citeRules);
  const choicesQuery = useExhibitChoices(c.id, recipient);
  const readinessQuery = useReadiness(c.id, recipient, locale === 'zh-CN' ? 'zh-CN' : 'en');
  const draft: ExportDraft | null = draftQuery.data ?? null;
  // The list as the user just left it, until the locker has it: set in the click's own render (the query
  // cache tells its readers on a later task, so a controlled checkbox read from it alone flicks back first).
  const [unsaved, setUnsaved] = useState<{ key: string; list: ExhibitChoiceDto[] } | null>(null);
  const choicesKey = `${c.id}:${recipient}`;
  const choices: ExhibitChoiceDto[] | null =
    (unsaved?.key === choicesKey ? unsaved.list : null) ?? choicesQuery.data ?? null;
  const readiness = readinessQuery.data ?? [];
  const letter = editedLetter ?? draft?.letter ?? '';
  const error =
    actionError ??
    (draftQuery.error ? draftQuery.error.message : null) ??
    (choicesQuery.error ? choicesQuery.error.message : null);

  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [result]);

  /** Keeps the user's list: `order` as shown, and what is left out. Shown at once, then as the locker kept it. */
  const saveChoices = async (next: ExhibitChoiceDto[], order: string[] | null) => {
    const key = keys.exhibits(c.id, recipient);
    // Shown in the same render as the click (a controlled checkbox must not flick back); a read already on its
    // way is dropped, not let overwrite the user's list when it lands.
    void client.cancelQueries({ queryKey: key }, { revert: false });
    client.setQueryData(key, next);
    setUnsaved({ key: choicesKey, list: next });
    try {
      const saved = await api.setExhibitChoices({
        caseId: c.id,
        recipient,
        order,
        excluded: next.filter((x) => !x.included).map((x) => x.evidenceId),
      });
      client.setQueryData(key, saved);
      void invalidate(client, 'exhibits', c.id);
    } catch (e) {
      setError((e as Error).message);
      void client.invalidateQueries({ queryKey: key });
    } finally {
      // A later click's list stays until its own answer.
      setUnsaved((u) => (u?.list === next ? null : u));
    }
  };
  const move = (i: number, by: -1 | 1) => {
    if (!choices) return;
    const next = [...choices];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    void saveChoices(
      next,
      next.map((x) => x.evidenceId),
    );
  };
  const toggle = (i: number, included: boolean) => {
    if (!choices) return;
    const next = choices.map((x, j) => (j === i ? { ...x, included } : x));
    void saveChoices(
      next,
      next.map((x) => x.evidenceId),
    );
  };

  const run = async () => {
    setPhase('running');
    setError(null);
    setResult(null);
    try {
      const summary = await api.exportPacket({
        caseId: c.id,
        recipient,
        lang,
        // A letter citing the rules is not the default draft: send it as shown.
        ...(draft && (letter !== draft.letter || citeRules) ? { letter } : {}),
        ...(sizeMb ? { maxBytes: sizeMb * 1024 * 1024 } : {}),
        ...(withArchive ? { withArchive } : {}),
      });
      if (summary) {
        setResult(summary);
        setSavedElsewhere(api.runtime === 'electron');
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPhase('idle');
    }
  };

  const exhibits = draft?.exhibits ?? [];
  const redacted = new Set(exhibits.filter((x) => x.isRedacted).map((x) => x.evidenceId));

  return (
    <div className="section-page export" data-testid="export">
      <section className="export-intro">
        <h2>{t.exportTitle}</h2>
        <p className="muted">{t.exportIntro}</p>
      </section>

      <fieldset className="export-step">
        <legend>
          <span className="step-number">1</span>
          {t.recipientStep}
        </legend>
        <div className="choice-grid">
          {RECIPIENTS.map((r) => (
            <label key={r} className="choice tall">
              <input
                type="radio"
                name="recipient"
                value={r}
                checked={recipient === r}
                onChange={() => setRecipient(r)}
              />
              <span>
                <strong>{t.recipients[r]}</strong>
                <br />
                <span className="muted small">{t.recipientHints[r]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {readiness.length > 0 && (
        <section className="card readiness" aria-labelledby="readiness-title" data-testid="readiness">
          <h3 id="readiness-title" className="card-title">
            {t.ledger.readinessTitle}
          </h3>
          <ul>
            {readiness.map((x) => (
              <li key={x.code} className={x.severity === 'block' ? 'is-block' : 'muted'}>
                {x.severity === 'block' && <TriangleAlert size={14} aria-hidden="true" />} {x.text}
              </li>
            ))}
          </ul>
        </section>
      )}

      <fieldset className="export-step">
        <legend>
          <span className="step-number">2</span>
          {t.langStep}
        </legend>
        <div className="choice-row">
          {PACKET_LANGS.map((l) => (
            <label key={l} className="choice">
              <input type="radio" name="lang" value={l} checked={lang === l} onChange={() => setLang(l)} />
              {t.packetLangs[l]}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="export-step">
        <legend>
          <span className="step-number">3</span>
          {t.letterStep}
        </legend>
        <p className="field-hint">{t.letterHint}</p>
        <label className="toggle small">
          <input
            type="checkbox"
            checked={citeRules}
            onChange={(e) => setCiteRules(e.target.checked)}
            data-testid="cite-rules"
          />
          {t.ledger.citeRules}
        </label>
        <label className="field">
          <span className="visually-hidden">{t.letterStep}</span>
          <textarea
            className="letter"
            rows={14}
            value={draft ? letter : t.letterLoading}
            disabled={!draft}
            maxLength={50_000}
            onChange={(e) => setEditedLetter(e.target.value)}
            data-testid="letter"
          />
        </label>
        {draft && letter !== draft.letter && (
          <button type="button" className="button small" onClick={() => setEditedLetter(null)}>
            <RotateCcw size={14} aria-hidden="true" />
            {t.letterReset}
          </button>
        )}
      </fieldset>

      <fieldset className="export-step">
        <legend>
          <span className="step-number">4</span>
          {t.exhibitsStep}
        </legend>
        {!choices || choices.length === 0 ? (
          <div className="empty-inline">
            <p className="muted">{choices ? t.exhibitsNone : t.loading}</p>
            {choices && (
              <button type="button" className="button" onClick={props.onImport}>
                {t.addFiles}
              </button>
            )}
          </div>
        ) : (
          <>
            <p className="field-hint">{t.exhibitsHint}</p>
            <ol className="exhibit-list" data-testid="exhibits">
              {choices.map((x, i) => (
                <li key={x.evidenceId} className={x.included ? undefined : 'is-left-out'}>
                  <input
                    type="checkbox"
                    checked={x.included}
                    aria-label={t.exhibitInclude(x.title)}
                    onChange={(e) => toggle(i, e.target.checked)}
                  />
                  <span className="exhibit-number tabular">{x.number ?? '—'}</span>
                  <span className="exhibit-title">{x.title}</span>
                  <span className="muted small">{t.evidenceKinds[x.kind]}</span>
                  <span className="muted small tabular">{fmt.date(x.occurredUtc, c.timezone)}</span>
                  {!x.included && <span className="badge">{t.exhibitLeftOut}</span>}
                  {redacted.has(x.evidenceId) && <span className="badge warn">{t.exhibitRedacted}</span>}
                  <span className="exhibit-move">
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === 0}
                      aria-label={t.exhibitUp(x.title)}
                      title={t.exhibitUp(x.title)}
                      onClick={() => move(i, -1)}
                    >
                      <ArrowUp size={14} aria-hidden="true" />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === choices.length - 1}
                      aria-label={t.exhibitDown(x.title)}
                      title={t.exhibitDown(x.title)}
                      onClick={() => move(i, 1)}
                    >
                      <ArrowDown size={14} aria-hidden="true" />
                    </button>
                  </span>
                </li>
              ))}
            </ol>
            <button
              type="button"
              className="link-button small"
              onClick={() => void saveChoices(choices, null)}
            >
              {t.exhibitsDefaultOrder}
            </button>
          </>
        )}
      </fieldset>

      <fieldset className="export-step">
        <legend>
          <span className="step-number">5</span>
          {t.sizeStep}
        </legend>
        <p className="field-hint">{t.sizeHint}</p>
        <div className="choice-row">
          {SIZE_LIMITS.map((mb) => (
            <label key={mb} className="choice">
              <input
                type="radio"
                name="size"
                value={mb}
                checked={sizeMb === mb}
                onChange={() => setSizeMb(mb)}
              />
              {mb ? `${mb} MB` : t.sizeNone}
            </label>
          ))}
        </div>
        <label className="toggle">
          <input type="checkbox" checked={withArchive} onChange={(e) => setWithArchive(e.target.checked)} />
          {t.withArchive}
        </label>
      </fieldset>

      <div className="export-go">
        <button
          type="button"
          className="button primary large"
          // Not while another recipient's or language's letter is still on its way (the one shown is the last one).
          disabled={phase === 'running' || exhibits.length === 0 || draftQuery.isPlaceholderData}
          onClick={() => void run()}
        >
          <FileOutput size={18} aria-hidden="true" />
          {t.exportAction}
        </button>
        {phase === 'running' && (
          <span className="muted" role="status">
            {t.exporting}
          </span>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>

      {result && (
        <section
          ref={resultRef}
          className="card export-result"
          aria-labelledby="export-done"
          data-testid="export-result"
        >
          <h2 id="export-done" className="card-title">
            <ShieldCheck size={18} aria-hidden="true" />
            {t.exportDone}
          </h2>
          <p>
            {t.exportPages(result.pages, result.exhibits.length)} · {t.exportReference(result.reference)}
          </p>
          {savedElsewhere && <p className="muted">{t.savedWhereChosen}</p>}
          <ul className="export-files">
            {result.files.map((f) => (
              <li key={f.name}>
                <span>
                  <strong>{f.kind === 'archive' ? t.archiveFile : t.packetFile}</strong>{' '}
                  <span className="muted small">
                    {f.name} · {fmt.bytes(f.bytes)}
                  </span>
                  <br />
                  <span className="mono small break">{f.sha256}</span>
                </span>
                {f.downloadId && api.revealExport ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      const id = f.downloadId!;
                      api.revealExport?.(id).catch((e: unknown) => setError((e as Error).message));
                    }}
                  >
                    <FolderOpen size={16} aria-hidden="true" />
                    {t.showInFolder}
                  </button>
                ) : f.downloadId ? (
                  <a className="button" href={api.downloadUrl(f.downloadId)} download={f.name}>
                    <Download size={16} aria-hidden="true" />
                    {t.download}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
          {result.warnings.length > 0 && (
            <div className="warnings">
              <TriangleAlert size={16} aria-hidden="true" />
              <div>
                <strong>{t.exportWarnings}</strong>
                <ul>
                  {result.warningCodes.map((w, i) => (
                    <li key={i}>{say(w)}</li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          <details className="proof">
            <summary>
              <Fingerprint size={16} aria-hidden="true" />
              {t.fingerprintsTitle}
            </summary>
            <ol className="fingerprints">
              {result.exhibits.map((x) => (
                <li key={x.number}>
                  <span>
                    {x.number}. {x.title}
                    {x.isRedacted && <span className="badge warn">{t.exhibitRedacted}</span>}
                  </span>
                  <span className="mono small break">{x.sha256}</span>
                </li>
              ))}
            </ol>
          </details>
          <h3 className="card-title">{t.howToCheckTitle}</h3>
          <p className="small">{t.howToCheck}</p>
        </section>
      )}
    </div>
  );
}
