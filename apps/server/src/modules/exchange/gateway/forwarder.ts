import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { Agent, type Dispatcher } from "undici";
import { AppError } from "../../../core/errors.ts";
import {
  mediationFor,
  type ConvertedResponse,
  type JsonXmlMediation,
} from "../mediation/gateway-mediation.ts";
import type {
  BodyLogging,
  Consumer,
  ExchangeOutcome,
  GrantedAccess,
  ServiceTarget,
} from "../types.ts";
import { BodyMeter, BodyTooLargeError, RequestBodyMeter } from "./body-meter.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./headers.ts";
import { gatewayProblems, hasBody, sendGatewayProblem } from "./problems.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { safeUpstreamPath } from "./safe-path.ts";

/** One call to forward, as the `/gw` route has resolved and authorized it. */
export type ForwardCall = {
  target: ServiceTarget;
  /** The gateway path below the version segment, with the query string (`/citizens/1?x=y`). */
  path: string;
  consumer: Pick<Consumer, "systemId">;
  access: Pick<GrantedAccess, "rateLimitPerMinute" | "dailyQuota">;
  /** Platform request id, echoed in problem details. */
  requestId: string;
  /** The consumer's address, as the platform resolved it (under TRUST_PROXY). */
  clientIp: string;
  /** Sent to the provider as `x-correlation-id`. */
  correlationId: string;
  /** Scheme the consumer used (default: that of the incoming socket). */
  proto?: "http" | "https";
  /** Fields added to the upstream request: consumer identity, exchange id, end-user assertion. */
  headers?: Record<string, string>;
  /** Bodies to keep for the evidence log (default: the service's `bodyLogging`). */
  capture?: BodyLogging;
};

/** What the evidence log needs of one forwarded (or refused) call. */
export type ForwardResult = {
  outcome: ExchangeOutcome;
  /** HTTP status sent to the consumer (499 when the consumer left before any was sent). */
  status: number;
  /** Problem code of a refusal or failure; `client_closed` when the consumer left. */
  errorCode: string | null;
  /** Milliseconds until the provider's response headers (null if none came). */
  upstreamMs: number | null;
  /** Body bytes received from the consumer and sent to it. */
  requestBytes: number;
  responseBytes: number;
  requestSha256: string;
  responseSha256: string;
  /** Bodies, when asked for and not larger than `maxCapturedBodyBytes`. */
  requestBody?: Uint8Array;
  responseBody?: Uint8Array;
  /** Upstream attempts made (retries included). */
  attempts: number;
};

export type GatewayOptions = {
  /** Upper bound on open connections to one provider origin (default 64); calls queue beyond. */
  connectionsPerOrigin?: number;
  /** How long an idle upstream connection is kept (default 4 s, under Node's 5 s server default). */
  keepAliveTimeoutMs?: number;
  /** Time allowed to open a connection to a provider (default 5 s). */
  connectTimeoutMs?: number;
  /** Longest silence allowed inside a provider's response body (default 30 s), else 504. */
  bodyIdleTimeoutMs?: number;
  /** Retries of an idempotent call that failed before any response byte (default 2). */
  maxRetries?: number;
  /** Back-off before retry n is n × this many ms (default 25). */
  retryBackoffMs?: number;
  /** Largest body kept for the evidence log (default 1 MiB); larger ones are digested only. */
  maxCapturedBodyBytes?: number;
  /** Calls per minute for an access right that names no limit (default 600). */
  defaultRateLimitPerMinute?: number;
  /** A limiter or breaker of one's own (a test clock, or state shared between gateways). */
  limiter?: RateLimiter;
  breaker?: CircuitBreaker;
};

const RETRIABLE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** TRACE reflects the request (credentials included); CONNECT opens a tunnel. */
const REFUSED_METHODS = new Set(["TRACE", "CONNECT"]);
/** Failures that happen before the provider has seen the request, or at least answered it. */
const CONNECTION_FAILURES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

type Upstream = { origin: string; basePath: string };

type Engine = {
  agent: Agent;
  breaker: CircuitBreaker;
  bodyIdleTimeoutMs: number;
  maxRetries: number;
  retryBackoffMs: number;
  maxCapturedBodyBytes: number;
};

/** Raised into undici to stop an exchange the gateway has already answered. */
class ExchangeStopped extends Error {}

