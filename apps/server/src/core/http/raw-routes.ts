import http, { type IncomingMessage, type ServerResponse } from "node:http";
import proxyAddr from "@fastify/proxy-addr";
import type { Logger } from "pino";
import { pickLanguage } from "../i18n.ts";
import { newId } from "../ids.ts";
import { AppError } from "../errors.ts";
import { problemBody } from "./problem.ts";

/** What the dispatcher knows of a request before a raw handler sees it. */
export type RawRequestMeta = { requestId: string; ip: string };

export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  meta: RawRequestMeta,
) => Promise<void>;

/** The settings Fastify resolves before it calls the factory. */
type ServerOptions = {
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket: number;
};

type Observer = (method: string, route: string, status: number, seconds: number) => void;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Routes answered by a plain Node handler in front of Fastify. Only for an endpoint whose cost
 * per request is dominated by the framework — the token endpoint, where a client-credentials
 * grant costs about as much as Fastify's routing, hooks and reply together. The dispatcher keeps
 * what every request gets (request id, client address under TRUST_PROXY, metrics, the request
 * log, problem details on failure); the handler does the rest itself.
 */
export class RawRoutes {
  readonly #routes = new Map<string, RawHandler>();
  readonly #prefixes: { prefix: string; route: string; handler: RawHandler }[] = [];
  readonly #trust: (address: string, hop: number) => boolean;
  #observe: Observer = () => {};

  constructor(
    trustProxy: boolean | number | string,
    private readonly logger: Logger,
  ) {
    // The same rule Fastify applies to `request.ip`, so both paths agree on the client address.
    this.#trust =
      trustProxy === true
        ? () => true
        : typeof trustProxy === "string"
          ? proxyAddr.compile(trustProxy.split(",").map((value) => value.trim()))
          : () => false;
  }

  add(method: string, path: string, handler: RawHandler) {
    this.#routes.set(`${method} ${path}`, handler);
  }

  /**
   * Every method on every path that starts with `prefix` (which ends with `/`), such as the LGSP
   * gateway's `/gw/`. Metrics and logs name the route `<prefix>*`, so paths do not multiply series.
   */
  addPrefix(prefix: string, handler: RawHandler) {
    if (!prefix.endsWith("/")) throw new Error(`a raw route prefix ends with "/": ${prefix}`);
    this.#prefixes.push({ prefix, route: `${prefix}*`, handler });
  }

  /** Where request counts and durations go (the Prometheus metrics of the app). */
  observeWith(observe: Observer) {
    this.#observe = observe;
  }

  /**
   * Fastify's `serverFactory`: raw routes first, everything else to Fastify. The server gets the
   * timeouts Fastify gives its own (keep-alive 72 s rather than Node's 5 s, which would race the
   * clients' idle connections).
   */
  readonly serverFactory = (
    fastify: (req: IncomingMessage, res: ServerResponse) => void,
    opts: Record<string, unknown>,
  ) => {
    const options = opts as ServerOptions;
    const server = http.createServer((req, res) => {
      const query = req.url!.indexOf("?");
      const path = query < 0 ? req.url! : req.url!.slice(0, query);
      const handler = this.#routes.get(`${req.method} ${path}`);
      if (handler) return void this.#dispatch(handler, path, path, req, res);
      for (const { prefix, route, handler } of this.#prefixes)
        if (path.startsWith(prefix)) return void this.#dispatch(handler, route, path, req, res);
      fastify(req, res);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket > 0)
      server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  async #dispatch(
    handler: RawHandler,
    route: string,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const started = process.hrtime.bigint();
    const incoming = req.headers["x-request-id"];
    const requestId =
      typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : newId();
    const addresses = proxyAddr.all(req, this.#trust);
    res.setHeader("x-request-id", requestId);
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.#observe(req.method!, route, res.statusCode, seconds);
      this.logger.info(
        {
          reqId: requestId,
          req: { method: req.method, url: path },
          res: { statusCode: res.statusCode },
          responseTime: seconds * 1000,
        },
        "request completed",
      );
    });
    try {
      await handler(req, res, { requestId, ip: addresses[addresses.length - 1]! });
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("internal");
      if (appError.code === "internal")
        this.logger.error({ err: error, reqId: requestId }, "request failed");
      if (res.headersSent) return void res.destroy();
      const language = pickLanguage(req.headers["accept-language"]);
      const body = problemBody(appError, { language, instance: path, requestId });
      const retryAfter = appError.extra?.retryAfter;
      const tokenError = appError.extra?.tokenError;
      res.writeHead(appError.status, {
        "content-type": "application/problem+json",
        // A body left unread (one over the limit) must not be taken for the next request.
        ...(req.complete ? {} : { connection: "close" }),
        ...(typeof retryAfter === "number" ? { "retry-after": String(retryAfter) } : {}),
        // RFC 6750 §3: a bearer-token route says how to authenticate, and why a token failed.
        ...(appError.code === "unauthenticated"
          ? {
              "www-authenticate":
                typeof tokenError === "string"
                  ? `Bearer error="invalid_token", error_description="${tokenError}"`
                  : "Bearer",
            }
          : {}),
      });
      res.end(JSON.stringify(body));
    }
  }
}

/** Reads a request body as text, refusing one longer than `limit` bytes. */
export async function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBody(req, limit)).toString("utf8");
}

/** Reads a whole request body, refusing one longer than `limit` bytes (413). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // Plain events rather than `for await`: the async iterator costs about as much per request as
  // signing a token.
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > limit)
      return reject(new AppError("payload_too_large", { extra: { limit } }));
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) return void chunks.push(chunk);
      // Answer at once rather than read the rest; the connection closes after the answer.
      req.off("data", onData);
      reject(new AppError("payload_too_large", { extra: { limit } }));
    };
    req.on("data", onData);
    req.once("error", reject);
    req.once("end", () => resolve(Buffer.concat(chunks, length)));
  });
}

/** Sends a JSON answer from a raw route. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(json);
}

declare module "fastify" {
  interface FastifyInstance {
    /** Routes answered in front of Fastify (see `RawRoutes`). */
    rawRoutes: RawRoutes;
  }
}
