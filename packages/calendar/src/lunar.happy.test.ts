import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { leapMonthOf, lunarToSolar, solarToLunar } from "./lunar.ts";

/** Tết (1/1 lunar) in Vietnam, from published calendars. */
const TET: [number, string][] = [
  [1900, "1900-01-31"],
  [1985, "1985-01-21"],
  [2007, "2007-02-17"],
  [2020, "2020-01-25"],
  [2021, "2021-02-12"],
  [2022, "2022-02-01"],
  [2023, "2023-01-22"],
  [2024, "2024-02-10"],
  [2025, "2025-01-29"],
  [2026, "2026-02-17"],
  [2027, "2027-02-06"],
];

/** Giỗ Tổ Hùng Vương (10/3 lunar), from the government's holiday notices. */
const HUNG_KINGS: [number, string][] = [
  [2016, "2016-04-16"],
  [2022, "2022-04-10"],
  [2023, "2023-04-29"],
  [2024, "2024-04-18"],
  [2025, "2025-04-07"],
  [2026, "2026-04-26"],
];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("solarToLunar and lunarToSolar", () => {
  for (const [year, date] of TET) {
    it(`Tết ${year} is ${date}`, () => {
      assert.equal(lunarToSolar({ year, month: 1, day: 1 }), date);
      assert.deepEqual(solarToLunar(date), { year, month: 1, day: 1, leap: false });
    });
  }

  for (const [year, date] of HUNG_KINGS) {
    it(`Hùng Kings' day ${year} is ${date}`, () => {
      assert.equal(lunarToSolar({ year, month: 3, day: 10 }), date);
    });
  }

  it("follows UTC+7, not China's UTC+8: Tết 1985 and 2007 are not China's", () => {
    // China's Tết fell on 1985-02-20 and 2007-02-18: a month and a day later in Vietnam's count.
    assert.deepEqual(solarToLunar("1985-02-20"), { year: 1985, month: 2, day: 1, leap: false });
    assert.deepEqual(solarToLunar("2007-02-18"), { year: 2007, month: 1, day: 2, leap: false });
    // The new moon came at 16:14 UTC on 17 February 2007: 23:14 in Hà Nội, 00:14 in Beijing.
    assert.deepEqual(solarToLunar("2007-02-16"), { year: 2006, month: 12, day: 29, leap: false });
  });

  it("knows leap months: 2/2023 and 6/2025 repeat, 2024 and 2026 have none", () => {
    assert.equal(leapMonthOf(2023), 2);
    assert.equal(leapMonthOf(2025), 6);
    assert.equal(leapMonthOf(2024), undefined);
    assert.equal(leapMonthOf(2026), undefined);
    assert.equal(lunarToSolar({ year: 2023, month: 2, day: 1 }), "2023-02-20");
    assert.equal(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true }), "2023-03-22");
    assert.equal(lunarToSolar({ year: 2023, month: 3, day: 1 }), "2023-04-20");
    assert.equal(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true }), "2025-07-25");
    assert.deepEqual(solarToLunar("2025-08-22"), { year: 2025, month: 6, day: 29, leap: true });
    assert.deepEqual(solarToLunar("2025-08-23"), { year: 2025, month: 7, day: 1, leap: false });
  });

  it("gives the last day of Ất Tỵ as 29 Tháng Chạp (2026-02-16): the month has 29 days", () => {
    assert.deepEqual(solarToLunar("2026-02-16"), { year: 2025, month: 12, day: 29, leap: false });
    assert.throws(() => lunarToSolar({ year: 2025, month: 12, day: 30 }), RangeError);
  });

  it("covers the ends of the range", () => {
    assert.deepEqual(solarToLunar("1900-01-01"), { year: 1899, month: 12, day: 1, leap: false });
    assert.equal(lunarToSolar({ year: 1899, month: 12, day: 1 }), "1900-01-01");
    assert.equal(solarToLunar("2199-12-31").year, 2199);
  });

  it("round-trips every day of 1900–2199 and counts days 1, 2, … within each month", () => {
    let previous = solarToLunar("1900-01-01");
    for (let ms = Date.UTC(1900, 0, 2); ms <= Date.UTC(2199, 11, 31); ms += 86_400_000) {
      const date = isoDay(ms);
      const lunar = solarToLunar(date);
      assert.equal(lunarToSolar(lunar), date);
      if (lunar.day === 1) assert.ok(previous.day === 29 || previous.day === 30, date);
      else assert.equal(lunar.day, previous.day + 1, date);
      previous = lunar;
    }
  });
});
