/**
 * China's official calendar of public holidays and make-up working days (调休上班), as data.
 *
 * Each year comes from the General Office of the State Council's notice on that year's holiday arrangements
 * (国务院办公厅关于 YYYY 年部分节假日安排的通知), usually published in October or November of the year before.
 * A year without a published notice here falls back to Monday–Friday, and every answer says so (`isOfficial`
 * false), because a deadline counted that way may be off by the length of a holiday.
 *
 * Written by hand from the notices (the `chinese-days` package is not installed); add a year by copying its
 * notice's dates, holidays as inclusive ranges and make-up working days one by one.
 */

export type CalendarYear = {
  /** The notice, as it is cited. */
  source: string;
  /** The day the notice was issued. */
  published: string;
  /** Inclusive ranges of days off, `['2024-02-10', '2024-02-17']`. */
  holidays: [string, string][];
  /** Weekend days that are working days (调休上班). */
  workdays: string[];
};

export const CHINA_CALENDAR: Readonly<Record<number, CalendarYear>> = {
  2024: {
    source: '国务院办公厅关于2024年部分节假日安排的通知（2023年10月25日）',
    published: '2023-10-25',
    holidays: [
      ['2024-01-01', '2024-01-01'], // 元旦，与周末连休
      ['2024-02-10', '2024-02-17'], // 春节
      ['2024-04-04', '2024-04-06'], // 清明节
      ['2024-05-01', '2024-05-05'], // 劳动节
      ['2024-06-10', '2024-06-10'], // 端午节，与周末连休
      ['2024-09-15', '2024-09-17'], // 中秋节
      ['2024-10-01', '2024-10-07'], // 国庆节
    ],
    workdays: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    published: '2024-11-12',
    holidays: [
      ['2025-01-01', '2025-01-01'], // 元旦，不调休
      ['2025-01-28', '2025-02-04'], // 春节（除夕起，8天）
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    published: '2025-11-04',
    holidays: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节（腊月二十八至正月初七，9天）
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  // 2027: no notice was available when this table was written; days in 2027 are counted Monday–Friday and
  // flagged as estimates. Add the year here once the State Council publishes it.
};

type DayInfo = { isWorkingDay: boolean; isOfficial: boolean; isHoliday: boolean; isMakeUpWorkday: boolean };

const index = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();

function yearIndex(year: number) {
  let entry = index.get(year);
  if (entry) return entry;
  const data = CHINA_CALENDAR[year];
  if (!data) return null;
  const holidays = new Set<string>();
  for (const [from, to] of data.holidays) {
    for (let d = from; d <= to; d = addCalendarDays(d, 1)) holidays.add(d);
  }
  entry = { holidays, workdays: new Set(data.workdays) };
  index.set(year, entry);
  return entry;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a date like 2025-10-01`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `2025-01-31` + 1 → `2025-02-01`: calendar arithmetic on plain dates, no time zone involved. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether a date is a working day in mainland China, and whether that answer rests on a published notice. */
export function chinaDay(date: string): DayInfo {
  const year = Number(date.slice(0, 4));
  const weekday = new Date(toUtcMs(date)).getUTCDay();
  const isWeekend = weekday === 0 || weekday === 6;
  const idx = yearIndex(year);
  if (!idx) return { isWorkingDay: !isWeekend, isOfficial: false, isHoliday: false, isMakeUpWorkday: false };
  const isHoliday = idx.holidays.has(date);
  const isMakeUpWorkday = idx.workdays.has(date);
  return {
    isWorkingDay: isMakeUpWorkday || (!isWeekend && !isHoliday),
    isOfficial: true,
    isHoliday,
    isMakeUpWorkday,
  };
}

export function isChinaWorkingDay(date: string): boolean {
  return chinaDay(date).isWorkingDay;
}

/**
 * The date `n` working days after `start`, the start day itself not counted (a period "自收到之日起七个工作日内"
 * begins the next day). `isOfficial` is false when any day counted lies in a year without a published calendar.
 */
export function addChinaWorkingDays(start: string, n: number): { date: string; isOfficial: boolean } {
  let date = start;
  let left = n;
  let isOfficial = chinaDay(start).isOfficial;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    const day = chinaDay(date);
    if (!day.isOfficial) isOfficial = false;
    if (day.isWorkingDay) left -= 1;
  }
  return { date, isOfficial };
}

/** The years this table holds a published calendar for. */
export function officialYears(): number[] {
  return Object.keys(CHINA_CALENDAR).map(Number);
}
