import type { Db } from "../../../core/db/index.ts";
import { chainHash, GENESIS_HASH, recordDigest } from "./chain.ts";
import { checkpointCertificates } from "./proof-bundle.ts";
import { proofFailureReason, verifyCheckpoint } from "./proof.ts";
import {
  fieldsOfRow,
  selectCheckpointsBetween,
  selectRowsFrom,
  type CheckpointRow,
} from "./repo.ts";

export type EvidenceLogVerification = {
  ok: boolean;
  /** Rows checked before the first broken one (all of them, when ok). */
  rows: number;
  /** Checkpoints checked before the first broken one (all of them, when ok). */
  checkpoints: number;
  /** Hash of the last row, when the chain is intact. */
  head?: string;
  firstBroken?: { seq: number; reason: string };
};

const BATCH = 5000;

const both = (reason: { vi: string; en: string }) => `${reason.vi} / ${reason.en}`;

/** Why a checkpoint does not hold, or undefined when it does. */
async function checkpointProblem(
  checkpoint: CheckpointRow,
  rowHash: string,
  trustAnchors: readonly Uint8Array[],
): Promise<string | undefined> {
  if (checkpoint.head_hash !== rowHash)
    return "đầu chuỗi đã ký khác với chuỗi / the signed head differs from the chain";
  let certificates: Uint8Array[];
  try {
    certificates = checkpointCertificates(checkpoint);
  } catch {
    return both(proofFailureReason("signature_invalid"));
  }
  const verdict = await verifyCheckpoint(
    {
      statement: {
        upToSeq: Number(checkpoint.up_to_seq),
        headHash: checkpoint.head_hash,
        at: checkpoint.at.toISOString(),
        instance: checkpoint.instance,
      },
      signature: new Uint8Array(checkpoint.signature),
      timestampToken: new Uint8Array(checkpoint.timestamp_token),
      certificates,
    },
    trustAnchors,
  );
  return verdict.ok ? undefined : both(proofFailureReason(verdict.code));
}

/**
 * Walks the whole evidence chain from the first row and reports the first row whose content no
 * longer matches its digest, whose link to the previous row is wrong, or before which a row is
 * missing; and checks every checkpoint where the walk reaches its head: same head hash, a valid
 * signature and timestamp chaining to `trustAnchors`. A checkpoint beyond the last row means rows
 * were deleted from the end. Rows after the last checkpoint can be cut off unseen: that is what
 * the next checkpoint is for.
 */
export async function verifyEvidenceLog(
  db: Db,
  options: { trustAnchors: readonly Uint8Array[] },
): Promise<EvidenceLogVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let checkpoints = 0;
  const broken = (seq: number, reason: string): EvidenceLogVerification => ({
    ok: false,
    rows,
    checkpoints,
    firstBroken: { seq, reason },
  });
  for (;;) {
    const batch = await selectRowsFrom(db, expectedSeq, BATCH);
    const last = batch[batch.length - 1];
    // On the last batch, also the checkpoints past the last row: they reveal a cut-off end.
    const due = await selectCheckpointsBetween(
      db,
      expectedSeq,
      batch.length < BATCH || !last ? Number.MAX_SAFE_INTEGER : Number(last.seq),
    );
    let next = 0;
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return broken(
          expectedSeq,
          `dòng ${expectedSeq} bị thiếu (đã xóa) / row ${expectedSeq} is missing (deleted)`,
        );
      if (row.prev_hash !== prevHash)
        return broken(
          seq,
          "liên kết với dòng trước không khớp / link to the previous row does not match",
        );
      const digest = recordDigest(fieldsOfRow(row));
      if (digest !== row.record_digest || chainHash(prevHash, digest) !== row.hash)
        return broken(
          seq,
          "nội dung bị sửa sau khi ghi / content was altered after it was written",
        );
      while (due[next] && Number(due[next]!.up_to_seq) === seq) {
        const problem = await checkpointProblem(due[next]!, row.hash, options.trustAnchors);
        if (problem) return broken(seq, `điểm kiểm tra / checkpoint: ${problem}`);
        checkpoints += 1;
        next += 1;
      }
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.length < BATCH) {
      if (due[next])
        return broken(
          expectedSeq,
          `dòng ${expectedSeq} bị thiếu (đã xóa) dù đã được ký / row ${expectedSeq} is missing (deleted) though a checkpoint covers it`,
        );
      return { ok: true, rows, checkpoints, head: prevHash };
    }
  }
}
