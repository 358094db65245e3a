/**
 * Proof that one exchange is in the evidence log. The format and its verification are the SDK's
 * (`@lienthong/sdk`), the one implementation that providers', consumers' and the platform's own
 * checks share; the platform builds bundles in `proof-bundle.ts`.
 */
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
} from "@lienthong/sdk";
