import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { publicHolidays } from "./holidays.ts";
import { dayOfWeek, vietnamToday } from "./iso-date.ts";
import { lunarToSolar, solarToLunar } from "./lunar.ts";
import { createWorkCalendar } from "./work-calendar.ts";

const calendar = createWorkCalendar();

/** Each case: what a caller got wrong, the call, the error class and words of its message. */
const CASES: [string, () => unknown, ErrorConstructor, RegExp][] = [
  ["a date that is not a string", () => solarToLunar(20260217 as never), TypeError, /YYYY-MM-DD/],
  ["another date form", () => solarToLunar("17/02/2026"), RangeError, /dạng YYYY-MM-DD/],
  [
    "a month written with one digit",
    () => calendar.isWorkingDay("2026-2-17"),
    RangeError,
    /must be/,
  ],
  ["30 February", () => calendar.isWorkingDay("2026-02-30"), RangeError, /no such date/],
  ["29 February of a common year", () => dayOfWeek("2100-02-29"), RangeError, /không tồn tại/],
  ["month 13", () => solarToLunar("2026-13-01"), RangeError, /no such date/],
  ["a year before 1900", () => solarToLunar("1899-12-31"), RangeError, /1900–2199/],
  ["a year after 2199", () => solarToLunar("2200-01-01"), RangeError, /1900–2199/],
  [
    "a lunar leap month the year lacks",
    () => lunarToSolar({ year: 2026, month: 6, day: 1, leap: true }),
    RangeError,
    /no leap month 6/,
  ],
  [
    "day 30 of a 29-day lunar month",
    () => lunarToSolar({ year: 2025, month: 12, day: 30 }),
    RangeError,
    /29/,
  ],
  ["lunar month 0", () => lunarToSolar({ year: 2025, month: 0, day: 1 }), RangeError, /month/],
  [
    "a fractional lunar year",
    () => lunarToSolar({ year: 2025.5, month: 1, day: 1 }),
    TypeError,
    /integer/,
  ],
  [
    "a lunar date landing after 2199",
    () => lunarToSolar({ year: 2199, month: 12, day: 1 }),
    RangeError,
    /2199/,
  ],
  ["holidays before 2007", () => publicHolidays(2006), RangeError, /2007–2199/],
  ["a year that is a string", () => publicHolidays("2026" as never), TypeError, /integer/],
  ["working days before 2007", () => calendar.isWorkingDay("2006-12-29"), RangeError, /2007–2199/],
  ["arithmetic past 2199", () => calendar.addWorkingDays("2199-12-31", 1), RangeError, /2199/],
  ["a negative count", () => calendar.addWorkingDays("2026-02-13", -1), RangeError, /≥ 0/],
  ["a fractional count", () => calendar.addWorkingDays("2026-02-13", 1.5), RangeError, /integer/],
  [
    "a weekend of every day",
    () => createWorkCalendar({ weekend: [0, 1, 2, 3, 4, 5, 6] }),
    RangeError,
    /at least one working day/,
  ],
  ["a weekday 7", () => createWorkCalendar({ weekend: [7] }), RangeError, /weekend/],
  [
    "a bad make-up day",
    () => createWorkCalendar({ extraWorkingDays: ["2026-02-31"] }),
    RangeError,
    /no such date/,
  ],
  [
    "make-up days that are no array",
    () => createWorkCalendar({ extraWorkingDays: "2026-02-28" as never }),
    TypeError,
    /extraWorkingDays/,
  ],
  [
    "a bad removed day",
    () => createWorkCalendar({ removedHolidays: ["2026/09/03"] }),
    RangeError,
    /YYYY-MM-DD/,
  ],
  [
    "an extra day without a name",
    () => createWorkCalendar({ extraHolidays: [{ date: "2026-09-01" } as never] }),
    TypeError,
    /name/,
  ],
  [
    "an extra day with a bad date",
    () =>
      createWorkCalendar({ extraHolidays: [{ date: "2026-09-31", name: { vi: "x", en: "x" } }] }),
    RangeError,
    /no such date/,
  ],
  ["an invalid Date", () => vietnamToday(new Date("nope")), RangeError, /invalid Date/],
];

describe("bad input", () => {
  for (const [what, call, type, message] of CASES) {
    it(`rejects ${what}`, () => {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
        assert.match((error as Error).message, message);
        assert.match((error as Error).message, / \/ /, "Vietnamese, then English");
        return true;
      });
    });
  }
});
