import { problemOf } from "./problem.ts";
import { DEFAULT_RETRY, IDEMPOTENT_METHODS } from "./retry.ts";
import { ClientCredentialsTokens } from "./token-source.ts";
import { sendAuthorized, type Transport } from "./transport.ts";
import type {
  AckOptions,
  CallInit,
  CallJsonInit,
  ChannelAddress,
  LgspClientOptions,
  LgspMessage,
  PulledMessage,
  SendMessageOptions,
  SentMessage,
  ServiceAddress,
} from "./types.ts";

/** A pulled message as the platform sends it: the payload in base64. */
type PulledOnTheWire = Omit<PulledMessage, "payload"> & { payloadBase64: string };

/** A path segment the platform takes as it is: no percent-escapes, no dot segments. */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

function segments(...values: string[]): string {
  for (const value of values)
    if (!SEGMENT.test(value) || value === "." || value === "..")
      throw new TypeError(`not an LGSP identifier: ${JSON.stringify(value)}`);
  return values.join("/");
}

/**
 * A system's client of the LGSP: calls services through the gateway (`/gw/...`), sends and
 * follows asynchronous messages (`/msg/...`), and, for providers of pull channels, takes and
 * settles their messages. One instance per system, shared by all its callers: it holds the
 * token cache.
 */
export class LgspClient {
  readonly baseUrl: string;
  readonly #transport: Transport;

  constructor(options: LgspClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    const fetcher = options.fetch ?? globalThis.fetch;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#transport = {
      fetch: fetcher,
      retry,
      tokens: new ClientCredentialsTokens({
        tokenUrl: `${this.baseUrl}/oidc/token`,
        resource: `${this.baseUrl}/gw`,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        scope: options.scope ?? "lgsp",
        fetch: fetcher,
        retry,
      }),
    };
  }

  /**
   * Calls `path` (with its query string) of a service through the gateway and returns the
   * provider's answer, or the gateway's problem, as it came. GET, HEAD, OPTIONS, PUT and DELETE
   * are sent again after network errors and 502, 503, 504; POST and PATCH never are.
   */
  async call(target: ServiceAddress, path = "", init: CallInit = {}): Promise<Response> {
    if (path && !/^[/?]/.test(path)) throw new TypeError("the path must start with / or ?");
    const { correlationId, endUser, retry, ...request } = init;
    const method = (request.method ?? "GET").toUpperCase();
    const headers = new Headers(request.headers);
    if (correlationId) headers.set("x-correlation-id", correlationId);
    if (endUser) headers.set("x-lgsp-end-user", endUser);
    const url = `${this.baseUrl}/gw/${segments(target.org, target.system, target.service, target.version)}${path}`;
    return sendAuthorized(
      this.#transport,
      url,
      { ...request, method, headers },
      retry !== false && IDEMPOTENT_METHODS.has(method) ? "idempotent" : "never",
    );
  }

  /**
   * `call` for JSON services: sends `json` as the body, and returns the parsed answer (undefined
   * for an empty one). Any answer outside 2xx is thrown as an `LgspProblem`.
   */
  async callJson<T = unknown>(
    target: ServiceAddress,
    path = "",
    init: CallJsonInit = {},
  ): Promise<T> {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (!headers.has("accept")) headers.set("accept", "application/json");
    if (json !== undefined) headers.set("content-type", "application/json");
    const response = await this.call(target, path, {
      ...rest,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    if (!response.ok) throw await problemOf(response);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Posts a message to a channel; resolves once the platform has stored it durably. Because of
   * the idempotency key, it is sent again after any failure (network errors, 5xx, 429); a repeat
   * the platform already holds comes back with `replayed`. The same key with another body is a
   * `conflict` problem.
   */
  async sendMessage(
    target: ChannelAddress,
    body: unknown,
    options: SendMessageOptions,
  ): Promise<SentMessage> {
    const [bytes, defaultType] =
      body instanceof Uint8Array
        ? [body, "application/octet-stream"]
        : typeof body === "string"
          ? [body, "text/plain; charset=utf-8"]
          : [JSON.stringify(body), "application/json"];
    const headers = new Headers({
      "idempotency-key": options.idempotencyKey,
      "content-type": options.contentType ?? defaultType,
      accept: "application/json",
    });
    if (options.correlationId) headers.set("x-correlation-id", options.correlationId);
    const response = await sendAuthorized(
      this.#transport,
      this.#channelUrl(target),
      { method: "POST", headers, body: bytes },
      "keyed",
    );
    if (!response.ok) throw await problemOf(response);
    return {
      message: (await response.json()) as LgspMessage,
      replayed: response.headers.get("idempotent-replayed") === "true",
    };
  }

  /** The state of a message this system sent (queued, delivered, dead). */
  async messageStatus(target: ChannelAddress, id: string): Promise<LgspMessage> {
    return this.#json(`${this.#channelUrl(target)}/messages/${segments(id)}`, "GET", "idempotent");
  }

  /**
   * For the provider of a pull channel: takes up to `max` (1–100, default 10) waiting messages,
   * leased for `leaseSeconds` (5–3600, default 60). Sent again after failures like an idempotent
   * call: messages leased to an answer that was lost return to the queue when their lease ends.
   */
  async pullMessages(
    target: ChannelAddress,
    options: { max?: number; leaseSeconds?: number } = {},
  ): Promise<PulledMessage[]> {
    const query = new URLSearchParams({
      max: String(options.max ?? 10),
      leaseSeconds: String(options.leaseSeconds ?? 60),
    });
    const { items } = await this.#json<{ items: PulledOnTheWire[] }>(
      `${this.#channelUrl(target)}/pull?${query}`,
      "POST",
      "idempotent",
    );
    return items.map(({ payloadBase64, ...item }) => ({
      ...item,
      payload: new Uint8Array(Buffer.from(payloadBase64, "base64")),
    }));
  }

  /**
   * Settles a pulled message with its lease: delivered, or refused (it is tried again later, up
   * to the channel's attempts). Not sent again on failure: a repeat of a settlement that did
   * arrive would be refused as a `conflict`; pull again instead.
   */
  async ackMessage(target: ChannelAddress, id: string, ack: AckOptions): Promise<LgspMessage> {
    return this.#json(
      `${this.#channelUrl(target)}/messages/${segments(id)}/ack`,
      "POST",
      "never",
      JSON.stringify(ack),
    );
  }

  #channelUrl(target: ChannelAddress) {
    const path = segments(
      target.org,
      target.system,
      target.service,
      target.version,
      target.channel,
    );
    return `${this.baseUrl}/msg/${path}`;
  }

  async #json<T>(
    url: string,
    method: string,
    retry: "idempotent" | "never",
    body?: string,
  ): Promise<T> {
    const headers = new Headers({ accept: "application/json" });
    if (body !== undefined) headers.set("content-type", "application/json");
    const response = await sendAuthorized(
      this.#transport,
      url,
      { method, headers, body: body ?? null },
      retry,
    );
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  }
}
