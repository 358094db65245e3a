import { parseSignedData } from "@lienthong/pki";
import type { Db } from "../../../core/db/index.ts";
import { PROOF_FORMAT, type ProofBundle } from "./proof.ts";
import {
  fieldsOfRow,
  selectChainHead,
  selectCheckpointCovering,
  selectDigests,
  selectExchangeById,
  type CheckpointRow,
} from "./repo.ts";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** Signer certificate first, then the others its CMS carries (its CA certificates). */
export function checkpointCertificates(checkpoint: CheckpointRow): Uint8Array[] {
  const signer = new Uint8Array(checkpoint.signer_certificate);
  const embedded = parseSignedData(new Uint8Array(checkpoint.signature)).certificates;
  return [signer, ...embedded.filter((c) => !Buffer.from(signer).equals(Buffer.from(c)))];
}

/**
 * The proof bundle of one exchange (undefined when there is no such exchange): the record, the
 * record digests from it to the first checkpoint at or after it, and that checkpoint with its
 * signature, timestamp token and certificates. Before the next checkpoint, the digests run to
 * the chain's head and `checkpoint` is null. Check it with `verifyProofBundle`.
 */
export async function proofBundle(
  { db }: { db: Db },
  exchangeId: string,
): Promise<ProofBundle | undefined> {
  const row = await selectExchangeById(db, exchangeId);
  if (!row) return undefined;
  const seq = Number(row.seq);
  const exchange = { seq, prevHash: row.prev_hash, record: fieldsOfRow(row) };
  const checkpoint = await selectCheckpointCovering(db, seq);
  if (!checkpoint) {
    const head = (await selectChainHead(db))!;
    return {
      format: PROOF_FORMAT,
      exchange,
      digests: await selectDigests(db, seq, Number(head.seq)),
      checkpoint: null,
      head: { seq: Number(head.seq), hash: head.hash },
    };
  }
  const upToSeq = Number(checkpoint.up_to_seq);
  return {
    format: PROOF_FORMAT,
    exchange,
    digests: await selectDigests(db, seq, upToSeq),
    checkpoint: {
      upToSeq,
      headHash: checkpoint.head_hash,
      at: checkpoint.at.toISOString(),
      instance: checkpoint.instance,
      signature: base64(checkpoint.signature),
      timestampToken: base64(checkpoint.timestamp_token),
      certificates: checkpointCertificates(checkpoint).map(base64),
    },
  };
}
