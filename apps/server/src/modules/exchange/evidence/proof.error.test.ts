import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ModuleContext } from "../../../core/module.ts";
import { createTestContext } from "../../../core/testing/platform.ts";
import { caCertificate } from "../../trust/index.ts";
import { createCheckpoint } from "./checkpoint.ts";
import { evidenceLogOf } from "./log.ts";
import { proofBundle } from "./proof-bundle.ts";
import { verifyProofBundle, type ProofBundle } from "./proof.ts";
import { buildExchangeRecord } from "./testing.ts";

const clone = (bundle: ProofBundle): ProofBundle => structuredClone(bundle);

/** The same text with one character changed, still of the same kind (hex stays hex). */
function flipChar(text: string, at: number): string {
  const i = at % text.length;
  const c = text[i]!;
  const next = /[0-9a-f]/.test(c) ? (c === "0" ? "1" : "0") : c === "A" ? "B" : "A";
  return `${text.slice(0, i)}${next}${text.slice(i + 1)}`;
}

/** Base64 of the same bytes with one byte changed. */
function flipByte(base64: string, at: number): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[at % bytes.length]! ^= 0x01;
  return bytes.toString("base64");
}

describe("proof bundles", () => {
  let ctx: ModuleContext & { close(): Promise<void> };
  let trustAnchors: Uint8Array[];
  let bundle: ProofBundle;
  const target = buildExchangeRecord({ endUser: "CCCD:001190012345", method: "POST" });

  before(async () => {
    ctx = await createTestContext();
    trustAnchors = [await caCertificate(ctx, "root-ca")];
    const log = evidenceLogOf(ctx);
    await Promise.all(Array.from({ length: 5 }, () => log.record(buildExchangeRecord())));
    await log.record(target);
    await Promise.all(Array.from({ length: 7 }, () => log.record(buildExchangeRecord())));
    await createCheckpoint(ctx);
    bundle = (await proofBundle(ctx, target.id))!;
  });
  after(() => ctx.close());

  const verify = (b: unknown) => verifyProofBundle(b, { trustAnchors });

  it("proves one exchange with the digests after it and the signed, timestamped head", async () => {
    assert.equal(bundle.exchange.seq, 6);
    assert.equal(bundle.digests.length, 8);
    assert.equal(bundle.checkpoint!.upToSeq, 13);
    assert.equal(bundle.exchange.record.endUser, "CCCD:001190012345");
    const result = await verify(JSON.parse(JSON.stringify(bundle)));
    assert.equal(result.valid, true, JSON.stringify(result));
    if (!result.valid) return;
    assert.equal(result.exchangeId, target.id);
    assert.equal(result.checkpoint.upToSeq, 13);
    assert.ok(Date.parse(result.timestampedAt) > 0);
    // No other exchange's content travels in it.
    const text = JSON.stringify(bundle);
    assert.equal(text.split('"correlationId"').length, 2);
  });

  it("detects a change to any field of the record", async () => {
    for (const [key, value] of Object.entries(bundle.exchange.record)) {
      const altered = clone(bundle);
      (altered.exchange.record as Record<string, unknown>)[key] =
        typeof value === "number"
          ? value + 1
          : typeof value === "string"
            ? flipChar(value, 3)
            : "x";
      const result = await verify(altered);
      assert.equal(result.valid, false, key);
      assert.equal(!result.valid && result.code, "record_altered", key);
    }
    const added = clone(bundle);
    (added.exchange.record as Record<string, unknown>).note = "thêm";
    assert.equal((await verify(added)).valid, false);
  });

  it("detects a change to any digest, to the link before the record, or to its position", async () => {
    for (let i = 0; i < bundle.digests.length; i += 1) {
      for (const at of [0, 31, 63]) {
        const altered = clone(bundle);
        altered.digests[i] = flipChar(altered.digests[i]!, at);
        const result = await verify(altered);
        assert.equal(result.valid, false, `digest ${i} at ${at}`);
        assert.equal(!result.valid && result.code, i === 0 ? "record_altered" : "chain_broken");
      }
    }
    const dropped = clone(bundle);
    dropped.digests.pop();
    assert.equal((await verify(dropped)).valid, false);
    const prev = clone(bundle);
    prev.exchange.prevHash = flipChar(prev.exchange.prevHash, 10);
    assert.equal((await verify(prev)).valid, false);
    const seq = clone(bundle);
    seq.exchange.seq += 1;
    assert.equal((await verify(seq)).valid, false);
  });

  it("detects a change to the checkpoint's statement, signature, timestamp or certificates", async () => {
    const cases: [string, (c: NonNullable<ProofBundle["checkpoint"]>) => void][] = [
      ["upToSeq", (c) => (c.upToSeq += 1)],
      ["headHash", (c) => (c.headHash = flipChar(c.headHash, 5))],
      ["at", (c) => (c.at = new Date(Date.parse(c.at) + 1000).toISOString())],
      ["instance", (c) => (c.instance = `${c.instance}/khac`)],
      ["not base64", (c) => (c.signature = `${c.signature.slice(0, -4)}!!!!`)],
    ];
    const spots = (length: number) =>
      Array.from({ length: 64 }, (_, i) => Math.floor((i * length) / 64));
    const checkpoint = bundle.checkpoint!;
    for (const at of spots(Buffer.from(checkpoint.signature, "base64").length))
      cases.push([`signature byte ${at}`, (c) => (c.signature = flipByte(c.signature, at))]);
    for (const at of spots(Buffer.from(checkpoint.timestampToken, "base64").length))
      cases.push([`token byte ${at}`, (c) => (c.timestampToken = flipByte(c.timestampToken, at))]);
    checkpoint.certificates.forEach((certificate, n) => {
      for (const at of spots(Buffer.from(certificate, "base64").length))
        cases.push([
          `certificate ${n} byte ${at}`,
          (c) => (c.certificates[n] = flipByte(c.certificates[n]!, at)),
        ]);
    });
    for (const [name, alter] of cases) {
      const altered = clone(bundle);
      alter(altered.checkpoint!);
      const result = await verify(altered);
      assert.equal(result.valid, false, name);
      assert.ok(!result.valid && result.reason.vi && result.reason.en, name);
    }
  });

  it("refuses a bundle whose signer does not chain to the given anchors", async () => {
    const result = await verifyProofBundle(bundle, { trustAnchors: [] });
    assert.equal(result.valid, false);
  });

  it("says an exchange is not yet checkpointed, then proves it after the next checkpoint", async () => {
    const late = buildExchangeRecord();
    await evidenceLogOf(ctx).record(late);
    const pending = (await proofBundle(ctx, late.id))!;
    assert.equal(pending.checkpoint, null);
    assert.deepEqual(pending.head!.seq, pending.exchange.seq);
    const result = await verify(pending);
    assert.equal(!result.valid && result.code, "not_checkpointed");
    assert.match(!result.valid ? result.reason.vi : "", /chưa được ký/);
    await createCheckpoint(ctx);
    assert.equal((await verify(await proofBundle(ctx, late.id))).valid, true);
    assert.equal(await proofBundle(ctx, buildExchangeRecord().id), undefined);
    assert.equal((await verify({ format: "other" })).valid, false);
  });
});
