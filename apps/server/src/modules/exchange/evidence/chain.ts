import { createHash } from "node:crypto";
import { canonicalJson } from "../../../core/canonical-json.ts";
import type { ExchangeOutcome, ExchangeRecord } from "../types.ts";

/**
 * The hash chain of the evidence log, as pure functions: the server writes and verifies with
 * them, and so does anyone holding a proof bundle (the SDK), with no database at hand.
 */

/** What the chain links to before its first exchange. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The fields of an exchange the chain covers: every field of `ExchangeRecord` but the bodies
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

/** UUID columns come back from the database in lower case; the digest must not depend on that. */
const lower = (value: string | null) => (value === null ? null : value.toLowerCase());

/** The covered fields of a record, normalized exactly as the database will give them back. */
export function evidenceFields(record: ExchangeRecord): EvidenceFields {
  return {
    id: record.id.toLowerCase(),
    correlationId: record.correlationId,
    requestId: record.requestId,
    startedAt: record.startedAt.toISOString(),
    consumerClientId: record.consumerClientId,
    consumerSystemId: lower(record.consumerSystemId),
    consumerOrganizationId: lower(record.consumerOrganizationId),
    serviceId: record.serviceId,
    providerSystemId: lower(record.providerSystemId),
    providerOrganizationId: lower(record.providerOrganizationId),
    serviceCode: record.serviceCode,
    version: record.version,
    method: record.method,
    path: record.path,
    endUser: record.endUser,
    outcome: record.outcome,
    status: record.status,
    errorCode: record.errorCode,
    latencyMs: record.latencyMs,
    upstreamMs: record.upstreamMs,
    requestBytes: record.requestBytes,
    responseBytes: record.responseBytes,
    requestSha256: record.requestSha256.toLowerCase(),
    responseSha256: record.responseSha256.toLowerCase(),
  };
}

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
