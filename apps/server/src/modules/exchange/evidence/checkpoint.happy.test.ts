import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseSignedData, toPem } from "@lienthong/pki";
import { sql } from "kysely";
import type { ModuleContext } from "../../../core/module.ts";
import { createTestContext } from "../../../core/testing/platform.ts";
import { caCertificate } from "../../trust/index.ts";
import { checkpointContent } from "./chain.ts";
import {
  createCheckpoint,
  EVIDENCE_CHECKPOINT_SECONDS,
  evidenceCheckpointJob,
} from "./checkpoint.ts";
import { evidenceLogOf } from "./log.ts";
import type { CheckpointRow } from "./repo.ts";
import { buildExchangeRecord } from "./testing.ts";
import { verifyEvidenceLog } from "./verify-log.ts";

function openssl(args: string[]) {
  const result = spawnSync("openssl", args, { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("evidence checkpoints", () => {
  let ctx: ModuleContext & { close(): Promise<void> };
  let root: Uint8Array;
  let first: CheckpointRow;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-evidence-"));
  const file = (name: string, bytes: Uint8Array | string) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  const record = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () => evidenceLogOf(ctx).record(buildExchangeRecord())),
    );

  before(async () => {
    ctx = await createTestContext();
    root = await caCertificate(ctx, "root-ca");
    await record(20);
    first = (await createCheckpoint(ctx))!;
  });
  after(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs every minute by default", () => {
    assert.equal(EVIDENCE_CHECKPOINT_SECONDS, 60);
    assert.equal(evidenceCheckpointJob.everySeconds, EVIDENCE_CHECKPOINT_SECONDS);
  });

  it("signs the chain head so that openssl cms and openssl ts accept it", async () => {
    assert.equal(first.up_to_seq, 20);
    const content = checkpointContent({
      upToSeq: first.up_to_seq,
      headHash: first.head_hash,
      at: first.at.toISOString(),
      instance: first.instance,
    });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(content)), {
      at: first.at.toISOString(),
      headHash: first.head_hash,
      instance: ctx.config.publicUrl,
      upToSeq: 20,
    });
    const caFile = file("root.pem", toPem(root, "CERTIFICATE"));
    const issuing = file(
      "issuing.pem",
      toPem(await caCertificate(ctx, "issuing-ca"), "CERTIFICATE"),
    );
    const signature = file("checkpoint.p7s", first.signature);
    const cms = openssl([
      "cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
      "-content", file("checkpoint.json", content), "-CAfile", caFile, "-out", path.join(dir, "out"),
    ]); // prettier-ignore
    assert.equal(cms.status, 0, cms.output);
    assert.match(cms.output, /Verification successful/);

    const altered = openssl([
      "cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
      "-content", file("other.json", new TextDecoder().decode(content).replace('"upToSeq":20', '"upToSeq":21')), "-CAfile", caFile,
      "-out", path.join(dir, "out"),
    ]); // prettier-ignore
    assert.notEqual(altered.status, 0);

    const signatureValue = parseSignedData(new Uint8Array(first.signature)).signatureValue;
    const ts = openssl([
      "ts", "-verify", "-in", file("checkpoint.tst", first.timestamp_token), "-token_in",
      "-data", file("signature-value.bin", signatureValue), "-CAfile", caFile, "-untrusted", issuing,
    ]); // prettier-ignore
    assert.equal(ts.status, 0, ts.output);
    assert.match(ts.output, /Verification: OK/);
  });

  it("signs only when the head has moved, and the job signs the new head", async () => {
    assert.equal(await createCheckpoint(ctx), undefined);
    await record(5);
    await evidenceCheckpointJob.run(ctx);
    const { rows } = await sql<{
      up_to_seq: number;
    }>`select up_to_seq from xch_evidence_checkpoints order by up_to_seq`.execute(ctx.db);
    assert.deepEqual(
      rows.map((r) => Number(r.up_to_seq)),
      [20, 25],
    );
  });

  it("verifies every checkpoint with the log, and reports an altered one at its head", async () => {
    const intact = await verifyEvidenceLog(ctx.db, { trustAnchors: [root] });
    assert.deepEqual(
      { ok: intact.ok, rows: intact.rows, checkpoints: intact.checkpoints },
      { ok: true, rows: 25, checkpoints: 2 },
    );
    const untrusted = await verifyEvidenceLog(ctx.db, { trustAnchors: [] });
    assert.equal(untrusted.ok, false);
    assert.equal(untrusted.firstBroken!.seq, 20);

    await sql`alter table xch_evidence_checkpoints disable trigger xch_evidence_checkpoints_append_only`.execute(
      ctx.db,
    );
    await sql`update xch_evidence_checkpoints set at = at + interval '1 second' where up_to_seq = 20`.execute(
      ctx.db,
    );
    const moved = await verifyEvidenceLog(ctx.db, { trustAnchors: [root] });
    assert.equal(moved.ok, false);
    assert.equal(moved.firstBroken!.seq, 20);
    assert.match(moved.firstBroken!.reason, /checkpoint.*signature/);
    await sql`update xch_evidence_checkpoints set at = at - interval '1 second' where up_to_seq = 20`.execute(
      ctx.db,
    );

    // Cutting off the end of the chain shows, because a checkpoint covers it.
    await sql`alter table xch_exchanges disable trigger xch_exchanges_append_only`.execute(ctx.db);
    await sql`delete from xch_exchanges where seq > 23`.execute(ctx.db);
    const cut = await verifyEvidenceLog(ctx.db, { trustAnchors: [root] });
    assert.equal(cut.ok, false);
    assert.equal(cut.firstBroken!.seq, 24);
    assert.match(cut.firstBroken!.reason, /missing/);
  });
});
