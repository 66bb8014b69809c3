import { useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/*
 * The detail panel's width: dragged by the handle on its left edge or moved with the arrow keys, kept in this
 * window's storage, and laid out through one CSS variable (`--panel-width`) that the app's grid reads.
 */

const KEY = 'evidence-locker.panel-width';
const MIN = 340;
const STEP = 24;
/** The sidebar and the narrowest main area the panel leaves room for. */
const SIDEBAR = 240;
const MAIN_MIN = 560;

const maxWidth = () => Math.max(MIN, Math.min(900, window.innerWidth - SIDEBAR - MAIN_MIN));
const clamp = (w: number) => Math.round(Math.min(maxWidth(), Math.max(MIN, w)));

function readWidth(): number | null {
  try {
    const n = Number(localStorage.getItem(KEY));
    return Number.isFinite(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function apply(width: number): void {
  document.documentElement.style.setProperty('--panel-width', `${width}px`);
}

function save(width: number): void {
  try {
    localStorage.setItem(KEY, String(width));
  } catch {
    // Not remembered: the width still holds for this session.
  }
}

/** The remembered width, applied before the first panel paints. */
export function usePanelWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(() => clamp(readWidth() ?? 380));
  useEffect(() => apply(width), [width]);
  // A smaller window narrows the panel with it, never below its minimum.
  useEffect(() => {
    const onResize = () => setWidth((w) => clamp(w));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return [width, (w) => setWidth(clamp(w))];
}

/** The handle on the panel's left edge (a WAI-ARIA window splitter): drag it, or focus it and use ←/→. */
export function PanelResizer() {
  const { t } = useI18n();
  const [width, setWidth] = usePanelWidth();
  const [isDragging, setDragging] = useState(false);

  const onKey = (e: KeyboardEvent) => {
    let next: number | null = null;
    // The handle is on the left: ← moves it out (wider), → moves it in (narrower).
    if (e.key === 'ArrowLeft') next = width + STEP;
    else if (e.key === 'ArrowRight') next = width - STEP;
    else if (e.key === 'Home') next = MIN;
    else if (e.key === 'End') next = maxWidth();
    if (next === null) return;
    e.preventDefault();
    const w = clamp(next);
    setWidth(w);
    save(w);
  };

  const onMove = (e: PointerEvent) => {
    if (isDragging) setWidth(window.innerWidth - e.clientX);
  };

  return (
    <div
      className={`panel-resizer${isDragging ? ' is-dragging' : ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label={t.panelWidth}
      aria-valuemin={MIN}
      aria-valuemax={maxWidth()}
      aria-valuenow={width}
      tabIndex={0}
      data-testid="panel-resizer"
      onKeyDown={onKey}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        setDragging(true);
      }}
      onPointerMove={onMove}
      onPointerUp={(e) => {
        e.currentTarget.releasePointerCapture(e.pointerId);
        setDragging(false);
        save(clamp(window.innerWidth - e.clientX));
      }}
      onDoubleClick={() => {
        setWidth(380);
        save(clamp(380));
      }}
    />
  );
}
