import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { signPdf } from "./sign-pdf.ts";
import { validatePdfSignatures } from "./validate-pdf-signatures.ts";
import type { PdfValidationReport } from "./validation-report.ts";
import { validationFixture } from "./validation-fixture.ts";

const { demo, crls, trustAnchors, input } = await validationFixture();
const signed = await signPdf({ pdf: input, signer: demo.seal.signer });
const text = Buffer.from(signed).toString("latin1");
const validate = (pdf: Uint8Array, maxBytes?: number) =>
  validatePdfSignatures({
    pdf,
    trustAnchors,
    revocation: { crls },
    ...(maxBytes ? { maxBytes } : {}),
  });

function assertReport(report: PdfValidationReport) {
  assert.ok(["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"].includes(report.indication));
  for (const s of report.signatures) assert.ok(s.indication);
  JSON.stringify(report);
}

/** Replaces `from` (latin1) at its last occurrence with `to`, keeping other bytes. */
function replaceLast(from: RegExp, to: (match: string) => string): Uint8Array {
  const matches = [...text.matchAll(new RegExp(from, "g"))];
  const m = matches.at(-1)!;
  return new Uint8Array(
    Buffer.from(text.slice(0, m.index) + to(m[0]) + text.slice(m.index! + m[0].length), "latin1"),
  );
}

/** Replaces the first match of `from` (latin1) with `to`. */
function replaceFirst(from: RegExp, to: (match: string) => string): Uint8Array {
  const m = from.exec(text)!;
  return new Uint8Array(
    Buffer.from(text.slice(0, m.index) + to(m[0]) + text.slice(m.index + m[0].length), "latin1"),
  );
}

const MALFORMED: [string, Uint8Array][] = [
  ["empty", new Uint8Array(0)],
  ["header only", Buffer.from("%PDF-1.7\n%%EOF\n")],
  ["not a PDF", Buffer.from("<html>not a pdf</html>")],
  [
    "ByteRange beyond the file",
    replaceLast(/\/ByteRange\s*\[[^\]]*\]/, (m) =>
      `/ByteRange [0 1 999999999 ${"9".repeat(Math.max(1, m.length - 25))}]`
        .slice(0, m.length)
        .padEnd(m.length, " "),
    ),
  ],
  ["ByteRange not starting at 0", replaceLast(/\/ByteRange\s*\[\s*0/, (m) => m.replace(/0$/, "5"))],
  // A stray delimiter inside a dictionary once made the PDF reader loop until the heap ran out.
  ["stray ')' in a dictionary", replaceFirst(/\/Font\s*<<\s*\/\S+ /, (m) => `${m.slice(0, -1)})`)],
  ["stray '(' in a dictionary", replaceFirst(/\/Font\s*<<\s*\/\S+ /, (m) => `${m.slice(0, -1)}(`)],
  ["garbage CMS", replaceLast(/\/Contents\s*<3082/, (m) => m.replace(/3082$/, "ffff"))],
  [
    "zeroed CMS",
    replaceLast(/\/Contents\s*<[0-9a-f]{40}/i, (m) =>
      m.replace(/<[0-9a-f]+$/i, `<${"0".repeat(40)}`),
    ),
  ],
];

describe("PDF validation on hostile input", () => {
  for (const [name, pdf] of MALFORMED)
    it(`reports, never throws, on a malformed file: ${name}`, async () => {
      const report = await validate(pdf);
      assertReport(report);
      assert.notEqual(report.indication, "TOTAL_PASSED");
    });

  it("refuses a file above the size limit before parsing it", async () => {
    const report = await validate(signed, 1024);
    assert.equal(report.subIndication, "FORMAT_FAILURE");
    assert.match(report.messages[0]?.en ?? "", /size limit/);
  });

  it("returns a typed report for random mutations and truncations of a signed PDF", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: signed.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.option(fc.nat({ max: signed.length }), { nil: undefined }),
        async (flips, cut) => {
          const mutated = new Uint8Array(signed);
          for (const [at, xor] of flips) mutated[at] = mutated[at]! ^ xor;
          const report = await validate(cut === undefined ? mutated : mutated.subarray(0, cut));
          assertReport(report);
        },
      ),
      { numRuns: 40 },
    );
  });
});
