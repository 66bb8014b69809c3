import { EyeOff, Trash2, ZoomIn, ZoomOut } from 'lucide-react';
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { PixelBox, RedactionBox } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

type Props = {
  evidenceId: string;
  imageUrl: string;
  alt: string;
  /** Called after a save, so the panel can reload the item's history. */
  onSaved: () => void;
  /** Outlines drawn over the picture (where a search match or a suggested fact was read), in its pixels. */
  marks?: { box: PixelBox; label: string }[];
};

type Point = { x: number; y: number };

/** The smallest box worth keeping, in image pixels: a stray click is not a redaction. */
const MIN_SIZE = 4;

/**
 * Boxes to black out on an image. They are kept in pixels of the image as displayed (EXIF orientation
 * applied), which is what the browser's naturalWidth/naturalHeight measure, so the box lands on the same
 * pixels in the export whatever size the panel shows the picture at.
 */
export function RedactionEditor(props: Props) {
  const { t } = useI18n();
  const [saved, setSaved] = useState<RedactionBox[]>([]);
  const [boxes, setBoxes] = useState<RedactionBox[]>([]);
  const [isEditing, setEditing] = useState(false);
  const [drag, setDrag] = useState<{ from: Point; to: Point } | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [scale, setScale] = useState(1);
  const [isZoomed, setZoomed] = useState(false);
  const img = useRef<HTMLImageElement>(null);

  useEffect(() => {
    let isCurrent = true;
    api.getRedactions(props.evidenceId).then(
      (r) => {
        if (!isCurrent) return;
        setSaved(r.boxes);
        setBoxes(r.boxes);
      },
      (e: unknown) => isCurrent && setError((e as Error).message),
    );
    return () => {
      isCurrent = false;
    };
  }, [props.evidenceId]);

  // Displayed size / image size: re-measured when the image loads and whenever the panel resizes.
  useEffect(() => {
    const el = img.current;
    if (!el) return;
    const measure = () => {
      if (el.naturalWidth) setScale(el.clientWidth / el.naturalWidth);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    el.addEventListener('load', measure);
    measure();
    return () => {
      observer.disconnect();
      el.removeEventListener('load', measure);
    };
  }, []);

  const toImage = (e: PointerEvent): Point => {
    const el = img.current!;
    const rect = el.getBoundingClientRect();
    const k = el.naturalWidth / rect.width;
    const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
    return {
      x: clamp((e.clientX - rect.left) * k, el.naturalWidth),
      y: clamp((e.clientY - rect.top) * k, el.naturalHeight),
    };
  };

  const boxOf = (a: Point, b: Point): RedactionBox => ({
    x: Math.round(Math.min(a.x, b.x)),
    y: Math.round(Math.min(a.y, b.y)),
    width: Math.round(Math.abs(a.x - b.x)),
    height: Math.round(Math.abs(a.y - b.y)),
  });

  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!isEditing || e.button !== 0 || !img.current?.naturalWidth) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toImage(e);
    setDrag({ from: p, to: p });
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ ...drag, to: toImage(e) });
  };
  const onUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const box = boxOf(drag.from, toImage(e));
    setDrag(null);
    if (box.width >= MIN_SIZE && box.height >= MIN_SIZE) {
      setBoxes((list) => [...list, box]);
      setStatus('idle');
    }
  };

  const save = async () => {
    setStatus('saving');
    setError(null);
    try {
      const r = await api.setRedactions(props.evidenceId, boxes);
      setSaved(r.boxes);
      setBoxes(r.boxes);
      setStatus('saved');
      props.onSaved();
    } catch (e) {
      setError((e as Error).message);
      setStatus('idle');
    }
  };

  const isDirty = JSON.stringify(boxes) !== JSON.stringify(saved);
  const shown = drag ? [...boxes, boxOf(drag.from, drag.to)] : boxes;

  return (
    <div className="redaction">
      <div className={`viewer${isZoomed ? ' zoomed' : ''}`}>
        <div
          className={`redaction-stage${isEditing ? ' editing' : ''}`}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={() => setDrag(null)}
          data-testid="redaction-stage"
        >
          <img ref={img} src={props.imageUrl} alt={props.alt} draggable={false} />
          {shown.map((b, i) => (
            <div
              key={i}
              className="redaction-box"
              style={{
                left: b.x * scale,
                top: b.y * scale,
                width: b.width * scale,
                height: b.height * scale,
              }}
              aria-hidden="true"
            >
              {isEditing && <span className="redaction-label">{i + 1}</span>}
            </div>
          ))}
          {props.marks?.map((m, i) => (
            <div
              key={`mark-${i}`}
              className="found-box"
              data-testid="found-box"
              title={m.label}
              style={{
                left: m.box.x0 * scale - 3,
                top: m.box.y0 * scale - 3,
                width: (m.box.x1 - m.box.x0) * scale + 6,
                height: (m.box.y1 - m.box.y0) * scale + 6,
              }}
            />
          ))}
        </div>
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
      {!isEditing ? (
        <div className="redaction-bar">
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            <EyeOff size={14} aria-hidden="true" />
            {t.redact}
          </button>
          {saved.length > 0 && <span className="muted small">{t.redactedCount(saved.length)}</span>}
        </div>
      ) : (
        <div className="redaction-editor" data-testid="redaction-editor">
          <p className="small">{t.redactHint}</p>
          <h3 className="card-title">{t.redactBoxes}</h3>
          {boxes.length === 0 ? (
            <p className="muted small">{t.noBoxes}</p>
          ) : (
            <ol className="box-list">
              {boxes.map((b, i) => (
                <li key={`${i}-${b.x}-${b.y}`}>
                  <span>{t.redactBox(i + 1)}</span>
                  <button
                    type="button"
                    className="button small subtle"
                    onClick={() => {
                      setBoxes((list) => list.filter((_, j) => j !== i));
                      setStatus('idle');
                    }}
                  >
                    <Trash2 size={14} aria-hidden="true" />
                    {t.removeBox}
                  </button>
                </li>
              ))}
            </ol>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <span className="muted small" role="status">
              {status === 'saved' && !isDirty ? t.boxesSaved : ''}
            </span>
            <button
              type="button"
              className="button"
              onClick={() => {
                setBoxes(saved);
                setEditing(false);
                setStatus('idle');
              }}
            >
              {isDirty ? t.cancel : t.redactDone}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={!isDirty || status === 'saving'}
              onClick={() => void save()}
            >
              {status === 'saving' ? t.saving : t.saveBoxes}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
