import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { vietnamToday } from "./iso-date.ts";
import { createWorkCalendar } from "./work-calendar.ts";

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe("createWorkCalendar", () => {
  const calendar = createWorkCalendar();

  it("tells working days: weekdays yes; weekends, holidays and compensatory days no", () => {
    assert.deepEqual([weekday("2026-02-13"), weekday("2026-02-14")], [5, 6]);
    assert.equal(calendar.isWorkingDay("2026-02-13"), true);
    assert.equal(calendar.isWorkingDay("2026-02-14"), false);
    assert.equal(calendar.isWorkingDay("2026-02-18"), false);
    assert.equal(calendar.isWorkingDay("2026-04-27"), false);
    assert.equal(calendar.isWorkingDay("2026-02-23"), true);
  });

  it("counts N working days after a cut-off across Tết 2026 and its weekends", () => {
    // Friday 13 February; 14–15 weekend, 16–20 Tết, 21–22 weekend: Monday 23 is the first.
    assert.equal(calendar.addWorkingDays("2026-02-13", 1), "2026-02-23");
    assert.equal(calendar.addWorkingDays("2026-02-13", 5), "2026-02-27");
    assert.equal(calendar.addWorkingDays("2026-02-16", 1), "2026-02-23");
    assert.equal(calendar.nextWorkingDay("2026-02-13"), "2026-02-23");
    assert.equal(calendar.workingDaysBetween("2026-02-13", "2026-02-27"), 5);
    assert.equal(calendar.workingDaysBetween("2026-02-27", "2026-02-13"), -5);
  });

  it("n = 0 gives the day itself when it is worked, else the next working day", () => {
    assert.equal(calendar.addWorkingDays("2026-02-13", 0), "2026-02-13");
    assert.equal(calendar.addWorkingDays("2026-02-14", 0), "2026-02-23");
  });

  it("counts working days after `from` through `to`", () => {
    // Monday 5 to Friday 9 January 2026: Tuesday through Friday.
    assert.deepEqual([weekday("2026-01-05"), weekday("2026-01-09")], [1, 5]);
    assert.equal(calendar.workingDaysBetween("2026-01-05", "2026-01-09"), 4);
    assert.equal(calendar.workingDaysBetween("2026-01-05", "2026-01-05"), 0);
    // 2026 starts on a Thursday: 52 weeks and a Thursday, 261 weekdays; less 11 days off on
    // weekdays (1/1, 16–20/2, 27/4, 30/4, 1/5, 2/9, 3/9).
    assert.equal(weekday("2026-01-01"), 4);
    assert.equal(calendar.workingDaysBetween("2025-12-31", "2026-12-31"), 250);
  });

  it("agrees with itself: workingDaysBetween(d, addWorkingDays(d, n)) is n", () => {
    for (const start of ["2025-01-24", "2026-02-13", "2026-04-24", "2028-04-28"]) {
      for (let n = 1; n <= 30; n++) {
        assert.equal(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n)), n);
      }
    }
  });

  it("applies a government schedule: a swapped day off and its make-up Saturday", () => {
    // Days off 25 January – 2 February 2025; Monday 27 January swapped for Saturday 8 February.
    assert.deepEqual([weekday("2025-01-27"), weekday("2025-02-08")], [1, 6]);
    const notice = createWorkCalendar({
      extraHolidays: [{ date: "2025-01-27", name: { vi: "Nghỉ hoán đổi", en: "Swapped day off" } }],
      removedHolidays: ["2025-02-03"],
      extraWorkingDays: ["2025-02-08"],
    });
    assert.equal(notice.isWorkingDay("2025-01-27"), false);
    assert.equal(notice.isWorkingDay("2025-02-03"), true);
    assert.equal(notice.isWorkingDay("2025-02-08"), true);
    assert.equal(notice.addWorkingDays("2025-01-24", 1), "2025-02-03");
    assert.equal(notice.addWorkingDays("2025-02-07", 1), "2025-02-08");
    assert.equal(notice.workingDaysBetween("2025-02-03", "2025-02-10"), 6);
    assert.equal(calendar.workingDaysBetween("2025-02-03", "2025-02-10"), 5);
    assert.ok(
      notice.holidays(2025).some((h) => h.date === "2025-01-27" && h.kind === "designated"),
    );
  });

  it("gives today's date in Hà Nội", () => {
    assert.equal(vietnamToday(new Date("2025-12-31T16:59:59Z")), "2025-12-31");
    assert.equal(vietnamToday(new Date("2025-12-31T17:00:00Z")), "2026-01-01");
  });
});
