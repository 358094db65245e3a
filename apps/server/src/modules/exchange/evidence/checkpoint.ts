import { createHash } from "node:crypto";
import { createCmsSignature, digestOf } from "@lienthong/pki";
import type { ModuleContext, RecurringJob } from "../../../core/module.ts";
import { platformTimestampSource, trustCa } from "../../trust/index.ts";
import { checkpointContent, type CheckpointStatement } from "./chain.ts";
import {
  insertCheckpoint,
  selectChainHead,
  selectLastCheckpoint,
  type CheckpointRow,
} from "./repo.ts";

/** How often the chain head is signed and timestamped, in seconds (the LGSP issue: every minute). */
export const EVIDENCE_CHECKPOINT_SECONDS = 60;

/**
 * Signs the current chain head, when it moved since the last checkpoint: a detached CMS signature
 * (CAdES B-T) with the platform's seal over the canonical JSON statement, the RFC 3161 token over
 * the signature value embedded in it and also kept apart. Returns the checkpoint, or undefined
 * when there was nothing new to sign.
 */
export async function createCheckpoint(ctx: ModuleContext): Promise<CheckpointRow | undefined> {
  const head = await selectChainHead(ctx.db);
  const last = await selectLastCheckpoint(ctx.db);
  if (!head || (last && last.up_to_seq >= head.seq)) return undefined;
  const statement: CheckpointStatement = {
    upToSeq: Number(head.seq),
    headHash: head.hash,
    at: new Date().toISOString(),
    instance: ctx.config.publicUrl,
  };
  const seal = (await trustCa(ctx)).signers.get("seal");
  if (!seal) throw new Error("the platform has no seal credential");
  let timestampToken: Uint8Array | undefined;
  const signature = await createCmsSignature({
    signer: seal,
    contentDigest: createHash(digestOf(seal.algorithm).replace("-", ""))
      .update(checkpointContent(statement))
      .digest(),
    timestamp: platformTimestampSource(ctx, (token) => (timestampToken = token)),
  });
  const row: CheckpointRow = {
    up_to_seq: statement.upToSeq,
    head_hash: statement.headHash,
    at: new Date(statement.at),
    instance: statement.instance,
    signature,
    timestamp_token: timestampToken!,
    signer_certificate: seal.certificate,
  };
  return (await insertCheckpoint(ctx.db, row)) ? row : undefined;
}

/** Register with the exchange module's jobs: a checkpoint every `EVIDENCE_CHECKPOINT_SECONDS`. */
export const evidenceCheckpointJob: RecurringJob = {
  name: "exchange.evidence_checkpoint",
  everySeconds: EVIDENCE_CHECKPOINT_SECONDS,
  async run(ctx) {
    const checkpoint = await createCheckpoint(ctx);
    if (checkpoint)
      ctx.log.info({ upToSeq: checkpoint.up_to_seq }, "evidence log checkpoint signed");
  },
};
