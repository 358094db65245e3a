import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createBlobStore } from "./blobs.ts";
import { isAppError } from "./errors.ts";

describe("blob store", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lienthong-blobs-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = createBlobStore(dir);

  it("names a blob by its SHA-256, streams it in and out, and keeps one copy of equal bytes", async () => {
    const bytes = randomBytes(300_000);
    const expected = createHash("sha256").update(bytes).digest("hex");
    async function* pieces() {
      for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
    }
    const ref = await store.put(pieces());
    assert.deepEqual(ref, { sha256: expected, size: bytes.length });
    assert.equal(
      store.pathOf(expected),
      path.join(dir, expected.slice(0, 2), expected.slice(2, 4), expected),
    );
    assert.ok((await store.read(expected)).equals(bytes));
    const streamed: Buffer[] = [];
    for await (const chunk of store.open(expected)) streamed.push(chunk as Buffer);
    assert.ok(Buffer.concat(streamed).equals(bytes));
    assert.deepEqual(await store.put(bytes), ref);
    assert.deepEqual(fs.readdirSync(path.join(dir, "tmp")), []);
  });

  it("refuses a body over the limit and keeps nothing of it", async () => {
    await assert.rejects(
      store.put(randomBytes(2_000), { maxBytes: 1_000 }),
      (error) => isAppError(error) && error.code === "payload_too_large",
    );
    assert.deepEqual(fs.readdirSync(path.join(dir, "tmp")), []);
  });

  it("says not found for an unknown digest and refuses a name that is not a digest", async () => {
    const unknown = "0".repeat(64);
    assert.equal(store.has(unknown), false);
    await assert.rejects(
      store.read(unknown),
      (error) => isAppError(error) && error.code === "not_found",
    );
    assert.throws(
      () => store.pathOf("../../etc/passwd"),
      (error) => isAppError(error) && error.code === "validation_failed",
    );
  });
});
