import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWorkCalendar } from "@lienthong/calendar";
import {
  deadline,
  deadlineProblem,
  nextPeriod,
  parsePeriodId,
  period,
  periodContaining,
  periodsEndingBetween,
} from "./periods.ts";

const calendar = createWorkCalendar();
const window = (id: string, rule: "decree09" | "calendar") => {
  const p = period(id, rule);
  return [p.start, p.end];
};

describe("reports: periods, cut-off windows and deadlines", () => {
  it("draws Decree 09 windows, 15th to 14th (art. 12)", () => {
    assert.deepEqual(window("202611", "decree09"), ["2026-10-15", "2026-11-14"]);
    assert.deepEqual(window("202601", "decree09"), ["2025-12-15", "2026-01-14"]);
    assert.deepEqual(window("2026Q1", "decree09"), ["2025-12-15", "2026-03-14"]);
    assert.deepEqual(window("2026Q3", "decree09"), ["2026-06-15", "2026-09-14"]);
    assert.deepEqual(window("2026S1", "decree09"), ["2025-12-15", "2026-06-14"]);
    assert.deepEqual(window("2026S2", "decree09"), ["2026-06-15", "2026-12-14"]);
    assert.deepEqual(window("2026N", "decree09"), ["2025-12-15", "2026-09-14"]);
    assert.deepEqual(window("2026", "decree09"), ["2025-12-15", "2026-12-14"]);
  });

  it("draws calendar windows, first to last day", () => {
    assert.deepEqual(window("202402", "calendar"), ["2024-02-01", "2024-02-29"]);
    assert.deepEqual(window("2026Q4", "calendar"), ["2026-10-01", "2026-12-31"]);
    assert.deepEqual(window("2026S1", "calendar"), ["2026-01-01", "2026-06-30"]);
    assert.deepEqual(window("2026N", "calendar"), ["2026-01-01", "2026-09-30"]);
    assert.deepEqual(window("2026", "calendar"), ["2026-01-01", "2026-12-31"]);
  });

  it("reads period ids and refuses what is not one", () => {
    assert.deepEqual(parsePeriodId("202611"), { frequency: "monthly", year: 2026, index: 11 });
    assert.deepEqual(parsePeriodId("2026Q4"), { frequency: "quarterly", year: 2026, index: 4 });
    for (const bad of ["202613", "202600", "2026Q5", "2026S3", "1999", "26Q1", "2026-11", ""])
      assert.equal(parsePeriodId(bad), undefined, bad);
    assert.throws(() => period("2026W01", "calendar"), /không phải là mã kỳ báo cáo/);
  });

  it("finds the period a day belongs to, and the next one", () => {
    assert.equal(periodContaining("monthly", "decree09", "2026-11-14").id, "202611");
    assert.equal(periodContaining("monthly", "decree09", "2026-11-15").id, "202612");
    assert.equal(periodContaining("monthly", "decree09", "2026-12-20").id, "202701");
    assert.equal(periodContaining("quarterly", "decree09", "2026-03-15").id, "2026Q2");
    assert.equal(periodContaining("annual", "decree09", "2026-12-15").id, "2027");
    assert.equal(periodContaining("nine_monthly", "calendar", "2026-10-01").id, "2027N");
    assert.equal(periodContaining("quarterly", "calendar", "2026-03-31").id, "2026Q1");
    assert.equal(nextPeriod(period("2026Q4", "calendar"), "calendar").id, "2027Q1");
    assert.equal(nextPeriod(period("202612", "decree09"), "decree09").id, "202701");
    assert.deepEqual(
      periodsEndingBetween("quarterly", "decree09", "2026-01-01", "2026-12-31").map((p) => p.id),
      ["2026Q1", "2026Q2", "2026Q3", "2026Q4"],
    );
  });

  it("counts deadlines in working days, past weekends and Tết", () => {
    const rule = (days: number) => ({ kind: "working_days_after_end" as const, days });
    // January 2026 (calendar) ends on Saturday the 31st: two working days are Mon 2 and Tue 3 Feb.
    assert.equal(deadline(period("202601", "calendar"), rule(2), calendar), "2026-02-03");
    // Decree 09 February 2026 is cut off on Saturday 14 Feb; Tết 2026 is off 16–20 Feb, so two
    // working days after the cut-off are Monday 23 and Tuesday 24 Feb.
    assert.equal(deadline(period("202602", "decree09"), rule(2), calendar), "2026-02-24");
    // The 20th of a month that falls on a day off moves to the next working day.
    const day20 = { kind: "day_of_month" as const, day: 20, monthsAfterEnd: 0 };
    assert.equal(deadline(period("2026Q3", "decree09"), day20, calendar), "2026-09-21");
    assert.equal(deadline(period("202602", "decree09"), day20, calendar), "2026-02-23");
    // Day 31 of a shorter month is its last day (30 April 2027 is a holiday; 1 May too).
    const day31 = { kind: "day_of_month" as const, day: 31, monthsAfterEnd: 1 };
    assert.equal(deadline(period("202703", "calendar"), day31, calendar), "2027-05-04");
  });

  it("refuses a deadline that leaves no working day after the cut-off (art. 8)", () => {
    const on14 = { kind: "day_of_month" as const, day: 14, monthsAfterEnd: 0 };
    assert.match(
      deadlineProblem("monthly", "decree09", on14, calendar) ?? "",
      /Hạn nộp kỳ 202601 \(2026-01-14\) phải sau ngày chốt số liệu 2026-01-14/,
    );
    const on20 = { kind: "day_of_month" as const, day: 20, monthsAfterEnd: 0 };
    assert.equal(deadlineProblem("monthly", "decree09", on20, calendar), undefined);
    assert.match(
      deadlineProblem("monthly", "calendar", on20, calendar) ?? "",
      /phải sau ngày chốt số liệu 2026-01-31/,
    );
    assert.equal(
      deadlineProblem(
        "monthly",
        "calendar",
        { kind: "day_of_month", day: 5, monthsAfterEnd: 1 },
        calendar,
      ),
      undefined,
    );
    assert.match(
      deadlineProblem(
        "annual",
        "calendar",
        { kind: "working_days_after_end", days: 0 },
        calendar,
      ) ?? "",
      /từ 1 đến 60/,
    );
  });
});
