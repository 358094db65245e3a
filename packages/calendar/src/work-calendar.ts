import {
  DEFAULT_WEEKEND,
  checkExtraHolidays,
  checkHolidayYear,
  checkWeekend,
  publicHolidays,
  type Holiday,
  type HolidayOptions,
} from "./holidays.ts";
import { fromJulianDay, formatJulianDay, parseIsoDate, weekdayOf } from "./iso-date.ts";

export type WorkCalendarOptions = HolidayOptions & {
  /**
   * Days worked although they are rest days, e.g. the Saturday the government swaps for a day
   * off next to Tết (hoán đổi ngày làm việc). Such a day is a working day whatever else applies.
   */
  extraWorkingDays?: readonly string[];
};

/**
 * Working days of an agency: not a weekly rest day and not a holiday of {@link publicHolidays}
 * with the same options, unless listed in `extraWorkingDays`. Covers 2007–2199; a day outside
 * that range, or arithmetic that runs out of it, is a `RangeError`.
 */
export type WorkCalendar = {
  isWorkingDay(date: string): boolean;
  /**
   * The `n`-th working day after `date` (n ≥ 0, an integer): the deadline "N ngày làm việc kể từ
   * ngày ..." counts from the day after, whether `date` itself is worked or not. `n = 0` gives
   * `date` when it is a working day, else the next working day.
   */
  addWorkingDays(date: string, n: number): string;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string;
  /**
   * Working days after `from` up to and including `to`: so `workingDaysBetween(d,
   * addWorkingDays(d, n)) === n` for n ≥ 1, and a report due "within 5 working days" is late when
   * this exceeds 5. Negative when `to` is before `from`; 0 when they are equal.
   */
  workingDaysBetween(from: string, to: string): number;
  /** The holidays of a solar year, overrides applied (see {@link publicHolidays}). */
  holidays(year: number): Holiday[];
};

function checkDates(option: string, dates: unknown): string[] {
  if (dates === undefined) return [];
  if (!Array.isArray(dates)) {
    throw new TypeError(`${option}: cần một mảng ngày YYYY-MM-DD / expected an array of dates`);
  }
  dates.forEach(parseIsoDate);
  return [...dates];
}

/** Builds a working-day calendar; options are checked now, holidays computed per year on use. */
export function createWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const extraHolidays = checkExtraHolidays(options.extraHolidays ?? []).map((h) => ({
    date: h.date,
    name: { vi: h.name.vi, en: h.name.en },
  }));
  const removedHolidays = checkDates("removedHolidays", options.removedHolidays);
  const holidayOptions: HolidayOptions = {
    weekend: [...checkWeekend(options.weekend ?? DEFAULT_WEEKEND)],
    extraHolidays,
    removedHolidays,
  };
  extraHolidays.forEach((h) => parseIsoDate(h.date));
  const weekend = new Set(holidayOptions.weekend);
  const workedAnyway = new Set(
    checkDates("extraWorkingDays", options.extraWorkingDays).map(parseIsoDate),
  );
  const daysOff = new Map<number, Set<number>>();

  const holidays = (year: number) => publicHolidays(year, holidayOptions);
  function isWorking(day: number): boolean {
    const { year } = fromJulianDay(day);
    checkHolidayYear(year);
    if (workedAnyway.has(day)) return true;
    if (weekend.has(weekdayOf(day))) return false;
    let off = daysOff.get(year);
    if (!off) {
      off = new Set(holidays(year).map((h) => parseIsoDate(h.date)));
      daysOff.set(year, off);
    }
    return !off.has(day);
  }
  const nextWorking = (day: number) => {
    let next = day + 1;
    while (!isWorking(next)) next++;
    return next;
  };
  function countAfter(from: number, to: number): number {
    let count = 0;
    for (let day = from + 1; day <= to; day++) if (isWorking(day)) count++;
    return count;
  }

  return {
    isWorkingDay: (date) => isWorking(parseIsoDate(date)),
    nextWorkingDay: (date) => formatJulianDay(nextWorking(parseIsoDate(date))),
    addWorkingDays(date, n) {
      let day = parseIsoDate(date);
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
        throw new RangeError(`n phải là số nguyên ≥ 0 / n must be an integer ≥ 0: ${String(n)}`);
      }
      if (n === 0) return formatJulianDay(isWorking(day) ? day : nextWorking(day));
      for (let i = 0; i < n; i++) day = nextWorking(day);
      return formatJulianDay(day);
    },
    workingDaysBetween(from, to) {
      const start = parseIsoDate(from);
      const end = parseIsoDate(to);
      return end >= start ? countAfter(start, end) : -countAfter(end, start);
    },
    holidays,
  };
}
