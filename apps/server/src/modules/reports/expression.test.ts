import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  ExpressionError,
  evaluate,
  formatExpression,
  parseExpression,
  references,
  type Expression,
  type Lookup,
} from "./expression.ts";

/** Values by reference text, e.g. `{ "CC{nu}": 40 }`; anything else is missing. */
const values =
  (table: Record<string, number>): Lookup =>
  (ref) => {
    const key = ref.options.length > 0 ? `${ref.code}{${ref.options.join(",")}}` : ref.code;
    return key in table ? table[key]! : null;
  };

const run = (source: string, table: Record<string, number> = {}) =>
  evaluate(parseExpression(source), values(table));

describe("reports: the formula language of templates", () => {
  it("computes with precedence, parentheses, unary minus and disaggregated references", () => {
    assert.equal(run("1 + 2 * 3"), 7);
    assert.equal(run("(1 + 2) * 3"), 9);
    assert.equal(run("10 - 4 - 3"), 3);
    assert.equal(run("24 / 4 / 2"), 3);
    assert.equal(run("-2 * -3"), 6);
    assert.equal(run("1.5e2 + .5"), 150.5);
    assert.equal(run("CC_NAM + CC_NU", { CC_NAM: 60, CC_NU: 40 }), 100);
    assert.equal(run("CC{nu} / CC * 100", { "CC{nu}": 40, CC: 160 }), 25);
    assert.equal(run("CC{ nu , duoi_30 }", { "CC{nu,duoi_30}": 7 }), 7);
  });

  it("keeps missing data apart from zero", () => {
    // A sum keeps the known terms; a product or quotient with a missing side is missing.
    assert.equal(run("A + B", { A: 5 }), 5);
    assert.equal(run("A - B", { B: 5 }), -5);
    assert.equal(run("A + B"), null);
    assert.equal(run("A * B", { A: 5 }), null);
    assert.equal(run("A / B", { A: 5, B: 0 }), null);
    assert.equal(run("-A"), null);
  });

  it("lists the references a formula uses", () => {
    assert.deepEqual(references(parseExpression("A + B{x} * (A - C{1,y})")), [
      { code: "A", options: [] },
      { code: "B", options: ["x"] },
      { code: "A", options: [] },
      { code: "C", options: ["1", "y"] },
    ]);
  });

  it("refuses malformed formulas with the position, in Vietnamese", () => {
    const cases: [string, RegExp][] = [
      ["", /Cần một số, một mã chỉ tiêu/],
      ["A +", /vị trí 4 \(cuối biểu thức\)/],
      ["(A + B", /Thiếu dấu đóng ngoặc/],
      ["A B", /Ký tự không mong đợi tại vị trí 3/],
      ["A{}", /Cần mã phương án phân tổ/],
      ["A{x y}", /Cần dấu phẩy hoặc dấu đóng ngoặc nhọn/],
      ["_A", /Cần một số/],
      ["1e999", /Số quá lớn/],
      ["(".repeat(60) + "1" + ")".repeat(60), /Lồng ngoặc quá 50 mức/],
      ["-".repeat(60) + "1", /Lồng dấu trừ quá 50 mức/],
      ["1+".repeat(1001) + "1", /dài quá 2000 ký tự/],
    ];
    for (const [source, message] of cases)
      assert.throws(
        () => parseExpression(source),
        (error: unknown) => error instanceof ExpressionError && message.test(error.message),
        source,
      );
  });

  const expression: fc.Arbitrary<Expression> = fc.letrec<{ e: Expression }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({
        kind: fc.constant("number" as const),
        value: fc.integer({ min: 0, max: 1000 }),
      }),
      fc.record({
        kind: fc.constant("ref" as const),
        ref: fc.record({
          code: fc.constantFrom("A", "B", "CC_NU"),
          options: fc.array(fc.constantFrom("nu", "x1", "30_39"), { maxLength: 2 }),
        }),
      }),
      fc.record({ kind: fc.constant("neg" as const), operand: tie("e") }),
      fc.record({
        kind: fc.constant("binary" as const),
        op: fc.constantFrom("+" as const, "-" as const, "*" as const, "/" as const),
        left: tie("e"),
        right: tie("e"),
      }),
    ),
  })).e;

  it("reads back what it writes, with the same value (property)", () => {
    const table: Record<string, number> = { A: 3, B: -2, CC_NU: 7, "A{nu}": 1, "B{x1,30_39}": 5 };
    fc.assert(
      fc.property(expression, (e) => {
        const text = formatExpression(e);
        const again = parseExpression(text);
        assert.equal(formatExpression(again), text);
        const [x, y] = [evaluate(e, values(table)), evaluate(again, values(table))];
        assert.ok(x === y || (x !== null && y !== null && Math.abs(x - y) < 1e-9), text);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws anything but ExpressionError on arbitrary text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (source) => {
        try {
          parseExpression(source);
        } catch (error) {
          assert.ok(error instanceof ExpressionError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
