import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { publicHolidays, type Holiday } from "./holidays.ts";

/** The weekday of a date, computed without the package: 0 Sunday … 6 Saturday. */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const list = (holidays: Holiday[]) => holidays.map((h) => `${h.date} ${h.kind}`);

describe("publicHolidays", () => {
  it("2026: Tết 16–20 February (29 Tháng Chạp to mùng 4), Giỗ Tổ on a Sunday made up on Monday", () => {
    assert.deepEqual(
      [weekday("2026-01-01"), weekday("2026-02-16"), weekday("2026-02-20"), weekday("2026-04-26")],
      [4, 1, 5, 0],
    );
    assert.deepEqual(list(publicHolidays(2026)), [
      "2026-01-01 statutory",
      "2026-02-16 statutory",
      "2026-02-17 statutory",
      "2026-02-18 statutory",
      "2026-02-19 statutory",
      "2026-02-20 statutory",
      "2026-04-26 statutory",
      "2026-04-27 compensatory",
      "2026-04-30 statutory",
      "2026-05-01 statutory",
      "2026-09-02 statutory",
      "2026-09-03 statutory",
    ]);
  });

  it("2025: mùng 4 Tết on a Saturday is made up on Monday 3 February", () => {
    assert.deepEqual([weekday("2025-02-01"), weekday("2025-02-03")], [6, 1]);
    const holidays = publicHolidays(2025);
    assert.deepEqual(list(holidays), [
      "2025-01-01 statutory",
      "2025-01-28 statutory",
      "2025-01-29 statutory",
      "2025-01-30 statutory",
      "2025-01-31 statutory",
      "2025-02-01 statutory",
      "2025-02-03 compensatory",
      "2025-04-07 statutory",
      "2025-04-30 statutory",
      "2025-05-01 statutory",
      "2025-09-02 statutory",
      "2025-09-03 statutory",
    ]);
    assert.deepEqual(holidays[6]!.name, {
      vi: "Nghỉ bù Tết Nguyên đán",
      en: "Day off in lieu of Lunar New Year (Tết)",
    });
    assert.deepEqual(holidays[7]!.name, {
      vi: "Giỗ Tổ Hùng Vương",
      en: "Hùng Kings' Commemoration Day",
    });
  });

  it("2023: Giỗ Tổ on Saturday, 30/4 on Sunday, 1/5 on Monday give 29/4 to 3/5, as that year", () => {
    assert.deepEqual([weekday("2023-04-29"), weekday("2023-04-30")], [6, 0]);
    const spring = publicHolidays(2023).filter((h) => h.date >= "2023-04" && h.date < "2023-06");
    assert.deepEqual(list(spring), [
      "2023-04-29 statutory",
      "2023-04-30 statutory",
      "2023-05-01 statutory",
      "2023-05-02 compensatory",
      "2023-05-03 compensatory",
    ]);
  });

  it("2028: 30/4 on a Sunday gives Tuesday 2 May (Monday is already 1 May)", () => {
    assert.deepEqual([weekday("2028-04-30"), weekday("2028-05-01")], [0, 1]);
    const may = publicHolidays(2028).filter((h) => h.date.startsWith("2028-05"));
    assert.deepEqual(list(may), ["2028-05-01 statutory", "2028-05-02 compensatory"]);
  });

  it("2028: 2/9 on Saturday and 3/9 on Sunday are made up on Monday and Tuesday", () => {
    assert.deepEqual([weekday("2028-09-02"), weekday("2028-09-03")], [6, 0]);
    const september = publicHolidays(2028).filter((h) => h.date.startsWith("2028-09"));
    assert.deepEqual(list(september), [
      "2028-09-02 statutory",
      "2028-09-03 statutory",
      "2028-09-04 compensatory",
      "2028-09-05 compensatory",
    ]);
  });

  it("2016 (Labour Code 2012): 16/4 Saturday → 18/4; 30/4 and 1/5 on a weekend → 2/5 and 3/5", () => {
    const spring = publicHolidays(2016).filter((h) => h.date >= "2016-04" && h.date < "2016-06");
    assert.deepEqual(list(spring), [
      "2016-04-16 statutory",
      "2016-04-18 compensatory",
      "2016-04-30 statutory",
      "2016-05-01 statutory",
      "2016-05-02 compensatory",
      "2016-05-03 compensatory",
    ]);
  });

  it("follows the law of each year: 4 Tết days before 2014, 2/9 alone before 2021", () => {
    const tetDays = (year: number) =>
      publicHolidays(year).filter((h) => h.kind === "statutory" && h.name.vi === "Tết Nguyên đán");
    assert.equal(tetDays(2013).length, 4);
    assert.equal(tetDays(2014).length, 5);
    const september = (year: number) =>
      publicHolidays(year).filter((h) => h.date.startsWith(`${year}-09`) && h.kind === "statutory");
    assert.deepEqual(list(september(2020)), ["2020-09-02 statutory"]);
    assert.deepEqual(list(september(2021)), ["2021-09-02 statutory", "2021-09-03 statutory"]);
  });

  it("applies a notice: 2023's National Day was 1–4 September (1/9 instead of 3/9)", () => {
    const holidays = publicHolidays(2023, {
      removedHolidays: ["2023-09-03"],
      extraHolidays: [
        { date: "2023-09-01", name: { vi: "Quốc khánh (ngày liền kề)", en: "National Day" } },
      ],
    }).filter((h) => h.date.startsWith("2023-09"));
    assert.deepEqual(list(holidays), [
      "2023-09-01 designated",
      "2023-09-02 statutory",
      "2023-09-04 compensatory",
    ]);
  });

  it("drops a removed compensatory day, and ignores extra days of other years", () => {
    const holidays = publicHolidays(2025, {
      removedHolidays: ["2025-02-03"],
      extraHolidays: [{ date: "2026-01-02", name: { vi: "Nghỉ", en: "Off" } }],
    });
    assert.equal(
      holidays.some((h) => h.kind === "compensatory" || h.date === "2026-01-02"),
      false,
    );
  });

  it("honours another weekend: with only Sunday off, a Saturday holiday earns nothing", () => {
    const holidays = publicHolidays(2025, { weekend: [0] });
    assert.equal(
      holidays.some((h) => h.kind === "compensatory"),
      false,
    );
    const sunday = publicHolidays(2026, { weekend: [0] });
    assert.ok(sunday.some((h) => h.date === "2026-04-27" && h.kind === "compensatory"));
  });
});
