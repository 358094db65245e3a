import { isUuid } from "../../../core/ids.ts";
import type { EvidenceFields } from "./chain.ts";

const OUTCOMES = new Set(["completed", "refused", "upstream_error", "timeout", "circuit_open"]);
const UUID_FIELDS = [
  "id",
  "consumerSystemId",
  "consumerOrganizationId",
  "providerSystemId",
  "providerOrganizationId",
] as const;
const TEXT_FIELDS = [
  "correlationId",
  "requestId",
  "consumerClientId",
  "serviceId",
  "serviceCode",
  "version",
  "method",
  "path",
  "endUser",
  "errorCode",
] as const;

const refuse = (field: string, what: string) => {
  throw new TypeError(`ExchangeRecord.${field} ${what}`);
};

/**
 * Throws a TypeError when the database would refuse the record: a batch is one statement, and
 * one bad value in it would fail every exchange of the batch, not only its own.
 */
export function checkEvidenceFields(fields: EvidenceFields): void {
  for (const key of UUID_FIELDS) {
    const value = fields[key];
    if (value !== null && !isUuid(value)) refuse(key, "is not a UUID");
  }
  for (const key of TEXT_FIELDS) {
    const value = fields[key];
    if (value === null) continue;
    if (typeof value !== "string") refuse(key, "is not text");
    // PostgreSQL text cannot hold NUL.
    else if (value.includes("\u0000")) refuse(key, "contains a NUL character");
  }
  for (const key of ["requestSha256", "responseSha256"] as const) {
    if (!/^[0-9a-f]{64}$/.test(fields[key])) refuse(key, "is not a hex SHA-256");
  }
  if (!OUTCOMES.has(fields.outcome)) refuse("outcome", "is not a known outcome");
  if (!Number.isInteger(fields.status)) refuse("status", "is not an integer");
  for (const key of ["requestBytes", "responseBytes"] as const) {
    if (!Number.isSafeInteger(fields[key]) || fields[key] < 0) refuse(key, "is not a byte count");
  }
  if (!Number.isFinite(fields.latencyMs)) refuse("latencyMs", "is not a finite number");
  if (fields.upstreamMs !== null && !Number.isFinite(fields.upstreamMs))
    refuse("upstreamMs", "is not a finite number");
}
