import { LAST_YEAR, formatJulianDay, julianDay, parseIsoDate, weekdayOf } from "./iso-date.ts";
import { lunarToSolar } from "./lunar.ts";

export type HolidayName = { vi: string; en: string };

/**
 * A day off. `statutory`: set by the Labour Code (its default day for Tết and the day next to
 * National Day); `compensatory`: nghỉ bù for a statutory day that fell on a weekly rest day;
 * `designated`: added by the caller, usually from the Prime Minister's yearly notice.
 */
export type Holiday = {
  date: string;
  name: HolidayName;
  kind: "statutory" | "compensatory" | "designated";
};

export type HolidayOptions = {
  /** Weekly rest days, 0 Sunday … 6 Saturday (default Saturday and Sunday, as state agencies). */
  weekend?: readonly number[];
  /** Days off the government adds (its Tết and National Day schedule): kind `designated`. */
  extraHolidays?: readonly { date: string; name: HolidayName }[];
  /**
   * Statutory or compensatory days that are not days off after all, e.g. the default Tết days
   * the government's notice moved. A removed statutory day earns no compensatory day.
   */
  removedHolidays?: readonly string[];
};

/** The first year whose holidays are modelled: Hùng Kings' day became a day off in 2007. */
export const FIRST_HOLIDAY_YEAR = 2007;
export const DEFAULT_WEEKEND: readonly number[] = [6, 0];

type Rule = {
  name: HolidayName;
  /** The law and article that sets it. */
  source: string;
  /** Years the rule is in force, inclusive. */
  years: [number, number];
  /** Its days in a solar year, as `YYYY-MM-DD`. */
  days: (year: number) => string[];
};

/** Before 1 January 2021: BLLĐ 2012 Điều 115 khoản 1; before 1 May 2013: BLLĐ 1994 Điều 73. */
const LAW = "Bộ luật Lao động 2019, Điều 112 khoản 1";

const fixed = (month: number, day: number) => (year: number) => [
  formatJulianDay(julianDay(year, month, day)),
];

/** The last day of the lunar year before Tết of `year`, then mùng 1 to mùng `lastDay`. */
const tet = (lastDay: number) => (year: number) => {
  const newYear = parseIsoDate(lunarToSolar({ year, month: 1, day: 1 }));
  return Array.from({ length: lastDay + 1 }, (_, i) => formatJulianDay(newYear - 1 + i));
};

const TET: HolidayName = { vi: "Tết Nguyên đán", en: "Lunar New Year (Tết)" };
const NATIONAL_DAY: HolidayName = { vi: "Quốc khánh", en: "National Day" };

/**
 * The statutory days off, by the law in force each year:
 * - BLLĐ 1994 Điều 73 as amended in 2007 (Giỗ Tổ added), from 2007: 1/1, Tết 4 days ("một ngày
 *   cuối năm và ba ngày đầu năm âm lịch"), 10/3 lunar, 30/4, 1/5, 2/9.
 * - BLLĐ 2012 Điều 115, in force from 1 May 2013, so from Tết 2014: Tết 5 days.
 * - BLLĐ 2019 Điều 112, in force from 1 January 2021: National Day 2 days, 2/9 "và 01 ngày liền
 *   kề trước hoặc sau". Its khoản 3 has the Prime Minister fix the Tết and National Day days each
 *   year; until the caller applies that notice, Tết is the last day of the lunar year with mùng 1
 *   to mùng 4, and the adjacent day is 3/9.
 */
const RULES: readonly Rule[] = [
  {
    name: { vi: "Tết Dương lịch", en: "New Year's Day" },
    source: `${LAW} điểm a`,
    years: [FIRST_HOLIDAY_YEAR, LAST_YEAR],
    days: fixed(1, 1),
  },
  {
    name: TET,
    source: "Bộ luật Lao động 1994, Điều 73 (sửa đổi 2007)",
    years: [FIRST_HOLIDAY_YEAR, 2013],
    days: tet(3),
  },
  { name: TET, source: `${LAW} điểm b`, years: [2014, LAST_YEAR], days: tet(4) },
  {
    name: { vi: "Ngày Chiến thắng", en: "Victory Day (Reunification)" },
    source: `${LAW} điểm c`,
    years: [FIRST_HOLIDAY_YEAR, LAST_YEAR],
    days: fixed(4, 30),
  },
  {
    name: { vi: "Ngày Quốc tế Lao động", en: "International Labour Day" },
    source: `${LAW} điểm d`,
    years: [FIRST_HOLIDAY_YEAR, LAST_YEAR],
    days: fixed(5, 1),
  },
  {
    name: NATIONAL_DAY,
    source: `${LAW} điểm đ`,
    years: [FIRST_HOLIDAY_YEAR, LAST_YEAR],
    days: fixed(9, 2),
  },
  {
    name: { vi: "Quốc khánh (ngày liền kề)", en: "National Day (adjacent day)" },
    source: `${LAW} điểm đ`,
    years: [2021, LAST_YEAR],
    days: fixed(9, 3),
  },
  {
    name: { vi: "Giỗ Tổ Hùng Vương", en: "Hùng Kings' Commemoration Day" },
    source: `${LAW} điểm e`,
    years: [FIRST_HOLIDAY_YEAR, LAST_YEAR],
    days: (year) => [lunarToSolar({ year, month: 3, day: 10 })],
  },
];

