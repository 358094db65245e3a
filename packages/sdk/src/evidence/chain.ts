import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";

/**
 * The hash chain of the evidence log, as pure functions: the platform writes and verifies with
 * the same formulas, and anyone holding a proof bundle can check it with no database at hand.
 */

/** What the chain links to before its first exchange. */
export const GENESIS_HASH = "0".repeat(64);

/** What happened to one call through the gateway. */
export type ExchangeOutcome =
  /** Forwarded, and the provider answered (any HTTP status). */
  | "completed"
  /** Refused by the gateway before forwarding (no token, no right, quota, bad input...). */
  | "refused"
  /** Forwarded, but the provider could not be reached, failed mid-way or answered too much. */
  | "upstream_error"
  /** Forwarded, but the provider did not answer in time. */
  | "timeout"
  /** Not forwarded because the provider's circuit is open. */
  | "circuit_open";

/**
 * The fields of an exchange the chain covers: every field the gateway records but the bodies
 * (their SHA-256 is covered), in JSON form (`startedAt` as an ISO 8601 string in UTC).
 */
export type EvidenceFields = {
  id: string;
  correlationId: string;
  requestId: string;
  startedAt: string;
  consumerClientId: string | null;
  consumerSystemId: string | null;
  consumerOrganizationId: string | null;
  serviceId: string | null;
  providerSystemId: string | null;
  providerOrganizationId: string | null;
  serviceCode: string | null;
  version: string | null;
  method: string;
  path: string;
  endUser: string | null;
  outcome: ExchangeOutcome;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  upstreamMs: number | null;
  requestBytes: number;
  responseBytes: number;
  requestSha256: string;
  responseSha256: string;
};

/** SHA-256 (lower-case hex) of the canonical JSON (UTF-8) of the covered fields. */
export function recordDigest(fields: EvidenceFields): string {
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

/** SHA-256 (lower-case hex) over the 32 bytes of the previous hash then the 32 of the digest. */
export function chainHash(prevHash: string, digest: string): string {
  return createHash("sha256")
    .update(Buffer.from(prevHash, "hex"))
    .update(Buffer.from(digest, "hex"))
    .digest("hex");
}

/** What a checkpoint signs: the head of the chain at one moment, on one platform instance. */
export type CheckpointStatement = {
  upToSeq: number;
  headHash: string;
  /** ISO 8601, UTC. */
  at: string;
  /** The instance's public URL. */
  instance: string;
};

/** The exact bytes a checkpoint's detached CMS signature covers. */
export function checkpointContent(statement: CheckpointStatement): Uint8Array {
  const { upToSeq, headHash, at, instance } = statement;
  return new TextEncoder().encode(canonicalJson({ upToSeq, headHash, at, instance }));
}
