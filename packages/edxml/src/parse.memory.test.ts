import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";
import { buildEdoc } from "./build.ts";
import { parseEdxml } from "./parse.ts";
import { buildAttachment, buildEdocModel } from "./testing/factories.ts";

const MiB = 1024 * 1024;

/** A deterministic 50 MB file produced chunk by chunk, hashed as it goes out. */
async function* bigFile(total: number, sent: ReturnType<typeof createHash>) {
  for (let offset = 0; offset < total; offset += MiB) {
    const chunk = new Uint8Array(Math.min(MiB, total - offset));
    for (let i = 0; i < chunk.length; i += 4096) chunk[i] = (offset + i) & 0xff;
    sent.update(chunk);
    yield chunk;
  }
}

describe("edXML streaming", () => {
  it("writes and reads a 50 MB attachment without holding it in memory", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };
    const sent = createHash("sha256");
    const received = createHash("sha256");
    let size = 0;
    const total = 50 * MiB;
    const output = buildEdoc({
      edoc: buildEdocModel(),
      attachments: [buildAttachment({ content: bigFile(total, sent) })],
    });
    const parsed = await parseEdxml({
      input: output,
      sink: () => ({
        write(chunk) {
          received.update(chunk);
          size += chunk.length;
          sample();
        },
        end: sample,
      }),
    });
    assert.deepEqual(parsed.issues, []);
    assert.equal(size, total);
    assert.equal(received.digest("hex"), sent.digest("hex"));
    assert.equal(parsed.kind === "edoc" && parsed.attachments[0]!.size, total);
    // The base64 text alone is 67 MB; a whole-string design peaks far above this bound.
    assert.ok(peak - before < 32 * MiB, `heap grew by ${((peak - before) / MiB).toFixed(1)} MiB`);
  });
});
