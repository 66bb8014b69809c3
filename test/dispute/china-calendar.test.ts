import { describe, expect, it } from 'vitest';
import {
  CHINA_CALENDAR,
  addCalendarDays,
  addChinaWorkingDays,
  chinaDay,
  isChinaWorkingDay,
} from '../../electron/services/dispute/china-calendar.ts';

describe('China official calendar', () => {
  it('treats the Spring Festival days as holidays and the make-up Saturdays and Sundays as working days', () => {
    // 2025: 1月28日至2月4日放假，1月26日（周日）、2月8日（周六）上班。
    expect(isChinaWorkingDay('2025-01-27')).toBe(true);
    for (let d = '2025-01-28'; d <= '2025-02-04'; d = addCalendarDays(d, 1)) {
      expect([d, isChinaWorkingDay(d)]).toEqual([d, false]);
    }
    expect(chinaDay('2025-01-26')).toMatchObject({
      isWorkingDay: true,
      isMakeUpWorkday: true,
      isOfficial: true,
    });
    expect(isChinaWorkingDay('2025-02-08')).toBe(true);
    expect(isChinaWorkingDay('2025-02-09')).toBe(false); // an ordinary Sunday
    // 2026: 2月15日至23日放假，2月14日（周六）、2月28日（周六）上班。
    expect(isChinaWorkingDay('2026-02-14')).toBe(true);
    expect(isChinaWorkingDay('2026-02-23')).toBe(false); // a Monday inside the holiday
    expect(isChinaWorkingDay('2026-02-24')).toBe(true);
    expect(isChinaWorkingDay('2026-02-28')).toBe(true);
    // 2024: 除夕 (2月9日) was not an official day off.
    expect(isChinaWorkingDay('2024-02-09')).toBe(true);
    expect(isChinaWorkingDay('2024-02-18')).toBe(true);
  });

  it('counts working days across National Day, skipping the holiday and counting the make-up Saturday', () => {
    // 2025: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班.
    // From Tue 30 Sept: 9, 10 (Thu, Fri), 11 (Sat, make-up), 13, 14, 15, 16 → the 7th is 16 October.
    expect(addChinaWorkingDays('2025-09-30', 7)).toEqual({ date: '2025-10-16', isOfficial: true });
    // Counted Monday to Friday it would have been 9 October.
    expect(isChinaWorkingDay('2025-10-08')).toBe(false);
    expect(isChinaWorkingDay('2025-10-11')).toBe(true);
    // 2024 National Day: 9月29日（周日）、10月12日（周六）上班.
    expect(isChinaWorkingDay('2024-09-29')).toBe(true);
    expect(isChinaWorkingDay('2024-10-07')).toBe(false);
    expect(isChinaWorkingDay('2024-10-12')).toBe(true);
  });

  it('does not count the start day, and starts counting after a holiday the period began on', () => {
    expect(addChinaWorkingDays('2026-02-13', 1)).toEqual({ date: '2026-02-14', isOfficial: true });
    expect(addChinaWorkingDays('2026-02-16', 1)).toEqual({ date: '2026-02-24', isOfficial: true });
  });

  it('falls back to Monday–Friday for a year without a published notice, and says so', () => {
    expect(CHINA_CALENDAR[2027]).toBeUndefined();
    expect(chinaDay('2027-10-01')).toEqual({
      isWorkingDay: true,
      isOfficial: false,
      isHoliday: false,
      isMakeUpWorkday: false,
    });
    expect(addChinaWorkingDays('2026-12-28', 7)).toEqual({ date: '2027-01-06', isOfficial: false });
  });

  it('names its source for every year and keeps holidays and make-up days apart', () => {
    for (const [year, data] of Object.entries(CHINA_CALENDAR)) {
      expect(data.source).toContain(`${year}年部分节假日安排的通知`);
      for (const [from, to] of data.holidays) {
        expect(from <= to).toBe(true);
        expect(from.slice(0, 4)).toBe(year);
      }
      for (const w of data.workdays) {
        const weekday = new Date(`${w}T00:00:00Z`).getUTCDay();
        expect([w, weekday === 0 || weekday === 6]).toEqual([w, true]);
        expect(chinaDay(w).isHoliday).toBe(false);
      }
    }
  });
});
