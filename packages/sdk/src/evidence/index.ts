export { canonicalJson } from "./canonical-json.ts";
export {
  chainHash,
  checkpointContent,
  GENESIS_HASH,
  recordDigest,
  type CheckpointStatement,
  type EvidenceFields,
  type ExchangeOutcome,
} from "./chain.ts";
export {
  PROOF_FORMAT,
  proofFailureReason,
  verifyCheckpoint,
  verifyProofBundle,
  type ProofBundle,
  type ProofCheckpoint,
  type ProofFailure,
  type ProofVerification,
  type SignedCheckpoint,
} from "./proof.ts";
