/**
 * Types shared by the parts of the LGSP (`exchange` module): the catalogue and access rights, the
 * gateway's forwarding engine, and the evidence log. Each part owns its own folder; these types
 * are the contract between them.
 */

/** How much of an exchange's bodies the evidence log keeps (digests are always kept). */
export type BodyLogging = "none" | "request" | "response" | "both";

/**
 * How the gateway converts bodies between a consumer and a provider (TT 13/2017 art. 17: an LGSP
 * converts data formats). `none`: bodies pass as they are, streamed. `json-xml`: the consumer
 * speaks JSON, the provider XML; `xmlRoot` names the element wrapping each converted request.
 */
export type ServiceMediation =
  { mode: "none"; xmlRoot: null } | { mode: "json-xml"; xmlRoot: string };

/** Data classification of a service, most open first. */
export type DataClassification = "public" | "internal" | "restricted" | "confidential";

/**
 * Where and how the gateway forwards calls to one version of one service: the catalogue resolves
 * it from the gateway path `/gw/{providerOrgCode}/{providerSystemCode}/{serviceCode}/{version}`.
 */
export type ServiceTarget = {
  serviceId: string;
  /** Provider organization (directory id and electronic agency code). */
  providerOrganizationId: string;
  providerOrgCode: string;
  /** Provider information system (directory id and code). */
  providerSystemId: string;
  providerSystemCode: string;
  serviceCode: string;
  version: string;
  kind: "rest" | "soap";
  /** Upstream base URL, `http:` or `https:`; the rest of the gateway path is appended to it. */
  baseUrl: string;
  status: "active" | "deprecated" | "retired";
  bodyLogging: BodyLogging;
  /** Body conversion for this service; absent means `none`. */
  mediation?: ServiceMediation;
  /** Per-call limits. */
  timeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
};

/**
 * The consumer behind a gateway call, established from its SSO access token (client credentials,
 * audience the LGSP): the client and the information system it is linked to in the directory.
 */
export type Consumer = {
  clientId: string;
  systemId: string;
  organizationId: string;
  /** Token id (`jti`) of the access token used. */
  tokenId: string;
};

/** An access right the gateway has checked for one call. */
export type GrantedAccess = {
  rightId: string;
  /** Calls per minute allowed to this consumer on this service (null: platform default). */
  rateLimitPerMinute: number | null;
  /** Calls per day allowed (null: no quota). */
  dailyQuota: number | null;
  expiresAt: Date | null;
};

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
 * One exchange as the evidence log records it. The gateway fills it while streaming and hands it
 * to the log when the response has ended (or failed).
 */
export type ExchangeRecord = {
  /** UUIDv7 of the exchange; also returned to the consumer as `x-lgsp-exchange-id`. */
  id: string;
  /** Correlation id the consumer sent (`x-correlation-id`), or the exchange id. */
  correlationId: string;
  /** Platform request id of the incoming call. */
  requestId: string;
  startedAt: Date;
  /** Consumer, when the token was valid. */
  consumerClientId: string | null;
  consumerSystemId: string | null;
  consumerOrganizationId: string | null;
  /** Provider and service, when the path resolved to one. */
  serviceId: string | null;
  providerSystemId: string | null;
  providerOrganizationId: string | null;
  serviceCode: string | null;
  version: string | null;
  method: string;
  /** Path below the service's version segment, with the query string. */
  path: string;
  /** End user on whose behalf the consumer calls, when the consumer asserted one (signed). */
  endUser: string | null;
  outcome: ExchangeOutcome;
  /** HTTP status sent to the consumer. */
  status: number;
  /** Problem `code` when the gateway refused or failed the call. */
  errorCode: string | null;
  /** Milliseconds from receiving the request to the end of the response. */
  latencyMs: number;
  /** Milliseconds the provider took to send its response headers (null if never). */
  upstreamMs: number | null;
  requestBytes: number;
  responseBytes: number;
  /** Lower-case hex SHA-256 of the request and response bodies as they passed. */
  requestSha256: string;
  responseSha256: string;
  /** Bodies, only where the service's `bodyLogging` asks for them (encrypted at rest). */
  requestBody?: Uint8Array | undefined;
  responseBody?: Uint8Array | undefined;
};
