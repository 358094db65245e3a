import type { EvidenceFields } from "@lienthong/sdk";
import type { ExchangeRecord } from "../types.ts";

/**
 * The chain's pure parts — record digests, chain hashes, checkpoint statements — are the SDK's
 * (`@lienthong/sdk`), so that a proof checked by a consumer's system and by the platform give the
 * same verdict from the same code. What stays here turns the gateway's record into the covered
 * fields.
 */
export {
  chainHash,
  checkpointContent,
  GENESIS_HASH,
  recordDigest,
  type CheckpointStatement,
  type EvidenceFields,
} from "@lienthong/sdk";

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