/**
 * One call through the gateway: an undici dispatch handler that streams the provider's answer to
 * the consumer chunk by chunk (pausing the upstream socket while the consumer's is full), with the
 * request body metered on its way up. It settles once, on the first of: the answer ended, a
 * failure answered as problem details, the consumer gone.
 */
class Exchange implements Dispatcher.DispatchHandler {
  outcome: ExchangeOutcome = "completed";
  errorCode: string | null = null;
  upstreamMs: number | null = null;
  attempts = 0;
  readonly requestMeter: BodyMeter;
  readonly responseMeter: BodyMeter;
  #decided = false;
  #probe = false;
  #controller: Dispatcher.DispatchController | undefined;
  #responseStarted = false;
  #status = 0;
  #headers: Record<string, string | string[]> | undefined;
  #sentAt = 0;
  #options: Dispatcher.DispatchOptions | undefined;
  /** Format mediation of the service (JSON ↔ XML); undefined: bodies stream as they are. */
  readonly #mediation: JsonXmlMediation | undefined;
  /** The provider's XML answer being held for conversion. */
  #converting: ConvertedResponse | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly call: ForwardCall,
  ) {
    const capture = call.capture ?? call.target.bodyLogging;
    const limit = engine.maxCapturedBodyBytes;
    this.requestMeter = new BodyMeter(capture === "request" || capture === "both", limit);
    this.responseMeter = new BodyMeter(capture === "response" || capture === "both", limit);
    this.#mediation = mediationFor(call.target);
  }

  /** Answers the consumer with a problem without (or instead of) a provider's answer. */
  refuse(error: AppError, outcome: ExchangeOutcome) {
    this.#decided = true;
    this.outcome = outcome;
    this.errorCode = error.code;
    this.responseMeter.add(sendGatewayProblem(this.req, this.res, error, this.call.requestId));
  }

  start(origin: string, path: string, probe: boolean) {
    const { req, call } = this;
    this.#probe = probe;
    const proto = call.proto ?? ((req.socket as TLSSocket).encrypted ? "https" : "http");
    const headers = upstreamRequestHeaders(req.headers, {
      clientIp: call.clientIp,
      proto,
      host: req.headers.host,
      correlationId: call.correlationId,
      extra: call.headers,
    });
    const mediation = this.#mediation;
    mediation?.prepareUpstream(headers);
    if (mediation?.convertsRequest(req)) {
      mediation
        .convertRequest(req, (body) => this.requestMeter.add(body))
        .then(
          (converted) =>
            this.#send(origin, path, { ...headers, ...converted.headers }, converted.body),
          (error: unknown) => this.#refuseRead(error),
        );
      return;
    }
    let body: RequestBodyMeter | null = null;
    if (hasBody(req)) {
      body = new RequestBodyMeter(this.requestMeter, call.target.maxRequestBytes);
      req.on("error", () => {});
      req.pipe(body);
    }
    this.#send(origin, path, headers, body);
  }

  #send(
    origin: string,
    path: string,
    headers: Record<string, string | string[]>,
    body: RequestBodyMeter | Buffer | null,
  ) {
    this.#options = {
      origin,
      path,
      method: this.req.method! as Dispatcher.HttpMethod,
      headers,
      body,
      headersTimeout: this.call.target.timeoutMs,
      bodyTimeout: this.engine.bodyIdleTimeoutMs,
    };
    this.#dispatch();
  }

  /** A body mediation refused before anything was sent (or the consumer left while sending). */
  #refuseRead(error: unknown) {
    if (this.#decided || !(error instanceof AppError)) return;
    this.engine.breaker.release(this.call.target.serviceId, this.#probe);
    this.refuse(error, "refused");
  }

  #dispatch() {
    if (this.#decided) return;
    this.attempts += 1;
    this.#controller = undefined;
    this.#sentAt = performance.now();
    this.engine.agent.dispatch(this.#options!, this);
  }

  /** The consumer's connection closed before the answer ended. */
  consumerLeft() {
    if (this.#decided) return;
    this.#decided = true;
    this.errorCode = "client_closed";
    this.outcome = this.#responseStarted ? "completed" : "upstream_error";
    this.engine.breaker.release(this.call.target.serviceId, this.#probe);
    this.#controller?.abort(new ExchangeStopped("consumer left"));
  }

  onRequestStart(controller: Dispatcher.DispatchController) {
    this.#controller = controller;
    if (this.#decided) controller.abort(new ExchangeStopped("already answered"));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ) {
    if (this.#decided || statusCode < 200) return;
    this.#responseStarted = true;
    this.upstreamMs = performance.now() - this.#sentAt;
    const { target } = this.call;
    const length = Number(headers["content-length"]);
    if (this.req.method !== "HEAD" && length > target.maxResponseBytes)
      return this.#fail(gatewayProblems.responseTooLarge(target), "upstream_error", true);
    this.#status = statusCode;
    this.#headers = downstreamResponseHeaders(headers);
    try {
      this.#converting = this.#mediation?.responseConversion(this.req.method!, statusCode, headers);
    } catch (error) {
      this.#failConversion(error);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer) {
    if (this.#decided) return;
    if (this.#converting) {
      try {
        return this.#converting.add(chunk);
      } catch (error) {
        return this.#failConversion(error);
      }
    }
    const { target } = this.call;
    if (this.responseMeter.bytes + chunk.length > target.maxResponseBytes)
      return this.#fail(gatewayProblems.responseTooLarge(target), "upstream_error", true);
    this.responseMeter.add(chunk);
    const { res } = this;
    if (!res.headersSent) res.writeHead(this.#status, this.#headers);
    if (!res.write(chunk)) {
      controller.pause();
      res.once("drain", () => controller.resume());
    }
  }

  onResponseEnd() {
    if (this.#decided) return;
    let body: Buffer | undefined;
    if (this.#converting) {
      try {
        ({ body, headers: this.#headers } = this.#converting.finish(this.#headers!));
      } catch (error) {
        return this.#failConversion(error);
      }
      this.responseMeter.add(body);
    }
    this.#decided = true;
    const { res, engine } = this;
    if (!res.headersSent) res.writeHead(this.#status, this.#headers);
    res.end(body);
    const key = this.call.target.serviceId;
    if (this.#status >= 502 && this.#status <= 504) engine.breaker.fail(key, this.#probe);
    else engine.breaker.succeed(key);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error) {
    if (this.#decided) return;
    const { target } = this.call;
    const code = (error as { code?: string }).code ?? "";
    if (error instanceof BodyTooLargeError) {
      this.engine.breaker.release(target.serviceId, this.#probe);
      return this.#fail(gatewayProblems.requestTooLarge(target), "refused", false);
    }
    if (
      !this.#responseStarted &&
      CONNECTION_FAILURES.has(code) &&
      this.attempts <= this.engine.maxRetries &&
      this.#retriable()
    ) {
      setTimeout(() => this.#dispatch(), this.engine.retryBackoffMs * this.attempts);
      return;
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT")
      return this.#fail(gatewayProblems.headersTimeout(target), "timeout", true);
    if (code === "UND_ERR_BODY_TIMEOUT")
      return this.#fail(
        gatewayProblems.bodyIdle(target, this.engine.bodyIdleTimeoutMs),
        "timeout",
        true,
      );
    this.#fail(gatewayProblems.unreachable(target), "upstream_error", true);
  }

  /** Idempotent and body-less: sending it again cannot do anything twice. */
  #retriable() {
    return RETRIABLE_METHODS.has(this.req.method!) && this.#options!.body === null;
  }

  /**
   * Ends the exchange on a failure: problem details if nothing was sent yet, else the consumer's
   * connection is cut (a truncated body must not pass for a whole one).
   */
  #fail(error: AppError, outcome: ExchangeOutcome, providerFailed: boolean) {
    this.#decided = true;
    this.outcome = outcome;
    this.errorCode = error.code;
    if (providerFailed) this.engine.breaker.fail(this.call.target.serviceId, this.#probe);
    this.#controller?.abort(new ExchangeStopped(error.code));
    if (this.res.headersSent) this.res.destroy();
    else this.responseMeter.add(sendGatewayProblem(this.req, this.res, error, this.call.requestId));
  }

  /**
   * The provider answered, but in XML the gateway cannot convert: a failure of the exchange, not a
   * sign that the provider is down, so its circuit is not counted against it.
   */
  #failConversion(error: unknown) {
    this.engine.breaker.succeed(this.call.target.serviceId);
    this.#fail(error as AppError, "upstream_error", false);
  }

  result(): ForwardResult {
    const { res, requestMeter, responseMeter } = this;
    const requestBody = requestMeter.captured();
    const responseBody = responseMeter.captured();
    return {
      outcome: this.outcome,
      status: res.headersSent ? res.statusCode : 499,
      errorCode: this.errorCode,
      upstreamMs: this.upstreamMs,
      requestBytes: requestMeter.bytes,
      responseBytes: responseMeter.bytes,
      requestSha256: requestMeter.digest(),
      responseSha256: responseMeter.digest(),
      ...(requestBody ? { requestBody } : {}),
      ...(responseBody ? { responseBody } : {}),
      attempts: this.attempts,
    };
  }
}

/** The forwarding engine behind `createGateway`. */
export class Gateway {
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;
  readonly #engine: Engine;
  readonly #upstreams = new Map<string, Upstream>();

  constructor(options: GatewayOptions = {}) {
    this.limiter =
      options.limiter ??
      new RateLimiter({ defaultPerMinute: options.defaultRateLimitPerMinute ?? 600 });
    this.breaker = options.breaker ?? new CircuitBreaker();
    const connectTimeout = options.connectTimeoutMs ?? 5_000;
    this.#engine = {
      agent: new Agent({
        connections: options.connectionsPerOrigin ?? 64,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
        connect: { timeout: connectTimeout },
      }),
      breaker: this.breaker,
      bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      retryBackoffMs: options.retryBackoffMs ?? 25,
      maxCapturedBodyBytes: options.maxCapturedBodyBytes ?? 1024 * 1024,
    };
  }

  /**
   * Forwards one call and resolves, once the consumer's response has ended or failed, with what
   * the evidence log records. Never rejects: refusals and failures are answered to the consumer
   * as problem details (or, once the provider's answer has begun, by cutting the connection).
   */
  forward(req: IncomingMessage, res: ServerResponse, call: ForwardCall): Promise<ForwardResult> {
    const exchange = new Exchange(this.#engine, req, res, call);
    const done = new Promise<ForwardResult>((resolve) => {
      res.once("close", () => {
        exchange.consumerLeft();
        resolve(exchange.result());
      });
    });
    const { target } = call;
    const { origin, basePath } = this.#upstream(target.baseUrl);
    const path = safeUpstreamPath(call.path, basePath);
    if (path === undefined) {
      exchange.refuse(gatewayProblems.unsafePath(), "refused");
      return done;
    }
    if (REFUSED_METHODS.has(req.method!)) {
      exchange.refuse(gatewayProblems.methodNotAllowed(req.method!), "refused");
      return done;
    }
    if (Number(req.headers["content-length"]) > target.maxRequestBytes) {
      exchange.refuse(gatewayProblems.requestTooLarge(target), "refused");
      return done;
    }
    const permit = this.breaker.enter(target.serviceId);
    if (!permit.allowed) {
      exchange.refuse(
        gatewayProblems.circuitOpen(target, permit.retryAfterSeconds),
        "circuit_open",
      );
      return done;
    }
    const decision = this.limiter.take(`${call.consumer.systemId} ${target.serviceId}`, {
      perMinute: call.access.rateLimitPerMinute,
      dailyQuota: call.access.dailyQuota,
    });
    if (!decision.allowed) {
      this.breaker.release(target.serviceId, permit.probe);
      const problem =
        decision.reason === "rate_limited"
          ? gatewayProblems.rateLimited(target, decision.limit, decision.retryAfterSeconds)
          : gatewayProblems.quotaExceeded(target, decision.limit, decision.retryAfterSeconds);
      exchange.refuse(problem, "refused");
      return done;
    }
    exchange.start(origin, path, permit.probe);
    return done;
  }

  /** Closes the upstream connections (waiting for calls in flight). */
  close(): Promise<void> {
    return this.#engine.agent.close();
  }

  #upstream(baseUrl: string): Upstream {
    let upstream = this.#upstreams.get(baseUrl);
    if (!upstream) {
      const url = new URL(baseUrl);
      upstream = { origin: url.origin, basePath: url.pathname };
      this.#upstreams.set(baseUrl, upstream);
    }
    return upstream;
  }
}
