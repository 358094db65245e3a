import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CsvSyntaxError, detectDelimiter, formatCsvRecord, parseCsv } from "./csv.ts";

describe("CSV (RFC 4180)", () => {
  it("reads quotes, doubled quotes, separators and line breaks inside quotes, CRLF and LF", () => {
    const text = '\uFEFFa,"b, c","say ""hi"""\r\n"two\nlines",,x\ny,z,\n';
    assert.deepEqual(parseCsv(text), [
      ["a", "b, c", 'say "hi"'],
      ["two\nlines", "", "x"],
      ["y", "z", ""],
    ]);
  });

  it("takes the separator of Vietnamese Excel from the header row", () => {
    assert.equal(detectDelimiter("Tên đăng nhập;Họ và tên;Vai trò\r\na;b;c"), ";");
    assert.equal(detectDelimiter("a,b,c"), ",");
    assert.deepEqual(parseCsv('a;b\r\n1;"x;y"\r\n'), [
      ["a", "b"],
      ["1", "x;y"],
    ]);
  });

  it("names the line of a malformed field", () => {
    assert.throws(
      () => parseCsv('a,b\r\nc,"open\r\n'),
      (e) => e instanceof CsvSyntaxError && e.line === 2,
    );
    assert.throws(() => parseCsv('a,"b"c\n'), CsvSyntaxError);
    assert.throws(() => parseCsv('a,b"c\n'), CsvSyntaxError);
  });

  it("reads back whatever it writes", () => {
    const field = fc.string({
      unit: fc.constantFrom("a", "ệ", ",", ";", '"', "\n", "\r\n", " ", "x"),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(",", ";"),
        (records, delimiter: "," | ";") => {
          const text = records.map((r) => formatCsvRecord(r, delimiter)).join("");
          assert.deepEqual(parseCsv(text, delimiter), records);
        },
      ),
    );
  });

  it("never throws anything but CsvSyntaxError on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", ";") }), (text) => {
        try {
          parseCsv(text);
        } catch (error) {
          assert.ok(error instanceof CsvSyntaxError);
        }
      }),
    );
  });
});
