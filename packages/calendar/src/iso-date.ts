/**
 * Calendar days as `YYYY-MM-DD` strings and, inside the package, as Julian day numbers (whole
 * days, so no time zone can shift them). Vietnam has kept UTC+7 without daylight saving since
 * 1975, so a fixed offset gives today's date there exactly.
 */

/** First and last solar years the package answers for; the lunar tables cover them. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Julian day number of a Gregorian date (Fliegel & Van Flandern). */
export function julianDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** The Gregorian date of a Julian day number. */
export function fromJulianDay(jd: number): { year: number; month: number; day: number } {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

export function formatJulianDay(jd: number): string {
  const { year, month, day } = fromJulianDay(jd);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return julianDay(month === 12 ? year + 1 : year, (month % 12) + 1, 1) - julianDay(year, month, 1);
}

export function checkYear(year: unknown, what = "year"): asserts year is number {
  if (typeof year !== "number" || !Number.isInteger(year)) {
    throw new TypeError(`Năm phải là số nguyên / ${what} must be an integer: ${String(year)}`);
  }
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(
      `Năm ngoài phạm vi ${FIRST_YEAR}–${LAST_YEAR} / ${what} outside ${FIRST_YEAR}–${LAST_YEAR}: ${year}`,
    );
  }
}

/**
 * Reads a `YYYY-MM-DD` day into its Julian day number. A value that is not a string is a
 * `TypeError`; a string of another form, a day that does not exist (2026-02-30) or a year outside
 * {@link FIRST_YEAR}–{@link LAST_YEAR} is a `RangeError`, as `Temporal.PlainDate.from` does.
 */
export function parseIsoDate(date: unknown): number {
  if (typeof date !== "string") {
    throw new TypeError(`Ngày phải là chuỗi YYYY-MM-DD / a date must be a YYYY-MM-DD string`);
  }
  const match = ISO_DATE.exec(date);
  if (!match) {
    throw new RangeError(`Ngày phải có dạng YYYY-MM-DD / a date must be YYYY-MM-DD: "${date}"`);
  }
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Ngày không tồn tại / no such date: "${date}"`);
  }
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(
      `Ngày ngoài phạm vi ${FIRST_YEAR}–${LAST_YEAR} / date outside ${FIRST_YEAR}–${LAST_YEAR}: "${date}"`,
    );
  }
  return julianDay(year, month, day);
}

/** Day of the week of a Julian day number, numbered like `Date#getUTCDay`: 0 Sunday … 6 Saturday. */
export function weekdayOf(jd: number): number {
  return (jd + 1) % 7;
}

/** Day of the week of a `YYYY-MM-DD` day: 0 Sunday … 6 Saturday, as `Date#getUTCDay`. */
export function dayOfWeek(date: string): number {
  return weekdayOf(parseIsoDate(date));
}

/**
 * The calendar day in Vietnam (Asia/Ho_Chi_Minh) at an instant, as `YYYY-MM-DD`: a document
 * received at 23:30 UTC on 31 December arrives on 1 January in Hà Nội.
 */
export function vietnamToday(now: Date = new Date()): string {
  if (!(now instanceof Date)) throw new TypeError("Cần một Date / expected a Date");
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(local.getTime())) throw new RangeError("Thời điểm không hợp lệ / invalid Date");
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}
