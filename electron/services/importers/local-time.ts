import type { Instant, LocalDateTime } from '../util/time.ts';
import {
  instantFromLocal,
  instantFromZoned,
  isValidLocal,
  isValidTimeZone,
  parseIsoInstant,
} from '../util/time.ts';
import type { ImportProblem } from './types.ts';

/** `ctx.timeZone` when Intl knows it; otherwise UTC, with one problem saying so. */
export function usableZone(timeZone: string, problems: ImportProblem[]): string {
  if (isValidTimeZone(timeZone)) return timeZone;
  problems.push({ line: 0, error: `unknown time zone "${timeZone}"; times read as UTC` });
  return 'UTC';
}

/** Resolves wall-clock times in one zone, asking Intl once per local hour instead of once per row. */
export function zoneResolver(timeZone: string): (t: LocalDateTime) => Instant {
  const offsets = new Map<number, number>();
  return (t) => {
    const key = ((t.year * 13 + t.month) * 32 + t.day) * 24 + t.hour;
    const known = offsets.get(key);
    if (known !== undefined) return instantFromLocal(t, known);
    const instant = instantFromZoned(t, timeZone);
    offsets.set(key, instant.offset);
    return instant;
  };
}

const HAS_ZONE_RE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/**
 * `parseIsoInstant` for many values in one zone: texts with their own offset are read as written, the
 * others resolved through `zoneResolver`, so a long statement asks Intl once per local hour, not per row.
 */
export function isoResolver(timeZone: string): (text: string) => Instant | null {
  const resolve = zoneResolver(timeZone);
  return (text) => {
    const trimmed = text.trim();
    if (HAS_ZONE_RE.test(trimmed)) return parseIsoInstant(trimmed, timeZone);
    const m = LOCAL_ISO_RE.exec(trimmed);
    if (!m) return null;
    const t: LocalDateTime = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    };
    return isValidLocal(t) ? resolve(t) : null;
  };
}

/** Line number (1-based) of each character offset, computed incrementally over increasing offsets. */
export function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (; at < offset && at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) line++;
    }
    return line;
  };
}
