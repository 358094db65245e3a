import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { buildEdoc, buildStatus } from "./build.ts";
import { EdxmlError } from "./errors.ts";
import { parseEdxml, validateEdxml } from "./parse.ts";
import { attachments, edocModel, statusModel } from "./testing/arbitraries.ts";
import { buildAttachment, buildEdocModel } from "./testing/factories.ts";

/** Parsing may fail only as an EdxmlError; anything else escaping is a bug. */
async function parsesOrRefuses(input: string | Uint8Array) {
  try {
    await parseEdxml({ input, attachmentsInMemory: true });
  } catch (error) {
    if (!(error instanceof EdxmlError)) throw error;
  }
  const checked = await validateEdxml({ input });
  assert.equal(typeof checked.valid, "boolean");
}

describe("edXML round trip and robustness (property-based)", () => {
  it("reads back every valid document package as it was written", async () => {
    await fc.assert(
      fc.asyncProperty(edocModel, attachments, async (edoc, files) => {
        const xml = await buildEdoc({ edoc, attachments: files }).text();
        const parsed = await parseEdxml({ input: xml, attachmentsInMemory: true });
        assert.equal(parsed.kind, "edoc");
        if (parsed.kind !== "edoc") return;
        assert.deepEqual(parsed.issues, []);
        // fast-check may build null-prototype records; compare plain copies.
        assert.deepEqual(parsed.edoc, structuredClone(edoc));
        assert.deepEqual(
          parsed.attachments.map((a) => [a.contentId, a.attachmentName, a.size, a.content]),
          files.map((f) => [
            f.contentId,
            f.attachmentName,
            (f.content as Uint8Array).length,
            f.content,
          ]),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("reads back every valid status package as it was written", async () => {
    await fc.assert(
      fc.asyncProperty(statusModel, async (status) => {
        const parsed = await parseEdxml({ input: buildStatus({ status }) });
        assert.equal(parsed.kind, "status");
        if (parsed.kind === "status") assert.deepEqual(parsed.status, structuredClone(status));
        assert.deepEqual(parsed.issues, []);
      }),
      { numRuns: 100 },
    );
  });

  it("lets only EdxmlError or a validation result out of mutated and truncated packages", async () => {
    const valid = await buildEdoc({
      edoc: buildEdocModel(),
      attachments: [buildAttachment()],
    }).text();
    const mutation = fc.oneof(
      fc.nat(valid.length).map((n) => valid.slice(0, n)),
      fc
        .tuple(fc.nat(valid.length), fc.nat(40))
        .map(([at, n]) => valid.slice(0, at) + valid.slice(at + n)),
      fc
        .tuple(fc.nat(valid.length), fc.string({ unit: "binary", maxLength: 8 }))
        .map(([at, s]) => valid.slice(0, at) + s + valid.slice(at)),
      fc
        .tuple(fc.nat(valid.length), fc.constantFrom("<", ">", "&", "=", '"', "/", "\u0000", "é"))
        .map(([at, c]) => valid.slice(0, at) + c + valid.slice(at + 1)),
    );
    await fc.assert(fc.asyncProperty(mutation, parsesOrRefuses), { numRuns: 400 });
  });

  it("lets only EdxmlError or a validation result out of random bytes", async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), parsesOrRefuses), {
      numRuns: 300,
    });
  });
});
