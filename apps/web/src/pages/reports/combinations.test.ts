import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Indicator } from "../../api/reports.ts";
import { numberShown, parseTypedNumber, typedProblem, valueToSend } from "./combinations.ts";

const indicator = (type: Indicator["type"], extra: Partial<Indicator> = {}): Indicator =>
  ({ code: "CT", name: "Chỉ tiêu", type, ...extra }) as Indicator;

describe("web: numbers typed into report cells, in the reader's convention", () => {
  it("reads Vietnamese numbers: comma decimal, dots grouping thousands in threes", () => {
    const cases: [string, number | undefined][] = [
      ["1234", 1234],
      ["1.234", 1234],
      ["12.500.000", 12_500_000],
      ["1.234,5", 1234.5],
      ["1234,5", 1234.5],
      ["0,25", 0.25],
      [",5", 0.5],
      ["-1.234,75", -1234.75],
      ["1 234 567", 1_234_567],
      ["1\u00a0234,5", 1234.5],
      // A dot that cannot be grouping (not followed by three digits) is a decimal mark.
      ["1.5", 1.5],
      ["12.3456", 12.3456],
      ["1.23.456", undefined],
      ["1,234,567", undefined],
      ["1.234,5,6", undefined],
      ["bốn mươi", undefined],
      ["1e3", undefined],
      ["", undefined],
    ];
    for (const [text, expected] of cases)
      assert.equal(parseTypedNumber(text, ","), expected, JSON.stringify(text));
  });

  it("reads English numbers: dot decimal, commas grouping thousands", () => {
    const cases: [string, number | undefined][] = [
      ["1,234", 1234],
      ["1,234.5", 1234.5],
      ["1234.5", 1234.5],
      ["1,5", 1.5],
      ["1.234,5", undefined],
    ];
    for (const [text, expected] of cases)
      assert.equal(parseTypedNumber(text, "."), expected, JSON.stringify(text));
  });

  it("shows a stored number the way it is typed back, so an untouched cell reads the same", () => {
    for (const value of [1234, 1234.5, 0.25, -7.125])
      for (const mark of [",", "."] as const)
        assert.equal(parseTypedNumber(numberShown(value, mark), mark), value, `${value} ${mark}`);
    assert.equal(numberShown(1234.5, ","), "1234,5");
  });

  it("sends numbers as numbers and anything else as typed, for the server to name", () => {
    assert.equal(valueToSend(indicator("number"), " 1.234,5 ", ","), 1234.5);
    assert.equal(valueToSend(indicator("integer"), "hai", ","), "hai");
    assert.equal(valueToSend(indicator("text"), " 1.234 ", ","), "1.234");
    assert.equal(valueToSend(indicator("number"), "  ", ","), null);
    assert.deepEqual(typedProblem(indicator("integer"), "1,5", ","), {
      key: "notInteger",
      value: "1,5",
    });
    assert.deepEqual(typedProblem(indicator("integer", { max: 1000 }), "1.234", ","), {
      key: "aboveMax",
      value: "1234",
      limit: 1000,
    });
    assert.equal(typedProblem(indicator("integer", { max: 2000 }), "1.234", ","), undefined);
  });
});
