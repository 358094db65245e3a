import type { RetryPolicy } from "./retry.ts";

/** Where a system reaches the LGSP, and how it proves who it is. */
export type LgspClientOptions = {
  /** The platform's public URL, e.g. `https://lgsp.example.gov.vn`. */
  baseUrl: string;
  /** The machine client registered for the system in the platform's SSO. */
  clientId: string;
  clientSecret: string;
  scope?: "lgsp";
  /** Another `fetch` (tests, proxies, instrumentation); the global one by default. */
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
};

/**
 * A service on the LGSP: the provider's electronic agency code and system code from the
 * directory, then the service's code and version (`000.00.00.G09` / `qlvb` / `tra-cuu` / `v1`).
 */
export type ServiceAddress = { org: string; system: string; service: string; version: string };

/** A message channel a provider opened on one of its services. */
export type ChannelAddress = ServiceAddress & { channel: string };

export type CallInit = RequestInit & {
  /** Sent as `X-Correlation-Id`; the gateway uses the exchange id when absent. */
  correlationId?: string;
  /**
   * The person on whose behalf the system calls (`CCCD:001099012345`), sent as
   * `X-LGSP-End-User`; the provider receives it as a statement signed by the platform.
   */
  endUser?: string;
  /** `false` turns retries off for this call. */
  retry?: false;
};

export type CallJsonInit = Omit<CallInit, "body"> & {
  /** Sent as the JSON body, with `Content-Type: application/json`. */
  json?: unknown;
  body?: RequestInit["body"];
};

/** A message as its sender sees it (never the payload). */
export type LgspMessage = {
  id: string;
  channelId: string;
  idempotencyKey: string;
  correlationId: string;
  contentType: string;
  bytes: number;
  /** SHA-256 (hex) of the payload as the platform stored it. */
  sha256: string;
  status: "queued" | "delivered" | "dead";
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  responseStatus: number | null;
  acceptedAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
};

export type SendMessageOptions = {
  /**
   * 1–200 printable characters naming this message for good, e.g. a report's id and period: the
   * platform answers a repeat with the first message, so sending again is always safe.
   */
  idempotencyKey: string;
  /** Default: `application/json` for objects, `text/plain; charset=utf-8` for strings,
   * `application/octet-stream` for bytes. */
  contentType?: string;
  correlationId?: string;
};

export type SentMessage = {
  message: LgspMessage;
  /** True when the platform already held a message with this key (nothing new was stored). */
  replayed: boolean;
};

/** A message a pull channel's provider took, leased to it until `leaseExpiresAt`. */
export type PulledMessage = {
  id: string;
  lease: string;
  leaseExpiresAt: string;
  attempt: number;
  idempotencyKey: string;
  correlationId: string;
  consumerSystemId: string;
  contentType: string;
  sha256: string;
  acceptedAt: string;
  payload: Uint8Array;
};

export type AckOptions = {
  lease: string;
  /** False when the provider could not take the message; it is tried again later. */
  delivered: boolean;
  error?: string;
};
