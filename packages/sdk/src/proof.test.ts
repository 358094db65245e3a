import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createDemoPki } from "@lienthong/pki";
import { canonicalJson as serverCanonicalJson } from "../../../apps/server/src/core/canonical-json.ts";
import { createTestUser } from "../../../apps/server/src/modules/identity/testing.ts";
import {
  chainHash as serverChainHash,
  checkpointContent as serverCheckpointContent,
  evidenceFields,
  recordDigest as serverRecordDigest,
} from "../../../apps/server/src/modules/exchange/evidence/chain.ts";
import { createCheckpoint } from "../../../apps/server/src/modules/exchange/evidence/checkpoint.ts";
import { evidenceLogOf } from "../../../apps/server/src/modules/exchange/evidence/log.ts";
import { verifyProofBundle as serverVerifyProofBundle } from "../../../apps/server/src/modules/exchange/evidence/proof.ts";
import { buildExchangeRecord } from "../../../apps/server/src/modules/exchange/evidence/testing.ts";
import {
  canonicalJson,
  chainHash,
  checkpointContent,
  recordDigest,
  verifyProofBundle,
  type ProofBundle,
} from "./evidence/index.ts";
import { createLgspSetting, startProvider } from "./testing.ts";

describe("verifyProofBundle checks the proof of a real exchange", () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let setting: Awaited<ReturnType<typeof createLgspSetting>>;
  let bundleOf: (exchangeId: string) => Promise<ProofBundle>;
  let trustAnchors: Uint8Array[];
  let exchangeId: string;

  before(async () => {
    provider = await startProvider();
    setting = await createLgspSetting(provider.url);
    const { bearer } = await createTestUser(setting.platform, {
      organizationId: setting.providerOrg.id,
      roles: ["system_admin"],
    });
    bundleOf = async (id) => {
      const response = await fetch(`${setting.baseUrl}/api/v1/exchange/exchanges/${id}/proof`, {
        headers: bearer,
      });
      assert.equal(response.status, 200);
      return (await response.json()) as ProofBundle;
    };
    // The platform's root CA, as a relying party would have pinned it.
    const root = await fetch(`${setting.baseUrl}/pki/ca/root-ca.crt`);
    trustAnchors = [new Uint8Array(await root.arrayBuffer())];

    const { client } = setting.consumerClient();
    const service = (await setting.addService()).address;
    const response = await client.call(service, "/citizens/7", { endUser: "CCCD:001099012345" });
    assert.equal(response.status, 200);
    await response.text();
    exchangeId = response.headers.get("x-lgsp-exchange-id")!;
    await evidenceLogOf(setting.platform.ctx).flush();
  });
  after(async () => {
    await setting.platform.stop();
    provider.server.close();
  });

  it("says an exchange is not checkpointed yet, then verifies it once it is", async () => {
    const pending = await verifyProofBundle(await bundleOf(exchangeId), { trustAnchors });
    assert.equal(pending.valid, false);
    assert.equal(!pending.valid && pending.code, "not_checkpointed");

    await createCheckpoint(setting.platform.ctx);
    const bundle = await bundleOf(exchangeId);
    const verdict = await verifyProofBundle(bundle, { trustAnchors });
    assert.equal(verdict.valid, true, JSON.stringify(verdict));
    assert.equal(verdict.valid && verdict.exchangeId, exchangeId);
    assert.equal(bundle.exchange.record.endUser, "CCCD:001099012345");
    assert.deepEqual(verdict, await serverVerifyProofBundle(bundle, { trustAnchors }));
  });

  it("detects every kind of tampering, with the same verdict as the platform", async () => {
    const bundle = await bundleOf(exchangeId);
    const edits: [string, (b: ProofBundle) => void, string][] = [
      ["status", (b) => (b.exchange.record.status = 204), "record_altered"],
      ["end user", (b) => (b.exchange.record.endUser = "CCCD:001099099999"), "record_altered"],
      ["prevHash", (b) => (b.exchange.prevHash = "1".repeat(64)), "chain_broken"],
      ["seq", (b) => (b.exchange.seq += 1), "chain_broken"],
      ["head hash", (b) => (b.checkpoint!.headHash = "2".repeat(64)), "chain_broken"],
      [
        "checkpoint time",
        (b) => (b.checkpoint!.at = new Date(0).toISOString()),
        "signature_invalid",
      ],
      [
        "signature",
        (b) => {
          const cms = Buffer.from(b.checkpoint!.signature, "base64");
          cms[cms.length - 40]! ^= 1;
          b.checkpoint!.signature = cms.toString("base64");
        },
        "signature_invalid",
      ],
      ["format", (b) => ((b as { format: string }).format = "v0"), "malformed"],
    ];
    for (const [what, edit, code] of edits) {
      const copy = structuredClone(bundle);
      edit(copy);
      const verdict = await verifyProofBundle(copy, { trustAnchors });
      assert.equal(verdict.valid ? "valid" : verdict.code, code, what);
      assert.deepEqual(verdict, await serverVerifyProofBundle(copy, { trustAnchors }), what);
    }
  });

  it("refuses a checkpoint whose certificates chain to another root", async () => {
    const other = await createDemoPki({ keyType: "EC" });
    const verdict = await verifyProofBundle(await bundleOf(exchangeId), {
      trustAnchors: [other.root.certificate],
    });
    assert.equal(verdict.valid, false);
    assert.ok(!verdict.valid && ["timestamp_invalid", "signer_untrusted"].includes(verdict.code));
  });
});

describe("the SDK's chain functions give the platform's bytes", () => {
  it("digests records, links hashes and encodes canonical JSON identically", () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(
        fc.record({
          status: fc.integer({ min: 100, max: 599 }),
          path: fc.string(),
          endUser: fc.option(fc.string({ unit: "grapheme" })),
          latencyMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
          outcome: fc.constantFrom("completed", "refused", "timeout" as const),
        }),
        hex,
        hex,
        (overrides, prev, digest) => {
          const fields = evidenceFields(buildExchangeRecord(overrides));
          assert.equal(recordDigest(fields), serverRecordDigest(fields));
          assert.equal(chainHash(prev, digest), serverChainHash(prev, digest));
        },
      ),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(canonicalJson(value), serverCanonicalJson(value));
      }),
    );
    const statement = {
      upToSeq: 42,
      headHash: "a".repeat(64),
      at: "2026-11-28T05:00:00.000Z",
      instance: "https://lgsp.example.gov.vn",
    };
    assert.deepEqual(checkpointContent(statement), serverCheckpointContent(statement));
  });
});
