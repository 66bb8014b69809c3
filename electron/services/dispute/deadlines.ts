import { formatInstant, instantFromZoned, zoneOffsetAt, type Instant } from '../util/time.ts';
import { addCalendarDays, addChinaWorkingDays } from './china-calendar.ts';
import type { DeadlineRule } from './rules.ts';

export type Due = {
  /** The end of the last day (23:59:59) in the rule's zone, as an instant with that zone's offset. */
  instant: Instant;
  at: string;
  /** The last day, as a plain date in the rule's zone. */
  date: string;
  /** Working days were counted in a year without a published calendar (Monday–Friday used). */
  isEstimate: boolean;
};

/** The plain date an instant falls on in a time zone. */
export function localDate(instant: Instant, zone: string): string {
  const ms = Date.parse(instant.utc);
  return new Date(ms + zoneOffsetAt(zone, ms) * 60_000).toISOString().slice(0, 10);
}

function endOfDay(date: string, zone: string): Instant {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantFromZoned({ year, month, day, hour: 23, minute: 59, second: 59 }, zone);
}

/**
 * When a period of `days` (counted as the rule says) that starts at `start` ends. The start day is not counted
 * (民法典 第二百零一条); the period ends at the end of its last day.
 */
export function dueAfter(start: Instant, days: number, count: DeadlineRule['count'], zone: string): Due {
  const first = localDate(start, zone);
  let date: string;
  let isEstimate = false;
  if (count === 'china-working') {
    const r = addChinaWorkingDays(first, days);
    date = r.date;
    isEstimate = !r.isOfficial;
  } else {
    date = addCalendarDays(first, days);
  }
  const instant = endOfDay(date, zone);
  return { instant, at: formatInstant(instant), date, isEstimate };
}

/** The rule's deadline from `start`, and its extended deadline where the source allows one. */
export function ruleDue(
  rule: DeadlineRule,
  start: Instant,
  caseZone: string,
): { due: Due; extended: Due | null } {
  const zone = rule.zone ?? caseZone;
  return {
    due: dueAfter(start, rule.days, rule.count, zone),
    extended: rule.extendableTo ? dueAfter(start, rule.extendableTo, rule.count, zone) : null,
  };
}
