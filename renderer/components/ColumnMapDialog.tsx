import { Check, Columns3, FileUp, RotateCcw } from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type {
  ColumnMapDto,
  ColumnRole,
  EvidenceDetail,
  MapPreviewDto,
  MapPreviewRowDto,
  MapProposalDto,
  Output,
  TableEncoding,
} from '../../electron/ipc/contract.ts';
import { COLUMN_ROLES, TABLE_ENCODINGS } from '../../electron/ipc/words.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { useModalOnMount } from '../lib/dialog.ts';
import '../column-map.css';

type Dir = 'out' | 'in' | 'neutral';

const stem = (name: string) => name.replace(/\.[^.]+$/, '').slice(0, 100) || 'Column map';

/**
 * The column map: the first rows of a table no importer read, a role per column, the encoding, a live preview of
 * the rows that result, and the sign of two of them confirmed by the user before anything is written.
 */
export function ColumnMapDialog(props: {
  evidenceId: string;
  onClose: () => void;
  onSaved: (result: Output<'columns:apply'>) => void;
}) {
  const { t, fmt, say } = useI18n();
  const c = t.columns;
  const ref = useModalOnMount();
  const [proposal, setProposal] = useState<MapProposalDto | null>(null);
  const [map, setMap] = useState<ColumnMapDto | null>(null);
  const [preview, setPreview] = useState<MapPreviewDto | null>(null);
  const [name, setName] = useState('');
  const [confirmed, setConfirmed] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const { evidenceId } = props;
  /** Asks for a proposal: with another encoding, or with the header on another line (null: no header row). */
  const propose = useCallback(
    (options: { encoding?: TableEncoding; headerLine?: number | null } = {}) => {
      api.proposeColumns({ evidenceId, ...options }).then(
        (p) => {
          setProposal(p);
          setMap(p.map);
          setPreview(p.preview);
          setConfirmed(new Set());
          setName((n) => n || p.layout?.name || stem(p.title));
        },
        (e: unknown) => setError((e as Error).message),
      );
    },
    [evidenceId],
  );
  const open = (options: { encoding?: TableEncoding; headerLine?: number | null } = {}) => {
    setError(null);
    propose(options);
  };
  // Opened once per item; `open` runs again only when the user picks another encoding or a map file.
  useEffect(() => propose(), [propose]);

  // The preview follows every change of the map; the confirmations are for the rows as they read now.
  const change = (next: ColumnMapDto) => {
    setMap(next);
    setConfirmed(new Set());
    api
      .previewColumns({ evidenceId: props.evidenceId, map: next, headerLine: proposal?.headerLine ?? null })
      .then(
        (p) => {
          setPreview(p);
          setError(null);
        },
        (e: unknown) => setError((e as Error).message),
      );
  };

  const setRole = (index: number, role: ColumnRole) => {
    if (!map) return;
    // One column per role: choosing a role for a column takes it from any other.
    const columns = map.columns.map((col) => {
      if (col.index === index) return { ...col, role };
      if (role !== 'ignore' && col.role === role) return { ...col, role: 'ignore' as const };
      return col;
    });
    change({ ...map, columns });
  };

  const loadMapFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const layout = await api.importLayout(await file.text());
      setName(layout.name);
      open(map ? { encoding: map.encoding } : {});
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const save = async () => {
    if (!map || !preview) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.applyColumns({
        evidenceId: props.evidenceId,
        map,
        headerLine: proposal?.headerLine ?? null,
        name: name.trim(),
        confirmed: preview.signSamples.map((s) => ({ line: s.line, direction: s.direction })),
      });
      props.onSaved(result);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  const roleOf = (index: number) => map?.columns.find((col) => col.index === index)?.role ?? 'ignore';
  const samples = preview?.signSamples ?? [];
  const isConfirmed = samples.length > 0 && samples.every((s) => confirmed.has(s.line));
  const canSave =
    !isBusy &&
    map !== null &&
    preview !== null &&
    preview.issues.length === 0 &&
    preview.total > 0 &&
    isConfirmed &&
    name.trim() !== '';
  const hasDirection = map?.columns.some((col) => col.role === 'direction') ?? false;

  const amountOf = (r: MapPreviewRowDto) =>
    `${r.direction === 'out' ? '−' : r.direction === 'in' ? '+' : ''}${fmt.money(r.amount, r.currency)}`;

  return (
    <dialog
      ref={ref}
      className="dialog column-map"
      onClose={props.onClose}
      aria-labelledby="column-map-title"
      data-testid="column-map-dialog"
    >
      <div className="column-map-head">
        <h2 id="column-map-title">
          <Columns3 size={18} aria-hidden="true" className="dialog-title-icon" />
          {c.title(proposal?.title ?? '')}
        </h2>
        <p className="muted small">{c.intro}</p>
      </div>

      {!proposal || !map ? (
        <div className="column-map-body">
          {error ? <p className="form-error">{error}</p> : <p className="muted">{t.loading}</p>}
        </div>
      ) : (
        <div className="column-map-body">
          <div className="column-map-controls">
            {proposal.reader === 'csv' && (
              <label className="field">
                <span className="field-label">{c.encoding}</span>
                <select
                  value={map.encoding}
                  onChange={(e) => open({ encoding: e.target.value as TableEncoding })}
                  aria-describedby="column-map-detected"
                >
                  {TABLE_ENCODINGS.map((enc) => (
                    <option key={enc} value={enc}>
                      {c.encodings[enc]}
                    </option>
                  ))}
                </select>
                <span id="column-map-detected" className="field-hint">
                  {proposal.detectedEncoding ? c.detected(proposal.detectedEncoding.toUpperCase()) : ''}
                </span>
              </label>
            )}
            <label className="field narrow">
              <span className="field-label">{c.currency}</span>
              <input
                value={map.currency}
                maxLength={3}
                onChange={(e) => {
                  const code = e.target.value.toUpperCase();
                  if (/^[A-Z]{3}$/.test(code)) change({ ...map, currency: code });
                  else setMap({ ...map, currency: code });
                }}
              />
            </label>
            <label className="field">
              <span className="field-label">{c.dateOrder}</span>
              <select
                value={map.dateOrder}
                onChange={(e) => change({ ...map, dateOrder: e.target.value as 'dmy' | 'mdy' })}
              >
                <option value="dmy">{c.dmy}</option>
                <option value="mdy">{c.mdy}</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">{c.headerRow}</span>
              <select
                value={proposal.headerLine ?? ''}
                onChange={(e) =>
                  open({
                    encoding: map.encoding,
                    headerLine: e.target.value === '' ? null : Number(e.target.value),
                  })
                }
              >
                <option value="">{c.noHeaderRow}</option>
                {proposal.headerCandidates.map((h) => (
                  <option key={h.line} value={h.line}>
                    {c.lineOf(h.line, h.text)}
                  </option>
                ))}
              </select>
            </label>
            {proposal.layout && (
              <p className="small muted column-map-where">{c.savedLayout(proposal.layout.name)}</p>
            )}
          </div>

          <div className="column-map-table" role="region" aria-label={c.firstRows} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  {proposal.header.map((named, i) => {
                    // A table without a header row: its columns by number, in the page's language.
                    const h = proposal.headerLine ? named : c.column(i + 1);
                    return (
                      <th key={i} scope="col">
                        <span className="column-map-name" title={h}>
                          {h}
                        </span>
                        <select
                          value={roleOf(i)}
                          aria-label={c.roleFor(h)}
                          className={roleOf(i) === 'ignore' ? 'is-unused' : ''}
                          onChange={(e) => setRole(i, e.target.value as ColumnRole)}
                        >
                          {COLUMN_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {c.roles[r]}
                            </option>
                          ))}
                        </select>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {proposal.sample.slice(proposal.headerLine ? 1 : 0).map((row) => (
                  <tr key={row.line}>
                    {row.cells.map((cell, i) => (
                      <td key={i} className={roleOf(i) === 'ignore' ? 'muted' : ''}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {hasDirection && preview && preview.directionValues.length > 0 && (
            <fieldset className="column-map-directions">
              <legend className="field-label">{c.directionsTitle}</legend>
              {preview.directionValues.map((value) => (
                <label key={value} className="field inline">
                  <span>{value}</span>
                  <select
                    value={Object.hasOwn(map.directions, value) ? map.directions[value] : ''}
                    onChange={(e) =>
                      change({ ...map, directions: { ...map.directions, [value]: e.target.value as Dir } })
                    }
                  >
                    {!Object.hasOwn(map.directions, value) && <option value="">?</option>}
                    {(['out', 'in', 'neutral'] as const).map((d) => (
                      <option key={d} value={d}>
                        {c.dirs[d]}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </fieldset>
          )}

          {preview && (
            <section className="column-map-preview" aria-live="polite" data-testid="column-map-preview">
              <h3>{c.previewTitle(preview.total)}</h3>
              {preview.issues.map((issue) => (
                <p key={issue} className="form-error small">
                  {c.issues[issue]}
                </p>
              ))}
              {preview.problemCount > 0 && (
                <p className="small warn-text">
                  {c.problems(preview.problemCount)}
                  {preview.problems[0] &&
                    ` (${c.previewCols.line} ${preview.problems[0].line}: ${say(preview.problems[0])})`}
                </p>
              )}
              {preview.rows.length > 0 && (
                <table className="column-map-rows">
                  <thead>
                    <tr>
                      <th scope="col">{c.previewCols.line}</th>
                      <th scope="col">{c.previewCols.when}</th>
                      <th scope="col" className="num">
                        {c.previewCols.amount}
                      </th>
                      <th scope="col">{c.previewCols.who}</th>
                      <th scope="col">{c.previewCols.what}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.slice(0, 5).map((r) => (
                      <tr key={r.line}>
                        <td className="tabular muted">{r.line}</td>
                        <td className="tabular">{r.at.slice(0, 16).replace('T', ' ')}</td>
                        <td className="tabular num">{amountOf(r)}</td>
                        <td>{r.counterparty}</td>
                        <td>{r.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}

          {samples.length > 0 && preview?.issues.length === 0 && (
            <section className="column-map-sign" data-testid="column-map-sign">
              <h3>{c.signTitle}</h3>
              <p className="small muted">{c.signIntro}</p>
              <ul>
                {samples.map((s) => (
                  <li key={s.line} data-testid="sign-sample">
                    <div>
                      <span className="tabular">{s.at.slice(0, 16).replace('T', ' ')}</span>
                      {' · '}
                      {s.counterparty || s.description}
                      {' · '}
                      <strong className="tabular">{fmt.money(s.amount, s.currency)}</strong>
                      <br />
                      <span className="small muted">{c.readAs(s.direction)}</span>
                    </div>
                    {confirmed.has(s.line) ? (
                      <span className="ok small column-map-confirmed">
                        <Check size={14} aria-hidden="true" /> {c.confirmed}
                      </span>
                    ) : (
                      <span className="column-map-answers">
                        <button
                          type="button"
                          className="button small"
                          onClick={() => setConfirmed(new Set([...confirmed, s.line]))}
                        >
                          {c.right}
                        </button>
                        <button
                          type="button"
                          className="button small subtle"
                          onClick={() => change({ ...map, isFlipped: !map.isFlipped })}
                        >
                          <RotateCcw size={14} aria-hidden="true" /> {c.otherWay}
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <label className="field">
            <span className="field-label">{c.nameLabel}</span>
            <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
            <span className="field-hint">{c.nameHint}</span>
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}

      <div className="form-actions column-map-actions">
        <button type="button" className="button subtle" onClick={() => fileInput.current?.click()}>
          <FileUp size={14} aria-hidden="true" /> {c.loadMap}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => void loadMapFile(e)}
        />
        <span className="spacer" />
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          {t.cancel}
        </button>
        <button type="button" className="button primary" disabled={!canSave} onClick={() => void save()}>
          {isBusy ? c.saving : c.save(preview?.total ?? 0)}
        </button>
      </div>
    </dialog>
  );
}

/** Saves a map as a small JSON file through the page (a download): no path is named by the page. */
async function downloadLayout(id: string): Promise<void> {
  const file = await api.exportLayout(id);
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(file, null, 2) + '\n'], { type: 'application/json' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = `${file.name.replace(/[\\/:*?"<>|]/g, '_')}.column-map.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * In an item's panel: "Map columns…" for a table nothing was read from, or which saved map read its rows, with
 * the way back (its rows removed, the file untouched).
 */
export function ColumnMapCard(props: { detail: EvidenceDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const c = t.columns;
  const [isOpen, setOpen] = useState(false);
  const [isAsking, setAsking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const { canMap, layout } = props.detail.columnMap;
  if (!canMap && !layout) return null;

  const undo = async () => {
    try {
      const r = await api.undoColumns(props.detail.id);
      setAsking(false);
      setMessage(c.undone(r.removed));
      props.onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <section className="column-map-card" data-testid="column-map-card">
      {layout ? <p>{c.mappedWith(layout.name)}</p> : <p>{c.cardText}</p>}
      {isAsking && <p className="small">{c.undoConfirm}</p>}
      <div className="actions">
        {canMap && (
          <button type="button" className="button primary small" onClick={() => setOpen(true)}>
            <Columns3 size={14} aria-hidden="true" /> {c.mapButton}
          </button>
        )}
        {layout && !isAsking && (
          <>
            <button type="button" className="button small" onClick={() => setAsking(true)}>
              {c.undo}
            </button>
            <button
              type="button"
              className="button small subtle"
              onClick={() =>
                void downloadLayout(layout.id).catch((e: unknown) => setMessage((e as Error).message))
              }
            >
              {c.exportMap}
            </button>
          </>
        )}
        {isAsking && (
          <>
            <button type="button" className="button small" onClick={() => void undo()}>
              {c.undo}
            </button>
            <button type="button" className="button small subtle" onClick={() => setAsking(false)}>
              {t.cancel}
            </button>
          </>
        )}
      </div>
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
      {isOpen && (
        <ColumnMapDialog
          evidenceId={props.detail.id}
          onClose={() => setOpen(false)}
          onSaved={(r) => {
            setOpen(false);
            setMessage(c.saved(r.transactions, r.layout.name));
            props.onChanged();
          }}
        />
      )}
    </section>
  );
}