export function checkWeekend(weekend: unknown): readonly number[] {
  const valid =
    Array.isArray(weekend) &&
    weekend.length < 7 &&
    weekend.every((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  if (!valid) {
    throw new RangeError(
      "weekend: các thứ trong tuần 0 (Chủ nhật) … 6 (thứ Bảy), ít nhất một ngày làm việc / days of the week 0 (Sunday) … 6 (Saturday), leaving at least one working day",
    );
  }
  return weekend as number[];
}

export function checkExtraHolidays(extra: unknown): readonly { date: string; name: HolidayName }[] {
  const valid =
    Array.isArray(extra) &&
    extra.every(
      (h) =>
        typeof h === "object" &&
        h !== null &&
        typeof h.name?.vi === "string" &&
        typeof h.name?.en === "string",
    );
  if (!valid) {
    throw new TypeError(
      "extraHolidays: mỗi ngày cần { date, name: { vi, en } } / each day needs { date, name: { vi, en } }",
    );
  }
  return extra;
}

export function checkHolidayYear(year: unknown): asserts year is number {
  if (typeof year !== "number" || !Number.isInteger(year)) {
    throw new TypeError(`Năm phải là số nguyên / year must be an integer: ${String(year)}`);
  }
  if (year < FIRST_HOLIDAY_YEAR || year > LAST_YEAR) {
    throw new RangeError(
      `Ngày nghỉ lễ chỉ tính cho năm ${FIRST_HOLIDAY_YEAR}–${LAST_YEAR} / holidays are known for ${FIRST_HOLIDAY_YEAR}–${LAST_YEAR}: ${year}`,
    );
  }
}

/**
 * The public holidays of a solar year for workers with a Saturday–Sunday week (or `weekend`):
 * the statutory days of {@link RULES}, less `removedHolidays`, plus `extraHolidays`, plus a
 * compensatory day for each statutory day on a weekly rest day, sorted by date.
 *
 * Nghỉ bù (BLLĐ 2019 Điều 111 khoản 3; BLLĐ 2012 Điều 115 khoản 3; BLLĐ 1994 Điều 73): a holiday
 * on a weekly rest day is made up on the next working day — the next day that is neither a rest
 * day nor another day off, so 30/4 on Saturday and 1/5 on Sunday give Monday and Tuesday. Designated
 * days earn none: the government's notice lists its own compensatory days, add them as extra days.
 */
export function publicHolidays(year: number, options: HolidayOptions = {}): Holiday[] {
  checkHolidayYear(year);
  const weekend = new Set(checkWeekend(options.weekend ?? DEFAULT_WEEKEND));
  const removed = new Set((options.removedHolidays ?? []).map(parseIsoDate));
  const statutory: Holiday[] = RULES.filter(
    (rule) => rule.years[0] <= year && year <= rule.years[1],
  ).flatMap((rule) =>
    rule.days(year).map((date) => ({ date, name: rule.name, kind: "statutory" as const })),
  );
  const kept = statutory.filter((h) => !removed.has(parseIsoDate(h.date)));
  const taken = new Set(kept.map((h) => parseIsoDate(h.date)));
  const designated: Holiday[] = [];
  for (const { date, name } of checkExtraHolidays(options.extraHolidays ?? [])) {
    const day = parseIsoDate(date);
    if (!date.startsWith(`${year}-`) || taken.has(day)) continue;
    taken.add(day);
    designated.push({ date, name: { vi: name.vi, en: name.en }, kind: "designated" });
  }
  const compensatory: Holiday[] = [];
  for (const holiday of [...kept].sort((a, b) => a.date.localeCompare(b.date))) {
    const day = parseIsoDate(holiday.date);
    if (!weekend.has(weekdayOf(day))) continue;
    let next = day + 1;
    while (weekend.has(weekdayOf(next)) || taken.has(next)) next++;
    taken.add(next);
    if (removed.has(next)) continue;
    compensatory.push({
      date: formatJulianDay(next),
      name: { vi: `Nghỉ bù ${holiday.name.vi}`, en: `Day off in lieu of ${holiday.name.en}` },
      kind: "compensatory",
    });
  }
  return [...kept, ...designated, ...compensatory].sort((a, b) => a.date.localeCompare(b.date));
}
