/*
 * Times are shown in the case's time zone (Asia/Shanghai by default), whatever zone this computer is in:
 * a charge at 08:01 Beijing time is 08:01 in the complaint, not 01:01 because the laptop is in Berlin.
 * Intl formatters are costly to build, so each one is made once and kept.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

export function formatter(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

/**
 * The first Intl object a page builds loads the ICU data (tens of ms); every one after it is quick. Called
 * while the first answers are on their way, so that cost is not paid when they arrive and the rows are drawn.
 * public/boot.js builds the same one earlier, while the scripts load; then this one is quick.
 */
export function warmUpIntl(locale: string): void {
  formatter(locale, 'UTC', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(0);
}

type Wall = { year: string; month: string; day: string; hour: string; minute: string; second: string };

/** The wall-clock fields of an instant in a zone, zero-padded. */
export function wallClock(utc: string, timeZone: string): Wall {
  const parts = formatter('en-CA', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(utc));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** `2025-08-27`: the day an instant falls on in the zone, for grouping the timeline. */
export function dayKey(utc: string, timeZone: string): string {
  const w = wallClock(utc, timeZone);
  return `${w.year}-${w.month}-${w.day}`;
}

/** The value of an `<input type="datetime-local" step="1">`, in the zone. */
export function toLocalInput(utc: string, timeZone: string): string {
  const w = wallClock(utc, timeZone);
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}`;
}

const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/**
 * Minutes east of UTC of a zone at an instant. Zones change their offset on a quarter hour (UTC) in practice, so
 * the answer is kept per zone and quarter hour: a list of thousands of rows asks Intl a few hundred times.
 */
export function zoneOffset(utc: string, timeZone: string): number {
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) return askZoneOffset(utc, timeZone);
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = askZoneOffset(utc, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

function askZoneOffset(utc: string, timeZone: string): number {
  const name =
    formatter('en-US', timeZone, { timeZoneName: 'longOffset' })
      .formatToParts(new Date(utc))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Whole days from now until an instant, counted in calendar days of the zone. */
export function daysUntil(utc: string, timeZone: string, now = new Date()): number {
  const a = Date.parse(dayKey(now.toISOString(), timeZone));
  const b = Date.parse(dayKey(utc, timeZone));
  return Math.round((b - a) / 86_400_000);
}
