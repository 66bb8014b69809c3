import { ChevronDown, ChevronUp, Lock } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EvidenceDetail } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

type Props = { detail: EvidenceDetail; pdf: NonNullable<EvidenceDetail['pdf']> };

/** The bounds and step main draws pages at (electron/services/pdf-pages.ts): asking for the same keeps its cache warm. */
const MIN_WIDTH = 400;
const MAX_WIDTH = 1600;
const STEP = 200;
/** A4, until a page has loaded and shown its own shape. */
const DEFAULT_RATIO = 210 / 297;

function drawnWidth(cssWidth: number): number {
  const wanted = Math.ceil((cssWidth * (window.devicePixelRatio || 1)) / STEP) * STEP;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, wanted));
}

/**
 * A PDF in the evidence panel: its pages drawn by main as pictures (the PDF itself never reaches the page),
 * one under the other, fitted to the panel's width and loaded as they scroll into view; or the words read
 * from it. A password-protected PDF cannot be drawn (its password is never kept): that is said plainly.
 */
export function PdfView({ detail, pdf }: Props) {
  const { t } = useI18n();
  const p = t.pdf;
  const total = pdf.pages;
  const canDraw = !pdf.isLocked && total > 0;
  const [tab, setTab] = useState<'pages' | 'text'>(canDraw || !detail.text ? 'pages' : 'text');
  const [current, setCurrent] = useState(1);
  const [width, setWidth] = useState<number | null>(null);
  const [ratios, setRatios] = useState<Record<number, number>>({});
  const [failed, setFailed] = useState<ReadonlySet<number>>(new Set());
  const scroller = useRef<HTMLDivElement>(null);
  const frames = useRef(new Map<number, HTMLElement>());

  // Fit to width: the pages are drawn for the panel's width (in device pixels), again when it changes a step.
  useEffect(() => {
    const el = scroller.current;
    if (!el || tab !== 'pages') return;
    const measure = () => setWidth(drawnWidth(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [tab, canDraw]);

  // The page counter follows the page that fills most of the view as the user scrolls.
  useEffect(() => {
    const root = scroller.current;
    if (!root || tab !== 'pages' || !canDraw) return;
    const seen = new Map<number, number>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries)
          seen.set(Number((e.target as HTMLElement).dataset.page), e.intersectionRatio);
        let best = 0;
        let bestRatio = 0;
        for (const [n, r] of seen) {
          if (r > bestRatio) {
            best = n;
            bestRatio = r;
          }
        }
        if (best) setCurrent(best);
      },
      { root, threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    for (const el of frames.current.values()) observer.observe(el);
    return () => observer.disconnect();
  }, [tab, canDraw, total]);

  const go = (n: number) => {
    const target = Math.min(total, Math.max(1, n));
    setCurrent(target);
    const frame = frames.current.get(target);
    const root = scroller.current;
    // The scroller is the frames' offset parent (position: relative).
    if (frame && root) root.scrollTo({ top: frame.offsetTop - 12 });
  };

  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, number> = {
      PageDown: current + 1,
      PageUp: current - 1,
      Home: 1,
      End: total,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(to);
  };

  return (
    <section className="pdf-view" data-testid="pdf-view" aria-label={detail.title}>
      <div className="pdf-toolbar">
        <div
          className="segmented"
          role="tablist"
          aria-label={p.viewLabel}
          onKeyDown={(e) => {
            // The tab pattern: the arrow keys move between the two views, and focus follows.
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            const next = tab === 'pages' ? 'text' : 'pages';
            setTab(next);
            document.getElementById(`pdf-tab-${next}`)?.focus();
          }}
        >
          <button
            type="button"
            role="tab"
            id="pdf-tab-pages"
            aria-selected={tab === 'pages'}
            tabIndex={tab === 'pages' ? 0 : -1}
            aria-controls="pdf-panel"
            className={tab === 'pages' ? 'is-active' : ''}
            onClick={() => setTab('pages')}
          >
            {p.pagesTab}
          </button>
          <button
            type="button"
            role="tab"
            id="pdf-tab-text"
            aria-selected={tab === 'text'}
            tabIndex={tab === 'text' ? 0 : -1}
            aria-controls="pdf-panel"
            className={tab === 'text' ? 'is-active' : ''}
            onClick={() => setTab('text')}
          >
            {p.textTab}
          </button>
        </div>
        {tab === 'pages' && canDraw && (
          <div className="pdf-nav">
            <button
              type="button"
              className="icon-button"
              onClick={() => go(current - 1)}
              disabled={current <= 1}
              aria-label={p.previous}
              title={p.previous}
            >
              <ChevronUp size={16} aria-hidden="true" />
            </button>
            <span className="small tabular" aria-live="polite" data-testid="pdf-current">
              {p.pageOf(current, total)}
            </span>
            <button
              type="button"
              className="icon-button"
              onClick={() => go(current + 1)}
              disabled={current >= total}
              aria-label={p.next}
              title={p.next}
            >
              <ChevronDown size={16} aria-hidden="true" />
            </button>
          </div>
        )}
      </div>

      <div
        id="pdf-panel"
        role="tabpanel"
        aria-labelledby={tab === 'pages' ? 'pdf-tab-pages' : 'pdf-tab-text'}
        className="pdf-panel"
      >
        {tab === 'text' ? (
          detail.text ? (
            <>
              <div className="text-view" data-testid="text-view">
                {detail.text}
              </div>
              {detail.isTextCut && <p className="muted small">{t.textCut}</p>}
            </>
          ) : (
            <p className="pdf-message muted">{pdf.isLocked ? p.locked : p.noText}</p>
          )
        ) : !canDraw ? (
          <p className="pdf-message" data-testid="pdf-locked">
            {pdf.isLocked && <Lock size={16} aria-hidden="true" />}
            <span>{pdf.isLocked ? p.locked : p.noPages}</span>
          </p>
        ) : (
          <div
            ref={scroller}
            className="pdf-pages"
            tabIndex={0}
            onKeyDown={onKey}
            aria-label={`${p.pagesLabel(total)}. ${p.keysHint}`}
            data-testid="pdf-pages"
          >
            {Array.from({ length: total }, (_, i) => i + 1).map((n) => (
              <figure
                key={n}
                className="pdf-page"
                data-page={n}
                ref={(el) => {
                  if (el) frames.current.set(n, el);
                  else frames.current.delete(n);
                }}
              >
                <div
                  className="pdf-page-sheet"
                  style={{ aspectRatio: ratios[n] ?? ratios[1] ?? DEFAULT_RATIO }}
                >
                  {failed.has(n) ? (
                    <p className="muted small">{p.pageFailed}</p>
                  ) : width ? (
                    <img
                      src={api.pageUrl(detail.id, n, width)}
                      alt={p.pageOf(n, total)}
                      loading="lazy"
                      decoding="async"
                      onLoad={(e) => {
                        const img = e.currentTarget;
                        if (img.naturalWidth && img.naturalHeight) {
                          const ratio = img.naturalWidth / img.naturalHeight;
                          setRatios((r) => (r[n] === ratio ? r : { ...r, [n]: ratio }));
                        }
                      }}
                      onError={() => setFailed((f) => new Set(f).add(n))}
                    />
                  ) : null}
                </div>
                <figcaption className="small muted tabular">{p.pageOf(n, total)}</figcaption>
              </figure>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
