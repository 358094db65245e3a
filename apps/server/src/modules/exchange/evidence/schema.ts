import { Type } from "typebox";
import { Nullable } from "../../../core/http/schema.ts";

const Outcome = Type.Union([
  Type.Literal("completed"),
  Type.Literal("refused"),
  Type.Literal("upstream_error"),
  Type.Literal("timeout"),
  Type.Literal("circuit_open"),
]);
const Hash = Type.String({ pattern: "^[0-9a-f]{64}$" });

/** The fields of an exchange the hash chain covers (`EvidenceFields`). */
export const ExchangeFieldsSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  correlationId: Type.String(),
  requestId: Type.String(),
  startedAt: Type.String({ format: "date-time" }),
  consumerClientId: Nullable(Type.String()),
  consumerSystemId: Nullable(Type.String()),
  consumerOrganizationId: Nullable(Type.String()),
  serviceId: Nullable(Type.String()),
  providerSystemId: Nullable(Type.String()),
  providerOrganizationId: Nullable(Type.String()),
  serviceCode: Nullable(Type.String()),
  version: Nullable(Type.String()),
  method: Type.String(),
  path: Type.String(),
  endUser: Nullable(Type.String()),
  outcome: Outcome,
  status: Type.Integer(),
  errorCode: Nullable(Type.String()),
  latencyMs: Type.Number(),
  upstreamMs: Nullable(Type.Number()),
  requestBytes: Type.Integer(),
  responseBytes: Type.Integer(),
  requestSha256: Hash,
  responseSha256: Hash,
});

export const ExchangeSchema = Type.Object({
  seq: Type.Integer({ description: "Position in the evidence hash chain (1, 2, ...)" }),
  ...ExchangeFieldsSchema.properties,
  recordDigest: Hash,
});

export const ExchangeListQuery = Type.Object(
  {
    consumerSystemId: Type.Optional(Type.String({ format: "uuid" })),
    providerSystemId: Type.Optional(Type.String({ format: "uuid" })),
    serviceId: Type.Optional(Type.String({ maxLength: 100 })),
    outcome: Type.Optional(Outcome),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    from: Type.Optional(Type.String({ format: "date-time", description: "Inclusive (startedAt)" })),
    to: Type.Optional(Type.String({ format: "date-time", description: "Exclusive (startedAt)" })),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const ExchangePage = Type.Object({
  items: Type.Array(ExchangeSchema),
  nextCursor: Nullable(Type.String()),
});

export const ProofBundleSchema = Type.Object({
  format: Type.Literal("lienthong.evidence-proof.v1"),
  exchange: Type.Object({
    seq: Type.Integer(),
    prevHash: Hash,
    record: ExchangeFieldsSchema,
  }),
  digests: Type.Array(Hash, {
    description: "Record digests from this exchange's own to the checkpoint's head",
  }),
  checkpoint: Nullable(
    Type.Object({
      upToSeq: Type.Integer(),
      headHash: Hash,
      at: Type.String({ format: "date-time" }),
      instance: Type.String(),
      signature: Type.String({ description: "Detached CMS SignedData, DER in base64" }),
      timestampToken: Type.String({ description: "RFC 3161 TimeStampToken, DER in base64" }),
      certificates: Type.Array(Type.String(), {
        description: "Signer certificate first, then its CA certificates; DER in base64",
      }),
    }),
  ),
  head: Type.Optional(Type.Object({ seq: Type.Integer(), hash: Hash })),
});

export const EvidenceVerificationSchema = Type.Object({
  ok: Type.Boolean(),
  rows: Type.Integer({ description: "Rows checked before the first broken one (all, when ok)" }),
  checkpoints: Type.Integer({ description: "Checkpoints checked before the first broken one" }),
  head: Type.Optional(Hash),
  firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
});

export const ExchangeIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
